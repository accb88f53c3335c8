//! Configuration of the generated `llamacloud` client from environment variables
//! (`LLAMA_CLOUD_API_KEY`, `LLAMA_CLOUD_BASE_URL`, `LLAMA_CLOUD_CUSTOM_HEADERS`): values reach the
//! wire, bad values are `Error::Config` without the key, and the builder wins over the
//! environment. Environment variables are process-global, so this binary holds exactly one test.

mod client_support;

use client_support::summary;
use llamacloud::{Client, Error};
use tests::server::{Reply, TestServer};

const KEY: &str = "env-secret-key-789";

/// The message of the `Error::Config` that `from_env()` returns, after checking that neither its
/// `Display` nor its `Debug` output shows the API key.
fn config_error() -> String {
    let error = Client::from_env().expect_err("from_env must fail");
    let (line, debug) = (error.to_string(), format!("{error:?}"));
    assert!(!line.contains(KEY), "{line}");
    assert!(!debug.contains(KEY), "{debug}");
    match error {
        Error::Config { message } => message,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[tokio::test]
async fn environment_configures_the_client_and_bad_values_are_config_errors() {
    let server = TestServer::start(|_, _| Reply::json(200, &summary("s"))).await;
    // SAFETY: this binary holds a single test, so no other thread reads or writes the
    // environment meanwhile.
    unsafe {
        std::env::set_var("LLAMA_CLOUD_API_KEY", KEY);
        std::env::set_var("LLAMA_CLOUD_BASE_URL", server.url());
        std::env::set_var(
            "LLAMA_CLOUD_CUSTOM_HEADERS",
            "X-One: 1\n\nX-Two: two words\n",
        );
    }
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), server.url());
    let got = (client.beta().chat())
        .get_summary("s", Default::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "s");
    let request = &server.requests()[0];
    assert_eq!(request.path, "/api/v1/chat/s/summary");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(request.header("authorization"), Some(bearer.as_str()));
    assert_eq!(request.header("x-one"), Some("1"));
    assert_eq!(request.header("x-two"), Some("two words"));

    // SAFETY: as above.
    unsafe { std::env::set_var("LLAMA_CLOUD_CUSTOM_HEADERS", "X-Ok: 1\nnot a header line") };
    let message = config_error();
    assert!(message.contains("LLAMA_CLOUD_CUSTOM_HEADERS"), "{message}");
    assert!(message.contains("line 2"), "{message}");

    // SAFETY: as above.
    unsafe {
        std::env::remove_var("LLAMA_CLOUD_CUSTOM_HEADERS");
        std::env::set_var("LLAMA_CLOUD_BASE_URL", "ftp://example.com");
    }
    let message = config_error();
    assert!(message.contains("http"), "{message}");
    assert!(message.contains("ftp://example.com"), "{message}");

    // SAFETY: as above.
    unsafe {
        std::env::set_var("LLAMA_CLOUD_BASE_URL", server.url());
        std::env::remove_var("LLAMA_CLOUD_API_KEY");
    }
    let message = config_error();
    assert!(message.contains("LLAMA_CLOUD_API_KEY"), "{message}");

    // SAFETY: as above.
    unsafe { std::env::set_var("LLAMA_CLOUD_API_KEY", KEY) };
    let explicit = Client::builder().api_key("explicit").build().unwrap();
    (explicit.beta().chat())
        .get_summary("s", Default::default())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer explicit"),
        "an explicit api_key wins over LLAMA_CLOUD_API_KEY"
    );
}
