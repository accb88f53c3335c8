//! The generated `llamacloud` client against a Prism mock of `spec/openapi.yaml`. In: the mock's
//! base URL in `TEST_API_BASE_URL` (`.ci/run` starts `prism mock --errors` and sets it). Out: every
//! operation called once, so Prism validates each request against the spec (an invalid one is
//! answered 4xx, and the call fails) and the client decodes each answer (a response that does not
//! fit the crate's types fails the call). Ignored in the quick run; when the variable is unset the
//! tests say so and pass, so `--ignored` runs without a mock stay usable.

use futures::TryStreamExt;
use llamacloud::models::ChatEvent;
use llamacloud::resources::beta::chat::{
    CreateParams, DeleteParams, GetParams, GetSummaryParams, ListParams, StreamParams,
};
use llamacloud::{Client, Error};
use std::time::Duration;

const MOCK_URL_VARIABLE: &str = "TEST_API_BASE_URL";
/// A syntactically valid `format: uuid`, so that Prism checks the scoping query parameters too.
const PROJECT_ID: &str = "0b6cdb1e-4d2b-4c8e-9f3a-1a2b3c4d5e6f";
const SESSION_ID: &str = "ses-abc123";

/// A client for the mock, or `None` (with the reason on stderr) when no mock is configured.
/// No retries: a mock answers deterministically, so a retry would only hide a failure.
fn mock_client(test: &str) -> Option<Client> {
    let Ok(base_url) = std::env::var(MOCK_URL_VARIABLE) else {
        eprintln!(
            "skipped {test}: {MOCK_URL_VARIABLE} is not set (start `prism mock --errors spec/openapi.yaml` and set it to its URL)"
        );
        return None;
    };
    let client = Client::builder()
        .api_key("prism-accepts-any-bearer-token")
        .base_url(base_url)
        .max_retries(0)
        // A generous bound that turns a hung mock into a failure, not a timing claim.
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a client for the mock URL");
    Some(client)
}

#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_create() {
    let Some(client) = mock_client("prism_create") else {
        return;
    };
    let params = CreateParams {
        index_ids: Some(Some(vec!["idx-1".into()])),
        project_id: Some(PROJECT_ID.into()),
        ..Default::default()
    };
    let summary = client.beta().chat().create(params).await.unwrap();
    assert!(!summary.last_updated_at.is_empty(), "{summary:?}");
}

#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_get() {
    let Some(client) = mock_client("prism_get") else {
        return;
    };
    let session = client
        .beta()
        .chat()
        .get(SESSION_ID, GetParams::default())
        .await
        .unwrap();
    assert!(!session.last_updated_at.is_empty(), "{session:?}");
}

#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_list_and_auto_paging() {
    let Some(client) = mock_client("prism_list_and_auto_paging") else {
        return;
    };
    let params = || ListParams {
        page_size: Some(2),
        project_id: Some(PROJECT_ID.into()),
        ..Default::default()
    };
    let page = client.beta().chat().list(params()).await.unwrap();
    assert!(page.has_next_page(), "the mock's page names a next page");
    let second = page.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.items().len(), page.items().len());

    // Prism answers every page with the same generated body, cursor included, so the auto-pager
    // follows the cursor once (a second request that Prism validates, `page_token` included),
    // notices the same page again and stops with a pagination error after the first page's items,
    // instead of looping or yielding the items twice.
    let mut items = 0;
    let mut pager = client.beta().chat().list_auto_paging(params());
    let stop = loop {
        match pager.try_next().await {
            Ok(Some(_)) => items += 1,
            Ok(None) => panic!("the pager ended without noticing the repeated cursor"),
            Err(error) => break error,
        }
    };
    assert_eq!(items, page.items().len());
    assert!(
        matches!(&stop, Error::Pagination { message } if message.contains("same page twice")),
        "{stop}"
    );
}

#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_delete() {
    let Some(client) = mock_client("prism_delete") else {
        return;
    };
    client
        .beta()
        .chat()
        .delete(SESSION_ID, DeleteParams::default())
        .await
        .unwrap();
}

#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_get_summary() {
    let Some(client) = mock_client("prism_get_summary") else {
        return;
    };
    let summary = client
        .beta()
        .chat()
        .get_summary(SESSION_ID, GetSummaryParams::default())
        .await
        .unwrap();
    assert!(!summary.last_updated_at.is_empty(), "{summary:?}");
}

/// The stream's example in the spec is real event-stream text: every event decodes to a known
/// variant (none falls back to `Unknown`), in order, ending with `stop`.
#[tokio::test]
#[ignore = "needs a Prism mock of spec/openapi.yaml in TEST_API_BASE_URL; run by .ci/run"]
async fn prism_stream() {
    let Some(client) = mock_client("prism_stream") else {
        return;
    };
    let params = StreamParams {
        prompt: "What were the main findings in Q3?".into(),
        index_ids: vec!["idx-1".into()],
        ..Default::default()
    };
    let events: Vec<ChatEvent> = client
        .beta()
        .chat()
        .stream(SESSION_ID, params)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let tags: Vec<Option<&str>> = events.iter().map(ChatEvent::tag).collect();
    assert_eq!(
        tags,
        [
            "thinking_delta",
            "tool_call",
            "tool_result",
            "text_delta",
            "text_delta",
            "text",
            "stop"
        ]
        .map(Some)
    );
    let answer: String = events
        .iter()
        .filter_map(|event| match event {
            ChatEvent::TextDelta(delta) => Some(delta.content.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(answer, "Revenue grew 12% in Q3.");
}
