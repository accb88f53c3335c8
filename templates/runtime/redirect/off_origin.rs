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
/// Follows `response` while it redirects to another origin. Each next request carries only
/// the headers that say what is asked for (`KEPT_HEADERS`): a credential can sit in any other
/// (a scheme's header, a default header holding a key, a token-bearing header parameter), and
/// the other host is owed none of them. A 303, or a 301/302 after a POST, is followed by a GET
/// without the body; a 307/308 keeps the method and sends the body again (a file is read
/// again; a stream cannot be, so the redirect is left as the answer, an `Error::Api`, as it is
/// after the transport followed redirects of its own, whose method it may have changed, or
/// after `MAX_HOPS`). A transport of the caller's own keeps its own policy: nothing is
/// followed here.
pub(crate) async fn follow(
    exchange: &Exchange,
    mut response: reqwest::Response,
    url: &reqwest::Url,
    headers: &HeaderMap,
    body: Option<&Bytes>,
) -> Result<reqwest::Response, TransportError> {
    let inner = &exchange.client.inner;
    if !inner.builtin_transport {
        return Ok(response);
    }
    let mut method = exchange.request.method.clone();
    let mut body = body.cloned();
    let mut fresh = exchange.request.fresh_body.clone();
    let mut sent = url.clone();
    for _ in 0..MAX_HOPS {
        let Some(next) = off_origin_target(&response) else {
            break;
        };
        // Within an origin the transport follows redirects itself; past one of those, the
        // method it went on with is unknown here.
        let moved = response.url() != &sent;
        let to_get = match response.status().as_u16() {
            303 => method != reqwest::Method::HEAD,
            301 | 302 => method == reqwest::Method::POST,
            _ => false,
        };
        let has_body = body.is_some() || fresh.is_some();
        let streamed = fresh.as_ref().is_some_and(|fresh| !fresh.replayable());
        if to_get {
            (method, body, fresh) = (reqwest::Method::GET, None, None);
        } else if (has_body && moved) || streamed {
            break;
        }
        let mut request = reqwest::Request::new(method.clone(), next.clone());
        *request.headers_mut() = kept_headers(headers, has_body && !to_get);
        *request.body_mut() = body.clone().map(reqwest::Body::from);
        if let Some(fresh) = &fresh {
            let (body, length) = fresh.open().await.map_err(TransportError::permanent)?;
            *request.body_mut() = Some(body);
            if let Some(length) = length {
                request.headers_mut().insert(header::CONTENT_LENGTH, length.into());
            }
        }
        if inner.debug {
            let origin = next.origin().ascii_serialization();
            let line = format!("> {method} {origin}/… (redirected to another origin)");
            crate::runtime::execute::debug_log(&[line]);
        }
        response = inner.transport.send(request).await?;
        sent = next;
    }
    Ok(response)
}

/// Where `response` redirects to, when that is another origin than the URL it answered
/// (a redirect within it was followed by the transport already, or stopped by a policy of
/// the caller's).
fn off_origin_target(response: &reqwest::Response) -> Option<reqwest::Url> {
    if ![301, 302, 303, 307, 308].contains(&response.status().as_u16()) {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let from = response.url();
    let next = from.join(location).ok()?;
    let web = matches!(next.scheme(), "http" | "https");
    (web && next.origin() != from.origin()).then_some(next)
}

/// The headers a request to another origin keeps: what is asked for, never who asks.
const KEPT_HEADERS: [header::HeaderName; 4] = [
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::USER_AGENT,
    header::RANGE,
];
/// `KEPT_HEADERS` of `headers`, and the body's `Content-Type` when the body goes along.
fn kept_headers(headers: &HeaderMap, with_body: bool) -> HeaderMap {
    let kept = |name: &header::HeaderName| {
        KEPT_HEADERS.contains(name) || with_body && name == header::CONTENT_TYPE
    };
    (headers.iter())
        .filter(|(name, _)| kept(name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}
