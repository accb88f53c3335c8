//! The one error type of this crate. Every failure is a variant a caller can match on; `Display`
//! is one actionable line; `source()` chains to the underlying cause.

use std::fmt;
use std::time::Duration;

/// How much of a response body an error message shows.
const EXCERPT_CHARS: usize = 512;
/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx: a 4xx or 5xx, or a 1xx or 3xx the HTTP
    /// client did not handle (101 Switching Protocols, 304 Not Modified, 300 Multiple Choices, a
    /// redirect without `Location`, or any redirect when a client of your own follows none).
    Api(Box<ApiError>),
    /// The request could not be sent or the response could not be read (DNS, TLS, connection
    /// refused or reset, body cut short, a redirect the redirect policy refused).
    Connection { method: reqwest::Method, url: String, source: reqwest::Error },
    /// A transport set with `ClientBuilder::transport` failed with an error of its own (see
    /// [`TransportError`](crate::TransportError)).
    Transport {
        method: reqwest::Method,
        url: String,
        source: crate::runtime::transport::TransportError,
    },
    /// An attempt did not finish within its timeout.
    Timeout { method: reqwest::Method, url: String, timeout: Duration },
    /// A successful response whose body is not what the API describes.
    Decode(Box<DecodeError>),
    /// The client is misconfigured (no API key, a base URL that is not http(s), a malformed
    /// custom header line).
    Config { message: String },
    /// The request could not be built from the given arguments (an empty path parameter, a
    /// header value with a newline).
    InvalidRequest { message: String },
    /// The server sent a next-page cursor it had already sent: following it would loop forever.
    Pagination { message: String },
    /// A server-sent event stream broke or carried an event that could not be decoded, or a
    /// download could not be written to its file.
    Stream { message: String, source: Option<Box<dyn std::error::Error + Send + Sync>> },
}

/// An HTTP error response, with everything needed to report or handle it. Built by the
/// client only (`#[non_exhaustive]`), so a field can be added without breaking callers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    pub status: reqwest::StatusCode,
    pub method: reqwest::Method,
    /// The request URL (it never holds the API key, which travels in a header).
    pub url: String,
    pub headers: reqwest::header::HeaderMap,
    /// The request id the server sent (`x-request-id` or `request-id`), if any.
    pub request_id: Option<String>,
    /// The response body as text (lossy UTF-8), possibly empty or HTML from a proxy.
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
    /// The origin that answered (`https://api.example.com`), when the built-in HTTP client's
    /// redirects led to another one (scheme, host or port) than the request's. The client
    /// sends no credentials there: a 401 from it usually means the base URL should be that
    /// origin (`https://` for an `http://` one). `None` with a transport or `http_client` of
    /// the caller's own.
    pub redirected_to: Option<String>,
}

/// A response body that did not decode into the expected type.
#[derive(Debug)]
pub struct DecodeError {
    pub status: reqwest::StatusCode,
    pub method: reqwest::Method,
    pub url: String,
    /// Where in the body decoding failed (`items[3].session_id`), when known.
    pub path: String,
    /// A bounded excerpt of the body.
    pub body_excerpt: String,
    pub source: serde_json::Error,
}

impl Error {
    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }
}

/// The last error in `error`'s `source()` chain, when there is one beyond `error` itself.
fn root_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    let mut cause = error.source()?;
    while let Some(next) = cause.source() {
        cause = next;
    }
    Some(cause)
}

/// The first `EXCERPT_CHARS` characters of `text` on one line, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(EXCERPT_CHARS + 1)
        .collect();
    if one_line.chars().count() > EXCERPT_CHARS {
        let cut: String = one_line.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::Connection { method, url, source } => {
                write!(f, "{method} {url}: connection failed: {source}")?;
                // reqwest's own line ("error sending request", "error following redirect") does
                // not say why; the innermost cause does (connection refused, a refused redirect).
                // A reporter that prints the `source()` chain too shows that cause twice: the
                // price of one line that is actionable on its own.
                match root_cause(source) {
                    Some(cause) => write!(f, ": {cause}"),
                    None => Ok(()),
                }
            }
            Error::Transport { method, url, source } => {
                write!(f, "{method} {url}: transport failed: {source}")
            }
            Error::Timeout { method, url, timeout } => {
                write!(f, "{method} {url}: timed out after {timeout:?}")
            }
            Error::Decode(decode) => {
                write!(
                    f, "{} {}: {}: unexpected response body at `{}`: {}: {}", decode
                    .method, decode.url, decode.status, decode.path, decode.source,
                    decode.body_excerpt
                )
            }
            Error::Config { message } => write!(f, "client configuration: {message}"),
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Pagination { message } => write!(f, "pagination: {message}"),
            Error::Stream { message, .. } => f.write_str(message),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.method, self.url, self.status)?;
        if let Some(answered) = &self.redirected_to {
            write!(f, " from {answered}, where a redirect led")?;
            if matches!(self.status.as_u16(), 401 | 403) {
                f.write_str(" (the client sends no credentials to another origin)")?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", excerpt(& self.body))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            Error::Transport { source, .. } => Some(source),
            Error::Decode(decode) => Some(&decode.source),
            Error::Stream { source: Some(source), .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl ApiError {
    /// The body decoded as `T` (an operation's documented error type), when it is one.
    pub fn json_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }
}

impl std::error::Error for ApiError {}
