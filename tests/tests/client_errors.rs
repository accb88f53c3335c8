//! Errors of the generated `llamacloud` client against a real HTTP server on 127.0.0.1: API
//! errors (status, request id, body, one-line `Display`), transport failures (timeouts, truncated
//! bodies, closed connections) and bodies that do not decode.

mod client_support;

use client_support::{bytes, client, client_with_retries, expect_api, summary};
use llamacloud::Error;
use llamacloud::resources::beta::chat::{CreateParams, GetParams, GetSummaryParams, ListParams};
use serde_json::json;
use std::time::Duration;
use tests::server::{BodyPart, Fault, Reply, TestServer};

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
async fn a_3xx_that_was_not_followed_is_an_api_error_not_a_success() {
    // 304 has no body to decode; 300 has one that is not the operation's answer.
    let choices = json!({"choices": ["/a", "/b"]});
    let server = TestServer::scripted(vec![
        Reply::empty(304).header("etag", "\"v1\""),
        Reply::json(300, &choices),
    ])
    .await;
    let chat = client_with_retries(&server, 2).beta().chat();
    let not_modified = chat.get("ses-1", GetParams::default()).await.unwrap_err();
    assert_eq!(expect_api(not_modified).status.as_u16(), 304);
    let multiple = chat.get("ses-1", GetParams::default()).await.unwrap_err();
    let line = multiple.to_string();
    let api = expect_api(multiple);
    assert_eq!(api.status.as_u16(), 300);
    assert_eq!(api.json, Some(choices));
    assert!(line.contains("300"), "{line}");
    assert_eq!(server.requests().len(), 2, "a 3xx is not retried");
}

#[tokio::test]
async fn a_401_where_a_redirect_led_names_that_url_and_why_it_had_no_credentials() {
    // An `http://` base URL the server upgrades: the token stays behind at the other origin.
    let elsewhere = TestServer::scripted(vec![Reply::json(
        401,
        &json!({"detail": "Invalid API key"}),
    )])
    .await;
    let target = format!("{}/signed/ses-1?sig=secret", elsewhere.url());
    let server = TestServer::scripted(vec![Reply::empty(301).header("location", &target)]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    let line = error.to_string();
    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.url, format!("{}/api/v1/chat/ses-1", server.url()));
    // The origin only: the rest of a URL the server chose may be signed.
    assert_eq!(api.redirected_to.as_deref(), Some(elsewhere.url().as_str()));
    let note = "where a redirect led (the client sends no credentials to another origin)";
    assert!(
        line.contains(&format!("from {}, {note}", elsewhere.url())),
        "{line}"
    );
    assert!(
        !line.contains("secret") && !line.contains("signed"),
        "{line}"
    );
    let arrived = &elsewhere.requests()[0];
    assert_eq!(arrived.header("authorization"), None, "{arrived:#?}");

    // Without a redirect, nothing is said about one.
    let server = TestServer::scripted(vec![Reply::json(401, &json!({}))]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    assert!(!error.to_string().contains("redirect"), "{error}");
    assert_eq!(expect_api(error).redirected_to, None);
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

/// The client keeps its last attempt's timer registered (it spares the next attempt a wake-up of
/// tokio's timer thread): a shorter timeout after a longer kept timer still fires, and a client
/// whose last attempt ran on a runtime that is gone, its timer still pending, works and times out
/// on another.
#[test]
fn a_kept_timer_does_not_stop_later_timeouts_on_this_runtime_or_another() {
    let serving = tokio::runtime::Runtime::new().unwrap();
    let (stall, ok) = (
        Reply::empty(200).fault(Fault::Stall),
        Reply::json(200, &summary("ses-1")),
    );
    let replies = vec![ok.clone(), stall.clone(), ok, stall];
    let server = serving.block_on(TestServer::scripted(replies));
    let client = client(&server);
    let runtime = || {
        (tokio::runtime::Builder::new_current_thread().enable_all())
            .build()
            .unwrap()
    };
    let call = |timeout: u64| {
        let call = (client.beta().chat())
            .get_summary("ses-1", GetSummaryParams::default())
            .timeout(Duration::from_millis(timeout));
        std::future::IntoFuture::into_future(call)
    };
    let first = runtime();
    assert_eq!(first.block_on(call(60_000)).unwrap().session_id, "ses-1");
    // The kept timer is 60 s away; this attempt's, earlier, must still fire.
    let error = first.block_on(call(200)).unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    // The kept timer is again 60 s away, still pending when its runtime goes.
    assert_eq!(first.block_on(call(60_000)).unwrap().session_id, "ses-1");
    drop(first);
    let error = runtime().block_on(call(200)).unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 4);
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
async fn a_decode_error_names_the_path_of_what_failed_wherever_it_is() {
    // The path is found from the position serde_json reports: the value's last byte, an
    // object's `}` for a missing field, a key's closing quote for a repeated one.
    let cases = [
        (
            r#"{"items": [{"session_id": "a", "last_updated_at": "t"}, {"session_id": 5}]}"#,
            "items[1].session_id",
        ),
        (r#"{"items": [{"session_id": "a"}]}"#, "items[0]"),
        (
            r#"{"items": [{"session_id": "a", "session_id": "b", "last_updated_at": "t"}]}"#,
            "items[0]",
        ),
        (
            r#"{"items": [{"session_id": "a", "last_updated_at": "t", "index_ids": ["x", 7]}]}"#,
            "items[0].index_ids[1]",
        ),
        (
            r#"{"items": [{"session_id": "a", "last_updated_at": "t", "job_metadata": {"error": [1]}}]}"#,
            "items[0].job_metadata.error",
        ),
        (
            r#"{"items": [{"session_id": "a", "last_updated_at": "t", "index_ids": {"x": 1}}]}"#,
            "items[0].index_ids",
        ),
        (r#"{"next_page_token": "a\"],", "items": 3}"#, "items"),
        (
            "{\"items\": [\n  {\"session_id\": \"a\", \"last_updated_at\": \"t\"},\n  {\"session_id\": null}\n]}",
            "items[1].session_id",
        ),
        (
            r#"{"items": [{"session_\u0069d": true}]}"#,
            "items[0].session_id",
        ),
        (r#"{"items": [{"session_id": "a"#, "items[0].session_id"),
        (r#"{"items": []} trailing"#, "."),
        ("[]", "."),
    ];
    for (body, path) in cases {
        let reply = Reply::text(200, "application/json", body);
        let server = TestServer::scripted(vec![reply]).await;
        let error = (client(&server).beta().chat())
            .list(ListParams::default())
            .await
            .unwrap_err();
        match error {
            Error::Decode(decode) => assert_eq!(decode.path, path, "{body}: {}", decode.source),
            other => panic!("{body}: expected Error::Decode, got {other:?}"),
        }
    }
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
    // The session itself lacks a required field: no lenient reading can make it a session.
    let body = json!({"last_updated_at": "2026-04-22T12:34:41", "events": [
        {"type": "text", "content": "ok"}
    ]});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let error = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert!(
                decode.source.to_string().contains("session_id"),
                "{}",
                decode.source
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// An element of a list whose shape departs from the spec (a `stop` event without its
/// `usage`) is kept as `Unknown`; the response around it still decodes.
#[tokio::test]
async fn an_odd_union_element_is_kept_not_fatal() {
    let body = json!({"session_id": "ses-1", "last_updated_at": "2026-04-22T12:34:41", "events": [
        {"type": "text", "content": "ok"},
        {"type": "stop", "is_error": false, "error": null}
    ]});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let session = (client(&server).beta().chat())
        .get("ses-1", GetParams::default())
        .await
        .unwrap();
    assert_eq!(session.events.len(), 2);
    assert_eq!(session.events[1].tag(), Some("stop"));
    assert!(matches!(
        session.events[1],
        llamacloud::models::ChatEvent::Unknown(_)
    ));
}
