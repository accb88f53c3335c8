//! The runtime of the generated `llamacloud` client against a real HTTP server on 127.0.0.1:
//! API errors, retries and their overrides, per-request options, timeouts, broken and invalid
//! bodies, server-sent event streams, pagination guards, and secret-free `Debug` output.

use futures::{StreamExt, TryStreamExt};
use llamacloud::models::{
    ChatEvent, StopEvent, StopUsage, TextDeltaEvent, TextEvent, ThinkingDeltaEvent, ToolCallEvent,
    ToolResultEvent, UserInputEvent,
};
use llamacloud::resources::beta::chat::{
    CreateParams, GetParams, GetSummaryParams, ListParams, StreamParams,
};
use llamacloud::{Client, Error};
use serde_json::{Value, json};
use std::time::Duration;
use tests::server::{BodyPart, Fault, Reply, TestServer};

fn client_with_retries(server: &TestServer, max_retries: u32) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .max_retries(max_retries)
        .build()
        .unwrap()
}

fn client(server: &TestServer) -> Client {
    client_with_retries(server, 0)
}

fn summary(id: &str) -> Value {
    json!({"session_id": id, "last_updated_at": "2026-04-22T12:34:41.342245"})
}

fn list_page(ids: &[&str], next: Option<&str>) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| summary(id)).collect();
    match next {
        Some(token) => json!({"items": items, "next_page_token": token}),
        None => json!({"items": items}),
    }
}

/// A 503 asking for a quick retry.
fn unavailable() -> Reply {
    Reply::json(503, &json!({"detail": "try again"})).header("retry-after-ms", "10")
}

fn expect_api(error: Error) -> Box<llamacloud::ApiError> {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn sse_reply(parts: Vec<BodyPart>) -> Reply {
    Reply::chunks(200, "text/event-stream", parts)
}

fn bytes(b: &[u8]) -> BodyPart {
    BodyPart::Bytes(b.to_vec())
}

fn pause() -> BodyPart {
    BodyPart::Pause(Duration::from_millis(20))
}

fn stream_params() -> StreamParams {
    StreamParams {
        prompt: "What changed?".into(),
        index_ids: vec!["idx-1".into()],
        ..StreamParams::default()
    }
}

fn stop_event() -> ChatEvent {
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

const STOP_DATA: &[u8] = b"{\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":{\"duration_ms\":12.5,\"total_input_tokens\":10,\"total_output_tokens\":null,\"turns\":1}}";

// ---------------------------------------------------------------- API errors

#[tokio::test]
async fn not_found_with_json_body_is_an_api_error() {
    let body = json!({"detail": "Session not found"});
    let reply = Reply::json(404, &body).header("x-request-id", "req-404-abc");
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .get("missing", GetParams::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    let line = error.to_string();
    assert!(error.as_api().is_some());

    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.method.as_str(), "GET");
    assert_eq!(api.url, format!("{}/api/v1/chat/missing", server.url()));
    assert_eq!(api.request_id.as_deref(), Some("req-404-abc"));
    assert_eq!(
        api.headers.get("x-request-id").unwrap().to_str().unwrap(),
        "req-404-abc"
    );
    assert_eq!(api.body, body.to_string());
    assert_eq!(api.json, Some(body));

    assert!(!line.contains('\n'), "{line}");
    assert!(line.starts_with("GET http://127.0.0.1"), "{line}");
    assert!(line.contains("/api/v1/chat/missing"), "{line}");
    assert!(line.contains("404"), "{line}");
    assert!(line.contains("req-404-abc"), "{line}");
    assert!(line.contains("Session not found"), "{line}");
    assert!(!line.contains("test-key"), "{line}");
    assert_eq!(server.requests().len(), 1, "404 is not retried");
}

#[tokio::test]
async fn html_502_keeps_the_status_and_has_no_json() {
    let html = "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>\n";
    let reply = Reply::text(502, "text/html", html).header("request-id", "gw-1");
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client(&server).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap_err();
    let line = error.to_string();
    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.body, html);
    assert_eq!(api.json, None);
    assert_eq!(api.request_id.as_deref(), Some("gw-1"));
    assert!(!line.contains('\n'), "{line}");
    assert!(line.starts_with("GET http://127.0.0.1"), "{line}");
    assert!(
        line.contains("502") && line.contains("Bad Gateway"),
        "{line}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn validation_error_422_body_is_parsed_json() {
    let body =
        json!({"detail": [{"loc": ["body", "index_ids", 0], "msg": "bad", "type": "value_error"}]});
    let server = TestServer::scripted(vec![Reply::json(422, &body)]).await;
    let params = CreateParams {
        index_ids: Some(Some(vec![String::new()])),
        ..CreateParams::default()
    };
    let error = (client_with_retries(&server, 2).beta().chat())
        .create(params)
        .await
        .unwrap_err();
    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.method.as_str(), "POST");
    let parsed: llamacloud::models::HttpValidationError =
        serde_json::from_value(api.json.clone().unwrap()).unwrap();
    assert_eq!(parsed.detail.unwrap()[0].msg, "bad");
    assert_eq!(server.requests().len(), 1, "422 is not retried");
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn retries_503_then_succeeds_resending_the_same_request() {
    let server =
        TestServer::scripted(vec![unavailable(), Reply::json(200, &summary("ses-1"))]).await;
    let params = CreateParams {
        project_id: Some("proj".into()),
        index_ids: Some(Some(vec!["idx-1".into()])),
        ..CreateParams::default()
    };
    let created = (client_with_retries(&server, 2).beta().chat())
        .create(params)
        .await
        .unwrap();
    assert_eq!(created.session_id, "ses-1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0], requests[1],
        "a retry re-sends the request intact"
    );
    assert_eq!(requests[1].body_json(), json!({"index_ids": ["idx-1"]}));
}

#[tokio::test]
async fn retries_stop_at_max_retries() {
    let server = TestServer::scripted(vec![
        unavailable(),
        unavailable(),
        unavailable(),
        unavailable(),
    ])
    .await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    assert_eq!(expect_api(error).status.as_u16(), 503);
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn status_400_is_not_retried() {
    let bad = Reply::json(400, &json!({"detail": "bad"})).header("retry-after-ms", "10");
    let server = TestServer::scripted(vec![bad, Reply::json(200, &summary("ses-1"))]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap_err();
    assert_eq!(expect_api(error).status.as_u16(), 400);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn should_retry_false_stops_retrying_a_503() {
    let reply = unavailable().header("x-should-retry", "false");
    let server = TestServer::scripted(vec![reply, Reply::json(200, &summary("ses-1"))]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap_err();
    assert_eq!(expect_api(error).status.as_u16(), 503);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn should_retry_true_retries_a_400() {
    let reply = Reply::json(400, &json!({"detail": "flaky"}))
        .header("x-should-retry", "true")
        .header("retry-after-ms", "10");
    let server = TestServer::scripted(vec![reply, Reply::json(200, &summary("ses-1"))]).await;
    let got = (client_with_retries(&server, 2).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn per_call_max_retries_zero_overrides_the_client() {
    let server =
        TestServer::scripted(vec![unavailable(), Reply::json(200, &summary("ses-1"))]).await;
    let error = (client_with_retries(&server, 3).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(expect_api(error).status.as_u16(), 503);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn per_call_max_retries_can_enable_retries() {
    let server =
        TestServer::scripted(vec![unavailable(), Reply::json(200, &summary("ses-1"))]).await;
    let got = (client_with_retries(&server, 0).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .max_retries(1)
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(server.requests().len(), 2);
}

// ---------------------------------------------------------------- per-request options

#[tokio::test]
async fn per_request_header_and_query_reach_the_wire() {
    let server = TestServer::scripted(vec![Reply::json(200, &summary("ses-1"))]).await;
    let client = Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .max_retries(0)
        .default_header("x-team", "client-default")
        .default_header("x-client-only", "yes")
        .build()
        .unwrap();
    let params = GetSummaryParams {
        project_id: Some("proj".into()),
        ..GetSummaryParams::default()
    };
    (client.beta().chat())
        .get_summary("ses-1", params)
        .header("x-trace-id", "trace 123")
        .header("x-team", "per-call")
        .query("extra", "a b&c")
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(req.header("x-trace-id"), Some("trace 123"));
    let team: Vec<&str> = (req.headers.iter())
        .filter(|(name, _)| name == "x-team")
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(
        team,
        ["per-call"],
        "the per-call header replaces the default"
    );
    assert_eq!(req.header("x-client-only"), Some("yes"));
    assert_eq!(req.header("authorization"), Some("Bearer test-key"));
    assert_eq!(req.query_values("extra"), ["a b&c"]);
    assert_eq!(req.query_values("project_id"), ["proj"]);
    assert_eq!(req.path, "/api/v1/chat/ses-1/summary");
}

#[tokio::test]
async fn with_response_gives_status_and_headers() {
    let reply = Reply::json(200, &summary("ses-1"))
        .header("x-request-id", "req-ok-1")
        .header("x-custom", "value");
    let server = TestServer::scripted(vec![reply]).await;
    let (value, meta) = (client(&server).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(value.session_id, "ses-1");
    assert_eq!(meta.status.as_u16(), 200);
    let header = |name: &str| {
        meta.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("x-request-id").as_deref(), Some("req-ok-1"));
    assert_eq!(header("x-custom").as_deref(), Some("value"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(
        meta.url,
        format!("{}/api/v1/chat/ses-1/summary", server.url())
    );
}

// ---------------------------------------------------------------- transport failures

#[tokio::test]
async fn stalled_server_times_out() {
    let server = TestServer::scripted(vec![Reply::empty(200).fault(Fault::Stall)]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    let line = error.to_string();
    match error {
        Error::Timeout {
            method,
            url,
            timeout,
        } => {
            assert_eq!(method.as_str(), "GET");
            assert_eq!(url, format!("{}/api/v1/chat/ses-1", server.url()));
            assert_eq!(timeout, Duration::from_millis(200));
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(line.starts_with("GET http://127.0.0.1"), "{line}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let stall = Reply::empty(200).fault(Fault::Stall);
    let server = TestServer::scripted(vec![stall, Reply::json(200, &summary("ses-1"))]).await;
    let got = (client_with_retries(&server, 1).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .timeout(Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn truncated_body_is_a_connection_error() {
    let reply = Reply::json(200, &summary("ses-1")).fault(Fault::TruncateBodyAt(10));
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client(&server).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap_err();
    let line = error.to_string();
    match error {
        Error::Connection { method, url, .. } => {
            assert_eq!(method.as_str(), "GET");
            assert_eq!(url, format!("{}/api/v1/chat/ses-1/summary", server.url()));
        }
        other => panic!("expected Error::Connection (body cut short), got {other:?}"),
    }
    assert!(line.starts_with("GET http://127.0.0.1"), "{line}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn truncated_error_body_keeps_the_status_and_is_not_retried() {
    let body = serde_json::json!({"detail": "Session not found"});
    let reply = Reply::json(404, &body).fault(Fault::TruncateBodyAt(8));
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    let api = error
        .as_api()
        .unwrap_or_else(|| panic!("expected an API error, got {error:?}"));
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.body, "{\"detail", "the 8 bytes that arrived");
    assert_eq!(api.json, None);
    assert_eq!(
        server.requests().len(),
        1,
        "a 404 is not retried, even with a broken body"
    );
}

#[tokio::test]
async fn truncated_body_is_retried() {
    let truncated = Reply::json(200, &summary("ses-1")).fault(Fault::TruncateBodyAt(10));
    let server = TestServer::scripted(vec![truncated, Reply::json(200, &summary("ses-2"))]).await;
    let got = (client_with_retries(&server, 1).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-2");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn closed_connection_is_a_connection_error() {
    let server =
        TestServer::scripted(vec![Reply::empty(200).fault(Fault::CloseWithoutResponse)]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------- decoding

#[tokio::test]
async fn wrong_type_in_a_200_body_is_a_decode_error_with_its_path() {
    let body = json!({"items": [{"session_id": 42, "last_updated_at": "2026-04-22T12:34:41"}]});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .list(ListParams::default())
        .await
        .unwrap_err();
    let line = error.to_string();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.path, "items[0].session_id");
            assert_eq!(decode.status.as_u16(), 200);
            assert_eq!(decode.method.as_str(), "GET");
            assert_eq!(decode.url, format!("{}/api/v1/chat", server.url()));
            assert!(
                decode.body_excerpt.contains("42"),
                "{}",
                decode.body_excerpt
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(!line.contains('\n'), "{line}");
    assert!(line.contains("200"), "{line}");
    assert!(line.contains("items[0].session_id"), "{line}");
    assert_eq!(server.requests().len(), 1, "a decode error is not retried");
}

#[tokio::test]
async fn non_json_200_body_is_a_decode_error() {
    let reply = Reply::text(200, "application/json", "{\"session_id\": \"ses-1\", oops");
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client(&server).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap_err();
    let line = error.to_string();
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.status.as_u16(), 200);
            assert!(
                decode.body_excerpt.contains("oops"),
                "{}",
                decode.body_excerpt
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(line.contains("200"), "{line}");
}

#[tokio::test]
async fn missing_required_field_is_a_decode_error_naming_it() {
    let body = json!({"session_id": "ses-1", "last_updated_at": "2026-04-22T12:34:41", "events": [
        {"type": "text", "content": "ok"},
        {"type": "stop", "is_error": false, "error": null}
    ]});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert!(
                decode.path.starts_with("events[1]"),
                "path: {}",
                decode.path
            );
            assert!(
                decode.source.to_string().contains("usage"),
                "{}",
                decode.source
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------- server-sent events

#[tokio::test]
async fn event_stream_yields_typed_events_in_order() {
    let mut stop = b"data: ".to_vec();
    stop.extend_from_slice(STOP_DATA);
    stop.extend_from_slice(b"\r\n\r\n");
    let parts = vec![
        bytes(b": connected\r\n\r\nretry: 1000\r\n\r\n"),
        bytes(b"event: message\r\nid: 1\r\ndata: {\"type\":\"user_input\",\"con"),
        pause(),
        bytes(b"tent\":\"Hi\"}\r\n"),
        bytes(b"\r\n"),
        bytes(b"data: {\"type\":\"thinking_delta\",\"content\":\"Hm\"}\r\n\r\ndata: {\"type\":\"text_de"),
        pause(),
        // "é" split between two chunks, and a \r\n split after its \r.
        bytes(b"lta\",\"content\":\"caf\xc3"),
        bytes(b"\xa9\",\"index\":0}\r"),
        pause(),
        bytes(b"\n\r\n: keep-alive\r\n\r\nevent: ping\r\n\r\n"),
        bytes(b"data: {\"type\":\"text\",\r\ndata: \"content\":\"caf\xc3\xa9!\"}\r\n\r\n"),
        bytes(b"data: {\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"q\":\"x\",\"k\":3}}\r\n\r\n"),
        bytes(b"data: {\"type\":\"citation\",\"source\":\"doc-9\"}\r\n\r\n"),
        pause(),
        bytes(b"data: {\"type\":\"tool_result\",\"call_id\":\"c1\",\"name\":\"search\",\"result\":[1,\"two\"]}\r\n\r\n"),
        bytes(&stop[..20]),
        pause(),
        bytes(&stop[20..]),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    let expected = vec![
        ChatEvent::UserInput(UserInputEvent {
            extra: Default::default(),
            content: "Hi".into(),
        }),
        ChatEvent::ThinkingDelta(ThinkingDeltaEvent {
            extra: Default::default(),
            content: "Hm".into(),
        }),
        ChatEvent::TextDelta(TextDeltaEvent {
            // A field the spec does not describe is kept, not dropped (forward compatibility).
            extra: serde_json::json!({"index": 0}).as_object().unwrap().clone(),
            content: "café".into(),
        }),
        ChatEvent::Text(TextEvent {
            extra: Default::default(),
            content: "café!".into(),
        }),
        ChatEvent::ToolCall(ToolCallEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            arguments: json!({"q": "x", "k": 3}).as_object().unwrap().clone(),
        }),
        ChatEvent::Unknown(json!({"type": "citation", "source": "doc-9"})),
        ChatEvent::ToolResult(ToolResultEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            result: json!([1, "two"]),
            image_attachment: None,
        }),
        stop_event(),
    ];
    assert_eq!(events, expected);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn malformed_event_ends_the_stream_with_an_error() {
    let parts = vec![
        bytes(b"data: {\"type\":\"text_delta\",\"content\":\"a\"}\n\n"),
        pause(),
        bytes(b"event: message\nid: 7\ndata: {\"type\":\"text_delta\",\"content\":}\n\n"),
        bytes(b"data: {\"type\":\"text_delta\",\"content\":\"never\"}\n\n"),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(
        first,
        ChatEvent::TextDelta(TextDeltaEvent {
            extra: Default::default(),
            content: "a".into()
        })
    );
    match stream.next().await {
        Some(Err(error @ Error::Stream { .. })) => {
            let line = error.to_string();
            assert!(line.starts_with("event stream: "), "{line}");
            assert!(line.contains("id 7"), "{line}");
            assert!(std::error::Error::source(&error).is_some());
        }
        other => panic!("expected Some(Err(Error::Stream)), got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test]
async fn known_event_type_with_wrong_shape_is_a_stream_error() {
    let parts = vec![bytes(b"data: {\"type\":\"stop\",\"is_error\":\"no\"}\n\n")];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    assert!(
        matches!(stream.next().await, Some(Err(Error::Stream { .. }))),
        "a known type that does not decode is an error"
    );
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn stream_broken_mid_body_is_a_stream_error() {
    let mut parts = vec![bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n")];
    parts.push(bytes(b"data: {\"type\":\"text\",\"content\":\"b\"}\n\n"));
    let reply = sse_reply(parts).fault(Fault::TruncateBodyAt(20));
    let server = TestServer::scripted(vec![reply]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    // The first event is cut short too, so nothing is yielded before the error.
    match stream.next().await {
        Some(Err(Error::Stream { message, .. })) => {
            assert!(message.contains("broke"), "{message}")
        }
        other => panic!("expected Some(Err(Error::Stream)), got {other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn stream_error_status_is_an_api_error() {
    let reply = Reply::json(
        422,
        &json!({"detail": [{"loc": ["body", "prompt"], "msg": "too long", "type": "value_error"}]}),
    );
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap_err();
    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.method.as_str(), "POST");
    assert!(api.json.is_some());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn stream_timeout_covers_only_the_response_head() {
    let mut stop = b"data: ".to_vec();
    stop.extend_from_slice(STOP_DATA);
    stop.extend_from_slice(b"\n\n");
    let parts = vec![
        bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n"),
        BodyPart::Pause(Duration::from_millis(250)),
        bytes(&stop),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_millis(100))
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1], stop_event());
}

// ---------------------------------------------------------------- pagination guards

#[tokio::test]
async fn repeated_page_token_yields_both_pages_then_a_pagination_error() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1", "s2"], Some("same"))),
        Some(_) => Reply::json(200, &list_page(&["s3"], Some("same"))),
    })
    .await;
    let mut pager = (client(&server).beta().chat()).list_auto_paging(ListParams::default());
    let mut ids = Vec::new();
    let error = loop {
        match pager.next().await {
            Some(Ok(item)) => ids.push(item.session_id),
            Some(Err(error)) => break error,
            None => panic!("the pager ended without an error after {ids:?}"),
        }
    };
    assert_eq!(ids, ["s1", "s2", "s3"]);
    match &error {
        Error::Pagination { message } => assert!(message.contains("same"), "{message}"),
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert!(error.to_string().starts_with("pagination: "), "{error}");
    assert!(
        pager.next().await.is_none(),
        "the pager ends after the error"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn empty_page_with_a_token_is_followed() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&[], Some("p2"))),
        Some("p2") => Reply::json(200, &list_page(&[], Some("p3"))),
        Some("p3") => Reply::json(200, &list_page(&["s1"], Some(""))),
        Some(other) => Reply::text(400, "text/plain", &format!("unexpected token {other}")),
    })
    .await;
    let items: Vec<_> = (client(&server).beta().chat())
        .list_auto_paging(ListParams::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|s| s.session_id.as_str()).collect();
    assert_eq!(ids, ["s1"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "an empty next_page_token ends the list");
    let tokens: Vec<_> = requests
        .iter()
        .map(|r| r.query_value("page_token"))
        .collect();
    assert_eq!(tokens, [None, Some("p2"), Some("p3")]);
}

#[tokio::test]
async fn error_on_a_later_page_ends_the_pager_after_the_items_before_it() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1"], Some("p2"))),
        Some(_) => Reply::json(500, &json!({"detail": "boom"})),
    })
    .await;
    let mut pager = (client(&server).beta().chat()).list_auto_paging(ListParams::default());
    assert_eq!(pager.next().await.unwrap().unwrap().session_id, "s1");
    let error = pager.next().await.unwrap().unwrap_err();
    assert_eq!(expect_api(error).status.as_u16(), 500);
    assert!(pager.next().await.is_none());
}

// ---------------------------------------------------------------- secrets

#[tokio::test]
async fn debug_output_never_shows_the_api_key() {
    let secret = "sk-very-secret-key-123";
    let builder = || {
        Client::builder()
            .api_key(secret)
            .base_url("http://127.0.0.1:9")
            .default_header("x-api-key", "hdr-secret-456")
            .max_retries(0)
    };
    let builder_debug = format!("{:?}", builder());
    assert!(!builder_debug.contains(secret), "{builder_debug}");
    assert!(!builder_debug.contains("hdr-secret-456"), "{builder_debug}");
    let client = builder().build().unwrap();
    let client_debug = format!("{client:?} {client:#?}");
    assert!(!client_debug.contains(secret), "{client_debug}");
    assert!(!client_debug.contains("hdr-secret-456"), "{client_debug}");
    let call_debug = format!(
        "{:?}",
        client.beta().chat().get("ses-1", GetParams::default())
    );
    assert!(!call_debug.contains(secret), "{call_debug}");
    let resource_debug = format!("{:?}", client.beta().chat());
    assert!(!resource_debug.contains(secret), "{resource_debug}");
}

// ---------------------------------------------------------------- more options and edges

#[tokio::test]
async fn invalid_per_request_header_is_rejected_before_sending() {
    let server = TestServer::scripted(vec![]).await;
    let chat = client(&server).beta().chat();
    let bad_value = (chat.get("ses-1", GetParams::default()))
        .header("x-note", "line one\nline two")
        .await
        .unwrap_err();
    assert!(
        matches!(bad_value, Error::InvalidRequest { .. }),
        "{bad_value:?}"
    );
    let bad_name = (chat.get("ses-1", GetParams::default()))
        .header("bad name", "v")
        .await
        .unwrap_err();
    assert!(
        matches!(bad_name, Error::InvalidRequest { .. }),
        "{bad_name:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn next_page_keeps_the_per_request_options() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1"], Some("p2"))),
        Some(_) => Reply::json(200, &list_page(&["s2"], None)),
    })
    .await;
    let params = ListParams {
        page_size: Some(1),
        ..ListParams::default()
    };
    let first = (client(&server).beta().chat())
        .list(params)
        .header("x-trace-id", "t-1")
        .query("extra", "e")
        .await
        .unwrap();
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(second.items()[0].session_id, "s2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for req in &requests {
        assert_eq!(req.header("x-trace-id"), Some("t-1"));
        assert_eq!(req.query_values("extra"), ["e"]);
        assert_eq!(req.query_values("page_size"), ["1"]);
    }
    assert_eq!(requests[1].query_values("page_token"), ["p2"]);
}

#[tokio::test]
async fn slow_body_times_out() {
    let parts = vec![
        bytes(b"{\"session_id\":\"ses-1\","),
        BodyPart::Pause(Duration::from_millis(400)),
        bytes(b"\"last_updated_at\":\"2026-04-22T12:34:41\"}"),
    ];
    let reply = Reply::chunks(200, "application/json", parts);
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client(&server).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { .. }),
        "the timeout covers reading the body: {error:?}"
    );
}

#[tokio::test]
async fn base_url_path_prefix_and_trailing_slash_are_kept() {
    let server = TestServer::start(|_, _| Reply::json(200, &summary("ses-1"))).await;
    for base in [
        format!("{}/", server.url()),
        format!("{}/proxy/", server.url()),
        format!("{}/proxy", server.url()),
    ] {
        let client = Client::builder()
            .api_key("test-key")
            .base_url(base)
            .max_retries(0)
            .build()
            .unwrap();
        client
            .beta()
            .chat()
            .get_summary("ses-1", GetSummaryParams::default())
            .await
            .unwrap();
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/chat/ses-1/summary",
            "/proxy/api/v1/chat/ses-1/summary",
            "/proxy/api/v1/chat/ses-1/summary",
        ]
    );
}

#[tokio::test]
async fn bad_configuration_is_a_config_error_without_the_key() {
    let config = |builder: llamacloud::ClientBuilder| match builder.build() {
        Err(Error::Config { message }) => message,
        other => panic!("expected Error::Config, got {other:?}"),
    };
    let base = || Client::builder().api_key("test-key");
    config(base().base_url("ftp://example.com"));
    config(base().base_url("not a url"));
    config(base().base_url("http://example.com/?q=1"));
    config(
        base()
            .base_url("http://127.0.0.1:9")
            .default_header("x-bad", "a\nb"),
    );
    let message = config(
        Client::builder()
            .api_key("sk-secret\nwith-newline")
            .base_url("http://127.0.0.1:9"),
    );
    assert!(!message.contains("sk-secret"), "{message}");
}

#[tokio::test]
async fn calls_run_concurrently_on_spawned_tasks() {
    let server = TestServer::start(|req, _| {
        let id = req.path.rsplit('/').nth(1).unwrap_or_default().to_owned();
        Reply::json(200, &summary(&id))
    })
    .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let call = (client.beta().chat())
                .get_summary(&format!("ses-{i}"), GetSummaryParams::default());
            tokio::spawn(std::future::IntoFuture::into_future(call))
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        assert_eq!(task.await.unwrap().unwrap().session_id, format!("ses-{i}"));
    }
    assert_eq!(server.requests().len(), 8);
}

#[tokio::test]
async fn event_stream_ignores_a_leading_byte_order_mark() {
    let parts = vec![
        bytes(b"\xef\xbb\xbfdata: {\"type\":\"text\",\"content\":\"first\"}\n\n"),
        bytes(b"data: {\"type\":\"text\",\"content\":\"second\"}\n\n"),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    let text = |content: &str| {
        ChatEvent::Text(TextEvent {
            extra: Default::default(),
            content: content.into(),
        })
    };
    assert_eq!(events, [text("first"), text("second")]);
}
