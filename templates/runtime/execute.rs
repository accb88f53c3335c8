//! Sending a request: the attempt/retry loop every [`Call`](crate::Call) goes through, the URL,
//! headers and body as sent, the per-attempt timeout, error responses, and `debug` logging.

use crate::runtime::call::ResponseMeta;
use crate::runtime::error::{ApiError, Error};
use crate::runtime::redirect;
use crate::runtime::request::Exchange;
use bytes::Bytes;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

/// Error response bodies are kept up to this many bytes.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// The last attempt's timer, kept registered (see [`within`]).
pub(crate) type KeptTimer = Mutex<Option<Pin<Box<tokio::time::Sleep>>>>;
/// How a successful response's body is read within an attempt: in full, or left streaming
/// (server-sent events).
pub(crate) trait ReadBody: Sized + Send + 'static {
    fn read(
        response: reqwest::Response,
    ) -> impl Future<Output = Result<Self, reqwest::Error>> + Send;
    /// The body as `debug` logging shows it; `None` when it is still streaming.
    fn debug_text(&self) -> Option<String>;
}

impl ReadBody for Bytes {
    fn read(
        response: reqwest::Response,
    ) -> impl Future<Output = Result<Self, reqwest::Error>> + Send {
        response.bytes()
    }

    fn debug_text(&self) -> Option<String> {
        Some(debug_excerpt(self))
    }
}

impl ReadBody for reqwest::Response {
    fn read(
        response: reqwest::Response,
    ) -> impl Future<Output = Result<Self, reqwest::Error>> + Send {
        std::future::ready(Ok(response))
    }

    fn debug_text(&self) -> Option<String> {
        None
    }
}

/// Sends the request, retrying per the policy, and returns the first successful response.
pub(crate) async fn execute<B: ReadBody>(
    exchange: &Exchange,
) -> Result<(ResponseMeta, B), Error> {
    if let Some(message) = &exchange.request.invalid {
        return Err(Error::invalid_request(message.clone()));
    }
    let inner = &exchange.client.inner;
    let max_retries = exchange.options.max_retries.unwrap_or(inner.max_retries);
    let timeout = exchange.options.timeout.unwrap_or(inner.timeout);
    let mut url = request_url(exchange)?;
    let mut headers = request_headers(exchange)?;
    crate::runtime::auth::apply(exchange, &mut url, &mut headers).await?;
    let body = request_body(exchange)?;
    let mut retries = 0;
    loop {
        let outcome = attempt::<B>(exchange, &url, &headers, body.as_ref(), timeout)
            .await;
        let Err(error) = outcome else { return outcome };
        // A streamed body went with the first attempt: there is nothing to send again.
        let replayable = exchange
            .request
            .fresh_body
            .as_ref()
            .is_none_or(|body| body.replayable());
        if retries >= max_retries || !replayable
            || !crate::runtime::retry::should_retry(&error)
        {
            return Err(error);
        }
        let delay = crate::runtime::retry::delay(
            retries,
            error.as_api().map(|api| &api.headers),
        );
        if inner.debug {
            debug_log(
                &[
                    format!(
                        "retry {} of {max_retries} in {delay:?} after: {error}", retries
                        + 1
                    ),
                ],
            );
        }
        tokio::time::sleep(delay).await;
        retries += 1;
    }
}

pub(crate) fn request_url(exchange: &Exchange) -> Result<reqwest::Url, Error> {
    let base_url = exchange.client.base_url();
    let path = exchange.request.path.as_str();
    // An operation served elsewhere (file uploads on another host) goes there, unless the
    // caller pointed the client at a base URL of their own (a proxy, a test server).
    let uses_default = crate::client::DEFAULT_BASE_URL
        .is_some_and(|default| default.trim_end_matches('/') == base_url);
    let mut url = match exchange.request.server {
        Some(server) if uses_default => parsed_url(server, path)?,
        _ if !appends_as_parsed(path) => parsed_url(base_url, path)?,
        // The base URL as the client parsed it, with the path appended: the same URL as
        // parsing the whole text, without parsing the host again.
        _ => {
            let mut url = exchange.client.inner.base.clone();
            let joined = format!("{}{path}", url.path().trim_end_matches('/'));
            url.set_path(&joined);
            url
        }
    };
    let query = exchange.request.query.iter().chain(&exchange.options.query);
    if exchange.request.query.len() + exchange.options.query.len() > 0 {
        let mut text = url.query().unwrap_or_default().to_owned();
        for (name, value) in query {
            if !text.is_empty() {
                text.push('&');
            }
            let reserved = exchange.request.allow_reserved.contains(&name.as_str());
            text.push_str(&encode_query(name, false));
            text.push('=');
            text.push_str(&encode_query(value, reserved));
        }
        url.set_query(Some(&text));
    }
    Ok(url)
}

/// Whether the base URL with `path` set after its own path (`Url::set_path`) is the URL that
/// parsing the two as one text gives. It is not when the document's path holds a `?` or `#`
/// (which start the query or the fragment), lacks its leading `/` (the text runs into the host)
/// or ends in a space or control character (which parsing trims): those are parsed whole.
fn appends_as_parsed(path: &str) -> bool {
    path.starts_with('/') && !path.contains(['?', '#'])
        && !path.ends_with(|c: char| c <= ' ')
}

/// `base` and `path` as one URL.
fn parsed_url(base: &str, path: &str) -> Result<reqwest::Url, Error> {
    let text = format!("{base}{path}");
    reqwest::Url::parse(&text)
        .map_err(|err| Error::invalid_request(
            format!("`{text}` is not a valid URL: {err}"),
        ))
}

/// A query name or value percent-encoded per RFC 3986 (a space is `%20`, as the OpenAPI style
/// tables write it, not the form encoding's `+`). With `keep_reserved` (`allowReserved`), the
/// reserved characters that do not end a pair or a name stay as they are (`/`, `:`, `,`, `[`
/// …); `&`, `=`, `+` and `#` are still encoded, since the query would otherwise mean something
/// else.
fn encode_query(text: &str, keep_reserved: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let kept = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (keep_reserved && b":/?@!$'()*,;[]".contains(&byte));
        if kept {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The body as sent: the operation's, with any per-request `body_field`s merged in.
fn request_body(exchange: &Exchange) -> Result<Option<Bytes>, Error> {
    let fields = &exchange.options.body_fields;
    if fields.is_empty() {
        return Ok(exchange.request.body.clone());
    }
    if exchange.request.fresh_body.is_some()
        || exchange.request.body.is_some()
            && !is_json_media(&exchange.request.content_type)
    {
        return Err(Error::invalid_request("`body_field` needs a JSON body"));
    }
    let mut object = match &exchange.request.body {
        Some(bytes) => {
            match serde_json::from_slice(bytes) {
                Ok(serde_json::Value::Object(object)) => object,
                _ => {
                    return Err(
                        Error::invalid_request("`body_field` needs a JSON object body"),
                    );
                }
            }
        }
        None => serde_json::Map::new(),
    };
    for (name, value) in fields {
        object.insert(name.clone(), value.clone());
    }
    let bytes = serde_json::to_vec(&object)
        .map_err(|err| Error::invalid_request(
            format!("the request body cannot be serialised: {err}"),
        ))?;
    Ok(Some(Bytes::from(bytes)))
}

/// Whether a `Content-Type` is JSON: `application/json`, any `+json`, or `text/json`.
fn is_json_media(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("text/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

fn request_headers(exchange: &Exchange) -> Result<reqwest::header::HeaderMap, Error> {
    use reqwest::header::{HeaderName, HeaderValue};
    let defaults = &exchange.client.inner.headers;
    let own = exchange.request.headers.len() + exchange.options.headers.len();
    // Room for what the request adds (`Accept`, `Content-Type`, a credential, its own headers):
    // a clone of the defaults is exactly their size, and grew at the first insert.
    let mut headers = reqwest::header::HeaderMap::with_capacity(
        defaults.len() + 3 + own,
    );
    for (name, value) in defaults {
        headers.append(name.clone(), value.clone());
    }
    headers
        .insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(exchange.request.accept),
        );
    if exchange.request.body.is_some() || exchange.request.fresh_body.is_some()
        || !exchange.options.body_fields.is_empty()
    {
        let content_type = HeaderValue::from_str(&exchange.request.content_type)
            .map_err(|_| Error::invalid_request(
                "the content type is not a valid header value",
            ))?;
        headers.insert(reqwest::header::CONTENT_TYPE, content_type);
    }
    for (name, value) in exchange.request.headers.iter().chain(&exchange.options.headers)
    {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_request(
                format!("`{name}` is not a valid header name"),
            ))?;
        let header_value = HeaderValue::from_str(value)
            .map_err(|_| Error::invalid_request(
                format!("the value of header `{name}` is not a valid header value"),
            ))?;
        headers.insert(header_name, header_value);
    }
    Ok(headers)
}

/// One attempt, bounded by `timeout` from sending until the body is read (or, for streams, until
/// the headers arrive). The attempt's timer outlives it in the client (see [`within`]).
async fn attempt<B: ReadBody>(
    exchange: &Exchange,
    url: &reqwest::Url,
    headers: &reqwest::header::HeaderMap,
    body: Option<&Bytes>,
    timeout: Duration,
) -> Result<(ResponseMeta, B), Error> {
    let sent = Sent {
        exchange,
        method: exchange.request.method.clone(),
        url,
        // What errors, logs and `ResponseMeta` show: no API key from the query.
        shown: crate::runtime::auth::redacted(url),
        headers,
        body,
    };
    let request = sent.request().await?;
    if exchange.client.inner.debug {
        let mut lines = vec![format!("> {} {}", sent.method, sent.shown)];
        lines.extend(debug_headers('>', headers));
        lines.extend(body.map(|body| format!("> {}", debug_excerpt(body))));
        debug_log(&lines);
    }
    let kept = &exchange.client.inner.kept_timer;
    match within(timeout, kept, sent.exchange::<B>(request)).await {
        Some(result) => result,
        None => {
            Err(Error::Timeout {
                method: sent.method,
                url: sent.shown,
                timeout,
            })
        }
    }
}

/// Runs `work` until it finishes, or `timeout` passes (`None`). The timer then stays registered,
/// kept in the client, until the next attempt's replaces it. Tokio's timer sleeps until its
/// earliest deadline and must be woken (a system call, a thread switch) for any timer earlier
/// than those it knows; with the previous attempt's timer still there, the next attempt's (of the
/// same timeout, on the same runtime) is later. The kept timer wakes no task: it fires once,
/// `timeout` after the client's last attempt.
async fn within<T>(
    timeout: Duration,
    kept: &KeptTimer,
    work: impl Future<Output = T>,
) -> Option<T> {
    let mut deadline = Box::pin(tokio::time::sleep(timeout));
    let outcome = {
        let mut work = std::pin::pin!(work);
        std::future::poll_fn(|cx| first_of(cx, work.as_mut(), deadline.as_mut())).await
    };
    // Polled with a waker that does nothing (outside the budget, which would stop the poll
    // first), the timer forgets this task's.
    let forget = std::pin::pin!(tokio::task::unconstrained(deadline.as_mut()));
    let _ = forget.poll(&mut Context::from_waker(std::task::Waker::noop()));
    // The timer replaced is dropped after the lock is released.
    let _replaced = kept.lock().ok().and_then(|mut slot| slot.replace(deadline));
    outcome
}

/// `work`'s output if it is ready, `None` if the deadline has passed.
fn first_of<T>(
    cx: &mut Context<'_>,
    work: Pin<&mut impl Future<Output = T>>,
    deadline: Pin<&mut tokio::time::Sleep>,
) -> Poll<Option<T>> {
    if let Poll::Ready(done) = work.poll(cx) {
        return Poll::Ready(Some(done));
    }
    // Outside the task's budget (`tokio::time::timeout` does so when `work` spent it), so that
    // the deadline is seen however busy `work` keeps the task.
    std::pin::pin!(tokio::task::unconstrained(deadline)).poll(cx).map(|()| None)
}

/// What one attempt sends, and what its errors and logs name.
struct Sent<'a> {
    exchange: &'a Exchange,
    method: reqwest::Method,
    url: &'a reqwest::Url,
    shown: String,
    headers: &'a reqwest::header::HeaderMap,
    body: Option<&'a Bytes>,
}

impl Sent<'_> {
    /// The request as the transport gets it; a file or stream body is opened here, for this
    /// attempt.
    async fn request(&self) -> Result<reqwest::Request, Error> {
        let mut request = reqwest::Request::new(self.method.clone(), self.url.clone());
        *request.headers_mut() = self.headers.clone();
        *request.body_mut() = self.body.map(|body| reqwest::Body::from(body.clone()));
        if let Some(fresh) = &self.exchange.request.fresh_body {
            let (body, length) = fresh.open().await.map_err(Error::invalid_request)?;
            *request.body_mut() = Some(body);
            if let Some(length) = length {
                request
                    .headers_mut()
                    .insert(reqwest::header::CONTENT_LENGTH, length.into());
            }
        }
        Ok(request)
    }

    /// Sends the request, follows what redirects the client follows, and reads the answer: the
    /// body of a 2xx, or an [`ApiError`] for anything else.
    async fn exchange<B: ReadBody>(
        &self,
        request: reqwest::Request,
    ) -> Result<(ResponseMeta, B), Error> {
        let into_error = |error: crate::runtime::transport::TransportError| {
            error.into_error(self.method.clone(), self.shown.clone())
        };
        // The one place a request leaves the client: through the transport seam.
        let response = self
            .exchange
            .client
            .inner
            .transport
            .send(request)
            .await
            .map_err(into_error)?;
        let followed = redirect::follow(
            self.exchange,
            response,
            self.url,
            self.headers,
            self.body,
        );
        let response = followed.await.map_err(into_error)?;
        let meta = ResponseMeta {
            status: response.status(),
            headers: response.headers().clone(),
            url: self.shown.clone(),
        };
        let debug = self.exchange.client.inner.debug;
        let mut lines = Vec::new();
        if debug {
            lines.push(format!("< {}", meta.status));
            lines.extend(debug_headers('<', &meta.headers));
        }
        // Only a 2xx is the operation's answer. A 3xx arrives here when it was not followed
        // (304 Not Modified, 300, a redirect without `Location`, a policy that stops): decoding
        // it as the success type would hand the caller a body that is not one.
        if !meta.status.is_success() {
            // Where the built-in transport's redirects led: a credential stays behind at
            // another origin, which a bare 401 would not tell (an `http://` base URL). The
            // origin only: the rest of a URL the server chose may be signed (a storage URL).
            let answered = response.url().origin();
            let builtin = self.exchange.client.inner.builtin_transport;
            let redirected_to = (builtin && answered != self.url.origin())
                .then(|| answered.ascii_serialization());
            let body = read_error_body(response, MAX_ERROR_BODY).await;
            if debug {
                let excerpt = debug_excerpt(&body);
                lines.push(format!("< {excerpt}"));
                debug_log(&lines);
            }
            return Err(api_error(&self.method, meta, &body, redirected_to));
        }
        let body = B::read(response)
            .await
            .map_err(|source| Error::Connection {
                method: self.method.clone(),
                url: self.shown.clone(),
                source: source.without_url(),
            })?;
        if debug {
            let text = body.debug_text().unwrap_or_else(|| "(body streamed)".to_owned());
            lines.push(format!("< {text}"));
            debug_log(&lines);
        }
        Ok((meta, body))
    }
}

/// A body as `debug` logging shows it: text, cut to an excerpt.
fn debug_excerpt(body: &[u8]) -> String {
    crate::runtime::error::excerpt(&String::from_utf8_lossy(body))
}

/// Header values that `debug` logging never shows (besides every value marked sensitive).
const REDACTED_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
];
/// `> name: value` lines, credentials redacted.
fn debug_headers(direction: char, headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if value.is_sensitive()
                || REDACTED_HEADERS.contains(&name.as_str())
            {
                "[redacted]".to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            format!("{direction} {name}: {shown}")
        })
        .collect()
}

/// Writes `debug` lines to stderr in one piece, each after the crate's name. A failed write is
/// ignored: logging must never fail a request.
pub(crate) fn debug_log(lines: &[String]) {
    let mut text = String::new();
    for line in lines {
        text.push_str(concat!("[", env!("CARGO_CRATE_NAME"), "] "));
        text.push_str(line);
        text.push('\n');
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

/// Reads up to `limit` bytes of an error response. A body cut short keeps what arrived: the
/// status is the news, and it must not turn into a connection error (which would be retried).
async fn read_error_body(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    body
}

fn api_error(
    method: &reqwest::Method,
    meta: ResponseMeta,
    body: &[u8],
    redirected_to: Option<String>,
) -> Error {
    let request_id = ["x-request-id", "request-id"]
        .iter()
        .find_map(|name| meta.headers.get(*name)?.to_str().ok())
        .map(str::to_owned);
    let text = String::from_utf8_lossy(body).into_owned();
    let json = serde_json::from_slice(body).ok();
    Error::Api(
        Box::new(ApiError {
            status: meta.status,
            method: method.clone(),
            url: meta.url,
            headers: meta.headers,
            request_id,
            body: text,
            json,
            redirected_to,
        }),
    )
}
