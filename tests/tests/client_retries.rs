//! The retry policy of the generated `llamacloud` client on the wire: which statuses are retried,
//! `max_retries` on the client and per call, `x-should-retry`, and waits that honour the server's
//! `retry-after-ms` / `retry-after` headers.

mod client_support;

use client_support::{client_with_retries, expect_api, summary, unavailable};
use llamacloud::resources::beta::chat::{CreateParams, GetParams, GetSummaryParams};
use serde_json::json;
use std::future::IntoFuture;
use std::time::{Duration, Instant};
use tests::server::{Reply, TestServer};

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

// ---------------------------------------------------------------- which statuses are retried

#[tokio::test]
async fn retryable_statuses_are_retried_once_and_others_never() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let failure =
            Reply::json(status, &json!({"detail": "again"})).header("retry-after-ms", "1");
        let server = TestServer::scripted(vec![failure, Reply::json(200, &summary("ses-1"))]).await;
        let got = (client_with_retries(&server, 2).beta().chat())
            .get_summary("ses-1", GetSummaryParams::default())
            .await
            .unwrap_or_else(|error| panic!("{status} then 200 must succeed: {error:?}"));
        assert_eq!(got.session_id, "ses-1", "{status}");
        assert_eq!(server.requests().len(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 422] {
        let failure = Reply::json(status, &json!({"detail": "no"})).header("retry-after-ms", "1");
        let server = TestServer::scripted(vec![failure, Reply::json(200, &summary("ses-1"))]).await;
        let error = (client_with_retries(&server, 2).beta().chat())
            .get_summary("ses-1", GetSummaryParams::default())
            .await
            .expect_err("a non-retryable status is returned as an error");
        assert_eq!(expect_api(error).status.as_u16(), status);
        assert_eq!(server.requests().len(), 1, "{status} is not retried");
    }
}

// ---------------------------------------------------------------- waits between attempts
//
// Waits are asserted as lower bounds only (a sleep never returns early), except for one
// generous upper bound that fails only if a wait the client must ignore was honoured.

#[tokio::test]
async fn retry_after_ms_is_waited_for() {
    let limited = Reply::json(429, &json!({"detail": "slow down"})).header("retry-after-ms", "120");
    let server = TestServer::scripted(vec![limited, Reply::json(200, &summary("ses-1"))]).await;
    let client = client_with_retries(&server, 2);
    let started = Instant::now();
    (client.beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(120), "{elapsed:?}");
    assert_eq!(server.requests().len(), 2);
}

/// A requested wait of 0 is outside (0, 60] s, so the client falls back to its computed back-off
/// (0.375–0.5 s for the first retry) instead of retrying at once; only the retry is asserted.
#[tokio::test]
async fn zero_retry_after_falls_back_to_the_computed_back_off() {
    let unavailable = Reply::json(503, &json!({"detail": "try again"}))
        .header("retry-after-ms", "0")
        .header("retry-after", "0");
    let server = TestServer::scripted(vec![unavailable, Reply::json(200, &summary("ses-1"))]).await;
    let got = (client_with_retries(&server, 2).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .await
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(server.requests().len(), 2);
}

/// A requested wait over 60 s is ignored in favour of the computed back-off (at most 0.5 s for
/// the first retry), so the call finishes well within the 5 s guard.
#[tokio::test]
async fn retry_after_over_sixty_seconds_is_ignored() {
    let unavailable =
        Reply::json(503, &json!({"detail": "later"})).header("retry-after-ms", "100000");
    let server = TestServer::scripted(vec![unavailable, Reply::json(200, &summary("ses-1"))]).await;
    let call = (client_with_retries(&server, 1).beta().chat())
        .get_summary("ses-1", GetSummaryParams::default())
        .into_future();
    let got = tokio::time::timeout(Duration::from_secs(5), call)
        .await
        .expect("a 100 s retry-after-ms must be ignored, not waited for")
        .unwrap();
    assert_eq!(got.session_id, "ses-1");
    assert_eq!(server.requests().len(), 2);
}
