//! The pagination styles where the server names the next page — a URL in the body, the `Link`
//! header, a cursor nested in the envelope — a list that takes only a `limit` (one page), and the
//! generated CLI paging like the library. The helpers are the parent file's.

use super::*;

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
