//! The `Serialize` and `Deserialize` impls the generator writes out for structs (instead of
//! serde's derive, whose expansion was most of a large crate's compile time) behave as the
//! derive did: declared fields by wire name, unknown ones kept, absent options `None` and left
//! out when written, a missing or repeated field an error naming it, from every deserializer.

use llamacloud::models::SessionSummary;
use serde_json::json;

fn full_summary() -> serde_json::Value {
    json!({
        "session_id": "s1",
        "last_updated_at": "2026-04-22T12:34:41",
        "generated_title": "Hello",
        "index_ids": ["i1", "i2"],
        "job_metadata": {"job_id": "j1", "newer": 1},
        "shared_access": {"mode": "query", "since": 3}
    })
}

#[test]
fn declared_fields_are_read_unknown_ones_kept_and_both_written_back() {
    let text = full_summary().to_string();
    let summary: SessionSummary = serde_json::from_str(&text).unwrap();
    assert_eq!(summary.session_id, "s1");
    assert_eq!(summary.generated_title.as_deref(), Some("Hello"));
    assert_eq!(
        summary.index_ids,
        Some(vec!["i1".to_owned(), "i2".to_owned()])
    );
    let job = summary.job_metadata.as_ref().unwrap();
    assert_eq!(
        job.extra["newer"], 1,
        "a nested struct keeps its own unknown fields"
    );
    assert_eq!(
        summary.extra.len(),
        1,
        "only the undeclared key: {:?}",
        summary.extra
    );
    assert_eq!(summary.extra["shared_access"]["since"], 3);
    assert_eq!(serde_json::to_value(&summary).unwrap(), full_summary());
}

#[test]
fn an_absent_option_is_none_and_left_out_when_written() {
    let body = json!({"session_id": "s", "last_updated_at": "t"});
    let summary: SessionSummary = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(summary.generated_title, None);
    assert_eq!(summary.index_ids, None);
    assert!(summary.extra.is_empty());
    assert_eq!(serde_json::to_value(&summary).unwrap(), body);
}

#[test]
fn a_missing_or_repeated_field_is_an_error_naming_it() {
    let missing = serde_json::from_str::<SessionSummary>(r#"{"session_id": "s"}"#).unwrap_err();
    assert!(
        missing
            .to_string()
            .starts_with("missing field `last_updated_at`"),
        "{missing}"
    );
    let repeated = r#"{"session_id": "a", "session_id": "b", "last_updated_at": "t"}"#;
    let repeated = serde_json::from_str::<SessionSummary>(repeated).unwrap_err();
    assert!(
        repeated
            .to_string()
            .starts_with("duplicate field `session_id`"),
        "{repeated}"
    );
    let wrong_type =
        serde_json::from_str::<SessionSummary>(r#"{"session_id": 5, "last_updated_at": "t"}"#)
            .unwrap_err();
    assert!(
        wrong_type.to_string().contains("expected a string"),
        "{wrong_type}"
    );
    let not_an_object = serde_json::from_str::<SessionSummary>("[1, 2]").unwrap_err();
    assert!(
        not_an_object
            .to_string()
            .contains("expected struct SessionSummary"),
        "{not_an_object}"
    );
}

#[test]
fn keys_are_matched_whatever_the_deserializer_hands_over() {
    // An escaped key reaches the visitor as a copied string, a `Value`'s key as an owned one,
    // an unescaped key in a byte slice as a borrowed one: each must find its field.
    let escaped = r#"{"session\u005fid": "s", "last_updated_at": "t", "caf\u00e9": 1}"#;
    let from_escaped: SessionSummary = serde_json::from_str(escaped).unwrap();
    assert_eq!(from_escaped.session_id, "s");
    assert_eq!(from_escaped.extra["café"], 1);
    let from_value: SessionSummary = serde_json::from_value(full_summary()).unwrap();
    let from_slice: SessionSummary =
        serde_json::from_slice(full_summary().to_string().as_bytes()).unwrap();
    assert_eq!(from_value, from_slice);
    assert_eq!(from_value.extra["shared_access"]["mode"], "query");
}

/// Keys in any order: the declared order with an unknown key between, the reverse order, and a
/// key repeated after others, all read as the derive read them.
#[test]
fn keys_in_any_order_are_read_and_a_key_repeated_later_is_still_an_error() {
    let declared =
        r#"{"session_id": "s", "new": 1, "last_updated_at": "t", "generated_title": "g"}"#;
    let reversed =
        r#"{"generated_title": "g", "last_updated_at": "t", "new": 1, "session_id": "s"}"#;
    for text in [declared, reversed] {
        let summary: SessionSummary = serde_json::from_str(text).unwrap();
        assert_eq!(summary.session_id, "s", "{text}");
        assert_eq!(summary.generated_title.as_deref(), Some("g"), "{text}");
        assert_eq!(summary.extra.len(), 1, "{text}: {:?}", summary.extra);
        assert_eq!(summary.extra["new"], 1, "{text}");
    }
    let repeated = r#"{"session_id": "s", "last_updated_at": "t", "session_id": "again"}"#;
    let err = serde_json::from_str::<SessionSummary>(repeated).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `session_id`"),
        "{err}"
    );
}
