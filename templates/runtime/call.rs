//! The awaitable [`Call`]: a request with its per-request options, sent when awaited, and what
//! it resolves to ([`ResponseMeta`] alongside the value with [`Call::with_response`]).

use crate::runtime::error::Error;
use crate::runtime::execute::execute;
use crate::runtime::request::{Exchange, RequestOptions, RequestSpec};
use bytes::Bytes;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
/// Status, headers and URL of the response a value was decoded from.
#[derive(Clone, Debug)]
pub struct ResponseMeta {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub url: String,
}

/// Turns a successful response into the call's output.
pub(crate) enum Decode<T> {
    Buffered(fn(Exchange, &ResponseMeta, Bytes) -> Result<T, Error>),
    Streaming(StreamingDecode<T>),
}

/// A streaming decode: a closure, as it may carry what the operation says about its body (how
/// an event stream's turn ends); one without captures is not allocated.
pub(crate) type StreamingDecode<T> = Box<
    dyn FnOnce(
        Exchange,
        &ResponseMeta,
        reqwest::Response,
    ) -> Result<T, Error> + Send + Sync,
>;
/// A request, ready to send: `.await` it for the decoded value. Before awaiting, override the
/// client's settings for this request only:
///
/// ```no_run
#[doc = concat!(
    "# async fn demo(call: ", env!("CARGO_CRATE_NAME"), "::Call<()>) -> Result<(), ",
    env!("CARGO_CRATE_NAME"), "::Error> {"
)]
/// use std::time::Duration;
/// let (value, meta) = call
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .header("x-trace", "abc")
///     .with_response()
///     .await?;
/// println!("{} {:?}", meta.status, value);
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<T> {
    pub(crate) exchange: Exchange,
    decode: Decode<T>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.exchange.request.method)
            .field("path", &self.exchange.request.path)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Call<T> {
    pub(crate) fn new(
        client: crate::runtime::Client,
        request: RequestSpec,
        decode: Decode<T>,
    ) -> Self {
        Call::from_exchange(
            Exchange {
                client,
                request,
                options: RequestOptions::default(),
            },
            decode,
        )
    }

    /// A call that keeps the client, request and options of an earlier one (the next page).
    pub(crate) fn from_exchange(exchange: Exchange, decode: Decode<T>) -> Self {
        Call { exchange, decode }
    }

    /// The timeout of each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.exchange.options.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.exchange.options.max_retries = Some(max_retries);
        self
    }

    /// An extra header for this request (overrides a client default of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.exchange.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter for this request.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.exchange.options.query.push((name.into(), value.into()));
        self
    }

    /// An extra field in this request's JSON body, for parameters newer than this client
    /// (a field the body already has is replaced).
    pub fn body_field(
        mut self,
        name: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Self {
        self.exchange.options.body_fields.push((name.into(), value.into()));
        self
    }

    /// Awaits to the value together with the response's status and headers.
    pub fn with_response(self) -> WithResponse<T> {
        WithResponse(self)
    }

    /// Awaits to the successful response itself, its body unread: for a body wanted as received
    /// (to store or relay it, or to read a stream by hand). Retries, errors and the timeout work
    /// as for any call; the timeout ends when the response's headers arrive.
    pub fn raw(self) -> Call<reqwest::Response> {
        Call::from_exchange(
            self.exchange,
            Decode::Streaming(Box::new(|_, _, response| Ok(response))),
        )
    }

    async fn send(self) -> Result<(T, ResponseMeta), Error> {
        match self.decode {
            Decode::Buffered(decode) => {
                let (meta, bytes) = execute::<Bytes>(&self.exchange).await?;
                Ok((decode(self.exchange, &meta, bytes)?, meta))
            }
            Decode::Streaming(decode) => {
                let (meta, response) = execute::<reqwest::Response>(&self.exchange)
                    .await?;
                Ok((decode(self.exchange, &meta, response)?, meta))
            }
        }
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<Result<T, Error>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send().await.map(|(value, _)| value) })
    }
}

/// A [`Call`] that awaits to `(value, ResponseMeta)`.
#[must_use = "a Call does nothing until it is awaited"]
#[derive(Debug)]
pub struct WithResponse<T>(Call<T>);
impl<T: Send + 'static> IntoFuture for WithResponse<T> {
    type Output = Result<(T, ResponseMeta), Error>;
    type IntoFuture = BoxFuture<Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.0.send())
    }
}
