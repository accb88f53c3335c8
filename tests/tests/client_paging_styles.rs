//! Every pagination style on the wire (the `paging-styles` golden crate against a loopback
//! server): for each, several pages streamed in order with the other parameters and per-request
//! options kept on every page, an empty page (which ends a numbered list and is passed through
//! by a cursor or URL), and a server that repeats itself, which ends the stream with
//! `Error::Pagination` after the items already received instead of looping.

use futures::StreamExt;
use paging_styles::{Client, Error};
use serde_json::{Value, json};
use tests::server::{Reply, Request, TestServer};

/// The list every server pages through: `t0` … `t4`.
const ALL: [&str; 5] = ["t0", "t1", "t2", "t3", "t4"];

fn things(ids: &[&str]) -> Value {
    ids.iter().map(|id| json!({"id": id})).collect()
}

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

/// `ALL[start..start + count]`, clamped.
fn slice(start: usize, count: usize) -> Vec<&'static str> {
    ALL.iter().skip(start).take(count).copied().collect()
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

fn assert_loop_error(error: Option<Error>) {
    match error {
        Some(Error::Pagination { message }) => {
            assert!(
                message.contains("repeated") || message.contains("same page"),
                "{message}"
            )
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

// --- the last item's id (Stripe: starting_after / ending_before + has_more) ---

/// Two items after (or before) the given id, `has_more` while any remain; `ignore` answers
/// the first page whatever is asked.
fn charges(
    ignore: bool,
    empty_at: Option<usize>,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, index| {
        let position = |id: &str| ALL.iter().position(|x| *x == id).unwrap();
        let (ids, more) = match (
            request.query_value("starting_after"),
            request.query_value("ending_before"),
        ) {
            _ if ignore => (slice(0, 2), true),
            _ if Some(index) == empty_at => (Vec::new(), true),
            (Some(after), _) => {
                let start = position(after) + 1;
                (slice(start, 2), start + 2 < ALL.len())
            }
            (None, Some(before)) => {
                let end = position(before);
                let start = end.saturating_sub(2);
                (slice(start, end - start), start > 0)
            }
            (None, None) => (slice(0, 2), true),
        };
        Reply::json(
            200,
            &json!({"object": "list", "data": things(&ids), "has_more": more}),
        )
    }
}

fn charge_params(
    after: Option<&str>,
    before: Option<&str>,
) -> paging_styles::resources::charges::ListParams {
    paging_styles::resources::charges::ListParams {
        starting_after: after.map(str::to_owned),
        ending_before: before.map(str::to_owned),
        limit: Some(2),
    }
}

#[tokio::test]
async fn item_id_pages_after_the_last_item_until_has_more_is_false() {
    let server = TestServer::start(charges(false, None)).await;
    let pager = client(&server)
        .charges()
        .list_auto_paging(charge_params(None, None))
        .header("x-trace", "7");
    let (ids, error) = drain(pager).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let requests = server.requests();
    let afters: Vec<_> = requests
        .iter()
        .map(|r| r.query_value("starting_after"))
        .collect();
    assert_eq!(afters, [None, Some("t1"), Some("t3")]);
    assert!(
        requests
            .iter()
            .all(|r| r.query_value("limit") == Some("2") && r.header("x-trace") == Some("7"))
    );
}

#[tokio::test]
async fn item_id_pages_backwards_from_the_first_item_with_ending_before() {
    let server = TestServer::start(charges(false, None)).await;
    let pager = client(&server)
        .charges()
        .list_auto_paging(charge_params(None, Some("t4")));
    let (ids, error) = drain(pager).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ["t2", "t3", "t0", "t1"]);
    let befores: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query_value("ending_before").map(str::to_owned))
        .collect();
    assert_eq!(befores, [Some("t4".to_owned()), Some("t2".to_owned())]);
}

#[tokio::test]
async fn item_id_stops_at_an_empty_page_even_when_has_more_says_otherwise() {
    let server = TestServer::start(charges(false, Some(1))).await;
    let (ids, error) = drain(
        client(&server)
            .charges()
            .list_auto_paging(charge_params(None, None)),
    )
    .await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ["t0", "t1"]);
    assert_eq!(
        server.requests().len(),
        2,
        "no id to page after: no third request"
    );
}

#[tokio::test]
async fn item_id_fails_when_the_server_ignores_starting_after() {
    let server = TestServer::start(charges(true, None)).await;
    let (ids, error) = drain(
        client(&server)
            .charges()
            .list_auto_paging(charge_params(None, None)),
    )
    .await;
    assert_eq!(
        ids,
        ["t0", "t1"],
        "the repeated page's items are not yielded twice"
    );
    assert_loop_error(error);
    assert_eq!(server.requests().len(), 2);
    // next_page() refuses to ask again with the id the page was requested with.
    let client = client(&server);
    let second = client
        .charges()
        .list(charge_params(Some("t1"), None))
        .await
        .unwrap();
    assert!(second.has_next_page());
    assert!(matches!(
        second.next_page().await,
        Err(Error::Pagination { .. })
    ));
}

// --- offset + limit, with a total (jobs) and without (logs, `skip`) ---

/// `limit` items from `offset`; `total` when `with_total`; `ignore` always answers offset 0.
fn offsets(
    param: &'static str,
    items: &'static str,
    with_total: Option<usize>,
    ignore: bool,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, _| {
        let offset = if ignore {
            0
        } else {
            number(request, param).unwrap_or(0)
        };
        let limit = number(request, "limit").unwrap_or(10);
        let mut body = json!({});
        body[items] = things(&slice(offset, limit));
        if let Some(total) = with_total {
            body["total_count"] = json!(total);
        }
        Reply::json(200, &body)
    }
}

#[tokio::test]
async fn offset_with_a_total_stops_when_the_total_is_reached() {
    let server = TestServer::start(offsets("offset", "jobs", Some(5), false)).await;
    let params = paging_styles::resources::jobs::ListParams {
        offset: None,
        limit: Some(2),
    };
    let (ids, error) = drain(
        client(&server)
            .jobs()
            .list_auto_paging(params)
            .prefetch(true),
    )
    .await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let offsets: Vec<_> = server
        .requests()
        .iter()
        .map(|r| number(r, "offset"))
        .collect();
    assert_eq!(
        offsets,
        [None, Some(2), Some(4)],
        "no request past the total, even with prefetch"
    );
}

#[tokio::test]
async fn offset_stops_at_an_empty_page_before_the_total() {
    // The total says 9, but the items end at 5: the empty page at offset 5 ends the list.
    let server = TestServer::start(offsets("offset", "jobs", Some(9), false)).await;
    let params = paging_styles::resources::jobs::ListParams {
        offset: Some(0),
        limit: Some(2),
    };
    let (ids, error) = drain(client(&server).jobs().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn offset_without_a_total_pages_until_an_empty_page() {
    let server = TestServer::start(offsets("skip", "entries", None, false)).await;
    let params = paging_styles::resources::logs::ListParams {
        skip: Some(1),
        limit: Some(2),
    };
    let (ids, error) = drain(client(&server).logs().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        ids,
        ["t1", "t2", "t3", "t4"],
        "the caller's own starting offset is kept"
    );
    let skips: Vec<_> = server
        .requests()
        .iter()
        .map(|r| number(r, "skip"))
        .collect();
    assert_eq!(skips, [Some(1), Some(3), Some(5)]);
}

#[tokio::test]
async fn offset_fails_when_the_server_ignores_the_offset() {
    let server = TestServer::start(offsets("skip", "entries", None, true)).await;
    let params = paging_styles::resources::logs::ListParams {
        skip: None,
        limit: Some(2),
    };
    let (ids, error) = drain(client(&server).logs().list_auto_paging(params)).await;
    assert_eq!(ids, ["t0", "t1"]);
    assert_loop_error(error);
}

// --- page number + page size (records) ---

fn pages(with_total: bool, ignore: bool) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, _| {
        let page = if ignore {
            1
        } else {
            number(request, "page").unwrap_or(1)
        };
        let size = number(request, "pageSize").unwrap_or(10);
        let mut body = json!({"page": page, "records": things(&slice((page - 1) * size, size))});
        if with_total {
            body["totalRecords"] = json!(ALL.len());
        }
        Reply::json(200, &body)
    }
}

fn record_params() -> paging_styles::resources::records::ListParams {
    paging_styles::resources::records::ListParams {
        page: None,
        page_size: Some(2),
    }
}

#[tokio::test]
async fn page_numbers_count_up_from_one_until_the_total() {
    let server = TestServer::start(pages(true, false)).await;
    let (ids, error) = drain(client(&server).records().list_auto_paging(record_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let numbers: Vec<_> = server
        .requests()
        .iter()
        .map(|r| number(r, "page"))
        .collect();
    assert_eq!(numbers, [None, Some(2), Some(3)]);
}

#[tokio::test]
async fn page_numbers_without_a_total_end_at_an_empty_page() {
    let server = TestServer::start(pages(false, false)).await;
    let (ids, error) = drain(client(&server).records().list_auto_paging(record_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.query_value("pageSize") == Some("2"))
    );
}

#[tokio::test]
async fn page_numbers_fail_when_the_server_ignores_the_page() {
    let server = TestServer::start(pages(false, true)).await;
    let (ids, error) = drain(client(&server).records().list_auto_paging(record_params())).await;
    assert_eq!(ids, ["t0", "t1"]);
    assert_loop_error(error);
}

// The styles where the server names the next page, and a list that is not paged (a file of
// its own for length; a crate root's modules sit beside it, hence the path).
#[path = "client_paging_styles/server_named.rs"]
mod server_named;
