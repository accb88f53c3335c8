//! A name in an object schema's `required` that its `properties` never declare (`required:
//! [sources]` with no `sources` property). The model kept only declared properties, so the
//! requirement vanished: a request built from the type lacked it and the server refused it. The
//! property is declared here as any JSON value, required in requests' parameters and optional in
//! models (marked write-only, which means exactly that to `lower`), so a typo for a declared name
//! costs no response. Schemas that compose others (`allOf`, `oneOf`, `anyOf`), type their other keys
//! (`additionalProperties` with a schema), or are themselves a part of an `allOf` may declare it
//! elsewhere, and are left alone.

use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// Declares each undeclared required property of `mapping` as `{}`; returns the message naming
/// them.
pub(super) fn declare_required_properties(mapping: &mut Mapping) -> Option<String> {
    const ELSEWHERE: [&str; 3] = ["allOf", "oneOf", "anyOf"];
    if ELSEWHERE.iter().any(|key| mapping.contains_key(*key))
        || mapping
            .get("additionalProperties")
            .is_some_and(Value::is_mapping)
    {
        return None;
    }
    let Some(Value::Sequence(required)) = mapping.get("required") else {
        return None;
    };
    let Some(Value::Mapping(properties)) = mapping.get("properties") else {
        return None;
    };
    let missing: Vec<String> = (required.iter())
        .filter_map(Value::as_str)
        .filter(|name| !properties.contains_key(*name))
        .map(str::to_owned)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let Some(Value::Mapping(properties)) = mapping.get_mut("properties") else {
        return None;
    };
    // Required where a request's parameters carry it, optional in models (as a write-only
    // property is): a name that is a typo for a declared one (`createdAt` beside `created_at`)
    // must not fail every response that lacks it.
    let mut declared = Mapping::new();
    declared.insert("writeOnly".into(), true.into());
    for name in &missing {
        properties.insert(name.as_str().into(), Value::Mapping(declared.clone()));
    }
    let names: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
    Some(format!(
        "required {} not among the `properties`; declared as any JSON value, required in requests and optional in responses",
        match names.len() {
            1 => format!("property {} is", names[0]),
            _ => format!("properties {} are", names.join(", ")),
        }
    ))
}

/// The `$ref`s that some `allOf` lists as a part: such a schema may require what another part
/// declares, so its `required` is not checked against its own `properties`.
pub(super) fn all_of_part_refs(root: &Value) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(value) = pending.pop() {
        match value {
            Value::Mapping(mapping) => {
                if let Some(Value::Sequence(parts)) = mapping.get("allOf") {
                    let named = parts.iter().filter_map(|part| part.get("$ref")?.as_str());
                    refs.extend(named.map(str::to_owned));
                }
                pending.extend(mapping.values());
            }
            Value::Sequence(items) => pending.extend(items),
            _ => {}
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declare(schema: &str) -> (Option<String>, Mapping) {
        let mut mapping: Mapping = serde_yaml::from_str(schema).unwrap();
        (declare_required_properties(&mut mapping), mapping)
    }

    #[test]
    fn an_undeclared_required_property_is_declared_as_any_json() {
        let (message, mapping) =
            declare("{required: [id, sources], properties: {id: {type: string}}}");
        let expected: Mapping = serde_yaml::from_str(
            "{required: [id, sources], properties: {id: {type: string}, sources: {writeOnly: true}}}",
        )
        .unwrap();
        assert_eq!(mapping, expected);
        assert_eq!(
            message.as_deref(),
            Some(
                "required property `sources` is not among the `properties`; declared as any JSON value, required in requests and optional in responses"
            )
        );
    }

    #[test]
    fn the_parts_of_every_all_of_are_found() {
        let root: Value = serde_yaml::from_str(
            "{a: {allOf: [{$ref: '#/B'}, {properties: {}}]}, c: [{allOf: [{$ref: '#/D'}]}]}",
        )
        .unwrap();
        let expected = BTreeSet::from(["#/B".to_owned(), "#/D".to_owned()]);
        assert_eq!(all_of_part_refs(&root), expected);
    }

    #[test]
    fn composed_schemas_and_typed_maps_are_left_alone() {
        assert_eq!(
            declare("{required: [a], properties: {}, allOf: [{$ref: '#/B'}]}").0,
            None
        );
        let typed_map =
            "{required: [a], properties: {b: {}}, additionalProperties: {type: string}}";
        assert_eq!(declare(typed_map).0, None);
        assert_eq!(declare("{required: [a], properties: {a: {}}}").0, None);
    }
}
