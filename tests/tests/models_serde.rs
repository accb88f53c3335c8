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

/// The hostile fixture's `Pet` declares wire names with quotes, a newline, braces, keywords,
/// Unicode, and three that differ only in separator or case (`user-id`, `user_id`, `userId`):
/// each reads into a field of its own through the struct's generated `field_index` (a value
/// read into another key's field would come back under that key), an undeclared key lands in
/// the unknown-fields map, and a repeated or missing field's error names its wire name.
#[test]
fn hostile_wire_names_each_read_into_a_field_of_their_own() {
    let text_keys = [
        "x\"; } fn pwned_field_name() { let _ = \"",
        "r#\"pwned_raw\"#",
        "w/// pwned_doc",
        "v{{ pwned_tpl }}",
        "u{% raw %}pwned_block{% endraw %}",
        "type",
        "self",
        "Self",
        "crate",
        "super",
        "fn",
        "match",
        "async",
        "1st",
        "2fa",
        "名前",
        "名字",
        "naïve",
        "extra",
        "user-id",
        "user_id",
        "userId",
    ];
    let mut object = serde_json::Map::new();
    object.insert("name".into(), json!("n"));
    for (index, key) in text_keys.iter().enumerate() {
        object.insert((*key).into(), json!(format!("value {index}")));
    }
    object.insert("y\n}\nfn pwned_newline() {}\n".into(), json!(7));
    object.insert("not declared".into(), json!({"kept": true}));
    let sent = serde_json::Value::Object(object);

    let pet: hostile::models::Pet = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(pet.user_id.as_deref(), Some("value 19"));
    assert_eq!(pet.extra.as_deref(), Some("value 18"));
    assert_eq!(pet.y_fn_pwned_newline, Some(7));
    assert_eq!(pet.extra2["not declared"], json!({"kept": true}));
    assert_eq!(serde_json::to_value(&pet).unwrap(), sent);

    let repeated = r#"{"name": "n", "名前": "a", "名前": "b"}"#;
    let err = serde_json::from_str::<hostile::models::Pet>(repeated).unwrap_err();
    assert!(err.to_string().contains("duplicate field `名前`"), "{err}");
    let err = serde_json::from_str::<hostile::models::Pet>(r#"{"userId": "u"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `name`"), "{err}");
}
