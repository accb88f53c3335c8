//! The list operation's pages on the wire: auto-paging follows the server's tokens with the
//! other parameters kept and fetches lazily, and `next_page` repeats the request with only the
//! token replaced. The helpers are the parent file's.

use super::*;

#[tokio::test]
async fn auto_paging_follows_tokens_and_keeps_the_parameters() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1", "s2"], Some("p2"))),
        Some("p2") => Reply::json(200, &list_page(&["s3", "s4"], Some("p3"))),
        Some("p3") => Reply::json(200, &list_page(&["s5"], None)),
        Some(other) => Reply::text(400, "text/plain", &format!("unexpected token {other}")),
    })
    .await;
    let params = ListParams {
        page_size: Some(2),
        project_id: Some(PROJECT.into()),
        ..ListParams::default()
    };
    let items: Vec<_> = (client(&server).beta().chat())
        .list_auto_paging(params)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|s| s.session_id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "s3", "s4", "s5"]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    let tokens: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.query_value("page_token"))
        .collect();
    assert_eq!(tokens, [None, Some("p2"), Some("p3")]);
    for req in &requests {
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("GET", "/api/v1/chat")
        );
        assert_eq!(req.query_values("page_size"), ["2"]);
        assert_eq!(req.query_values("project_id"), [PROJECT]);
        assert_eq!(req.query_value("organization_id"), None);
        assert!(req.query_values("page_token").len() <= 1, "{:?}", req.query);
        assert_headers(req, "application/json", false);
    }
}

#[tokio::test]
async fn auto_paging_is_lazy() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1", "s2"], Some("p2"))),
        _ => Reply::json(200, &list_page(&["s3"], None)),
    })
    .await;
    let mut pager = (client(&server).beta().chat()).list_auto_paging(ListParams::default());
    assert_eq!(pager.next().await.unwrap().unwrap().session_id, "s1");
    assert_eq!(pager.next().await.unwrap().unwrap().session_id, "s2");
    assert_eq!(
        server.requests().len(),
        1,
        "the second page is fetched only when needed"
    );
    assert_eq!(pager.next().await.unwrap().unwrap().session_id, "s3");
    assert!(pager.next().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn next_page_repeats_the_request_with_only_the_token_replaced() {
    let server = TestServer::start(|req, _| match req.query_value("page_token") {
        None => Reply::json(200, &list_page(&["s1"], Some("p2"))),
        Some("p2") => Reply::json(
            200,
            &json!({"items": [summary("s2")], "next_page_token": null}),
        ),
        Some(other) => Reply::text(400, "text/plain", &format!("unexpected token {other}")),
    })
    .await;
    let params = ListParams {
        page_size: Some(1),
        organization_id: Some(ORG.into()),
        project_id: Some(PROJECT.into()),
        page_token: None,
    };
    let first = client(&server).beta().chat().list(params).await.unwrap();
    assert_eq!(first.items()[0].session_id, "s1");
    assert!(first.has_next_page());

    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.items()[0].session_id, "s2");
    assert!(!second.has_next_page());
    assert!(second.next_page().await.unwrap().is_none());

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "no request for the page after the last");
    assert_eq!(
        query(&requests[0]),
        pairs(&[
            ("organization_id", ORG),
            ("page_size", "1"),
            ("project_id", PROJECT)
        ])
    );
    assert_eq!(
        query(&requests[1]),
        pairs(&[
            ("organization_id", ORG),
            ("page_size", "1"),
            ("page_token", "p2"),
            ("project_id", PROJECT),
        ])
    );
    assert_headers(&requests[1], "application/json", false);
}
