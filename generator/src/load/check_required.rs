//! Swagger 2's `required: true` on a property, read as the parent's `required` list; and a name
//! in an object schema's `required` that its `properties` never declare (`required:
//! [sources]` with no `sources` property). The model kept only declared properties, so the
//! requirement vanished: a request built from the type lacked it and the server refused it. The
//! property is declared here as any JSON value, required in requests' parameters and optional in
//! models (marked write-only, which means exactly that to `lower`), so a typo for a declared name
//! costs no response. Schemas that compose others (`allOf`, `oneOf`, `anyOf`), type their other keys
//! (`additionalProperties` with a schema), or are themselves a part of an `allOf` may declare it
//! elsewhere, and are left alone.

use super::check::{SchemaChecker, key_text};
use super::normalize::keywords::note_degradation;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
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

/// The schema walk's steps for `required` (`check.rs` walks, this module decides).
impl SchemaChecker {
    /// `required: true` on a property is the Swagger 2 spelling of "the parent requires it":
    /// the property's name is added to the parent's `required` list and the keyword removed
    /// (`required: false`, the default, is only removed).
    pub(super) fn hoist_property_required(&mut self, mapping: &mut Mapping, pointer: &Pointer) {
        let mut hoisted = Vec::new();
        if let Some(Value::Mapping(properties)) = mapping.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                let Value::Mapping(property) = property else {
                    continue;
                };
                let Some(Value::Bool(required)) = property.get("required").cloned() else {
                    continue;
                };
                property.shift_remove("required");
                let name = key_text(name);
                let at = pointer.join("properties").join(&name).join("required");
                let message = match required {
                    true => format!(
                        "`required: true` on a property is the Swagger 2 form; `{name}` is read as required by the schema around it"
                    ),
                    false => "`required: false` on a property is the Swagger 2 form; it is dropped (the property is optional)".to_owned(),
                };
                if !property.contains_key("$ref") {
                    note_degradation(property, &[&message]);
                }
                self.warn(&at, message, "list required properties in the parent schema's `required`, e.g. `required: [name]`");
                if required {
                    hoisted.push(Value::String(name));
                }
            }
        }
        if hoisted.is_empty() {
            return;
        }
        let required = mapping
            .entry("required".into())
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(required) = required {
            for name in hoisted {
                if !required.contains(&name) {
                    required.push(name);
                }
            }
        }
    }

    /// A name in `required` that `properties` does not declare (see `check_required`).
    pub(super) fn declare_required_properties(&mut self, mapping: &mut Mapping, pointer: &Pointer) {
        let a_part =
            pointer.as_str().contains("/allOf/") || self.all_of_parts.contains(pointer.as_str());
        if !a_part && let Some(message) = declare_required_properties(mapping) {
            let hint = "declare the property under `properties`, or take it out of `required`";
            self.warnings.push(
                Diagnostic::warning(
                    InputFile::Spec,
                    "required-undeclared",
                    pointer.join("required").as_str(),
                    message.clone(),
                )
                .with_hint(hint),
            );
            note_degradation(mapping, &[&message]);
        }
    }
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
