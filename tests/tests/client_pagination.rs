//! Pagination at scale and with prefetch: items stream lazily (a page is requested only when the
//! items before it are consumed), the caller's `reqwest::Client` and the original parameters are
//! used for every page, and prefetch keeps exactly one page in flight. Also the guards: a repeated
//! cursor, empty pages with a cursor, an error on a later page, an ended pager polled again, and
//! per-request options on `next_page`.

mod client_support;

use client_support::{client, expect_api, list_page};
use futures::{StreamExt, TryStreamExt};
use llamacloud::resources::beta::chat::ListParams;
use llamacloud::{Client, Error};
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
    assert!(pager.next().await.is_none(), "stays ended after the error");
}

/// A consumer may poll again after the end (a `select!` loop, a wrapper that does not track
/// it); the item stream once built on `stream::unfold` panicked there.
#[tokio::test]
async fn an_ended_pager_polled_again_stays_ended_without_a_request() {
    let server = TestServer::start(|_, _| Reply::json(200, &list_page(&["s1"], None))).await;
    let mut pager = (client(&server).beta().chat()).list_auto_paging(ListParams::default());
    assert_eq!(pager.next().await.unwrap().unwrap().session_id, "s1");
    assert!(pager.next().await.is_none());
    assert!(pager.next().await.is_none(), "polled again after its end");
    assert_eq!(server.requests().len(), 1);
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
async fn the_auto_pager_takes_per_request_options_for_every_page() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1"], Some("p2"))),
        Some(_) => Reply::json(200, &list_page(&["s2"], None)),
    })
    .await;
    let items: Vec<_> = (client(&server).beta().chat())
        .list_auto_paging(ListParams::default())
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .header("x-trace-id", "t-2")
        .query("extra", "e")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for req in &requests {
        assert_eq!(req.header("x-trace-id"), Some("t-2"));
        assert_eq!(req.query_values("extra"), ["e"]);
    }
    // A pager can also start from a call built with its own options.
    let first = (client(&server).beta().chat())
        .list(ListParams::default())
        .header("x-from-call", "yes");
    let items: Vec<_> = llamacloud::AutoPager::new(first)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        server.requests()[2..]
            .iter()
            .all(|r| r.header("x-from-call") == Some("yes"))
    );
}

#[tokio::test]
async fn a_next_page_loop_stops_at_a_repeated_cursor() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1"], Some("same"))),
        Some(_) => Reply::json(200, &list_page(&["s2"], Some("same"))),
    })
    .await;
    let mut page = (client(&server).beta().chat())
        .list(ListParams::default())
        .await
        .unwrap();
    let mut pages = 1;
    let error = loop {
        match page.next_page().await {
            Ok(Some(next)) => {
                page = next;
                pages += 1;
                assert!(pages < 10, "a next_page loop must not run forever");
            }
            Ok(None) => panic!("the list ended without an error"),
            Err(error) => break error,
        }
    };
    assert_eq!(pages, 2);
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 2);
}

// ---------------------------------------------------------------- items as sent

/// Two pages whose items carry `null`s and fields the model does not know; the second names
/// its own cursor again.
fn pages_with_unknown_fields(request: &Request, _: usize) -> Reply {
    let body = match request.query_value("page_token") {
        None => {
            r#"{"next_page_token":"p2","items":[{"session_id":"s1","last_updated_at":"t","generated_title":null,"newer":{"x":null}}]}"#
        }
        _ => {
            r#"{"items":[{"session_id":"s2","last_updated_at":"t","index_ids":null}],"next_page_token":"p2"}"#
        }
    };
    Reply::text(200, "application/json", body)
}

#[tokio::test]
async fn items_as_sent_keep_nulls_and_unknown_fields_and_the_pagers_guards() {
    let server = TestServer::start(pages_with_unknown_fields).await;
    let chat = client(&server).beta().chat();
    let first = chat.list(ListParams::default()).await.unwrap();
    assert!(
        first
            .body()
            .starts_with(br#"{"next_page_token":"p2","items":"#)
    );
    let sent = json!({"session_id": "s1", "last_updated_at": "t", "generated_title": null, "newer": {"x": null}});
    assert_eq!(
        first.items_as::<serde_json::Value>().unwrap(),
        std::slice::from_ref(&sent)
    );

    let pager =
        llamacloud::AutoPager::<serde_json::Value>::as_sent(chat.list(ListParams::default()))
            .prefetch(true)
            .header("x-scan", "1");
    let items: Vec<Result<serde_json::Value, Error>> = pager.collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &sent);
    assert_eq!(
        items[1].as_ref().unwrap(),
        &json!({"session_id": "s2", "last_updated_at": "t", "index_ids": null})
    );
    assert!(
        matches!(&items[2], Err(Error::Pagination { message }) if message.contains("p2")),
        "the loop guard still holds: {items:?}"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "one page, then two through the pager");
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.header("x-scan") == Some("1"))
    );
}
