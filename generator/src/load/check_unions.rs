//! Unions the model would read wrongly. A `oneOf`/`anyOf` beside a schema's own `properties`:
//! the model reads such a schema as the object its properties describe and has no place for the
//! union (a struct flattening it would hand the union only the keys the struct does not declare,
//! so an arm requiring one of them could never match). Arms that only say which properties are
//! required (`oneOf: [{required: [a]}, {required: [b]}]`, "exactly one of") are validation the
//! client does not do, and go without a word; any other union goes with a warning, its fields
//! kept in the `extra` map. And an arm that admits only `null` (drf-spectacular's `NullEnum:
//! {enum: [null]}` beside the choices of a nullable field): it is what `nullable` says, so it is
//! removed and the union made nullable (an arm of any JSON value would take every value the
//! other arms do not).

use super::check::SchemaChecker;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

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

/// The `$ref`s of the document's component schemas that admit only `null` (`{enum: [null]}`).
pub(super) fn null_only_components(root: &Value) -> BTreeSet<String> {
    let schemas = root
        .get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping);
    (schemas.into_iter().flatten())
        .filter(|(_, schema)| is_null_only(schema))
        .filter_map(|(name, _)| name.as_str())
        .map(|name| {
            format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            )
        })
        .collect()
}

/// Removes the arms of `oneOf`/`anyOf` that admit only `null` (inline, or a `$ref` to one of
/// `null_only`) and makes the schema nullable; a union left with one arm is that arm (`allOf`,
/// which carries the parent's `nullable`).
pub(super) fn drop_null_arms(mapping: &mut Mapping, null_only: &BTreeSet<String>) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(arms)) = mapping.get_mut(keyword) else {
            continue;
        };
        let admits_only_null = |arm: &Value| {
            is_null_only(arm)
                || (arm.get("$ref").and_then(Value::as_str)).is_some_and(|r| null_only.contains(r))
        };
        let before = arms.len();
        arms.retain(|arm| !admits_only_null(arm));
        if arms.len() == before {
            continue;
        }
        mapping.insert("nullable".into(), true.into());
        if let Some(Value::Sequence(arms)) = mapping.get(keyword)
            && arms.len() == 1
            && !mapping.contains_key("allOf")
            && let Some(arms) = mapping.shift_remove(keyword)
        {
            mapping.insert("allOf".into(), arms);
        }
    }
}

/// `{enum: [null]}` (with annotations): a schema whose only value is `null`.
fn is_null_only(schema: &Value) -> bool {
    let Some(Value::Sequence(values)) = schema.get("enum") else {
        return false;
    };
    !values.is_empty() && values.iter().all(Value::is_null) && schema.get("type").is_none()
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

/// The schema walk's step for a union beside properties (`check.rs` walks).
impl SchemaChecker {
    /// One `union-beside-properties` warning (the union was dropped by
    /// `drop_union_beside_properties`).
    pub(super) fn union_beside_properties(&mut self, pointer: &Pointer, message: String) {
        let hint = "repeat the shared properties in each arm and leave them out here";
        self.warnings.push(
            Diagnostic::warning(
                InputFile::Spec,
                "union-beside-properties",
                pointer.as_str(),
                message,
            )
            .with_hint(hint),
        );
    }
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
    fn arms_that_admit_only_null_make_the_union_nullable() {
        let root: Value = serde_yaml::from_str(
            "{components: {schemas: {NullEnum: {enum: [null]}, Blank: {enum: ['']}}}}",
        )
        .unwrap();
        let null_only = null_only_components(&root);
        assert_eq!(
            null_only,
            BTreeSet::from(["#/components/schemas/NullEnum".to_owned()])
        );
        let mut mapping: Mapping = serde_yaml::from_str(
            "{oneOf: [{$ref: '#/A'}, {$ref: '#/components/schemas/Blank'}, {$ref: '#/components/schemas/NullEnum'}]}",
        )
        .unwrap();
        drop_null_arms(&mut mapping, &null_only);
        let expected: Mapping = serde_yaml::from_str(
            "{oneOf: [{$ref: '#/A'}, {$ref: '#/components/schemas/Blank'}], nullable: true}",
        )
        .unwrap();
        assert_eq!(mapping, expected);
        let mut mapping: Mapping =
            serde_yaml::from_str("{anyOf: [{$ref: '#/A'}, {enum: [null]}]}").unwrap();
        drop_null_arms(&mut mapping, &null_only);
        let expected: Mapping =
            serde_yaml::from_str("{allOf: [{$ref: '#/A'}], nullable: true}").unwrap();
        assert_eq!(mapping, expected);
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
