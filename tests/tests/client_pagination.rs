//! Pagination at scale and with prefetch: items stream lazily (a page is requested only when the
//! items before it are consumed), the caller's `reqwest::Client` and the original parameters are
//! used for every page, and prefetch keeps exactly one page in flight.

use futures::{StreamExt, TryStreamExt};
use llamacloud::Client;
use llamacloud::resources::beta::chat::ListParams;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tests::server::{Reply, Request, TestServer};

const PROJECT: &str = "0b6cdb1e-4d2b-4c8e-9f3a-1a2b3c4d5e6f";

/// Pages `p0 … p{pages-1}` of `per_page` items; the page index comes from `page_token`.
fn paged(
    pages: usize,
    per_page: usize,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync + 'static {
    move |request, _| {
        let page: usize = request
            .query_value("page_token")
            .map_or(0, |t| t.trim_start_matches('p').parse().unwrap());
        let items: Vec<_> = (0..per_page)
            .map(|i| json!({"session_id": format!("s{}", page * per_page + i), "last_updated_at": "2026-04-22T12:34:41"}))
            .collect();
        let next = (page + 1 < pages).then(|| format!("p{}", page + 1));
        Reply::json(200, &json!({"items": items, "next_page_token": next}))
    }
}

fn params(page_size: i64) -> ListParams {
    ListParams {
        page_size: Some(page_size),
        project_id: Some(PROJECT.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn ten_thousand_items_over_a_hundred_pages_stream_lazily_with_the_callers_http_client() {
    let requested = Arc::new(AtomicUsize::new(0));
    let counter = requested.clone();
    let pages = paged(100, 100);
    let server = TestServer::start(move |request, index| {
        counter.store(index + 1, Ordering::SeqCst);
        pages(request, index)
    })
    .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-callers-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .http_client(http)
        .build()
        .unwrap();

    let mut items = client.beta().chat().list_auto_paging(params(100));
    let mut seen = 0;
    while let Some(item) = items.try_next().await.unwrap() {
        assert_eq!(item.session_id, format!("s{seen}"));
        // Lazy: when item `seen` is handed out, only the pages up to and including its own
        // have been requested; nothing is buffered ahead.
        assert_eq!(
            requested.load(Ordering::SeqCst),
            seen / 100 + 1,
            "at item {seen}"
        );
        seen += 1;
    }
    assert_eq!(seen, 10_000);
    let requests = server.requests();
    assert_eq!(requests.len(), 100);
    for (index, request) in requests.iter().enumerate() {
        assert_eq!(request.query_value("page_size"), Some("100"));
        assert_eq!(request.query_value("project_id"), Some(PROJECT));
        assert_eq!(
            request.query_values("page_token").len(),
            usize::from(index > 0),
            "one cursor at most"
        );
        assert_eq!(
            request.header("x-callers-client"),
            Some("yes"),
            "request {index} used another client"
        );
        assert_eq!(request.header("authorization"), Some("Bearer k"));
    }
}

async fn wait_for_requests(server: &TestServer, count: usize) -> usize {
    for _ in 0..200 {
        if server.requests().len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.requests().len()
}

#[tokio::test]
async fn prefetch_requests_one_page_ahead_and_keeps_the_order() {
    let server = TestServer::start(paged(3, 2)).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .unwrap();

    let mut items = client
        .beta()
        .chat()
        .list_auto_paging(params(2))
        .prefetch(true);
    let first = items.next().await.unwrap().unwrap();
    assert_eq!(first.session_id, "s0");
    assert_eq!(
        wait_for_requests(&server, 2).await,
        2,
        "page 2 is fetched while page 1 is consumed"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 2, "never more than one page ahead");

    let rest: Vec<String> = items
        .map_ok(|item| item.session_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn without_prefetch_the_next_page_waits_for_the_consumer() {
    let server = TestServer::start(paged(3, 2)).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .unwrap();
    let mut items = client.beta().chat().list_auto_paging(params(2));
    items.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 1);
    let taken: Vec<_> = items.take(1).try_collect().await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(
        server.requests().len(),
        1,
        "stopping early costs no extra request"
    );
}
