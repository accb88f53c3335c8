//! A `oneOf`/`anyOf` beside a schema's own `properties`. The model reads such a schema as the
//! object its properties describe and has no place for the union (a struct flattening it would
//! hand the union only the keys the struct does not declare, so an arm requiring one of them
//! could never match). Arms that only say which properties are required (`oneOf: [{required:
//! [a]}, {required: [b]}]`, "exactly one of") are validation the client does not do, and go
//! without a word; any other union goes with a warning, its fields kept in the `extra` map.

use serde_yaml::{Mapping, Value};

/// Keywords of an arm that constrain values without describing their shape.
const VALIDATION_ONLY: [&str; 4] = ["required", "not", "title", "description"];

/// Removes a union beside non-empty `properties`; returns the keyword and the warning's message
/// when the union described a shape (not only required properties).
pub(super) fn drop_union_beside_properties(
    mapping: &mut Mapping,
) -> Option<(&'static str, String)> {
    let has_properties =
        matches!(mapping.get("properties"), Some(Value::Mapping(p)) if !p.is_empty());
    if !has_properties {
        return None;
    }
    let mut shaped = None;
    for keyword in ["oneOf", "anyOf"] {
        let Some(arms) = mapping.shift_remove(keyword) else {
            continue;
        };
        let validation_only = match &arms {
            Value::Sequence(arms) => arms.iter().all(is_validation_only),
            _ => false,
        };
        if !validation_only && shaped.is_none() {
            shaped = Some(keyword);
        }
    }
    let keyword = shaped?;
    let message = format!(
        "`{keyword}` beside the schema's own `properties` is not modelled: the type has the properties, and fields only the arms describe are kept in its `extra` map"
    );
    Some((keyword, message))
}

fn is_validation_only(arm: &Value) -> bool {
    let Value::Mapping(arm) = arm else {
        return false;
    };
    arm.keys().all(|key| {
        key.as_str()
            .is_some_and(|key| VALIDATION_ONLY.contains(&key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drop_from(schema: &str) -> (Option<(&'static str, String)>, Mapping) {
        let mut mapping: Mapping = serde_yaml::from_str(schema).unwrap();
        let dropped = drop_union_beside_properties(&mut mapping);
        (dropped, mapping)
    }

    #[test]
    fn a_union_of_shapes_beside_properties_is_dropped_with_a_message() {
        let (dropped, mapping) =
            drop_from("{properties: {kind: {}}, oneOf: [{$ref: '#/A'}, {$ref: '#/B'}]}");
        assert_eq!(dropped.map(|(keyword, _)| keyword), Some("oneOf"));
        assert!(!mapping.contains_key("oneOf"));
        assert!(mapping.contains_key("properties"));
    }

    #[test]
    fn arms_that_only_require_properties_are_dropped_without_a_message() {
        let (dropped, mapping) =
            drop_from("{properties: {a: {}, b: {}}, anyOf: [{required: [a]}, {required: [b]}]}");
        assert_eq!(dropped, None);
        assert!(!mapping.contains_key("anyOf"));
    }

    #[test]
    fn a_union_without_properties_beside_it_is_left_alone() {
        let (dropped, mapping) = drop_from("{oneOf: [{type: string}, {type: integer}]}");
        assert_eq!(dropped, None);
        assert!(mapping.contains_key("oneOf"));
        let (_, mapping) = drop_from("{properties: {}, oneOf: [{type: string}]}");
        assert!(mapping.contains_key("oneOf"));
    }
}
