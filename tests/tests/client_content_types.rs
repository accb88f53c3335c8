//! Every content type on the wire, through the `content-types` golden crate: the JSON family
//! decodes as JSON, text and XML come back as `String`, binary bodies as a `Download` read whole,
//! streamed chunk by chunk or written to a file, and request bodies of any media type are sent
//! from bytes, a file (re-opened for a retry) or a stream (sent once, never retried).

use futures::StreamExt;
use media::{Client, Error, Upload};
use serde_json::json;
use std::time::Duration;
use tests::server::{BodyPart, Reply, TestServer};

fn client(server: &TestServer, max_retries: u32) -> Client {
    Client::builder()
        .base_url(server.url())
        .max_retries(max_retries)
        .build()
        .unwrap()
}

/// A file under the system's temp folder, unique to this test process and `name`.
fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("media-test-{}-{name}", std::process::id()))
}

#[tokio::test]
async fn the_json_family_decodes_as_json_and_asks_for_its_own_media_type() {
    let report = json!({"id": "r1", "total": 3});
    let server = TestServer::start(move |request, _| {
        let content_type = match request.path.as_str() {
            "/reports/r1" => "application/json; charset=utf-8",
            "/reports/r1/summary" => "application/vnd.media.report+json",
            _ => "text/json",
        };
        Reply::text(200, content_type, &report.to_string())
    })
    .await;
    let client = client(&server, 0);
    let reports = client.reports();
    assert_eq!(reports.get("r1").await.unwrap().total, 3);
    assert_eq!(reports.get_summary("r1").await.unwrap().id, "r1");
    assert_eq!(reports.get_legacy("r1").await.unwrap().total, 3);
    let accepts: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("accept").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        accepts,
        [
            "application/json",
            "application/vnd.media.report+json",
            "text/json"
        ]
    );
}

#[tokio::test]
async fn a_problem_json_error_body_is_read_as_json() {
    let server = TestServer::scripted(vec![Reply::text(
        404,
        "application/problem+json",
        r#"{"title":"Not Found","status":404}"#,
    )])
    .await;
    let err = client(&server, 0).reports().get("nope").await.unwrap_err();
    let Error::Api(api) = err else {
        panic!("not an API error: {err:?}")
    };
    assert_eq!(api.json.unwrap()["title"], "Not Found");
}

#[tokio::test]
async fn text_and_xml_responses_are_strings() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        "/notes/n1" => Reply::text(200, "text/plain; charset=utf-8", "Grüße\nline two"),
        _ => Reply::text(200, "application/atom+xml", "<feed><title>x</title></feed>"),
    })
    .await;
    let client = client(&server, 0);
    let note: String = client.notes().get("n1").await.unwrap();
    assert_eq!(note, "Grüße\nline two");
    let feed: String = client.feeds().get("f1").await.unwrap();
    assert_eq!(feed, "<feed><title>x</title></feed>");
    let requests = server.requests();
    assert_eq!(requests[0].header("accept"), Some("text/plain"));
    assert_eq!(requests[1].header("accept"), Some("application/atom+xml"));
}

#[tokio::test]
async fn a_binary_response_is_read_whole_with_its_type_and_length() {
    let png: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let body = png.clone();
    let server = TestServer::start(move |_, _| {
        let mut reply = Reply::empty(200).header("content-type", "image/png");
        reply.body = vec![BodyPart::Bytes(body.clone())];
        reply
    })
    .await;
    let client = client(&server, 0);
    let download = client.images().get("i1").await.unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.content_length(), Some(70_000));
    assert_eq!(download.bytes().await.unwrap().to_vec(), png);
    assert_eq!(server.requests()[0].header("accept"), Some("image/png"));

    let path = temp_path("download.png");
    let written = client
        .images()
        .get("i1")
        .await
        .unwrap()
        .write_to(&path)
        .await;
    let on_disk = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(written.unwrap(), 70_000);
    assert_eq!(on_disk, png);
}

#[tokio::test]
async fn a_download_that_cannot_be_written_says_so_naming_the_file() {
    let server = TestServer::start(|_, _| Reply::text(200, "image/png", "PNG")).await;
    let client = client(&server, 0);
    let path = temp_path("no-such-folder").join("image.png");
    let download = client.images().get("i1").await.unwrap();
    let err = download.write_to(&path).await.unwrap_err();
    assert!(matches!(err, Error::Stream { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.starts_with("download: cannot write the body to `"),
        "{shown}"
    );
    assert!(shown.contains("image.png"), "{shown}");
}

#[tokio::test]
async fn a_download_streams_its_first_chunk_before_the_rest_is_sent() {
    // The rest of the body is held back for an hour: a client that buffered the body could not
    // hand over the first chunk (the guard below turns that hang into a failure).
    let server = TestServer::scripted(vec![Reply::chunks(
        200,
        "application/octet-stream",
        vec![
            BodyPart::Bytes(b"first chunk".to_vec()),
            BodyPart::Pause(Duration::from_secs(3600)),
            BodyPart::Bytes(b"never".to_vec()),
        ],
    )])
    .await;
    let client = client(&server, 0);
    let first = tokio::time::timeout(Duration::from_secs(60), async {
        let download = client.blobs().get("b1").await.unwrap();
        assert_eq!(download.content_length(), None);
        let mut chunks = std::pin::pin!(download.stream());
        chunks.next().await.unwrap().unwrap()
    })
    .await
    .expect("the first chunk did not arrive while the rest was held back");
    assert_eq!(first.to_vec(), b"first chunk");
}

#[tokio::test]
async fn another_offered_media_type_is_asked_for_with_download_as() {
    let server = TestServer::scripted(vec![Reply::text(200, "text/csv", "id,total\nr1,3\n")]).await;
    let download = client(&server, 0)
        .reports()
        .get("r1")
        .download_as("text/csv")
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("text/csv"));
    assert_eq!(download.text().await.unwrap(), "id,total\nr1,3\n");
    assert_eq!(server.requests()[0].header("accept"), Some("text/csv"));
}

#[tokio::test]
async fn bytes_and_text_bodies_are_sent_with_the_operations_content_type() {
    let server = TestServer::start(|request, _| match request.method.as_str() {
        "PUT" if request.path.starts_with("/notes") => Reply::empty(204),
        _ => Reply::json(200, &json!({"size": request.body.len()})),
    })
    .await;
    let client = client(&server, 0);
    let params = media::resources::images::UpdateParams {
        body: Upload::bytes(vec![0x89, b'P', b'N', b'G']),
    };
    assert_eq!(client.images().update("i1", params).await.unwrap().size, 4);
    let note = media::resources::notes::UpdateParams {
        body: "a note".into(),
    };
    client.notes().update("n1", note).await.unwrap();
    let webp = media::resources::images::UpdateParams {
        body: Upload::bytes(&b"RIFF"[..]).content_type("image/webp"),
    };
    client.images().update("i2", webp).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("image/png"));
    assert_eq!(requests[0].body, [0x89, b'P', b'N', b'G']);
    assert_eq!(requests[1].header("content-type"), Some("text/plain"));
    assert_eq!(requests[1].body_text(), "a note");
    assert_eq!(requests[2].header("content-type"), Some("image/webp"));
}

#[tokio::test]
async fn another_accepted_body_media_type_is_sent_with_body_as_and_kept_for_a_retry() {
    let server = TestServer::scripted(vec![
        Reply::empty(204),
        Reply::empty(503),
        Reply::empty(204),
    ])
    .await;
    let client = client(&server, 1);
    let meta = || media::resources::notes::PutMetaParams {
        title: "json".into(),
    };
    client.notes().put_meta("n1", meta()).await.unwrap();
    let xml = "<NoteMeta><title>xml</title></NoteMeta>";
    (client.notes().put_meta("n1", meta()))
        .body_as("application/xml", xml)
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[0].body_text(), r#"{"title":"json"}"#);
    for retried in &requests[1..] {
        assert_eq!(retried.header("content-type"), Some("application/xml"));
        assert_eq!(retried.body_text(), xml);
    }
    // `body_field` adds to a JSON body the client builds, not to bytes the caller gives.
    let err = (client.notes().put_meta("n1", meta()))
        .body_as("application/xml", xml)
        .body_field("extra", 1)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3, "nothing more was sent");
}

#[tokio::test]
async fn a_json_body_of_its_own_json_type_is_sent_with_that_type() {
    let server = TestServer::start(|_, _| Reply::empty(204)).await;
    let client = client(&server, 0);
    let patch = || media::resources::notes::PatchMetaParams {
        title: "patched".into(),
    };
    client.notes().patch_meta("n1", patch()).await.unwrap();
    // A field added per request keeps the body JSON, and its type.
    (client.notes().patch_meta("n1", patch()))
        .body_field("pinned", true)
        .await
        .unwrap();
    let requests = server.requests();
    for request in &requests {
        assert_eq!(request.method, "PATCH");
        assert_eq!(
            request.header("content-type"),
            Some("application/merge-patch+json")
        );
    }
    assert_eq!(requests[0].body_text(), r#"{"title":"patched"}"#);
    let merged: serde_json::Value = serde_json::from_str(&requests[1].body_text()).unwrap();
    assert_eq!(merged, json!({"title": "patched", "pinned": true}));
}

#[tokio::test]
async fn a_file_body_is_streamed_from_disk_and_sent_whole_again_on_a_retry() {
    let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path = temp_path("upload.bin");
    std::fs::write(&path, &contents).unwrap();
    let server = TestServer::scripted(vec![
        Reply::json(503, &json!({"detail": "busy"})).header("retry-after-ms", "1"),
        Reply::json(201, &json!({"size": 200_000})),
    ])
    .await;
    let params = media::resources::blobs::CreateParams {
        body: Some(Upload::file(&path)),
    };
    let stored = client(&server, 1).blobs().create(params).await;
    std::fs::remove_file(&path).unwrap();
    assert_eq!(stored.unwrap().size, 200_000);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(
            request.header("content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(request.header("content-length"), Some("200000"));
        assert!(request.body == contents, "the file was not sent whole");
    }
}

#[tokio::test]
async fn a_missing_file_is_an_invalid_request_naming_it() {
    let server = TestServer::scripted(vec![]).await;
    let params = media::resources::blobs::CreateParams {
        body: Some(Upload::file(temp_path("absent.bin"))),
    };
    let err = client(&server, 2).blobs().create(params).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("absent.bin"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_stream_body_is_sent_as_it_comes_and_never_retried() {
    let chunks = || {
        futures::stream::iter(
            ["one,", "two,", "three"]
                .map(|chunk| Ok::<_, std::io::Error>(chunk.as_bytes().to_vec())),
        )
    };
    let server = TestServer::scripted(vec![Reply::json(201, &json!({"size": 13}))]).await;
    let params = media::resources::blobs::CreateParams {
        body: Some(Upload::stream(chunks())),
    };
    assert_eq!(
        client(&server, 2)
            .blobs()
            .create(params)
            .await
            .unwrap()
            .size,
        13
    );
    assert_eq!(server.requests()[0].body_text(), "one,two,three");

    let busy = TestServer::scripted(vec![
        Reply::json(503, &json!({"detail": "busy"})).header("retry-after-ms", "1"),
        Reply::json(201, &json!({"size": 13})),
    ])
    .await;
    let params = media::resources::blobs::CreateParams {
        body: Some(Upload::stream(chunks())),
    };
    let err = client(&busy, 2).blobs().create(params).await.unwrap_err();
    let Error::Api(api) = err else {
        panic!("not the server's answer: {err:?}")
    };
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(busy.requests().len(), 1, "a stream body was retried");
}

#[tokio::test]
async fn optional_and_nullable_file_parts_are_sent_only_when_given() {
    let server = TestServer::start(|_, _| Reply::json(200, &json!({"size": 1}))).await;
    let params = media::resources::uploads::UploadParams {
        title: "cover".into(),
        file: Some(media::FilePart::new("a.txt", "hello").content_type("text/plain")),
        thumbnail: None,
        ..Default::default()
    };
    client(&server, 0).uploads().upload(params).await.unwrap();
    let body = server.requests()[0].body_text();
    assert!(body.contains("name=\"file\"; filename=\"a.txt\""), "{body}");
    assert!(body.contains("hello"), "{body}");
    assert!(!body.contains("thumbnail"), "{body}");
}

#[tokio::test]
async fn multipart_arrays_are_parts_under_one_name_and_objects_one_json_part() {
    let server = TestServer::start(|_, _| Reply::json(200, &json!({"size": 1}))).await;
    let params = media::resources::uploads::UploadParams {
        title: "cover".into(),
        attachments: vec![
            media::FilePart::new("a.pdf", "AAA"),
            media::FilePart::new("b.pdf", "BBB"),
        ],
        tags: Some(vec!["x".into(), "y".into()]),
        meta: Some(media::models::UploadParamsMeta {
            source: Some("scan".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    client(&server, 0).uploads().upload(params).await.unwrap();
    let body = server.requests()[0].body_text();
    for part in [
        "name=\"attachments\"; filename=\"a.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\nAAA\r\n",
        "name=\"attachments\"; filename=\"b.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\nBBB\r\n",
        "name=\"tags\"\r\n\r\nx\r\n",
        "name=\"tags\"\r\n\r\ny\r\n",
        "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"source\":\"scan\"}\r\n",
    ] {
        assert!(body.contains(part), "missing {part:?} in {body:?}");
    }
    assert!(
        !body.contains('['),
        "no indexed or nested part names: {body}"
    );
}

#[tokio::test]
async fn form_arrays_repeat_their_name_and_deep_object_fields_use_brackets() {
    let server = TestServer::start(|_, _| Reply::json(200, &json!({"size": 1}))).await;
    let params = media::resources::uploads::SearchParams {
        tags: Some(vec!["a".into(), "b c".into()]),
        expand: Some(vec!["data.customer".into(), "x".into()]),
        filter: Some([("k".to_owned(), "v".to_owned())].into()),
    };
    client(&server, 0).uploads().search(params).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body_text(),
        "expand%5B0%5D=data.customer&expand%5B1%5D=x&filter%5Bk%5D=v&tags=a&tags=b+c"
    );
}
