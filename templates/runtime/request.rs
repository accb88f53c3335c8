//! How a resource method describes a request: [`RequestSpec`], built from the path, then given
//! its parameters and body by the encoders in the sibling modules (each an `impl RequestSpec`
//! block of its own), and the per-request options and client that travel with it.

use crate::runtime::call::BoxFuture;
use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;
pub(crate) use crate::runtime::path::PathPart;

/// Everything an operation's method decides about a request; cloned for each page.
#[derive(Clone, Debug)]
pub(crate) struct RequestSpec {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    /// The body, serialised once and re-sent intact on every attempt.
    pub(crate) body: Option<Bytes>,
    /// A body too big to hold, made afresh for each attempt (a file, a stream).
    pub(crate) fresh_body: Option<Arc<dyn FreshBody>>,
    pub(crate) content_type: String,
    pub(crate) accept: &'static str,
    /// The operation's own server, used unless the client was given a custom base URL.
    pub(crate) server: Option<&'static str>,
    /// Why the arguments could not make a request; reported when the call is awaited.
    pub(crate) invalid: Option<String>,
    /// The operation's security requirement: alternatives of scheme names, applied by
    /// `auth::apply`.
    pub(crate) security: &'static [&'static [&'static str]],
    /// Query parameters whose values keep reserved characters (`allowReserved`).
    pub(crate) allow_reserved: &'static [&'static str],
    /// How a list whose body is a bare array asks for its next page (a `PageStyle`), which
    /// its page type, `Vec<Item>`, cannot say. Typed loosely so this file does not depend on
    /// the pagination runtime, which a crate without lists leaves out.
    #[allow(dead_code)]
    pub(crate) paging: Option<&'static (dyn std::any::Any + Send + Sync)>,
}

impl RequestSpec {
    pub(crate) fn new(
        method: reqwest::Method,
        path: &[PathPart<'_>],
        accept: &'static str,
    ) -> Self {
        let (path, invalid) = crate::runtime::path::path_text(path);
        RequestSpec {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            fresh_body: None,
            content_type: "application/json".to_owned(),
            accept,
            server: None,
            invalid,
            security: crate::client::DEFAULT_SECURITY,
            allow_reserved: &[],
            paging: None,
        }
    }
}

/// A request body produced when each attempt is sent rather than held in memory.
pub(crate) trait FreshBody: std::fmt::Debug + Send + Sync {
    /// The body for one attempt, and its length when known (sent as `Content-Length`).
    fn open(&self) -> BoxFuture<Result<(reqwest::Body, Option<u64>), String>>;
    /// Whether it can be produced again for a retry (a stream cannot).
    fn replayable(&self) -> bool;
}

/// Per-request overrides of the client's settings.
#[derive(Clone, Debug, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body_fields: Vec<(String, serde_json::Value)>,
}

/// What a request carries across its attempts and pages: the client, the request, the options.
#[derive(Clone, Debug)]
pub(crate) struct Exchange {
    pub(crate) client: crate::runtime::Client,
    pub(crate) request: RequestSpec,
    pub(crate) options: RequestOptions,
}
