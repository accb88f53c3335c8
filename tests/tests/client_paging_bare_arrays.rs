//! Lists whose body is a bare JSON array, paged by an offset (`skip`/`limit`) or a page number
//! (`page`/`page_size`, from 0), on the wire (the `paging-styles` golden crate against a
//! loopback server): several pages with the other parameters and per-request options kept, a
//! short last page that ends the list when the caller set the size, an empty page that ends
//! it otherwise, and a server that ignores the offset, which ends the stream with
//! `Error::Pagination` instead of looping. (Beside `client_paging_styles.rs`, which is full.)

use futures::StreamExt;
use paging_styles::resources::{documents, labels, monitors};
use paging_styles::{Client, Error};
use serde_json::{Value, json};
use tests::server::{Reply, Request, TestServer};

/// The list every server pages through: `t0` … `t4`.
const ALL: [&str; 5] = ["t0", "t1", "t2", "t3", "t4"];

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn number(request: &Request, name: &str) -> Option<usize> {
    request
        .query_value(name)
        .map(|value| value.parse().unwrap())
}

/// `ALL[start..start + count]` as a bare array of things, clamped.
fn things(start: usize, count: usize) -> Value {
    ALL.iter()
        .skip(start)
        .take(count)
        .map(|id| json!({"id": id}))
        .collect()
}

/// Drains a pager: the ids before the first error, and that error.
async fn drain<S>(mut pager: S) -> (Vec<String>, Option<Error>)
where
    S: futures::Stream<Item = Result<paging_styles::models::Thing, Error>> + Unpin,
{
    let mut ids = Vec::new();
    while let Some(item) = pager.next().await {
        match item {
            Ok(thing) => ids.push(thing.id),
            Err(error) => {
                assert!(pager.next().await.is_none(), "an error ends the stream");
                return (ids, Some(error));
            }
        }
    }
    (ids, None)
}

/// `limit` things from `skip` (the server's own page size, 2, when the request sets none);
/// `ignore` always answers offset 0.
fn documents_server(ignore: bool) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, _| {
        let skip = if ignore {
            0
        } else {
            number(request, "skip").unwrap_or(0)
        };
        let limit = number(request, "limit").unwrap_or(2);
        Reply::json(200, &things(skip, limit))
    }
}

fn skips(server: &TestServer) -> Vec<Option<usize>> {
    server
        .requests()
        .iter()
        .map(|r| number(r, "skip"))
        .collect()
}

#[tokio::test]
async fn offset_over_a_bare_array_stops_at_a_page_shorter_than_the_limit() {
    let server = TestServer::start(documents_server(false)).await;
    let params = documents::ListParams {
        skip: None,
        limit: Some(2),
    };
    let pager = client(&server)
        .documents()
        .list_auto_paging(params)
        .header("x-trace", "7")
        .prefetch(true);
    let (ids, error) = drain(pager).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(
        skips(&server),
        [None, Some(2), Some(4)],
        "the short page at 4 is the last: no request after it, even with prefetch"
    );
    for request in server.requests() {
        assert_eq!(request.query_value("limit"), Some("2"));
        assert_eq!(request.header("x-trace"), Some("7"));
    }
}

#[tokio::test]
async fn offset_without_a_limit_pages_until_an_empty_page() {
    // The server picks the page size; a short page cannot be told from a full one.
    let server = TestServer::start(documents_server(false)).await;
    let params = documents::ListParams {
        skip: Some(1),
        limit: None,
    };
    let (ids, error) = drain(client(&server).documents().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        ids,
        ["t1", "t2", "t3", "t4"],
        "the caller's own offset is kept"
    );
    assert_eq!(skips(&server), [Some(1), Some(3), Some(5)]);
}

#[tokio::test]
async fn offset_over_a_bare_array_ends_at_an_empty_first_page() {
    let server = TestServer::start(|_, _| Reply::json(200, &json!([]))).await;
    let params = documents::ListParams::default();
    let (ids, error) = drain(client(&server).documents().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert!(ids.is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_bare_array_page_knows_its_next_page() {
    let server = TestServer::start(documents_server(false)).await;
    let params = documents::ListParams {
        skip: None,
        limit: Some(2),
    };
    let first = client(&server).documents().list(params).await.unwrap();
    assert_eq!(first.len(), 2, "the page derefs to the array");
    assert!(first.has_next_page());
    let second = first.next_page().await.unwrap().unwrap();
    let ids: Vec<&str> = second.items().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t2", "t3"]);
    assert_eq!(skips(&server), [None, Some(2)]);
}

#[tokio::test]
async fn offset_over_a_bare_array_fails_when_the_server_ignores_the_offset() {
    let server = TestServer::start(documents_server(true)).await;
    let params = documents::ListParams::default();
    let (ids, error) = drain(client(&server).documents().list_auto_paging(params)).await;
    assert_eq!(ids, ["t0", "t1"]);
    match error {
        Some(Error::Pagination { message }) => assert!(message.contains("same page"), "{message}"),
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

/// Pages of `page_size` (2 when unset) counted from 0, as a named array schema.
fn monitors_server(request: &Request, _: usize) -> Reply {
    let page = number(request, "page").unwrap_or(0);
    let size = number(request, "page_size").unwrap_or(2);
    Reply::json(200, &things(page * size, size))
}

#[tokio::test]
async fn page_numbers_over_a_bare_array_count_from_zero_and_stop_at_a_short_page() {
    let server = TestServer::start(monitors_server).await;
    let params = monitors::ListParams {
        page: None,
        page_size: Some(2),
    };
    let (ids, error) = drain(client(&server).monitors().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| number(r, "page"))
        .collect();
    assert_eq!(pages, [None, Some(1), Some(2)]);
}

#[tokio::test]
async fn page_numbers_without_a_size_page_until_an_empty_page() {
    let server = TestServer::start(monitors_server).await;
    let (ids, error) = drain(
        client(&server)
            .monitors()
            .list_auto_paging(monitors::ListParams::default()),
    )
    .await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4, "pages 0, 1, 2 and the empty 3");
}

#[tokio::test]
async fn a_limit_and_a_date_range_over_a_bare_array_are_not_pagination() {
    let server = TestServer::start(|_, _| Reply::json(200, &things(0, 5))).await;
    let params = labels::ListParams {
        limit: Some(2),
        start_date: Some("2026-01-01".to_owned()),
        end_date: None,
    };
    // `list` returns the array itself, not a `Page` (this would not compile otherwise).
    let labels: Vec<paging_styles::models::Thing> =
        client(&server).labels().list(params).await.unwrap();
    assert_eq!(labels.len(), 5);
}
