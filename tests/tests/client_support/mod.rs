//! Shared helpers for the `client_*` test binaries: client construction against a
//! [`TestServer`], JSON builders for chat summaries and list pages, and event-stream pieces.
//!
//! Each test binary compiles this module separately and uses only some of it.
#![allow(dead_code)]

use llamacloud::models::{ChatEvent, StopEvent, StopUsage};
use llamacloud::resources::beta::chat::StreamParams;
use llamacloud::{Client, Error};
use serde_json::{Value, json};
use std::time::Duration;
use tests::server::{BodyPart, Reply, TestServer};

pub fn client_with_retries(server: &TestServer, max_retries: u32) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .max_retries(max_retries)
        .build()
        .unwrap()
}

pub fn client(server: &TestServer) -> Client {
    client_with_retries(server, 0)
}

pub fn summary(id: &str) -> Value {
    json!({"session_id": id, "last_updated_at": "2026-04-22T12:34:41.342245"})
}

pub fn list_page(ids: &[&str], next: Option<&str>) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| summary(id)).collect();
    match next {
        Some(token) => json!({"items": items, "next_page_token": token}),
        None => json!({"items": items}),
    }
}

/// A 503 asking for a quick retry.
pub fn unavailable() -> Reply {
    Reply::json(503, &json!({"detail": "try again"})).header("retry-after-ms", "10")
}

pub fn expect_api(error: Error) -> Box<llamacloud::ApiError> {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

pub fn sse_reply(parts: Vec<BodyPart>) -> Reply {
    Reply::chunks(200, "text/event-stream", parts)
}

pub fn bytes(b: &[u8]) -> BodyPart {
    BodyPart::Bytes(b.to_vec())
}

pub fn pause() -> BodyPart {
    BodyPart::Pause(Duration::from_millis(20))
}

pub fn stream_params() -> StreamParams {
    StreamParams {
        prompt: "What changed?".into(),
        index_ids: vec!["idx-1".into()],
        ..StreamParams::default()
    }
}

pub fn stop_event() -> ChatEvent {
    ChatEvent::Stop(StopEvent {
        extra: Default::default(),
        is_error: false,
        error: None,
        usage: StopUsage {
            extra: Default::default(),
            duration_ms: 12.5,
            total_input_tokens: Some(10),
            total_output_tokens: None,
            turns: 1,
        },
    })
}

pub const STOP_DATA: &[u8] = b"{\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":{\"duration_ms\":12.5,\"total_input_tokens\":10,\"total_output_tokens\":null,\"turns\":1}}";
