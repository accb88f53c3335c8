//! Security schemes on the wire (golden crate `styles-auth`): bearer, basic, API keys in a
//! header, the query and a cookie, OAuth tokens from a provider, per-operation `security`
//! (public operations, alternatives, combinations), and credentials kept out of `Debug`, `debug`
//! logs, errors and `ResponseMeta`. The degraded schemes (golden crate `degraded-3-1`): an http
//! scheme the client cannot compute takes the caller's whole `Authorization` value, and an
//! operation that requires only mutual TLS is sent without credentials.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use styles_and_auth::resources::auth::{GetBothParams, SubmitParams};
use styles_and_auth::resources::styles::ListParams;
use styles_and_auth::{Client, ClientBuilder, Error};
use tests::server::{Reply, Request, TestServer};

const SECRETS: &[&str] = &[
    "bearer-secret",
    "pass-secret",
    "query-secret",
    "header-secret",
    "cookie-secret",
];

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(server.url()).max_retries(0)
}

async fn serve(replies: usize) -> TestServer {
    TestServer::scripted((0..replies).map(|_| Reply::empty(204)).collect()).await
}

fn only(server: &TestServer) -> Request {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

fn params() -> ListParams {
    ListParams {
        session: "s".into(),
        ..ListParams::default()
    }
}

#[tokio::test]
async fn the_default_requirement_sends_the_bearer_token_and_public_operations_send_nothing() {
    let server = serve(2).await;
    let client = builder(&server).api_key("bearer-secret").build().unwrap();
    client.styles().list(params()).await.unwrap();
    client.auth().get_public().await.unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer bearer-secret")
    );
    assert_eq!(
        requests[1].header("authorization"),
        None,
        "{:?}",
        requests[1].headers
    );
    assert!(!requests[1].raw_target.contains("secret"));
}

#[tokio::test]
async fn the_first_alternative_with_credentials_is_sent() {
    let server = serve(1).await;
    let client = builder(&server)
        .basic("user", "pass-secret")
        .query_key("query-secret")
        .build()
        .unwrap();
    client.auth().get_either().await.unwrap();
    let request = only(&server);
    // base64("user:pass-secret")
    assert_eq!(
        request.header("authorization"),
        Some("Basic dXNlcjpwYXNzLXNlY3JldA==")
    );
    assert_eq!(request.query_value("api_key"), None);

    let server = serve(1).await;
    let client = builder(&server).query_key("query-secret").build().unwrap();
    client.auth().get_either().await.unwrap();
    let request = only(&server);
    assert_eq!(request.query_value("api_key"), Some("query-secret"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_and_names_the_schemes() {
    let server = serve(1).await;
    let client = builder(&server).api_key("bearer-secret").build().unwrap();
    let err = client.auth().get_either().await.unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("basic or queryKey"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn combined_schemes_are_all_sent_and_the_cookie_key_joins_cookie_parameters() {
    let server = serve(1).await;
    let client = builder(&server)
        .header_key("header-secret")
        .cookie_key("cookie-secret")
        .build()
        .unwrap();
    let params = GetBothParams {
        theme: Some("dark".into()),
    };
    client.auth().get_both(params).await.unwrap();
    let request = only(&server);
    assert_eq!(request.header("x-api-key"), Some("header-secret"));
    let cookies: Vec<_> = request
        .headers
        .iter()
        .filter(|(n, _)| n == "cookie")
        .collect();
    assert_eq!(cookies.len(), 1, "{:?}", request.headers);
    assert_eq!(cookies[0].1, "theme=dark; sid=cookie-secret");
}

#[tokio::test]
async fn a_token_provider_is_called_for_every_request() {
    let server = serve(3).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = builder(&server)
        .token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(format!("token-{n}")) }
        })
        .oauth_provider(|| async { Ok("oauth-token".to_owned()) })
        .build()
        .unwrap();
    client.styles().list(params()).await.unwrap();
    client.styles().list(params()).await.unwrap();
    client.auth().get_oauth().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer token-0"));
    assert_eq!(requests[1].header("authorization"), Some("Bearer token-1"));
    assert_eq!(
        requests[2].header("authorization"),
        Some("Bearer oauth-token")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_provider_fails_the_request() {
    let server = serve(1).await;
    let client = builder(&server)
        .token_provider(|| async { Err("refresh failed".to_owned()) })
        .build()
        .unwrap();
    let err = client.styles().list(params()).await.unwrap_err();
    assert!(err.to_string().contains("refresh failed"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn credentials_stay_out_of_debug_errors_and_response_urls() {
    let server = serve(1).await;
    let builder = builder(&server)
        .api_key("bearer-secret")
        .basic("user", "pass-secret")
        .query_key("query-secret")
        .header_key("header-secret")
        .cookie_key("cookie-secret");
    let shown = format!("{builder:?}");
    let client = builder.build().unwrap();
    let shown = format!("{shown} {client:?}");
    let (_, meta) = client.auth().get_either().with_response().await.unwrap();
    assert_eq!(
        only(&server).query_value("api_key"),
        None,
        "basic comes first"
    );
    let shown = format!("{shown} {}", meta.url);
    // A connection error names the URL; a query key in it is redacted.
    let closed = Client::builder()
        .base_url("http://127.0.0.1:9")
        .query_key("query-secret")
        .max_retries(0)
        .build()
        .unwrap();
    let err = closed.auth().get_either().await.unwrap_err();
    let shown = format!("{shown} {err} {err:?}");
    assert!(shown.contains("[redacted]"), "{shown}");
    for secret in SECRETS {
        assert!(!shown.contains(secret), "`{secret}` leaked: {shown}");
    }
}

/// Run in a child process (the environment is per process): credentials from the environment
/// variables, with `debug` logging to stderr, which the parent reads.
#[tokio::test]
async fn child_credentials_from_the_environment() {
    let Ok(url) = std::env::var("STYLES_AUTH_CHILD_URL") else {
        return;
    };
    let client = Client::builder()
        .base_url(url)
        .max_retries(0)
        .debug(true)
        .build()
        .unwrap();
    client.styles().list(params()).await.unwrap();
    client
        .auth()
        .get_both(GetBothParams::default())
        .await
        .unwrap();
    client.auth().get_either().await.unwrap();
}

#[tokio::test]
async fn credentials_come_from_their_environment_variables_and_stay_out_of_debug_logs() {
    let server = serve(3).await;
    let url = server.url();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "child_credentials_from_the_environment",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("STYLES_AUTH_CHILD_URL", url)
        .env("STYLES_AND_AUTH_API_KEY", "bearer-secret")
        .env("STYLES_AND_AUTH_HEADER_KEY", "header-secret")
        .env("STYLES_AND_AUTH_COOKIE_KEY", "cookie-secret")
        .env("STYLES_AND_AUTH_QUERY_KEY", "query-secret")
        .env_remove("STYLES_AND_AUTH_BASIC");
    // The server answers on this runtime while the child runs.
    let output = tokio::task::spawn_blocking(move || child.output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{stderr}");
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer bearer-secret")
    );
    assert_eq!(requests[1].header("x-api-key"), Some("header-secret"));
    assert_eq!(requests[1].header("cookie"), Some("sid=cookie-secret"));
    assert_eq!(requests[2].query_value("api_key"), Some("query-secret"));
    assert!(stderr.contains("> GET"), "debug logging ran: {stderr}");
    for secret in SECRETS {
        assert!(
            !stderr.contains(secret),
            "`{secret}` leaked into the debug log: {stderr}"
        );
    }
}

#[tokio::test]
async fn an_unsupported_http_scheme_sends_the_callers_authorization_value_as_given() {
    let server = serve(1).await;
    let value = "Digest username=\"u\", response=\"r-secret\"";
    let client = degraded31::Client::builder()
        .base_url(server.url())
        .max_retries(0)
        .digest(value)
        .build()
        .unwrap();
    client.certs().get_signed().await.unwrap();
    assert_eq!(only(&server).header("authorization"), Some(value));
}

#[tokio::test]
async fn an_unsupported_http_scheme_without_a_value_fails_before_sending() {
    let server = serve(1).await;
    let client = (degraded31::Client::builder().base_url(server.url()))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.certs().get_signed().await.unwrap_err();
    assert!(matches!(err, degraded31::Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("digest"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_operation_that_requires_only_mutual_tls_is_sent_without_credentials() {
    let server = TestServer::scripted(vec![Reply::json(200, &serde_json::json!([]))]).await;
    let client = (degraded31::Client::builder().base_url(server.url()))
        .max_retries(0)
        .api_key("bearer-secret")
        .build()
        .unwrap();
    let things = client.certs().list().await.unwrap();
    assert!(things.is_empty());
    assert_eq!(only(&server).header("authorization"), None);
}

/// reqwest drops `Authorization` and cookies when a redirect leaves the origin, but not an API
/// key in a header of the API's own naming: a crate with such a scheme follows redirects within
/// the origin with its credentials, and one that leaves it (a download from a storage host)
/// without any.
#[tokio::test]
async fn a_redirect_keeps_the_credentials_within_the_origin_and_drops_them_beyond_it() {
    let client_for = |server: &TestServer| {
        builder(server)
            .header_key("header-secret")
            .cookie_key("cookie-secret")
            .default_header("x-private-token", "default-secret")
            .build()
            .unwrap()
    };
    let server = TestServer::scripted(vec![
        Reply::empty(307).header("location", "/auth/moved"),
        Reply::empty(204),
    ])
    .await;
    client_for(&server)
        .auth()
        .get_both(GetBothParams::default())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_eq!(requests[1].raw_target, "/auth/moved");
    assert_eq!(requests[1].header("x-api-key"), Some("header-secret"));
    // No `Referer`: it would carry the previous URL, query included, wherever a redirect leads.
    assert_eq!(requests[1].header("referer"), None);

    // Two hops: to another origin, then within that one.
    let elsewhere = TestServer::scripted(vec![
        Reply::empty(302).header("location", "/signed?sig=1"),
        Reply::empty(204),
    ])
    .await;
    let target = format!("{}/collect", elsewhere.url());
    let server = TestServer::scripted(vec![Reply::empty(307).header("location", &target)]).await;
    client_for(&server)
        .auth()
        .get_both(GetBothParams::default())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
    let arrived = elsewhere.requests();
    let targets: Vec<&str> = arrived.iter().map(|r| r.raw_target.as_str()).collect();
    assert_eq!(targets, ["/collect", "/signed?sig=1"], "{arrived:#?}");
    for request in &arrived {
        assert_eq!(request.method, "GET");
        assert!(
            request.header("user-agent").is_some(),
            "what is asked for goes along"
        );
        for (name, value) in &request.headers {
            assert!(
                !["header-secret", "cookie-secret", "default-secret"]
                    .iter()
                    .any(|secret| value.contains(secret)),
                "{name}: {value} reached the other origin"
            );
        }
    }
}

/// A 401 from the origin a redirect led to says where it came from, and why no key went
/// along: the followed request of the runtime's `redirect` carries none.
#[tokio::test]
async fn a_401_beyond_the_origin_says_where_the_redirect_led() {
    let elsewhere = TestServer::scripted(vec![Reply::empty(401)]).await;
    let target = format!("{}/auth/both", elsewhere.url());
    let server = TestServer::scripted(vec![Reply::empty(307).header("location", &target)]).await;
    let client = builder(&server)
        .header_key("header-secret")
        .cookie_key("cookie-secret")
        .build()
        .unwrap();
    let error = (client.auth().get_both(GetBothParams::default()))
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.redirected_to.as_deref(), Some(elsewhere.url().as_str()));
    let line = error.to_string();
    assert!(
        line.contains("where a redirect led (the client sends no credentials to another origin)"),
        "{line}"
    );
    let arrived = only(&elsewhere);
    assert_eq!(arrived.header("x-api-key"), None);
    assert_eq!(arrived.header("cookie"), None);
}

/// A 303 to another origin, or a 302 after a POST, is followed by a GET without the body (or
/// its `Content-Type`); a 307 or 308 keeps the method and sends the body again; none carries
/// the key.
#[tokio::test]
async fn a_redirect_beyond_the_origin_keeps_or_drops_the_body_by_its_status() {
    let sent = r#"{"note":"n"}"#;
    let cases = [
        (303, "GET", ""),
        (302, "GET", ""),
        (307, "POST", sent),
        (308, "POST", sent),
    ];
    for (status, method, body) in cases {
        let elsewhere = serve(1).await;
        let target = format!("{}/collect", elsewhere.url());
        let server =
            TestServer::scripted(vec![Reply::empty(status).header("location", &target)]).await;
        let client = builder(&server)
            .header_key("header-secret")
            .build()
            .unwrap();
        let params = SubmitParams {
            note: Some("n".into()),
        };
        client.auth().submit(params).await.unwrap();
        assert_eq!(only(&server).header("x-api-key"), Some("header-secret"));
        let arrived = only(&elsewhere);
        assert_eq!(arrived.method, method, "{status}");
        assert_eq!(String::from_utf8_lossy(&arrived.body), body, "{status}");
        let content_type = arrived.header("content-type");
        assert_eq!(
            content_type.is_some(),
            !body.is_empty(),
            "{status}: {content_type:?}"
        );
        assert_eq!(arrived.header("x-api-key"), None, "{status}");
    }
}

/// A client of the caller's own keeps its redirect policy: one that follows none hands the
/// redirect back, and the call fails with its status.
#[tokio::test]
async fn a_client_of_the_callers_own_keeps_its_redirect_policy() {
    let elsewhere = serve(1).await;
    let target = format!("{}/collect", elsewhere.url());
    let server = TestServer::scripted(vec![Reply::empty(307).header("location", &target)]).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = builder(&server)
        .header_key("header-secret")
        .cookie_key("cookie-secret")
        .http_client(http)
        .build()
        .unwrap();
    let err = client
        .auth()
        .get_both(GetBothParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err:?}");
    assert!(elsewhere.requests().is_empty());
}
