//! A client generated from today's spec keeps working against tomorrow's server: the "known
//! evolution" of the chat API (chat-api.md) and unknown enum values.

use llamacloud::Client;
use llamacloud::resources::beta::chat::{CreateParams, StreamParams};
use serde_json::json;
use tests::server::{BodyPart, Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_new_required_response_field_is_kept_and_round_trips() {
    let body = json!({"session_id": "s1", "last_updated_at": "2026-04-22T12:34:41", "shared_access": "query"});
    let server = TestServer::scripted(vec![Reply::json(200, &body)]).await;
    let summary = client(&server)
        .beta()
        .chat()
        .create(CreateParams::default())
        .await
        .unwrap();
    assert_eq!(summary.session_id, "s1");
    assert_eq!(summary.extra["shared_access"], "query");
    assert_eq!(
        serde_json::to_value(&summary).unwrap()["shared_access"],
        "query",
        "kept when sent back"
    );
}

#[tokio::test]
async fn a_parameter_newer_than_the_client_can_still_be_sent() {
    let events = "data: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":{\"duration_ms\":1,\"total_input_tokens\":null,\"total_output_tokens\":null,\"turns\":1}}\n\n";
    let reply = Reply::chunks(
        200,
        "text/event-stream",
        vec![BodyPart::Bytes(events.as_bytes().to_vec())],
    );
    let server = TestServer::scripted(vec![
        reply,
        Reply::json(200, &json!({"session_id": "s", "last_updated_at": "t"})),
    ])
    .await;
    let params = StreamParams {
        prompt: "hi".into(),
        index_ids: vec!["i".into()],
        ..Default::default()
    };
    let stream = client(&server)
        .beta()
        .chat()
        .stream("s1", params)
        .body_field("require_all_indexes", true)
        .await
        .unwrap();
    drop(stream);
    assert_eq!(
        server.requests()[0].body_json(),
        json!({"prompt": "hi", "index_ids": ["i"], "require_all_indexes": true})
    );

    let created = client(&server)
        .beta()
        .chat()
        .create(CreateParams::default())
        .body_field("shared_access", json!(null))
        .await;
    assert!(created.is_ok());
    assert_eq!(
        server.requests()[1].body_json(),
        json!({"shared_access": null})
    );
}

#[test]
fn unknown_enum_values_read_as_unknown_and_are_written_back_unchanged() {
    use orders::models::{Order, OrderChannel, OrderStatus};
    let order: Order = serde_json::from_value(
        json!({"id": "o1", "status": "refunded", "channel": "kiosk", "gift": true}),
    )
    .unwrap();
    assert_eq!(order.status, OrderStatus::Unknown("refunded".into()));
    assert_eq!(order.channel, Some(OrderChannel::Unknown("kiosk".into())));
    assert_eq!(order.extra["gift"], true);
    assert_eq!(
        serde_json::to_value(&order).unwrap(),
        json!({"id": "o1", "status": "refunded", "channel": "kiosk", "gift": true})
    );

    let known: OrderStatus = serde_json::from_value(json!("2-day")).unwrap();
    assert_eq!(known, OrderStatus::_2Day);
    assert_eq!(known.to_string(), "2-day");
}

/// A string enum's written-out impls: equality as the derive had it (the variant, then an
/// `Unknown`'s text), a hash equal for equal values, Debug as the wire text, and an unknown value
/// that says it is one.
#[test]
fn string_enums_compare_as_derived_and_debug_print_their_wire_text() {
    use orders::models::OrderStatus;
    use std::collections::HashSet;
    assert_eq!(OrderStatus::Paid, OrderStatus::Paid);
    assert_ne!(OrderStatus::Pending, OrderStatus::Paid);
    assert_ne!(OrderStatus::Unknown("paid".into()), OrderStatus::Paid);
    let refunded = || OrderStatus::Unknown("refunded".into());
    assert_eq!(refunded(), refunded());
    assert_ne!(refunded(), OrderStatus::Unknown("lost".into()));
    let set: HashSet<OrderStatus> =
        [OrderStatus::Paid, OrderStatus::Paid, refunded(), refunded()].into();
    assert_eq!(set.len(), 2);
    assert_eq!(format!("{:?}", OrderStatus::_2Day), r#""2-day""#);
    assert_eq!(format!("{:?}", refunded()), r#"Unknown("refunded")"#);
}

/// drf-spectacular's nullable choice field, `oneOf: [FulfilmentEnum, BlankEnum, NullEnum]`: one
/// enum of the choices and `""` (as an untagged union, the first enum's `Unknown` would take `""`),
/// `null` as `None` (the `{enum: [null]}` arm is what `nullable` says).
#[test]
fn a_union_of_string_enums_and_a_null_enum_is_one_nullable_enum() {
    use orders::models::{Order, OrderFulfilment};
    let decode = |fulfilment: serde_json::Value| -> Order {
        serde_json::from_value(json!({"id": "o3", "status": "paid", "fulfilment": fulfilment}))
            .unwrap()
    };
    assert_eq!(
        decode(json!("pickup")).fulfilment,
        Some(OrderFulfilment::Pickup)
    );
    assert_eq!(decode(json!("")).fulfilment, Some(OrderFulfilment::Empty));
    assert_eq!(decode(json!(null)).fulfilment, None);
    assert_eq!(
        decode(json!("drone")).fulfilment,
        Some(OrderFulfilment::Unknown("drone".into()))
    );
}

/// A string enum whose values read as numbers (`"1.0"`, `"2"`: YAML documents write them
/// unquoted, and servers send them so) also decodes a JSON number, as its text, instead of failing
/// the whole response; `1.0` stays `"1.0"`. An enum of words stays strict, so an untagged union's
/// later arms still get the numbers meant for them; a value with no text form is an error.
#[test]
fn a_string_enum_of_numbers_reads_an_unquoted_number_as_its_text() {
    use orders::models::{Order, OrderSchemaVersion, OrderStatus};
    let decode = |version: serde_json::Value| -> Order {
        serde_json::from_value(json!({"id": "o2", "status": "paid", "schema_version": version}))
            .unwrap()
    };
    let version = |order: Order| order.schema_version.map(|v| v.as_str().to_owned());
    assert_eq!(version(decode(json!(1.0))).as_deref(), Some("1.0"));
    assert_eq!(version(decode(json!(2))).as_deref(), Some("2"));
    assert_eq!(version(decode(json!("2"))).as_deref(), Some("2"));
    let unknown: OrderSchemaVersion = serde_json::from_value(json!(3)).unwrap();
    assert_eq!(unknown, OrderSchemaVersion::Unknown("3".into()));
    assert!(serde_json::from_value::<OrderSchemaVersion>(json!({"a": 1})).is_err());
    assert!(serde_json::from_value::<OrderStatus>(json!(404)).is_err());
}

/// One event of a session whose shape departs from the spec (a `tool_call` without `arguments`)
/// does not cost the caller the session: it arrives as `Unknown`, the other events typed.
#[tokio::test]
async fn one_odd_event_in_a_session_does_not_fail_the_session() {
    let session = json!({
        "session_id": "ses-1",
        "last_updated_at": "2026-04-22T12:34:41.342245",
        "events": [
            {"type": "text", "content": "before"},
            {"type": "tool_call", "call_id": "c1", "name": "search"},
            {"type": "text", "content": "after"}
        ]
    });
    let server = TestServer::scripted(vec![Reply::json(200, &session)]).await;
    let session = client(&server)
        .beta()
        .chat()
        .get("ses-1", Default::default())
        .await
        .unwrap();
    assert_eq!(session.events.len(), 3);
    assert!(matches!(
        session.events[0],
        llamacloud::models::ChatEvent::Text(_)
    ));
    assert!(matches!(
        session.events[1],
        llamacloud::models::ChatEvent::Unknown(_)
    ));
    assert_eq!(session.events[1].tag(), Some("tool_call"));
    assert!(matches!(
        session.events[2],
        llamacloud::models::ChatEvent::Text(_)
    ));
}
