//! Dates and timestamps on the wire for each `types:` choice of `sdk.yaml` that goes through the
//! runtime's `timestamp` and `timestamp_read` modules: the `time` crate strict (`clock_time`) and lenient
//! (`clock_time_lenient`), chrono lenient (`clock_chrono_lenient`); chrono strict is chrono's
//! own serde form, tested with the `ledger` crate in `client_formats.rs`. The same loopback
//! server answers each crate with real-world timestamp texts (a `Z`, offsets, fractional
//! seconds, no zone, a space for the `T`), in every place a field can hold one (plain,
//! nullable, in a list, in a map, through an alias, in an untagged union). Values are compared
//! by what the crate writes back, so the test names neither crate's types.

use serde_json::{Value, json};
use tests::server::{Reply, TestServer};

/// An event whose timestamp fields all hold `at`.
fn event_json(at: &str) -> Value {
    json!({
        "at": at, "ends_at": at, "on": "2024-05-02", "history": [at],
        "by_name": {"launch": "2024-05-03"}, "stamp": at, "when": at
    })
}

/// The timestamp fields of an event as the crate writes them back: all must agree.
fn written_back(event: &Value) -> &str {
    let at = event["at"].as_str().unwrap();
    for other in [
        &event["ends_at"],
        &event["history"][0],
        &event["stamp"],
        &event["when"],
    ] {
        assert_eq!(other.as_str(), Some(at), "{event}");
    }
    assert_eq!(event["on"], "2024-05-02");
    assert_eq!(event["by_name"]["launch"], "2024-05-03");
    at
}

/// For one generated crate (`day`: the path's date as the crate takes it): each `(sent, written back)` pair decodes and re-encodes; each text
/// in `rejected` is a decode error naming the `at` field.
macro_rules! timestamp_tests {
    ($name:ident, $krate:ident, day: $day:expr, accepts: [$(($sent:literal, $back:literal)),* $(,)?], rejects: [$($bad:literal),* $(,)?]) => {
        mod $name {
            use super::*;
            use $krate::Client;
            use $krate::resources::events::CreateParams;

            fn client(server: &TestServer) -> Client {
                Client::builder().base_url(server.url()).max_retries(0).build().unwrap()
            }

            #[tokio::test]
            async fn real_world_timestamps_decode_and_encode_as_rfc_3339() {
                let cases: &[(&str, &str)] = &[$(($sent, $back)),*];
                let replies = cases.iter().map(|(sent, _)| Reply::json(200, &event_json(sent)));
                let server = TestServer::scripted(replies.collect()).await;
                for (sent, back) in cases {
                    let event = client(&server).events().get_day($day).await;
                    let event = event.unwrap_or_else(|err| panic!("{sent}: {err}"));
                    let written = serde_json::to_value(&event).unwrap();
                    assert_eq!(written_back(&written), *back, "sent {sent}");
                }
            }

            #[tokio::test]
            async fn rejected_timestamps_are_decode_errors_naming_the_field() {
                let rejected: &[&str] = &[$($bad),*];
                let replies = rejected.iter().map(|sent| Reply::json(200, &event_json(sent)));
                let server = TestServer::scripted(replies.collect()).await;
                for sent in rejected {
                    let err = client(&server).events().get_day($day).await.unwrap_err();
                    let $krate::Error::Decode(decode) = &err else {
                        panic!("{sent}: not a decode error: {err:?}");
                    };
                    assert_eq!(decode.path, "at", "{sent}");
                    assert!(decode.source.to_string().contains("invalid"), "{sent}: {err}");
                }
            }

            /// A request body carries the values as RFC 3339 text and `YYYY-MM-DD` dates; the
            /// path's date stays text.
            #[tokio::test]
            async fn request_bodies_write_the_wire_form() {
                let event = event_json("2024-05-01T10:00:00.5+02:00");
                let server = TestServer::scripted(vec![Reply::json(200, &event), Reply::json(201, &event)]).await;
                let got = client(&server).events().get_day($day).await.unwrap();
                let params = CreateParams {
                    at: got.at,
                    ends_at: Some(None),
                    on: got.on,
                    history: got.history.clone(),
                    by_name: got.by_name.clone(),
                    stamp: got.stamp,
                    when: got.when.clone(),
                };
                client(&server).events().create(params).await.unwrap();
                let requests = server.requests();
                assert_eq!(requests[0].path, "/events/2024-05-02");
                let body = requests[1].body_json();
                let at = body["at"].as_str().unwrap();
                assert!(at.starts_with("2024-05-01T"), "{body}");
                assert_eq!(body["ends_at"], Value::Null);
                assert_eq!(body["history"][0].as_str(), Some(at));
                assert_eq!(body["when"].as_str(), Some(at));
                assert_eq!(body["on"], "2024-05-02");
                assert_eq!(body["by_name"], json!({"launch": "2024-05-03"}));
            }

            /// A bare timestamp body has no field to carry the format: it stays text.
            #[tokio::test]
            async fn a_bare_timestamp_body_is_text() {
                let server = TestServer::scripted(vec![Reply::json(200, &json!("2024-05-01T10:00:00"))]).await;
                let now: String = client(&server).clock().get_now().await.unwrap();
                assert_eq!(now, "2024-05-01T10:00:00");
            }
        }
    };
}

timestamp_tests!(
    time_strict,
    clock_time,
    day: "2024-05-02",
    accepts: [
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
        ("2024-05-01t10:00:00z", "2024-05-01T10:00:00Z"),
        // time keeps the offset as sent.
        ("2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00"),
        ("2024-05-01T10:00:00.250-05:30", "2024-05-01T10:00:00.25-05:30"),
        ("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123456789Z"),
    ],
    rejects: ["2024-05-01T10:00:00", "2024-05-01 10:00:00.5", "2024-05-01", "yesterday"]
);

timestamp_tests!(
    time_lenient,
    clock_time_lenient,
    day: "2024-05-02",
    accepts: [
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00"),
        ("2024-05-01T10:00:00.250-05:30", "2024-05-01T10:00:00.25-05:30"),
        // No zone: read as UTC.
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00Z"),
        ("2024-05-01 10:00:00", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00.123456", "2024-05-01T10:00:00.123456Z"),
        ("2024-05-01 10:00:00.5+02:00", "2024-05-01T10:00:00.5+02:00"),
    ],
    rejects: ["2024-05-01", "2024-05-01T10", "yesterday", ""]
);

timestamp_tests!(
    chrono_lenient,
    clock_chrono_lenient,
    // chrono's `NaiveDate` is written through `Display` as `YYYY-MM-DD`.
    day: "2024-05-02".parse().unwrap(),
    accepts: [
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
        // chrono's `DateTime<Utc>` normalises to UTC.
        ("2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z"),
        ("2024-05-01T10:00:00.250-05:30", "2024-05-01T15:30:00.250Z"),
        ("2024-05-01T10:00:00", "2024-05-01T10:00:00Z"),
        ("2024-05-01 10:00:00", "2024-05-01T10:00:00Z"),
        ("2024-05-01T10:00:00.123456", "2024-05-01T10:00:00.123456Z"),
        ("2024-05-01 10:00:00.5+02:00", "2024-05-01T08:00:00.500Z"),
    ],
    rejects: ["2024-05-01", "2024-05-01T10", "yesterday", ""]
);

/// A timestamp that does not parse is named by its path wherever it sits, last in its object,
/// inside a list or a map, or inside an untagged union (which fails only after reading the
/// whole value): the path comes from where the JSON reader stopped, so each place is checked.
#[tokio::test]
async fn a_rejected_timestamp_is_named_by_its_path_wherever_it_sits() {
    const OK: &str = r#""2024-05-01T10:00:00Z""#;
    let cases = [
        (r#"{"on": "2024-05-02", "at": "bad"}"#.to_owned(), "at"),
        (r#"{"at": "bad" , "on": "2024-05-02"}"#.to_owned(), "at"),
        (
            format!(r#"{{"at": {OK}, "on": "2024-05-02", "history": ["bad", {OK}]}}"#),
            "history[0]",
        ),
        (
            format!(r#"{{"at": {OK}, "on": "2024-05-02", "history": [{OK},"bad"]}}"#),
            "history[1]",
        ),
        (
            format!(r#"{{"at": {OK}, "by_name": {{"launch": "bad"}}, "on": "2024-05-02"}}"#),
            "by_name.launch",
        ),
        (
            format!(r#"{{"at": {OK}, "on": "2024-05-02", "when": "bad"}}"#),
            "when",
        ),
        (
            format!(r#"{{"when": "bad", "at": {OK}, "on": "2024-05-02"}}"#),
            "when",
        ),
        (
            format!(r#"{{"when": {{"x": [1]}}, "at": {OK}, "on": "2024-05-02"}}"#),
            "when",
        ),
        (
            format!(r#"{{"at": {OK}, "on": "2024-05-02", "when": {{"x": [1]}} }}"#),
            "when",
        ),
        (format!(r#"{{"at": {OK}}}"#), "."),
    ];
    for (body, path) in cases {
        let server = TestServer::scripted(vec![Reply::text(200, "application/json", &body)]).await;
        let client = clock_time::Client::builder()
            .base_url(server.url())
            .max_retries(0)
            .build()
            .unwrap();
        let err = client.events().get_day("2024-05-02").await.unwrap_err();
        let clock_time::Error::Decode(decode) = &err else {
            panic!("{body}: not a decode error: {err:?}");
        };
        assert_eq!(decode.path, path, "{body}: {}", decode.source);
    }
}
