//! Redirects that leave the origin, for a client whose API key travels in a header of the API's
//! own naming: reqwest drops `Authorization` and cookies on such a redirect but would carry that
//! header to the other host, so the built-in transport stops there
//! (`client::same_origin_redirects`) and the request is followed here, without credentials.
//! This is how a download answered by a redirect to a storage host (a signed URL) arrives.

use crate::runtime::request::Exchange;
use crate::runtime::transport::TransportError;
use bytes::Bytes;
use reqwest::header::{self, HeaderMap};

/// How many redirects to another origin one attempt follows.
const MAX_HOPS: usize = 10;
/// Follows `response` while it redirects to another origin. Each next request carries the
/// request's headers minus every credential (values marked sensitive, `Authorization`,
/// `Cookie`, `Proxy-Authorization`). A 303, or a 301/302 after a POST, is followed by a GET
/// without the body; a 307/308 keeps the method and sends a buffered body again (a streamed
/// upload cannot be: the redirect is left as the answer, an `Error::Api`). A transport of the
/// caller's own keeps its own policy: nothing is followed here.
pub(crate) async fn follow(
    exchange: &Exchange,
    mut response: reqwest::Response,
    url: &reqwest::Url,
    headers: &HeaderMap,
    body: Option<&Bytes>,
) -> Result<reqwest::Response, TransportError> {
    let inner = &exchange.client.inner;
    if !inner.follows_off_origin {
        return Ok(response);
    }
    let mut from = url.clone();
    let mut method = exchange.request.method.clone();
    let mut body = body.cloned();
    let mut streamed = exchange.request.fresh_body.is_some();
    let mut headers = without_credentials(headers);
    for _ in 0..MAX_HOPS {
        let Some(next) = off_origin_target(&response, &from) else {
            break;
        };
        let to_get = match response.status().as_u16() {
            303 => method != reqwest::Method::HEAD,
            301 | 302 => method == reqwest::Method::POST,
            _ => false,
        };
        if to_get {
            (method, body, streamed) = (reqwest::Method::GET, None, false);
            headers.remove(header::CONTENT_TYPE);
            headers.remove(header::CONTENT_LENGTH);
        } else if streamed {
            break;
        }
        if inner.debug {
            let origin = next.origin().ascii_serialization();
            let line = format!("> {method} {origin}/… (redirected to another origin)");
            crate::runtime::execute::debug_log(&[line]);
        }
        let mut request = reqwest::Request::new(method.clone(), next.clone());
        *request.headers_mut() = headers.clone();
        *request.body_mut() = body.clone().map(reqwest::Body::from);
        response = inner.transport.send(request).await?;
        from = next;
    }
    Ok(response)
}

/// Where `response` redirects to, when that is another origin than `from`'s (a redirect within
/// it was followed by the transport already, or stopped by a policy of the caller's).
fn off_origin_target(
    response: &reqwest::Response,
    from: &reqwest::Url,
) -> Option<reqwest::Url> {
    if ![301, 302, 303, 307, 308].contains(&response.status().as_u16()) {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let next = from.join(location).ok()?;
    let web = matches!(next.scheme(), "http" | "https");
    (web && next.origin() != from.origin()).then_some(next)
}

/// The headers without anything that authenticates the caller.
fn without_credentials(headers: &HeaderMap) -> HeaderMap {
    let credential = |name: &header::HeaderName| {
        [header::AUTHORIZATION, header::COOKIE, header::PROXY_AUTHORIZATION]
            .contains(name)
    };
    (headers.iter())
        .filter(|(name, value)| !value.is_sensitive() && !credential(name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}
