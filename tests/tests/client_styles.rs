//! Parameter styles on the wire (golden crate `styles-auth`): each style of the OpenAPI 3.1
//! style/explode tables, as received by a server on 127.0.0.1.

use styles_and_auth::Client;
use styles_and_auth::models::{
    GetParamsKey, ListParamsFilter, ListParamsId, ListParamsPrefs, ListParamsXFilter, Rgb,
};
use styles_and_auth::resources::styles::ListParams;
use tests::server::{Reply, Request, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .api_key("test-token")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn rgb() -> Rgb {
    Rgb {
        r: Some(100),
        g: Some(200),
        b: Some(150),
        ..Rgb::default()
    }
}

async fn sent(params: ListParams) -> Request {
    let server = TestServer::scripted(vec![Reply::empty(204)]).await;
    client(&server).styles().list(params).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

/// The query as sent, minus the `?`.
fn raw_query(request: &Request) -> &str {
    request.raw_target.split_once('?').map_or("", |(_, q)| q)
}

#[tokio::test]
async fn cookies_travel_in_one_cookie_header() {
    let request = sent(ListParams {
        session: "s 1;x".into(),
        theme: Some(vec!["dark".into(), "wide".into()]),
        ..ListParams::default()
    })
    .await;
    let cookies: Vec<_> = (request.headers.iter())
        .filter(|(name, _)| name == "cookie")
        .collect();
    assert_eq!(cookies.len(), 1, "{:?}", request.headers);
    // Form style, not exploded for `theme`; `;` and space percent-encoded.
    assert_eq!(cookies[0].1, "session=s%201%3Bx; theme=dark,wide");
}

/// `content: application/json` in a header and a cookie: the value as JSON text (in the cookie,
/// percent-encoded where a cookie value may not hold a byte).
#[tokio::test]
async fn json_content_in_a_header_and_a_cookie() {
    let request = sent(ListParams {
        session: "s".into(),
        x_filter: Some(ListParamsXFilter {
            a: Some(1),
            ..ListParamsXFilter::default()
        }),
        prefs: Some(ListParamsPrefs {
            dark: Some(true),
            ..ListParamsPrefs::default()
        }),
        ..ListParams::default()
    })
    .await;
    assert_eq!(request.header("x-filter"), Some(r#"{"a":1}"#));
    assert_eq!(
        request.header("cookie"),
        Some("session=s; prefs={%22dark%22:true}")
    );
}

#[tokio::test]
async fn query_objects_in_form_style_exploded_and_not() {
    let request = sent(ListParams {
        color: Some(rgb()),
        shade: Some(rgb()),
        ..ListParams::default()
    })
    .await;
    assert_eq!(
        raw_query(&request),
        "R=100&G=200&B=150&shade=R%2C100%2CG%2C200%2CB%2C150"
    );
    assert_eq!(request.query_value("shade"), Some("R,100,G,200,B,150"));
}

#[tokio::test]
async fn space_and_pipe_delimited_arrays_and_objects() {
    let request = sent(ListParams {
        spaced: Some(vec!["blue".into(), "black".into()]),
        piped: Some(vec![1, 2, 3]),
        piped_object: Some(rgb()),
        piped_exploded: Some(vec!["a".into(), "b".into()]),
        ..ListParams::default()
    })
    .await;
    assert_eq!(request.query_value("spaced"), Some("blue black"));
    // A space is `%20` on the wire (RFC 3986, as the style tables write it), not form's `+`.
    assert!(
        raw_query(&request).contains("spaced=blue%20black&"),
        "{}",
        raw_query(&request)
    );
    assert_eq!(request.query_value("piped"), Some("1|2|3"));
    assert_eq!(
        request.query_value("piped_object"),
        Some("R|100|G|200|B|150")
    );
    assert_eq!(request.query_values("piped_exploded"), ["a", "b"]);
}

/// `allowReserved: true`: `/`, `:`, `,`, `[`… go as they are; `&`, `=`, `+`, `#` and spaces,
/// which would change what the query says, are still encoded. Other parameters encode them all.
#[tokio::test]
async fn allow_reserved_keeps_reserved_characters_in_the_value() {
    let request = sent(ListParams {
        next: Some("/a/b:c,d[0]?x=1&y+z #".into()),
        spaced: Some(vec!["/a:b".into()]),
        ..ListParams::default()
    })
    .await;
    assert_eq!(
        raw_query(&request),
        "spaced=%2Fa%3Ab&next=/a/b:c,d[0]?x%3D1%26y%2Bz%20%23"
    );
    assert_eq!(request.query_value("next"), Some("/a/b:c,d[0]?x=1&y+z #"));
}

/// A path parameter whose schema is a union of scalars takes the union, and is written as the
/// arm's text (it was taken as a string, with a warning that it had no text form).
#[tokio::test]
async fn a_union_of_scalars_in_the_path_is_written_as_its_arm() {
    let keys = [
        (GetParamsKey::Integer(42), "/styles/42"),
        (GetParamsKey::String("a b/c".into()), "/styles/a%20b%2Fc"),
    ];
    for (key, path) in keys {
        let server = TestServer::scripted(vec![Reply::empty(204)]).await;
        client(&server).styles().get(key).await.unwrap();
        assert_eq!(server.requests()[0].path, path);
    }
}

#[tokio::test]
async fn unions_of_scalars_and_json_content_in_the_query() {
    let request = sent(ListParams {
        id: Some(ListParamsId::Integer(7)),
        filter: Some(ListParamsFilter {
            name: Some("a&b".into()),
            tags: Some(vec!["x".into()]),
            ..ListParamsFilter::default()
        }),
        ..ListParams::default()
    })
    .await;
    assert_eq!(request.query_value("id"), Some("7"));
    assert_eq!(
        request.query_value("filter"),
        Some(r#"{"name":"a&b","tags":["x"]}"#)
    );
}

#[tokio::test]
async fn header_arrays_and_objects_in_simple_style() {
    let request = sent(ListParams {
        x_tags: Some(vec!["blue".into(), "black".into()]),
        x_rgb: Some(rgb()),
        x_rgb_exploded: Some(rgb()),
        ..ListParams::default()
    })
    .await;
    assert_eq!(request.header("x-tags"), Some("blue,black"));
    assert_eq!(request.header("x-rgb"), Some("R,100,G,200,B,150"));
    assert_eq!(request.header("x-rgb-exploded"), Some("R=100,G=200,B=150"));
}
