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

// --- a next-page URL in the body (`next`, `links.next`, `pagination.next_page`) ---

/// Pages of two by `offset`; `next` is the URL of the next page (`absolute`: with the host the
/// request came to, `foreign`: another host), `empty_at` answers that request with no items
/// but a next URL, `repeat` sends the same next URL forever.
#[derive(Clone, Copy, Default)]
struct Urls {
    absolute: bool,
    foreign: bool,
    empty_at: Option<usize>,
    repeat: bool,
}

/// The next page's URL; after an empty page it differs from the one just requested by a
/// marker, as a server's would (it moved on without items).
fn next_url(request: &Request, path: &str, offset: usize, urls: Urls, empty: bool) -> Value {
    if offset >= ALL.len() {
        return Value::Null;
    }
    let host = request.header("host").unwrap();
    let mark = if empty { "&after_empty=1" } else { "" };
    let target = if urls.repeat {
        "/tracks?offset=2&limit=2".to_owned()
    } else {
        format!("{path}?offset={offset}&limit=2{mark}")
    };
    json!(match (urls.foreign, urls.absolute) {
        (true, _) => format!("http://elsewhere.invalid{target}"),
        (false, true) => format!("http://{host}{target}"),
        (false, false) => target,
    })
}

fn url_pages(path: &'static str, urls: Urls) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, index| {
        let offset = number(request, "offset").unwrap_or(0);
        let empty = urls.empty_at == Some(index);
        let (items, next_offset) = if empty {
            (Vec::new(), offset)
        } else {
            (slice(offset, 2), offset + 2)
        };
        let next = next_url(request, path, next_offset, urls, empty);
        let body = match path {
            "/repos" => json!({"data": things(&items), "links": {"next": next}}),
            "/teams" => json!({"teams": things(&items), "pagination": {"next_page": next}}),
            _ => json!({"items": things(&items), "next": next, "total": ALL.len()}),
        };
        Reply::json(200, &body)
    }
}

fn track_params() -> paging_styles::resources::tracks::ListParams {
    paging_styles::resources::tracks::ListParams {
        offset: None,
        limit: Some(2),
    }
}

#[tokio::test]
async fn next_url_is_followed_with_the_per_request_options_on_every_page() {
    let urls = Urls {
        absolute: true,
        ..Urls::default()
    };
    let server = TestServer::start(url_pages("/tracks", urls)).await;
    let pager = client(&server)
        .tracks()
        .list_auto_paging(track_params())
        .header("x-trace", "9");
    let (ids, error) = drain(pager).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let requests = server.requests();
    let targets: Vec<_> = requests.iter().map(|r| r.raw_target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/tracks?limit=2",
            "/tracks?offset=2&limit=2",
            "/tracks?offset=4&limit=2"
        ]
    );
    assert!(requests.iter().all(|r| r.header("x-trace") == Some("9")));
}

#[tokio::test]
async fn nested_next_urls_are_followed_relative_to_the_page() {
    let server = TestServer::start(url_pages("/repos", Urls::default())).await;
    let params = paging_styles::resources::repos::ListParams {
        page: None,
        per_page: Some(2),
    };
    let (ids, error) = drain(client(&server).repos().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);

    let server = TestServer::start(url_pages("/teams", Urls::default())).await;
    let params = paging_styles::resources::teams::ListParams { limit: Some(2) };
    let (ids, error) = drain(client(&server).teams().list_auto_paging(params)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn next_url_passes_through_an_empty_page() {
    let urls = Urls {
        empty_at: Some(1),
        ..Urls::default()
    };
    let server = TestServer::start(url_pages("/tracks", urls)).await;
    let (ids, error) = drain(client(&server).tracks().list_auto_paging(track_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn next_url_fails_when_the_server_repeats_it() {
    let urls = Urls {
        repeat: true,
        ..Urls::default()
    };
    let server = TestServer::start(url_pages("/tracks", urls)).await;
    let (ids, error) = drain(client(&server).tracks().list_auto_paging(track_params())).await;
    assert_eq!(ids, ["t0", "t1", "t2", "t3"]);
    assert_loop_error(error);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn next_url_on_another_host_is_not_followed() {
    let urls = Urls {
        foreign: true,
        ..Urls::default()
    };
    let server = TestServer::start(url_pages("/tracks", urls)).await;
    let (ids, error) = drain(client(&server).tracks().list_auto_paging(track_params())).await;
    assert_eq!(ids, ["t0", "t1"]);
    match error {
        Some(Error::Pagination { message }) => {
            assert!(message.contains("not under the base URL"), "{message}")
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_next_field_holding_a_bare_token_is_not_taken_for_a_path() {
    let server = TestServer::start(|_, _| {
        Reply::json(200, &json!({"items": things(&ALL[..2]), "next": "abc123"}))
    })
    .await;
    let (ids, error) = drain(client(&server).tracks().list_auto_paging(track_params())).await;
    assert_eq!(ids, ["t0", "t1"]);
    match error {
        Some(Error::Pagination { message }) => {
            assert!(message.contains("neither absolute nor rooted"), "{message}")
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

// --- the `Link` header (RFC 8288), with a bare array ---

/// Pages of two by `page_token` (`p0`, `p2`, `p4`); the `Link` header names the next one
/// among other relations; `empty_at` sends no items, `repeat` always links to `p2`.
fn linked(
    empty_at: Option<usize>,
    repeat: bool,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, index| {
        let host = request.header("host").unwrap();
        let token = request.query_value("page_token").unwrap_or("p0");
        let at: usize = token[1..].trim_end_matches('e').parse().unwrap();
        let empty = Some(index) == empty_at;
        let (items, next) = if empty {
            (Vec::new(), at)
        } else {
            (slice(at, 2), at + 2)
        };
        // After an empty page the token moves on (`p2e`) without moving through the list.
        let mark = if empty { "e" } else { "" };
        let next = if repeat { 2 } else { next };
        let mut reply = Reply::json(200, &things(&items));
        let first = format!("<http://{host}/users?page_token=p0&page_size=2>; rel=\"first\"");
        reply = if next < ALL.len() {
            let link = format!(
                "{first}, <http://{host}/users?page_token=p{next}{mark}&page_size=2>; rel=\"next\"; title=\"next, page\""
            );
            reply.header("link", &link)
        } else {
            reply.header("link", &first)
        };
        reply
    }
}

fn user_params() -> paging_styles::resources::users::ListParams {
    paging_styles::resources::users::ListParams {
        page_token: None,
        page_size: Some(2),
    }
}

#[tokio::test]
async fn link_header_next_is_followed_until_there_is_none() {
    let server = TestServer::start(linked(None, false)).await;
    let (ids, error) = drain(client(&server).users().list_auto_paging(user_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query_value("page_token").map(str::to_owned))
        .collect();
    assert_eq!(tokens, [None, Some("p2".to_owned()), Some("p4".to_owned())]);

    let client = client(&server);
    let first = client.users().list(user_params()).await.unwrap();
    assert_eq!(first.len(), 2, "the page dereferences to the array");
    let second = first.next_page().await.unwrap().unwrap();
    let third = second.next_page().await.unwrap().unwrap();
    assert!(!third.has_next_page());
    assert!(third.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn link_header_passes_through_an_empty_page() {
    let server = TestServer::start(linked(Some(1), false)).await;
    let (ids, error) = drain(client(&server).users().list_auto_paging(user_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn link_header_fails_when_the_server_repeats_the_link() {
    let server = TestServer::start(linked(None, true)).await;
    let (ids, error) = drain(client(&server).users().list_auto_paging(user_params())).await;
    assert_eq!(ids, ["t0", "t1", "t2", "t3"]);
    assert_loop_error(error);
}

// --- a cursor nested in the envelope (`meta.cursor.after`) ---

fn nested_cursor(
    empty_at: Option<usize>,
    repeat: bool,
) -> impl Fn(&Request, usize) -> Reply + Send + Sync {
    move |request, index| {
        let cursor = request.query_value("cursor").unwrap_or("c0");
        let at: usize = cursor[1..].trim_end_matches('e').parse().unwrap();
        let empty = Some(index) == empty_at;
        let (items, next) = if empty {
            (Vec::new(), at)
        } else {
            (slice(at, 2), at + 2)
        };
        let mark = if empty { "e" } else { "" };
        let next = if repeat { 2 } else { next };
        let after = (next < ALL.len()).then(|| format!("c{next}{mark}"));
        Reply::json(
            200,
            &json!({"data": things(&items), "meta": {"cursor": {"after": after}}}),
        )
    }
}

fn event_params() -> paging_styles::resources::events::ListParams {
    paging_styles::resources::events::ListParams {
        cursor: None,
        limit: Some(2),
    }
}

#[tokio::test]
async fn nested_cursor_is_read_from_the_envelope() {
    let server = TestServer::start(nested_cursor(None, false)).await;
    let pager = client(&server)
        .events()
        .list_auto_paging(event_params())
        .query("extra", "1");
    let (ids, error) = drain(pager).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    let requests = server.requests();
    let cursors: Vec<_> = requests
        .iter()
        .map(|r| r.query_value("cursor").map(str::to_owned))
        .collect();
    assert_eq!(
        cursors,
        [None, Some("c2".to_owned()), Some("c4".to_owned())]
    );
    assert!(
        requests
            .iter()
            .all(|r| r.query_value("extra") == Some("1") && r.query_value("limit") == Some("2"))
    );
}

#[tokio::test]
async fn nested_cursor_passes_through_an_empty_page() {
    let server = TestServer::start(nested_cursor(Some(1), false)).await;
    let (ids, error) = drain(client(&server).events().list_auto_paging(event_params())).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn nested_cursor_fails_when_the_server_repeats_it() {
    let server = TestServer::start(nested_cursor(None, true)).await;
    let (ids, error) = drain(client(&server).events().list_auto_paging(event_params())).await;
    assert_eq!(ids, ["t0", "t1", "t2", "t3"]);
    assert_loop_error(error);
}

// --- a list that only takes a `limit` is one page ---

#[tokio::test]
async fn a_limit_alone_is_not_pagination() {
    let server = TestServer::start(|_, _| Reply::json(200, &json!({"data": things(&ALL)}))).await;
    let params = paging_styles::resources::widgets::ListParams { limit: Some(2) };
    // `list` returns the response model itself, not a `Page` (this would not compile otherwise).
    let widgets: paging_styles::models::ListResponse9 =
        client(&server).widgets().list(params).await.unwrap();
    assert_eq!(widgets.data.len(), 5);
}

// --- the generated CLI pages every style the same way ---

#[test]
fn the_cli_lists_every_item_across_link_header_pages() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(linked(None, false)));
    let (mut stdin, mut stdout, mut stderr) = (&b""[..], Vec::new(), Vec::new());
    let args = [
        "tool",
        "users",
        "list",
        "--page-size",
        "2",
        "--base-url",
        &server.url(),
    ];
    let code = paging_styles::cli::run(
        args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
        paging_styles::cli::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            stdout_is_terminal: false,
        },
    );
    let stdout = String::from_utf8(stdout).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
    let ids: Vec<String> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ALL);
    assert_eq!(server.requests().len(), 3);
}
