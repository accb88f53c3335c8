//! The `testing` feature: [`TestTransport`], a [`Transport`](crate::Transport) that answers
//! from a script instead of a network and records every request, so that code using the client
//! can be tested with the client's retries, authentication, pages and streams all taking part.
#![cfg(feature = "testing")]

use crate::runtime::transport::{Transport, TransportError, TransportFuture};
use bytes::Bytes;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A transport that answers each request with the next scripted [`Reply`] and records it.
///
/// Replies are consumed in order, one per attempt: a retried request takes two, a second page
/// takes one more. A request that arrives when no reply is left, or that does not match what
/// [`TestTransport::expect`] said would come, fails the call with `Error::Transport` (never
/// retried) and fails the test: [`TestTransport::assert_done`] panics, and so does dropping
/// the transport's last handle without having looked at it. Clones share one script.
#[derive(Clone, Default)]
pub struct TestTransport {
    script: Arc<Mutex<Script>>,
}

#[derive(Default)]
struct Script {
    replies: VecDeque<Expected>,
    requests: Vec<RecordedRequest>,
    unexpected: Vec<String>,
}

struct Expected {
    /// The method and URL path the request must have; `None` accepts any request.
    request: Option<(String, String)>,
    reply: Reply,
}

impl TestTransport {
    /// A transport with an empty script.
    pub fn new() -> Self {
        TestTransport::default()
    }

    /// Answers the next request, whatever it is, with `reply`.
    pub fn reply(&self, reply: Reply) -> &Self {
        self.lock().replies.push_back(Expected { request: None, reply });
        self
    }

    /// Answers the next request with `reply` if it is `method` on `path` (the URL's path,
    /// without the query); any other request is unexpected.
    pub fn expect(&self, method: &str, path: &str, reply: Reply) -> &Self {
        let request = Some((method.to_owned(), path.to_owned()));
        self.lock().replies.push_back(Expected { request, reply });
        self
    }

    /// Every request received so far, in order, unexpected ones included.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// How many scripted replies have not been used yet.
    pub fn remaining(&self) -> usize {
        self.lock().replies.len()
    }

    /// What was wrong with each unexpected request so far; once returned here, they no longer
    /// fail [`Self::assert_done`] or the drop of the transport.
    pub fn take_unexpected(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().unexpected)
    }

    /// Panics unless every scripted reply was used and no request was unexpected.
    pub fn assert_done(&self) {
        let mut script = self.lock();
        let unexpected = std::mem::take(&mut script.unexpected);
        let unused: Vec<String> = script
            .replies
            .iter()
            .map(Expected::describe)
            .collect();
        drop(script);
        if !unexpected.is_empty() || !unused.is_empty() {
            panic!(
                "TestTransport: {} unexpected request(s): {unexpected:?}; {} unused reply(ies): {unused:?}",
                unexpected.len(), unused.len()
            );
        }
    }

    fn lock(&self) -> MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for TestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let script = self.lock();
        f.debug_struct("TestTransport")
            .field("requests", &script.requests.len())
            .field("remaining", &script.replies.len())
            .finish_non_exhaustive()
    }
}

impl Transport for TestTransport {
    fn send(&self, mut request: reqwest::Request) -> TransportFuture {
        let script = Arc::clone(&self.script);
        Box::pin(async move {
            let body = match request.body_mut().take() {
                None => None,
                Some(body) => Some(read_body(body).await?),
            };
            let recorded = RecordedRequest {
                method: request.method().clone(),
                url: request.url().clone(),
                headers: request.headers().clone(),
                body,
            };
            let reply = script
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .answer(recorded)?;
            reply.into_response(request.url())
        })
    }
}

/// The whole request body, also when it is a stream (an upload).
async fn read_body(body: reqwest::Body) -> Result<Bytes, TransportError> {
    if let Some(bytes) = body.as_bytes() {
        return Ok(Bytes::copy_from_slice(bytes));
    }
    let collected = http_body_util::BodyExt::collect(body).await?;
    Ok(collected.to_bytes())
}

impl Script {
    /// Records the request and takes its reply, or says why there is none.
    fn answer(&mut self, request: RecordedRequest) -> Result<Reply, TransportError> {
        let verdict = match self.replies.front() {
            Some(next) if next.accepts(&request) => Ok(()),
            Some(next) => Err(format!("expected {}", next.describe())),
            None => Err("no reply is left in the script".to_owned()),
        };
        let described = format!("{} {}", request.method, request.url);
        self.requests.push(request);
        if let Err(reason) = verdict {
            let problem = format!("unexpected request {described}: {reason}");
            self.unexpected.push(problem.clone());
            return Err(TransportError::permanent(problem));
        }
        self.replies
            .pop_front()
            .map(|expected| expected.reply)
            .ok_or_else(|| TransportError::permanent("no reply is left in the script"))
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        if !self.unexpected.is_empty() && !std::thread::panicking() {
            panic!(
                "TestTransport dropped after {} unexpected request(s): {:?}", self
                .unexpected.len(), self.unexpected
            );
        }
    }
}

impl Expected {
    fn accepts(&self, request: &RecordedRequest) -> bool {
        match &self.request {
            None => true,
            Some((method, path)) => {
                request.method.as_str() == method && request.url.path() == path
            }
        }
    }

    fn describe(&self) -> String {
        match &self.request {
            None => format!("any request (answered {})", self.reply.summary()),
            Some((method, path)) => {
                format!("{method} {path} (answered {})", self.reply.summary())
            }
        }
    }
}

/// One request as the transport received it: after the client added its headers
/// (authentication among them, its value marked sensitive) and body.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    pub headers: reqwest::header::HeaderMap,
    /// The body as sent; `None` when the request has none.
    pub body: Option<Bytes>,
}

impl RecordedRequest {
    /// The URL's path, without the query.
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The first value of the query parameter `name`.
    pub fn query(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The header `name` as text, when it is present and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body parsed as JSON, when there is one and it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body.as_ref()?).ok()
    }
}

/// A scripted answer: a response (status, headers, a body whole or in chunks, which may break
/// off or stall after the last chunk) or a failure to connect.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    chunks: Vec<Bytes>,
    end: End,
}

/// How a scripted body ends after its chunks.
#[derive(Clone, Debug)]
enum End {
    Close,
    Break(String),
    Stall,
    /// No response at all: the transport fails (a connection error, retried).
    NoResponse(String),
}

impl Reply {
    /// A response with `status` and no body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            chunks: Vec::new(),
            end: End::Close,
        }
    }

    /// A response with `status` and `body` as JSON (`content-type: application/json`).
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::body(status, "application/json", body.to_string())
    }

    /// A response with `status` and `body` of `content_type`.
    pub fn body(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Reply::chunks(status, content_type, [body])
    }

    /// A response whose body arrives in `chunks`, one at a time.
    pub fn chunks(
        status: u16,
        content_type: &str,
        chunks: impl IntoIterator<Item = impl Into<Bytes>>,
    ) -> Self {
        Reply {
            chunks: chunks.into_iter().map(Into::into).collect(),
            ..Reply::status(status).header("content-type", content_type)
        }
    }

    /// A `200 text/event-stream` response with one server-sent event per value (`data:` its
    /// JSON), each in a chunk of its own.
    pub fn sse(events: impl IntoIterator<Item = serde_json::Value>) -> Self {
        let frames = events.into_iter().map(|event| format!("data: {event}\n\n"));
        Reply::chunks(200, "text/event-stream", frames)
    }

    /// No response: the transport fails as a dropped connection would (the client retries).
    pub fn connection_error(message: impl Into<String>) -> Self {
        Reply {
            end: End::NoResponse(message.into()),
            ..Reply::status(0)
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// After its chunks, the body breaks off with an error (a connection reset mid-body).
    pub fn then_break(mut self, message: impl Into<String>) -> Self {
        self.end = End::Break(message.into());
        self
    }

    /// After its chunks, the body sends nothing more and never ends (a stalled server).
    pub fn then_stall(mut self) -> Self {
        self.end = End::Stall;
        self
    }

    fn summary(&self) -> String {
        match &self.end {
            End::NoResponse(message) => format!("with a connection error: {message}"),
            _ => self.status.to_string(),
        }
    }

    fn into_response(
        self,
        url: &reqwest::Url,
    ) -> Result<reqwest::Response, TransportError> {
        use futures_util::StreamExt;

        type ChunkResult = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;
        let body = match self.end {
            End::NoResponse(message) => return Err(TransportError::new(message)),
            End::Close if self.chunks.len() <= 1 => {
                reqwest::Body::from(self.chunks.into_iter().next().unwrap_or_default())
            }
            end => {
                let chunks = futures_util::stream::iter(
                    self.chunks.into_iter().map(ChunkResult::Ok),
                );
                let end = match end {
                    End::Break(message) => {
                        futures_util::stream::once(async move { Err(message.into()) })
                            .boxed()
                    }
                    End::Stall => futures_util::stream::pending::<ChunkResult>().boxed(),
                    _ => futures_util::stream::empty::<ChunkResult>().boxed(),
                };
                reqwest::Body::wrap_stream(chunks.chain(end))
            }
        };
        let mut builder = reqwest::ResponseBuilderExt::url(
            http::Response::builder().status(self.status),
            url.clone(),
        );
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = builder
            .body(body)
            .map_err(|err| TransportError::permanent(
                format!("the scripted reply is not a valid response: {err}"),
            ))?;
        Ok(reqwest::Response::from(response))
    }
}
