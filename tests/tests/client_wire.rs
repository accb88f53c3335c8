//! The generated `llamacloud` client on the wire: for every operation, the exact request that
//! reaches a real HTTP server on 127.0.0.1 (method, path, query, headers, JSON body) and the
//! decoding of the response; plus pagination and path-parameter validation.

use futures::{StreamExt, TryStreamExt};
use llamacloud::models::{
    ChatEvent, ImageAttachment, JobMetadata, StopEvent, StopUsage, TextDeltaEvent, TextEvent,
    ThinkingDeltaEvent, ThinkingEvent, ToolCallEvent, ToolResultEvent, UserInputEvent,
};
use llamacloud::resources::beta::chat::{
    CreateParams, DeleteParams, GetParams, GetSummaryParams, ListParams, StreamParams,
};
use llamacloud::{Client, Error};
use serde_json::{Value, json};
use tests::server::{BodyPart, Reply, Request, TestServer};

const PROJECT: &str = "2b7e1a3c-0d4f-4c1e-9a8b-5f6d7e8f9a0b";
const ORG: &str = "9f8e7d6c-5b4a-4321-8765-43210fedcba9";
/// A session id that needs percent-encoding, including a `/` that must not split the path.
const ODD_ID: &str = "ses/1 ä?";
/// `ODD_ID` as one percent-encoded path segment.
const ODD_ID_ENCODED: &str = "ses%2F1%20%C3%A4%3F";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

/// The only request the server received.
fn only_request(server: &TestServer) -> Request {
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.into_iter().next().unwrap()
}

/// Query pairs, sorted (their order on the wire carries no meaning).
fn query(req: &Request) -> Vec<(String, String)> {
    let mut pairs = req.query.clone();
    pairs.sort();
    pairs
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = (expected.iter())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort();
    pairs
}

fn header_count(req: &Request, name: &str) -> usize {
    req.headers.iter().filter(|(n, _)| n == name).count()
}

/// Headers every request carries; `content-type` only with a body.
fn assert_headers(req: &Request, accept: &str, has_body: bool) {
    assert_eq!(req.header("authorization"), Some("Bearer test-key"));
    assert_eq!(header_count(req, "authorization"), 1);
    assert_eq!(req.header("accept"), Some(accept));
    assert_eq!(header_count(req, "accept"), 1);
    let user_agent = req.header("user-agent").unwrap_or_default();
    assert!(
        user_agent.starts_with("llamacloud-rust/"),
        "user-agent: {user_agent:?}"
    );
    if has_body {
        assert_eq!(req.header("content-type"), Some("application/json"));
    } else {
        assert_eq!(req.header("content-type"), None);
        assert!(
            req.body.is_empty(),
            "unexpected body: {:?}",
            req.body_text()
        );
    }
    assert!(!req.raw_target.contains("test-key"));
}

/// The example page published in the API reference.
fn example_page() -> Value {
    json!({"items": [{"last_updated_at": "2026-04-22T12:34:41.342245", "session_id": "ses-abc123",
      "generated_title": "What were the main findings in Q3?...", "index_ids": ["idx-abc123", "idx-def456"],
      "job_metadata": {"duration_ms": 0, "error": "error", "export_config_ids": ["string"], "is_error": true,
      "total_input_tokens": 0, "total_output_tokens": 0, "turns": 0}}], "next_page_token": "next_page_token"})
}

fn example_summary() -> Value {
    example_page()["items"][0].clone()
}

fn example_job_metadata() -> JobMetadata {
    JobMetadata {
        extra: Default::default(),
        duration_ms: Some(0.0),
        error: Some("error".into()),
        export_config_ids: Some(vec!["string".into()]),
        is_error: Some(true),
        total_input_tokens: Some(0),
        total_output_tokens: Some(0),
        turns: Some(0),
    }
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

/// Asserts the decoded example summary.
fn assert_example_summary(s: &llamacloud::models::SessionSummary) {
    assert_eq!(s.session_id, "ses-abc123");
    assert_eq!(s.last_updated_at, "2026-04-22T12:34:41.342245");
    assert_eq!(
        s.generated_title.as_deref(),
        Some("What were the main findings in Q3?...")
    );
    assert_eq!(
        s.index_ids.as_deref(),
        Some(&["idx-abc123".to_string(), "idx-def456".to_string()][..])
    );
    assert_eq!(s.job_metadata, Some(example_job_metadata()));
}

#[tokio::test]
async fn create_with_index_ids_sends_them_and_decodes_the_summary() {
    let server = TestServer::scripted(vec![Reply::json(200, &example_summary())]).await;
    let params = CreateParams {
        organization_id: Some(ORG.into()),
        project_id: Some(PROJECT.into()),
        index_ids: Some(Some(vec!["idx-1".into(), "idx-2".into()])),
    };
    let created = client(&server).beta().chat().create(params).await.unwrap();
    assert_example_summary(&created);

    let req = only_request(&server);
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/api/v1/chat");
    assert_eq!(
        query(&req),
        pairs(&[("organization_id", ORG), ("project_id", PROJECT)])
    );
    assert_headers(&req, "application/json", true);
    assert_eq!(req.body_json(), json!({"index_ids": ["idx-1", "idx-2"]}));
}

#[tokio::test]
async fn create_with_null_index_ids_sends_explicit_null() {
    let server = TestServer::scripted(vec![Reply::json(200, &summary("ses-unbound"))]).await;
    let params = CreateParams {
        index_ids: Some(None),
        ..CreateParams::default()
    };
    let created = client(&server).beta().chat().create(params).await.unwrap();
    assert_eq!(created.session_id, "ses-unbound");
    assert_eq!(created.generated_title, None);
    assert_eq!(created.index_ids, None);
    assert_eq!(created.job_metadata, None);

    let req = only_request(&server);
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/api/v1/chat")
    );
    assert_eq!(query(&req), pairs(&[]));
    assert_headers(&req, "application/json", true);
    assert_eq!(req.body_json(), json!({"index_ids": null}));
}

#[tokio::test]
async fn create_without_index_ids_omits_the_field() {
    let server = TestServer::scripted(vec![Reply::json(200, &summary("ses-new"))]).await;
    let params = CreateParams {
        project_id: Some(PROJECT.into()),
        ..CreateParams::default()
    };
    let created = client(&server).beta().chat().create(params).await.unwrap();
    assert_eq!(created.session_id, "ses-new");

    let req = only_request(&server);
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/api/v1/chat")
    );
    assert_eq!(query(&req), pairs(&[("project_id", PROJECT)]));
    assert_headers(&req, "application/json", true);
    assert_eq!(req.body_json(), json!({}));
}

#[tokio::test]
async fn get_encodes_the_id_and_decodes_a_full_session_with_unknown_event() {
    let session = json!({
        "session_id": ODD_ID,
        "last_updated_at": "2026-04-22T12:34:41.342245",
        "generated_title": null,
        "index_ids": ["idx-1"],
        "job_metadata": {"duration_ms": 1234.5, "error": null, "export_config_ids": null,
            "is_error": false, "total_input_tokens": 100, "total_output_tokens": null, "turns": 2},
        "shared_access": "read_only",
        "events": [
            {"type": "user_input", "content": "What changed in Q3?"},
            {"type": "thinking", "content": "Look at the report."},
            {"type": "tool_call", "call_id": "c1", "name": "search",
                "arguments": {"query": "Q3", "top_k": 3}},
            {"type": "tool_result", "call_id": "c1", "name": "search",
                "result": {"hits": [1, 2]}, "image_attachment": null},
            {"type": "tool_result", "call_id": "c2", "name": "screenshot", "result": "ok",
                "image_attachment": {"attachment_name": "page-3.png", "source_id": "src-9"}},
            {"type": "citation", "source_id": "src-9", "page": 3},
            {"type": "text", "content": "Revenue grew.", "annotations": []},
            {"type": "thinking_delta", "content": "Done"},
            {"type": "text_delta", "content": "!"},
            {"type": "stop", "is_error": false, "error": null,
                "usage": {"duration_ms": 1234.5, "total_input_tokens": 100,
                    "total_output_tokens": null, "turns": 2}}
        ]
    });
    let server = TestServer::scripted(vec![Reply::json(200, &session)]).await;
    let params = GetParams {
        organization_id: Some(ORG.into()),
        project_id: None,
    };
    let got = client(&server)
        .beta()
        .chat()
        .get(ODD_ID, params)
        .await
        .unwrap();

    let req = only_request(&server);
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, format!("/api/v1/chat/{ODD_ID_ENCODED}"));
    assert_eq!(query(&req), pairs(&[("organization_id", ORG)]));
    assert_headers(&req, "application/json", false);

    assert_eq!(got.session_id, ODD_ID);
    assert_eq!(got.last_updated_at, "2026-04-22T12:34:41.342245");
    assert_eq!(got.generated_title, None);
    assert_eq!(got.index_ids, Some(vec!["idx-1".to_string()]));
    let job = JobMetadata {
        extra: Default::default(),
        duration_ms: Some(1234.5),
        error: None,
        export_config_ids: None,
        is_error: Some(false),
        total_input_tokens: Some(100),
        total_output_tokens: None,
        turns: Some(2),
    };
    assert_eq!(got.job_metadata, Some(job));
    let expected = vec![
        ChatEvent::UserInput(UserInputEvent {
            extra: Default::default(),
            content: "What changed in Q3?".into(),
        }),
        ChatEvent::Thinking(ThinkingEvent {
            extra: Default::default(),
            content: "Look at the report.".into(),
        }),
        ChatEvent::ToolCall(ToolCallEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            arguments: json!({"query": "Q3", "top_k": 3})
                .as_object()
                .unwrap()
                .clone(),
        }),
        ChatEvent::ToolResult(ToolResultEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            result: json!({"hits": [1, 2]}),
            image_attachment: None,
        }),
        ChatEvent::ToolResult(ToolResultEvent {
            extra: Default::default(),
            call_id: "c2".into(),
            name: "screenshot".into(),
            result: json!("ok"),
            image_attachment: Some(ImageAttachment {
                extra: Default::default(),
                attachment_name: "page-3.png".into(),
                source_id: "src-9".into(),
            }),
        }),
        ChatEvent::Unknown(json!({"type": "citation", "source_id": "src-9", "page": 3})),
        ChatEvent::Text(TextEvent {
            // Undescribed fields are kept (forward compatibility), not dropped.
            extra: json!({"annotations": []}).as_object().unwrap().clone(),
            content: "Revenue grew.".into(),
        }),
        ChatEvent::ThinkingDelta(ThinkingDeltaEvent {
            extra: Default::default(),
            content: "Done".into(),
        }),
        ChatEvent::TextDelta(TextDeltaEvent {
            extra: Default::default(),
            content: "!".into(),
        }),
        ChatEvent::Stop(StopEvent {
            extra: Default::default(),
            is_error: false,
            error: None,
            usage: StopUsage {
                extra: Default::default(),
                duration_ms: 1234.5,
                total_input_tokens: Some(100),
                total_output_tokens: None,
                turns: 2,
            },
        }),
    ];
    assert_eq!(got.events, expected);
    assert_eq!(got.events[5].tag(), Some("citation"));
    // `shared_access` is a field of the newer API ("known evolution"): reachable, not fatal.
    assert_eq!(got.extra["shared_access"], "read_only");
    assert!(
        !got.events
            .iter()
            .any(|e| matches!(e, ChatEvent::Text(t) if t.extra.contains_key("type"))),
        "the tag is not an extra field"
    );
}

#[tokio::test]
async fn list_sends_all_query_parameters_and_decodes_the_example_page() {
    let server = TestServer::scripted(vec![Reply::json(200, &example_page())]).await;
    let params = ListParams {
        page_size: Some(25),
        page_token: Some("tok 1/2&x=y".into()),
        organization_id: Some(ORG.into()),
        project_id: Some(PROJECT.into()),
    };
    let page = client(&server).beta().chat().list(params).await.unwrap();

    let req = only_request(&server);
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/api/v1/chat");
    assert_eq!(
        query(&req),
        pairs(&[
            ("organization_id", ORG),
            ("page_size", "25"),
            ("page_token", "tok 1/2&x=y"),
            ("project_id", PROJECT),
        ])
    );
    assert_headers(&req, "application/json", false);

    assert_eq!(page.items().len(), 1);
    assert_example_summary(&page.items()[0]);
    assert_eq!(page.next_page_token.as_deref(), Some("next_page_token"));
    assert_eq!(page.next_cursor(), Some("next_page_token"));
    assert!(page.has_next_page());
}

#[tokio::test]
async fn list_without_parameters_sends_no_query() {
    let server = TestServer::scripted(vec![Reply::json(200, &list_page(&[], None))]).await;
    let page = (client(&server).beta().chat())
        .list(ListParams::default())
        .await
        .unwrap();
    assert!(page.items().is_empty());
    assert!(!page.has_next_page());

    let req = only_request(&server);
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("GET", "/api/v1/chat")
    );
    assert_eq!(req.raw_target, "/api/v1/chat");
    assert!(req.query.is_empty(), "{:?}", req.query);
    assert_headers(&req, "application/json", false);
}

#[tokio::test]
async fn delete_sends_accept_any_and_takes_204() {
    let server = TestServer::scripted(vec![Reply::empty(204)]).await;
    let params = DeleteParams {
        organization_id: Some(ORG.into()),
        project_id: Some(PROJECT.into()),
    };
    client(&server)
        .beta()
        .chat()
        .delete(ODD_ID, params)
        .await
        .unwrap();

    let req = only_request(&server);
    assert_eq!(req.method, "DELETE");
    assert_eq!(req.path, format!("/api/v1/chat/{ODD_ID_ENCODED}"));
    assert_eq!(
        query(&req),
        pairs(&[("organization_id", ORG), ("project_id", PROJECT)])
    );
    assert_headers(&req, "*/*", false);
}

#[tokio::test]
async fn get_summary_uses_the_summary_path_and_decodes_nulls() {
    let body = json!({"session_id": "ses-1", "last_updated_at": "2026-04-22T12:34:41.342245",
        "generated_title": null, "index_ids": null, "job_metadata": null, "shared_access": "query"});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let params = GetSummaryParams {
        organization_id: None,
        project_id: Some(PROJECT.into()),
    };
    let got = (client(&server).beta().chat())
        .get_summary(ODD_ID, params)
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(got.generated_title, None);
    assert_eq!(got.index_ids, None);
    assert_eq!(got.job_metadata, None);

    let req = only_request(&server);
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, format!("/api/v1/chat/{ODD_ID_ENCODED}/summary"));
    assert_eq!(query(&req), pairs(&[("project_id", PROJECT)]));
    assert_headers(&req, "application/json", false);
}

#[tokio::test]
async fn stream_posts_prompt_and_index_ids_and_yields_events() {
    let sse = concat!(
        "data: {\"type\":\"text\",\"content\":\"Hello\"}\n\n",
        "data: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":",
        "{\"duration_ms\":5,\"total_input_tokens\":null,\"total_output_tokens\":null,\"turns\":1}}\n\n",
    );
    let reply = Reply::chunks(
        200,
        "text/event-stream",
        vec![BodyPart::Bytes(sse.as_bytes().to_vec())],
    );
    let server = TestServer::scripted(vec![reply]).await;
    let params = StreamParams {
        organization_id: Some(ORG.into()),
        project_id: Some(PROJECT.into()),
        prompt: "What changed in Q3?".into(),
        index_ids: vec!["idx-1".into(), "idx-2".into()],
    };
    let stream = (client(&server).beta().chat())
        .stream(ODD_ID, params)
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();

    let req = only_request(&server);
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.path,
        format!("/api/v1/chat/{ODD_ID_ENCODED}/messages/stream")
    );
    assert_eq!(
        query(&req),
        pairs(&[("organization_id", ORG), ("project_id", PROJECT)])
    );
    assert_headers(&req, "text/event-stream", true);
    assert_eq!(
        req.body_json(),
        json!({"prompt": "What changed in Q3?", "index_ids": ["idx-1", "idx-2"]})
    );

    let stop = StopEvent {
        extra: Default::default(),
        is_error: false,
        error: None,
        usage: StopUsage {
            extra: Default::default(),
            duration_ms: 5.0,
            total_input_tokens: None,
            total_output_tokens: None,
            turns: 1,
        },
    };
    let expected = vec![
        ChatEvent::Text(TextEvent {
            extra: Default::default(),
            content: "Hello".into(),
        }),
        ChatEvent::Stop(stop),
    ];
    assert_eq!(events, expected);
}

#[tokio::test]
async fn empty_path_parameter_is_rejected_before_sending() {
    let server = TestServer::scripted(vec![]).await;
    let chat = client(&server).beta().chat();
    let stream_params = || StreamParams {
        prompt: "hi".into(),
        index_ids: vec![],
        ..StreamParams::default()
    };
    let errors = vec![
        chat.get("", GetParams::default()).await.unwrap_err(),
        chat.delete("", DeleteParams::default()).await.unwrap_err(),
        (chat.get_summary("", GetSummaryParams::default()).await).unwrap_err(),
        chat.stream("", stream_params()).await.unwrap_err(),
        chat.get(".", GetParams::default()).await.unwrap_err(),
        chat.get("..", GetParams::default()).await.unwrap_err(),
    ];
    for error in errors {
        match &error {
            Error::InvalidRequest { message } => {
                assert!(message.contains("session_id"), "{message}")
            }
            other => panic!("expected Error::InvalidRequest, got {other:?}"),
        }
        assert!(
            error.to_string().starts_with("invalid request: "),
            "{error}"
        );
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

// Auto-paging and `next_page` (a file of its own for length; a crate root's modules sit beside
// it, hence the path).
#[path = "client_wire/paging.rs"]
mod paging;
