//! Configuration and per-request options of the generated `llamacloud` client on the wire:
//! per-call headers and query parameters, `with_response`, base URLs with a path prefix, bad
//! configuration, concurrent calls, and secret-free `Debug` output.

mod client_support;

use client_support::{client, summary};
use llamacloud::resources::beta::chat::{GetParams, GetSummaryParams};
use llamacloud::{Client, Error};
use tests::server::{Reply, TestServer};

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

// ---------------------------------------------------------------- configuration

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
