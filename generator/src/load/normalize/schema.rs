//! One schema object, OpenAPI 3.1 (JSON Schema 2020-12) → OpenAPI 3.0. In: a value at a schema
//! position found by the document walk. Out: the schema in 3.0 form, subschemas first; a schema
//! using a keyword 3.0 cannot express becomes the empty schema (any JSON value) with a located
//! `unsupported-keyword` warning, the `false` schema is left out (a property) or any JSON value
//! (`false-schema`), and what cannot be degraded is a located error. The rewrites
//! run in the order listed in `Normalizer::schema`; those that touch one keyword alone are in
//! `keywords`.

use super::Normalizer;
use super::keywords::{
    note_degradation, rewrite_const, rewrite_content_keywords, rewrite_examples,
    rewrite_exclusive_bounds, wrap_ref_with_siblings,
};
use crate::diagnostics::Pointer;
use serde_yaml::{Mapping, Value};

/// Keywords with no 3.0 meaning and no effect on generated types: identifiers, comments,
/// local definitions (a `$ref` into `$defs` was resolved by `refs`, or is left dangling for
/// `lower` to report) and assertions that only a
/// validator would check.
const DROPPED: [&str; 13] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
];

/// Keywords that change the shape of the data in ways 3.0 cannot describe, with a hint each.
const UNSUPPORTED: [(&str, &str); 7] = [
    (
        "if",
        "describe the alternatives with `oneOf`, or state the condition in the description",
    ),
    (
        "then",
        "describe the alternatives with `oneOf`, or state the condition in the description",
    ),
    (
        "else",
        "describe the alternatives with `oneOf`, or state the condition in the description",
    ),
    (
        "patternProperties",
        "use `additionalProperties` with the value schema; the keys become plain strings",
    ),
    (
        "dependentSchemas",
        "merge the dependent properties into `properties`, or describe the alternatives with `oneOf`",
    ),
    (
        "$dynamicRef",
        "use a plain `$ref` to a schema in #/components/schemas",
    ),
    (
        "$recursiveRef",
        "use a plain `$ref` to a schema in #/components/schemas",
    ),
];

/// Where a 3.1 tuple's element schemas are kept in the 3.0 form (see `rewrite_prefix_items`).
pub const PREFIX_ITEMS: &str = "x-prefix-items";
/// Set when the tuple allows no elements beyond its `prefixItems` (`items: false`).
pub const PREFIX_ITEMS_CLOSED: &str = "x-prefix-items-closed";

/// Keywords kept on a schema degraded to the empty schema: they describe it, whatever it holds.
const DESCRIBING: [&str; 5] = [
    "title",
    "description",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords that only describe a schema; when an arm is merged into its parent, the parent's win.
const ANNOTATIONS: [&str; 9] = [
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "nullable",
];

impl Normalizer {
    /// Rewrites the schema at `pointer` (and every schema inside it) into 3.0 form.
    pub(super) fn schema(&mut self, schema: &mut Value, pointer: &Pointer) {
        match schema {
            // `true` accepts anything, which 3.0 spells as the empty schema.
            Value::Bool(true) => *schema = Value::Mapping(Mapping::new()),
            // No value is valid: 3.0 cannot say so, and the nearest honest type is any JSON.
            Value::Bool(false) => {
                let message = "the `false` schema (no value is valid) has no OpenAPI 3.0 form; it is kept as `serde_json::Value`";
                self.warn(
                    pointer,
                    "false-schema",
                    message.to_owned(),
                    "remove the item or body that can never be valid",
                );
                let mut map = Mapping::new();
                note_degradation(&mut map, &[message]);
                *schema = Value::Mapping(map);
                return;
            }
            _ => {}
        }
        // Anything else that is not a mapping is left for `openapiv3` to reject.
        let Value::Mapping(map) = schema else { return };
        for keyword in DROPPED {
            map.shift_remove(keyword);
        }
        // A schema that cannot be mapped degrades to the empty schema (any JSON value), keeping
        // only what describes it; its subschemas go with it, so there is one message per cause.
        let before = self.warnings.len();
        self.rewrite_prefix_items(map, pointer);
        self.warn_unsupported(map, pointer);
        if self.warnings.len() > before {
            let notes: Vec<&str> = self.warnings[before..]
                .iter()
                .map(|warning| warning.message.as_str())
                .collect();
            degrade_to_any_json(map, &notes);
            return;
        }
        self.subschemas(map, pointer);
        rewrite_const(map);
        rewrite_exclusive_bounds(map);
        rewrite_examples(map);
        self.rewrite_type_list(map, pointer);
        rewrite_content_keywords(map);
        self.collapse_null_arms(map, pointer);
        wrap_ref_with_siblings(map);
    }

    /// `prefixItems: [A, B]` (a tuple) → the `x-prefix-items` extension, which 3.0 parsers keep
    /// and `lower::tuples` reads, each element normalised first; `items: false` beside it (no
    /// further elements) → `x-prefix-items-closed: true`, since 3.0 has no `false` schema.
    fn rewrite_prefix_items(&mut self, map: &mut Mapping, pointer: &Pointer) {
        let Some(Value::Sequence(mut elements)) = map.shift_remove("prefixItems") else {
            return;
        };
        for (index, element) in elements.iter_mut().enumerate() {
            self.schema(element, &pointer.join("prefixItems").join(index));
        }
        map.insert(PREFIX_ITEMS.into(), Value::Sequence(elements));
        if map.get("items") == Some(&Value::Bool(false)) {
            map.shift_remove("items");
            map.insert(PREFIX_ITEMS_CLOSED.into(), true.into());
        }
    }

    /// Warns about each keyword 3.0 cannot express.
    fn warn_unsupported(&mut self, map: &mut Mapping, pointer: &Pointer) {
        for (keyword, hint) in UNSUPPORTED {
            // `if`/`then`/`else` are one construct: report it once, at the first keyword present.
            let repeated_condition = (matches!(keyword, "then" | "else") && map.contains_key("if"))
                || (keyword == "else" && map.contains_key("then"));
            if map.contains_key(keyword) && !repeated_condition {
                self.unsupported(pointer, keyword, &format!("`{keyword}`"), hint);
            }
        }
        if let Some(Value::Sequence(_)) = map.get("items") {
            let what = "`items` as a list (a tuple)";
            self.unsupported(
                pointer,
                "items",
                what,
                "write the list as `prefixItems` (OpenAPI 3.1)",
            );
        }
        for keyword in ["unevaluatedProperties", "unevaluatedItems"] {
            match map.get(keyword) {
                // `false` forbids what no subschema declares; `true` allows it. Neither changes
                // the generated types, which keep unknown fields anyway.
                Some(Value::Bool(_)) => {
                    map.shift_remove(keyword);
                }
                Some(_) => {
                    let what = format!("`{keyword}` with a schema");
                    let hint =
                        "use `additionalProperties` (for objects) or `items` (for arrays) instead";
                    self.unsupported(pointer, keyword, &what, hint);
                }
                None => {}
            }
        }
    }

    /// One `unsupported-keyword` warning, at the keyword; `what` names the construct.
    fn unsupported(&mut self, pointer: &Pointer, keyword: &str, what: &str, hint: &str) {
        self.warn(
            &pointer.join(keyword),
            "unsupported-keyword",
            format!(
                "{what} is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`"
            ),
            hint,
        );
    }

    /// Normalises every schema nested in this one, so that the rewrites below see 3.0 arms.
    fn subschemas(&mut self, map: &mut Mapping, pointer: &Pointer) {
        self.drop_false_properties(map, pointer);
        for (name, property) in super::entries(map, "properties") {
            self.schema(property, &pointer.join("properties").join(name));
        }
        for keyword in ["items", "not"] {
            if let Some(schema) = map.get_mut(keyword) {
                self.schema(schema, &pointer.join(keyword));
            }
        }
        // `additionalProperties: true/false` is valid 3.0 as it stands.
        if let Some(schema @ Value::Mapping(_)) = map.get_mut("additionalProperties") {
            self.schema(schema, &pointer.join("additionalProperties"));
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Sequence(arms)) = map.get_mut(keyword) {
                for (index, arm) in arms.iter_mut().enumerate() {
                    self.schema(arm, &pointer.join(keyword).join(index));
                }
            }
        }
    }

    /// A property whose schema is `false` may never appear: it is left out of `properties` and
    /// `required`, with a warning and a note in the parent's docs.
    fn drop_false_properties(&mut self, map: &mut Mapping, pointer: &Pointer) {
        let Some(Value::Mapping(properties)) = map.get_mut("properties") else {
            return;
        };
        let mut dropped = Vec::new();
        properties.retain(|name, schema| {
            let never = *schema == Value::Bool(false);
            if never {
                dropped.push(super::key_text(name));
            }
            !never
        });
        for name in &dropped {
            let message = format!(
                "property `{name}` has the `false` schema (it may never appear); it is left out"
            );
            self.warn(
                &pointer.join("properties").join(name),
                "false-schema",
                message.clone(),
                "remove the property from `properties`",
            );
            note_degradation(map, &[&message]);
        }
        if let Some(Value::Sequence(required)) = map.get_mut("required") {
            required.retain(|name| {
                name.as_str()
                    .is_none_or(|name| !dropped.iter().any(|d| d == name))
            });
        }
    }

    /// A warning of `kind` at `pointer`, also noted in the docs of the schema `map`.
    fn degrade(
        &mut self,
        map: &mut Mapping,
        pointer: &Pointer,
        kind: &'static str,
        message: String,
        hint: &str,
    ) {
        note_degradation(map, &[&message]);
        self.warn(pointer, kind, message, hint);
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; several types → a `oneOf` of one arm per
    /// type, each taking the keywords that constrain its type. Entries that are not type names
    /// are dropped, and a type list beside `oneOf`/`anyOf` (which 3.0 cannot say) leaves the type
    /// to the union's arms: both with a warning, noted in the schema's docs.
    fn rewrite_type_list(&mut self, map: &mut Mapping, pointer: &Pointer) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            Some(Value::Sequence(entries)) => {
                let names: Vec<String> = entries
                    .iter()
                    .filter_map(|entry| entry.as_str().map(str::to_owned))
                    .collect();
                if names.len() < entries.len() {
                    let message = match entries.len() - names.len() {
                        1 => "`type` lists an entry that is not a type name; it is ignored"
                            .to_owned(),
                        n => format!(
                            "`type` lists {n} entries that are not type names; they are ignored"
                        ),
                    };
                    let hint = "list type names only, e.g. `type: [string, \"null\"]`";
                    self.degrade(map, &pointer.join("type"), "invalid-keyword", message, hint);
                }
                names
            }
            _ => return,
        };
        let (nulls, others): (Vec<String>, Vec<String>) =
            types.into_iter().partition(|name| name == "null");
        let beside_union = map.contains_key("oneOf") || map.contains_key("anyOf");
        if others.len() > 1 && beside_union {
            let message = format!(
                "the type list [{}] beside `oneOf`/`anyOf` has no OpenAPI 3.0 form; it is ignored and the union's arms decide the type",
                others.join(", ")
            );
            let hint = "move each type into an arm of the `oneOf`";
            self.degrade(
                map,
                &pointer.join("type"),
                "type-list-beside-union",
                message,
                hint,
            );
            map.shift_remove("type");
            if !nulls.is_empty() {
                map.insert("nullable".into(), true.into());
            }
            return;
        }
        map.shift_remove("type");
        if !nulls.is_empty() {
            map.insert("nullable".into(), true.into());
        }
        match others.as_slice() {
            // Only `null`: 3.0 cannot say "null and nothing else"; a nullable schema without a
            // type (optional free-form JSON once lowered) is the closest it gets.
            [] => {}
            [single] => {
                map.insert("type".into(), single.as_str().into());
            }
            several => {
                let arms = split_by_type(map, several);
                map.insert("oneOf".into(), Value::Sequence(arms));
            }
        }
    }

    /// Removes the `{type: "null"}` arms of `anyOf`/`oneOf` (what FastAPI and pydantic emit for
    /// every optional field) and makes the parent `nullable`. A single remaining arm is merged
    /// into the parent: a `$ref` becomes `allOf: [{$ref}]`, the 3.0 idiom for a nullable reference.
    fn collapse_null_arms(&mut self, map: &mut Mapping, pointer: &Pointer) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Sequence(arms)) = map.get_mut(keyword) else {
                continue;
            };
            let kept: Vec<usize> = (0..arms.len())
                .filter(|&index| !is_null_only(&arms[index]))
                .collect();
            let removed = kept.len() < arms.len();
            // An arm that admits null (`type: [string, "null"]` inside an `anyOf`) makes the
            // whole union admit null.
            if !removed && !arms.iter().any(admits_null) {
                continue;
            }
            arms.retain(|arm| !is_null_only(arm));
            let remaining = arms.len();
            map.insert("nullable".into(), true.into());
            if !removed {
                continue;
            }
            let combinators = ["allOf", "anyOf", "oneOf", "not"];
            let alone = combinators
                .iter()
                .all(|other| *other == keyword || !map.contains_key(*other));
            if remaining == 0 {
                map.shift_remove(keyword);
            } else if remaining == 1
                && alone
                && let Some(Value::Sequence(mut arms)) = map.shift_remove(keyword)
                && let Some(arm) = arms.pop()
            {
                self.merge_only_arm(map, arm, &pointer.join(keyword).join(kept[0]));
            }
        }
    }

    /// Merges the one non-null arm of a union into its parent; the parent's annotations win.
    fn merge_only_arm(&mut self, map: &mut Mapping, arm: Value, pointer: &Pointer) {
        let Value::Mapping(arm) = arm else { return };
        let arm = if arm.len() == 1 && arm.contains_key("$ref") {
            let mut wrapper = Mapping::new();
            wrapper.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(arm)]));
            wrapper
        } else {
            arm
        };
        // When both set a `type` and they differ, the parent's wins and the arm describes
        // another type: only its descriptions merge, and its other keywords (`maxLength`, a
        // `default`, a tuple's items) go with its type rather than land on a schema they do
        // not fit.
        let type_of = |schema: &Mapping| {
            schema
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let other_type = matches!(
            (type_of(map), type_of(&arm)),
            (Some(parent), Some(own)) if parent != own
        );
        let dropped: Vec<String> = (arm.keys())
            .filter_map(Value::as_str)
            .filter(|key| {
                other_type && !matches!(*key, "type" | "nullable") && !DESCRIBING.contains(key)
            })
            .map(str::to_owned)
            .collect();
        // Conflicts are noted after the merge: a note added now would give the parent a
        // `description`, and the arm's own would then be taken for a conflict and dropped.
        let mut conflicts = Vec::new();
        for (key, value) in arm {
            let text = key.as_str().unwrap_or_default().to_owned();
            match map.get(&key) {
                _ if dropped.contains(&text) => {}
                None => {
                    map.insert(key, value);
                }
                Some(existing) if *existing == value || ANNOTATIONS.contains(&text.as_str()) => {}
                Some(_) => conflicts.push(text),
            }
        }
        for text in conflicts {
            let with_its_keywords = if text == "type" && !dropped.is_empty() {
                let names: Vec<String> = dropped.iter().map(|name| format!("`{name}`")).collect();
                let verb = if names.len() == 1 {
                    "describes"
                } else {
                    "describe"
                };
                format!(", and with it {}, which {verb} its type", names.join(", "))
            } else {
                String::new()
            };
            let message = format!(
                "the only non-null arm and the schema around it both set `{text}`; the arm's value is ignored{with_its_keywords}"
            );
            let hint = "set the keyword in one place only, or write the schema as `nullable: true` with the arm's keywords";
            self.degrade(
                map,
                &pointer.join(&text),
                "union-merge-conflict",
                message,
                hint,
            );
        }
    }
}

/// Empties a schema down to the keywords that describe it, so that it accepts any JSON value, and
/// appends to its description what was degraded, so the generated docs say it.
fn degrade_to_any_json(map: &mut Mapping, notes: &[&str]) {
    map.retain(|key, _| key.as_str().is_some_and(|key| DESCRIBING.contains(&key)));
    note_degradation(map, notes);
}

/// Splits the keywords of a multi-type schema into one arm per type; the keywords that constrain
/// no particular type (descriptions, `enum`, `default`) stay on the parent.
pub(in crate::load) fn split_by_type(map: &mut Mapping, types: &[String]) -> Vec<Value> {
    let arms = types
        .iter()
        .map(|name| {
            let mut arm = Mapping::new();
            arm.insert("type".into(), name.as_str().into());
            for (key, value) in map.iter() {
                if key
                    .as_str()
                    .is_some_and(|key| constrained_types(key).contains(&name.as_str()))
                {
                    arm.insert(key.clone(), value.clone());
                }
            }
            Value::Mapping(arm)
        })
        .collect();
    map.retain(|key, _| {
        key.as_str()
            .is_none_or(|key| constrained_types(key).is_empty())
    });
    arms
}

/// The instance types a keyword constrains (empty: it applies to any type, or to none).
fn constrained_types(keyword: &str) -> &'static [&'static str] {
    match keyword {
        "maxLength" | "minLength" | "pattern" => &["string"],
        "format" => &["string", "integer", "number"],
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            &["integer", "number"]
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            &["object"]
        }
        _ => &[],
    }
}

/// An arm that admits only `null`: `{type: "null"}` once rewritten, maybe with a title.
fn is_null_only(arm: &Value) -> bool {
    let Value::Mapping(arm) = arm else {
        return false;
    };
    arm.get("nullable") == Some(&Value::Bool(true))
        && arm
            .keys()
            .all(|key| matches!(key.as_str(), Some("nullable" | "title" | "description")))
}

fn admits_null(arm: &Value) -> bool {
    arm.get("nullable") == Some(&Value::Bool(true))
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
