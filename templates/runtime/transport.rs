//! The transport seam: every attempt of every request (retries, pages and streams included) is
//! sent through one [`Transport`], after the client has added its headers, authentication and
//! body; the default is the `reqwest::Client`, and a test can put a scripted one in its place.

use crate::runtime::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// What [`Transport::send`] returns: the response (its body possibly still streaming) or why
/// there is none.
pub type TransportFuture = Pin<
    Box<dyn Future<Output = Result<reqwest::Response, TransportError>> + Send + 'static>,
>;
/// Sends one HTTP request and resolves to its response, headers first (the client reads the
/// body afterwards, whole or as a stream). The client calls it once per attempt, with the URL,
/// headers (authentication among them) and body final, and applies its own timeout, retries
/// and error handling around it. Set one with `ClientBuilder::transport`.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, request: reqwest::Request) -> TransportFuture;
}

impl Transport for reqwest::Client {
    fn send(&self, request: reqwest::Request) -> TransportFuture {
        let pending = self.execute(request);
        Box::pin(async move { pending.await.map_err(TransportError::from) })
    }
}

/// Why a [`Transport`] could not produce a response. A `reqwest::Error` becomes
/// `Error::Connection`; any other cause becomes `Error::Transport`, retried (like a connection
/// failure) unless it was made with [`TransportError::permanent`].
pub struct TransportError {
    repr: Repr,
}

enum Repr {
    Http(reqwest::Error),
    Other { source: Box<dyn std::error::Error + Send + Sync>, retryable: bool },
}

impl TransportError {
    /// A failure worth another attempt (a dropped connection, an overloaded proxy).
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError {
            repr: Repr::Other {
                source: source.into(),
                retryable: true,
            },
        }
    }

    /// A failure that another attempt would repeat: the request is not retried.
    pub fn permanent(
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            repr: Repr::Other {
                source: source.into(),
                retryable: false,
            },
        }
    }

    /// Whether the client may retry the request after this failure.
    pub fn is_retryable(&self) -> bool {
        match &self.repr {
            // As `retry::should_retry` decides for the built-in transport.
            Repr::Http(source) => !source.is_builder() && !source.is_redirect(),
            Repr::Other { retryable, .. } => *retryable,
        }
    }

    /// The crate's error for an attempt of `method` on `url` that failed this way.
    pub(crate) fn into_error(self, method: reqwest::Method, url: String) -> Error {
        match self.repr {
            // reqwest's own text would repeat the URL, API keys in its query included.
            Repr::Http(source) => {
                Error::Connection {
                    method,
                    url,
                    source: source.without_url(),
                }
            }
            repr => {
                Error::Transport {
                    method,
                    url,
                    source: TransportError { repr },
                }
            }
        }
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(source: reqwest::Error) -> Self {
        TransportError {
            repr: Repr::Http(source),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Http(source) => fmt::Display::fmt(source, f),
            Repr::Other { source, .. } => fmt::Display::fmt(source, f),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Http(source) => fmt::Debug::fmt(source, f),
            Repr::Other { source, retryable } => {
                f.debug_struct("TransportError")
                    .field("source", source)
                    .field("retryable", retryable)
                    .finish()
            }
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.repr {
            Repr::Http(source) => Some(source),
            Repr::Other { source, .. } => Some(source.as_ref()),
        }
    }
}
