//! A media type object written as the schema itself (`application/json: {type: object,
//! properties: …}` or `{$ref: '#/components/schemas/X'}`, without `schema:`), as hand-written
//! documents often have it. `openapiv3` ignores those keys, so the body or response had no schema
//! and became any JSON value without a word; here they are moved under `schema`, with a warning.
//! And `examples` that are not a map of Example Objects, which `openapiv3` refuses (the whole
//! document with them).

use super::check::SchemaChecker;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

/// Keys that only a schema has (a media type object's own are `schema`, `example`, `examples`,
/// `encoding` and `x-` extensions).
const SCHEMA_KEYWORDS: [&str; 12] = [
    "$ref",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "additionalProperties",
    "enum",
    "format",
    "required",
    "nullable",
];

/// Moves schema keywords found directly in `media` (at `pointer`) under `schema`, when it has
/// none; returns the warning that says so.
pub(super) fn lift_media_schema(media: &mut Value, pointer: &Pointer) -> Option<Diagnostic> {
    let Value::Mapping(media) = media else {
        return None;
    };
    if media.contains_key("schema") || !SCHEMA_KEYWORDS.iter().any(|key| media.contains_key(*key)) {
        return None;
    }
    let mut schema = Mapping::new();
    let mut moved = Vec::new();
    // Everything but the media type's own keys: `description`, `title` and the like go with the
    // schema they describe.
    let keys: Vec<Value> = media.keys().cloned().collect();
    for key in keys {
        let text = key.as_str().unwrap_or("");
        if ["example", "examples", "encoding"].contains(&text) || text.starts_with("x-") {
            continue;
        }
        if let Some(value) = media.shift_remove(&key) {
            moved.push(format!("`{text}`"));
            schema.insert(key, value);
        }
    }
    media.insert("schema".into(), Value::Mapping(schema));
    let message = format!(
        "the media type has no `schema`; the schema keywords written in its place ({}) are read as its schema",
        moved.join(", ")
    );
    Some(
        Diagnostic::warning(InputFile::Spec, "media-schema", pointer.as_str(), message)
            .with_hint("move the keywords under `schema:`"),
    )
}

/// `examples` of a media type, parameter or header must map names to Example Objects; a list
/// (JSON Schema's `examples`, common in hand-written documents) becomes `example` (its first item),
/// and an entry that is not an Example Object becomes one holding it as its `value`, so one
/// misplaced example never refuses the document. Returns the warning's message, if any.
pub(super) fn repair_examples(owner: &mut Value) -> Option<String> {
    let Value::Mapping(owner) = owner else {
        return None;
    };
    match owner.get_mut("examples")? {
        Value::Mapping(examples) => {
            let mut wrapped = Vec::new();
            for (name, example) in examples.iter_mut() {
                if !example.is_mapping() {
                    let mut object = Mapping::new();
                    object.insert("value".into(), std::mem::take(example));
                    *example = Value::Mapping(object);
                    wrapped.push(format!("`{}`", name.as_str().unwrap_or("?")));
                }
            }
            (!wrapped.is_empty()).then(|| {
                format!(
                    "`examples` entries {} are not Example Objects; each is read as an example's `value`",
                    wrapped.join(", ")
                )
            })
        }
        Value::Sequence(_) => {
            let Some(Value::Sequence(list)) = owner.shift_remove("examples") else {
                return None;
            };
            if let Some(first) = list.into_iter().next()
                && !owner.contains_key("example")
            {
                owner.insert("example".into(), first);
            }
            Some("`examples` must map names to Example Objects, found a list; its first item is read as `example`".to_owned())
        }
        _ => {
            owner.shift_remove("examples");
            Some("`examples` must map names to Example Objects; the keyword is ignored".to_owned())
        }
    }
}

/// The walk's step for `examples` (`check.rs` walks, this module decides).
impl SchemaChecker {
    /// `examples` of a media type, parameter or header (see `check_media`).
    pub(super) fn examples(&mut self, owner: &mut Value, pointer: &Pointer) {
        if let Some(message) = repair_examples(owner) {
            let hint = "write `examples: {name: {value: …}}`, or one `example`";
            self.warn(&pointer.join("examples"), message, hint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lift(media: &str) -> (bool, Value) {
        let mut media: Value = serde_yaml::from_str(media).unwrap();
        let warned = lift_media_schema(&mut media, &Pointer::root()).is_some();
        (warned, media)
    }

    #[test]
    fn schema_keywords_move_under_schema_and_the_media_types_own_stay() {
        let (warned, media) =
            lift("{type: object, description: d, example: {a: 1}, x-tag: t, properties: {a: {}}}");
        let expected: Value = serde_yaml::from_str(
            "{example: {a: 1}, x-tag: t, schema: {type: object, description: d, properties: {a: {}}}}",
        )
        .unwrap();
        assert!(warned);
        assert_eq!(media, expected);
    }

    #[test]
    fn a_list_of_examples_becomes_the_example_and_bare_entries_become_values() {
        let mut owner: Value = serde_yaml::from_str("{examples: [{a: 1}, {a: 2}]}").unwrap();
        assert!(repair_examples(&mut owner).is_some());
        assert_eq!(
            owner,
            serde_yaml::from_str::<Value>("{example: {a: 1}}").unwrap()
        );
        let mut owner: Value =
            serde_yaml::from_str("{examples: {one: 1, two: {value: 2}}}").unwrap();
        let message = repair_examples(&mut owner).unwrap();
        assert!(
            message.contains("`one`") && !message.contains("`two`"),
            "{message}"
        );
        let expected = "{examples: {one: {value: 1}, two: {value: 2}}}";
        assert_eq!(owner, serde_yaml::from_str::<Value>(expected).unwrap());
        let mut owner: Value = serde_yaml::from_str("{examples: {one: {value: 1}}}").unwrap();
        assert_eq!(repair_examples(&mut owner), None);
    }

    #[test]
    fn a_media_type_with_a_schema_or_without_schema_keywords_is_left_alone() {
        assert!(!lift("{schema: {type: string}, type: object}").0);
        assert_eq!(
            lift("{example: 1}"),
            (false, serde_yaml::from_str("{example: 1}").unwrap())
        );
    }
}
