//! The transport seam of the generated `llamacloud` client (`ClientBuilder::transport`) and the
//! `testing` feature's `TestTransport`: retries, authentication, pagination, timeouts and event
//! streams all run through the transport, requests are recorded as sent, and a request the
//! script did not expect fails the call and the test.

use futures::TryStreamExt;
use llamacloud::models::{ChatEvent, TextDeltaEvent};
use llamacloud::resources::beta::chat::{ListParams, StreamParams};
use llamacloud::testing::{Reply, TestTransport};
use llamacloud::{Client, Error, Transport, TransportFuture};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn client_on(transport: impl Transport, max_retries: u32) -> Client {
    Client::builder()
        .api_key("secret-key")
        .base_url("https://api.test")
        .max_retries(max_retries)
        .transport(transport)
        .build()
        .unwrap()
}

fn summary(id: &str) -> serde_json::Value {
    json!({"session_id": id, "last_updated_at": "2026-04-22T12:34:41.342245"})
}

fn session(id: &str) -> serde_json::Value {
    json!({"session_id": id, "last_updated_at": "2026-04-22T12:34:41.342245", "events": []})
}

#[tokio::test]
async fn retries_run_through_the_transport() {
    let transport = TestTransport::new();
    transport
        .reply(Reply::json(503, json!({"detail": "busy"})).header("retry-after-ms", "1"))
        .reply(Reply::connection_error("connection reset by peer"))
        .expect(
            "GET",
            "/api/v1/chat/ses-1",
            Reply::json(200, session("ses-1")),
        );
    let client = client_on(transport.clone(), 2);
    let got = client
        .beta()
        .chat()
        .get("ses-1", Default::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    let requests = transport.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    for request in &requests {
        assert_eq!(
            (request.method.as_str(), request.path()),
            ("GET", "/api/v1/chat/ses-1")
        );
    }
    transport.assert_done();
}

#[tokio::test]
async fn authentication_and_headers_are_on_the_request_the_transport_gets() {
    let transport = TestTransport::new();
    transport.reply(Reply::json(200, json!({"items": []})));
    let client = Client::builder()
        .api_key("secret-key")
        .base_url("https://api.test")
        .default_header("x-team", "payments")
        .transport(transport.clone())
        .build()
        .unwrap();
    let params = ListParams {
        page_size: Some(5),
        ..Default::default()
    };
    client
        .beta()
        .chat()
        .list(params)
        .header("x-trace", "t-1")
        .await
        .unwrap();
    let request = &transport.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer secret-key"));
    assert!(request.headers["authorization"].is_sensitive());
    assert_eq!(request.header("x-team"), Some("payments"));
    assert_eq!(request.header("x-trace"), Some("t-1"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.query("page_size").as_deref(), Some("5"));
    assert!(
        !format!("{request:?}").contains("secret-key"),
        "{request:?}"
    );
    transport.assert_done();
}

#[tokio::test]
async fn pagination_runs_through_the_transport() {
    let transport = TestTransport::new();
    transport
        .reply(Reply::json(
            200,
            json!({"items": [summary("a"), summary("b")], "next_page_token": "t2"}),
        ))
        .reply(Reply::json(200, json!({"items": [summary("c")]})));
    let client = client_on(transport.clone(), 0);
    let params = ListParams {
        page_size: Some(2),
        ..Default::default()
    };
    let items: Vec<_> = client
        .beta()
        .chat()
        .list_auto_paging(params)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|item| item.session_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query("page_token"), None);
    assert_eq!(requests[1].query("page_token").as_deref(), Some("t2"));
    assert_eq!(requests[1].query("page_size").as_deref(), Some("2"));
    transport.assert_done();
}

fn stream_params() -> StreamParams {
    StreamParams {
        prompt: "Q3?".into(),
        index_ids: vec!["idx-1".into()],
        ..Default::default()
    }
}

fn stop() -> serde_json::Value {
    json!({"type": "stop", "is_error": false, "error": null,
        "usage": {"duration_ms": 1.5, "total_input_tokens": 1, "total_output_tokens": 2, "turns": 1}})
}

#[tokio::test]
async fn event_streams_run_through_the_transport() {
    let transport = TestTransport::new();
    transport.expect(
        "POST",
        "/api/v1/chat/ses-1/messages/stream",
        Reply::sse([json!({"type": "text_delta", "content": "Hi"}), stop()]),
    );
    let client = client_on(transport.clone(), 0);
    let events: Vec<ChatEvent> = client
        .beta()
        .chat()
        .stream("ses-1", stream_params())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        events[0],
        ChatEvent::TextDelta(TextDeltaEvent {
            extra: Default::default(),
            content: "Hi".into()
        })
    );
    assert!(matches!(events[1], ChatEvent::Stop(_)), "{events:?}");
    let request = &transport.requests()[0];
    assert_eq!(
        request.json(),
        Some(json!({"prompt": "Q3?", "index_ids": ["idx-1"]}))
    );
    assert_eq!(request.header("accept"), Some("text/event-stream"));
    transport.assert_done();
}

#[tokio::test]
async fn a_scripted_stream_that_breaks_or_stalls_is_an_error() {
    let transport = TestTransport::new();
    let delta = json!({"type": "text_delta", "content": "Hi"});
    transport
        .reply(Reply::sse([delta.clone()]).then_break("connection reset"))
        .reply(Reply::sse([delta]).then_stall());
    let client = client_on(transport.clone(), 0);
    let chat = client.beta().chat();
    let mut broken = chat.stream("ses-1", stream_params()).await.unwrap();
    assert!(broken.try_next().await.unwrap().is_some());
    let error = broken.try_next().await.unwrap_err();
    assert!(matches!(error, Error::Stream { .. }), "{error:?}");
    let call = chat
        .stream("ses-1", stream_params())
        .timeout(Duration::from_millis(200));
    let mut stalled = call.await.unwrap();
    assert!(stalled.try_next().await.unwrap().is_some());
    let error = stalled.try_next().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    transport.assert_done();
}

#[tokio::test]
async fn an_unexpected_request_fails_the_call_and_is_not_retried() {
    let transport = TestTransport::new();
    transport.expect("DELETE", "/api/v1/chat/ses-1", Reply::status(204));
    let client = client_on(transport.clone(), 2);
    let error = client
        .beta()
        .chat()
        .get("ses-1", Default::default())
        .await
        .unwrap_err();
    let Error::Transport { source, .. } = &error else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(!source.is_retryable());
    assert!(
        error
            .to_string()
            .contains("expected DELETE /api/v1/chat/ses-1"),
        "{error}"
    );
    assert_eq!(
        transport.requests().len(),
        1,
        "an unexpected request is not retried"
    );
    let unexpected = transport.take_unexpected();
    assert_eq!(unexpected.len(), 1);
    assert!(
        unexpected[0].contains("GET https://api.test/api/v1/chat/ses-1"),
        "{unexpected:?}"
    );
    assert_eq!(transport.remaining(), 1);
}

#[test]
#[should_panic(expected = "1 unused reply")]
fn assert_done_fails_on_an_unused_reply() {
    let transport = TestTransport::new();
    transport.reply(Reply::status(204));
    transport.assert_done();
}

#[tokio::test]
#[should_panic(expected = "TestTransport dropped after 1 unexpected request")]
async fn dropping_a_transport_that_saw_an_unexpected_request_fails_the_test() {
    let transport = TestTransport::new();
    let client = client_on(transport.clone(), 0);
    let _ = client.beta().chat().get("ses-1", Default::default()).await;
    drop(client);
    drop(transport);
}

/// A transport of the caller's own: counts attempts, and never answers the first.
struct StallFirst {
    attempts: Arc<AtomicUsize>,
    inner: TestTransport,
}

impl Transport for StallFirst {
    fn send(&self, request: reqwest::Request) -> TransportFuture {
        if self.attempts.fetch_add(1, Ordering::SeqCst) == 0 {
            return Box::pin(std::future::pending());
        }
        self.inner.send(request)
    }
}

#[tokio::test]
async fn the_timeout_bounds_the_transport_and_a_timed_out_attempt_is_retried() {
    let inner = TestTransport::new();
    inner.reply(Reply::json(200, session("ses-1")));
    let attempts = Arc::new(AtomicUsize::new(0));
    let transport = StallFirst {
        attempts: Arc::clone(&attempts),
        inner: inner.clone(),
    };
    let client = Client::builder()
        .api_key("secret-key")
        .base_url("https://api.test")
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .transport(transport)
        .build()
        .unwrap();
    let got = client
        .beta()
        .chat()
        .get("ses-1", Default::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    inner.assert_done();
}

#[tokio::test]
async fn the_default_transport_is_reqwest_and_http_client_still_replaces_it() {
    // Nothing listens on this port (bound, then released): the default transport's failure is
    // a connection error with reqwest's cause, as before the seam existed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .api_key("secret-key")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .transport(TestTransport::new())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let error = client
        .beta()
        .chat()
        .get("ses-1", Default::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
}

/// The request URL is the client's parsed base URL with the path appended (the host is parsed
/// once, when the client is built): it must be the URL that parsing the whole text gives, for a
/// base URL with a path prefix, with or without its trailing `/`, and for path parameters the
/// URL parser would otherwise read as structure (`%`, `?`, `#`, a space, non-ASCII), and a base
/// URL the parser normalises (`..`, a default port, an upper-case host).
#[tokio::test]
async fn the_request_url_is_the_base_url_and_the_path_as_one_url() {
    let cases = [
        (
            "https://api.test",
            "ses-1",
            "https://api.test/api/v1/chat/ses-1",
        ),
        (
            "https://api.test/",
            "ses-1",
            "https://api.test/api/v1/chat/ses-1",
        ),
        (
            "https://api.test/prefix/",
            "a b/ä?#",
            "https://api.test/prefix/api/v1/chat/a%20b%2F%C3%A4%3F%23",
        ),
        (
            "https://api.test/prefix",
            "a..b",
            "https://api.test/prefix/api/v1/chat/a..b",
        ),
        (
            "https://api.test/pre%20fix/",
            "%41.",
            "https://api.test/pre%20fix/api/v1/chat/%2541.",
        ),
        (
            "https://API.test:443/p/../q",
            ".x",
            "https://api.test/q/api/v1/chat/.x",
        ),
    ];
    for (base, id, want) in cases {
        let transport = TestTransport::new();
        transport.reply(Reply::json(200, session(id)));
        let client = Client::builder()
            .api_key("secret-key")
            .base_url(base)
            .transport(transport.clone())
            .build()
            .unwrap();
        client
            .beta()
            .chat()
            .get(id, Default::default())
            .await
            .unwrap();
        let url = transport.requests()[0].url.to_string();
        assert_eq!(url, want, "base {base:?}, id {id:?}");
    }
}

/// A path the document wrote with a `#` in it (`hostile`'s `/pets/{pet_id}/x*/pwned"#/}/{self}`)
/// is not appended to the parsed base URL: it is sent as parsing the base URL and the path as
/// one text reads it, the `#` starting a fragment, as before the base URL was kept parsed.
#[tokio::test]
async fn a_path_holding_a_hash_is_read_as_the_whole_url_would_be() {
    let transport = hostile::testing::TestTransport::new();
    transport.reply(hostile::testing::Reply::json(200, json!({})));
    let base = "https://api.test/base/";
    let client = hostile::Client::builder()
        .api_key("secret-key")
        .base_url(base)
        .transport(transport.clone())
        .build()
        .unwrap();
    let pets = client.pets_pwned_tag();
    let _ = pets.get_fn_pwned_op("p1", 7, Default::default()).await;
    let sent = transport.requests()[0].url.clone();
    let whole = reqwest::Url::parse("https://api.test/base/pets/p1/x*/pwned\"#/}/7").unwrap();
    assert_eq!(sent, whole);
    assert_eq!(sent.fragment(), Some("/}/7"));
}
