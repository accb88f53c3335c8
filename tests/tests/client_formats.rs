//! The `ledger` golden crate on the wire: string formats that `sdk.yaml`'s `types:` maps to
//! chrono, uuid, url and rust_decimal types, and every integer width, decoded from and encoded
//! to exactly the JSON and query text the API uses. The test names no crate's type: each value
//! is built from JSON or text, so only the generated crate depends on those crates.

use ledger::Client;
use ledger::resources::entries::{CreateParams, ListParams};
use serde_json::{Value, json};
use tests::server::{Reply, TestServer};

const ID: &str = "9f8e7d6c-5b4a-4321-8765-43210fedcba9";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn entry_json() -> Value {
    json!({
        "id": ID,
        "booked_at": "2024-05-01T10:00:00+02:00",
        "settled_at": null,
        "value_date": "2024-05-02",
        "amount": "12.50",
        "receipt": "https://ledger.example.com/r/1?x=%20",
        "related": [ID],
        "widths": {"i8": -128, "i16": -32768, "i32": -2147483648, "i64": -9223372036854775808_i64,
                   "u8": 255, "u16": 65535, "u32": 4294967295_u32, "u64": 18446744073709551615_u64, "plain": 1}
    })
}

#[tokio::test]
async fn formats_decode_into_their_types() {
    let server = TestServer::scripted(vec![Reply::json(200, &entry_json())]).await;
    let entry = client(&server)
        .entries()
        .get(ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].path, format!("/entries/{ID}"));
    assert_eq!(entry.id.to_string(), ID);
    // Normalised to UTC: the offset was read, not dropped.
    assert_eq!(entry.booked_at.to_rfc3339(), "2024-05-01T08:00:00+00:00");
    assert_eq!(entry.settled_at, None);
    assert_eq!(entry.value_date.to_string(), "2024-05-02");
    assert_eq!(entry.amount.to_string(), "12.50");
    assert_eq!(entry.receipt.host_str(), Some("ledger.example.com"));
    assert_eq!(entry.related.unwrap()[0], entry.id);
    let widths = entry.widths.unwrap();
    assert_eq!(
        (widths.i8, widths.i16, widths.i32, widths.i64),
        (
            Some(i8::MIN),
            Some(i16::MIN),
            Some(i32::MIN),
            Some(i64::MIN)
        )
    );
    assert_eq!(
        (widths.u8, widths.u16, widths.u32, widths.u64),
        (
            Some(u8::MAX),
            Some(u16::MAX),
            Some(u32::MAX),
            Some(u64::MAX)
        )
    );
}

#[tokio::test]
async fn formats_encode_as_the_wire_has_them() {
    let server = TestServer::scripted(vec![Reply::json(201, &entry_json())]).await;
    macro_rules! from {
        ($value:expr) => {
            serde_json::from_value($value).unwrap()
        };
    }
    let params = CreateParams {
        id: ID.parse().unwrap(),
        booked_at: from!(json!("2024-05-01T08:00:00Z")),
        settled_at: Some(None),
        value_date: from!(json!("2024-05-02")),
        amount: "12.50".parse().unwrap(),
        receipt: "https://ledger.example.com/r/1".parse().unwrap(),
        related: None,
        note: None,
        widths: Some(from!(json!({"u64": u64::MAX, "i8": -1}))),
    };
    client(&server).entries().create(params).await.unwrap();
    let body = server.requests()[0].body_json();
    assert_eq!(
        body,
        json!({"id": ID, "booked_at": "2024-05-01T08:00:00Z", "settled_at": null,
               "value_date": "2024-05-02", "amount": "12.50",
               "receipt": "https://ledger.example.com/r/1", "widths": {"u64": u64::MAX, "i8": -1}})
    );
}

#[tokio::test]
async fn query_parameters_are_written_as_text() {
    let server = TestServer::scripted(vec![Reply::json(200, &json!([]))]).await;
    let params = ListParams {
        // A timestamp parameter stays text: `Display` of a chrono timestamp is not RFC 3339.
        since: Some("2024-05-01T08:00:00Z".to_owned()),
        on: Some("2024-05-02".parse().unwrap()),
        account: Some(ID.parse().unwrap()),
        limit: Some(u16::MAX),
    };
    client(&server).entries().list(params).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.query_value("since"), Some("2024-05-01T08:00:00Z"));
    assert_eq!(request.query_value("on"), Some("2024-05-02"));
    assert_eq!(request.query_value("account"), Some(ID));
    assert_eq!(request.query_value("limit"), Some("65535"));
}

/// Strict by default: a timestamp without a zone offset is a decode error naming the field.
#[tokio::test]
async fn a_zoneless_timestamp_is_a_decode_error() {
    let mut entry = entry_json();
    entry["booked_at"] = json!("2024-05-01T10:00:00");
    let server = TestServer::scripted(vec![Reply::json(200, &entry)]).await;
    let err = client(&server)
        .entries()
        .get(ID.parse().unwrap())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("booked_at"), "{err}");
}
