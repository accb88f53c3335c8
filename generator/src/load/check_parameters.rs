//! A parameter or response header with neither `schema` nor `content` (the specification requires
//! one; the model cannot read it without). Written in Swagger 2's form (`type`, `format`, `items`
//! beside `name` and `in`), those keywords become its schema, and `collectionFormat` its style;
//! with none of them it is taken as a string, the form every parameter has on the wire. Either
//! way with a located warning and a note in its docs.

use super::normalize::keywords::note_degradation;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

/// Swagger 2's schema keywords on a parameter (its Parameter and Items Objects).
const SWAGGER_2_SCHEMA_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

/// A path parameter that says `required: false`: the path cannot be built without it, so it is
/// read as required (as it is when `required` is absent, the usual slip), with a warning because
/// the document states the contrary.
pub(super) fn require_path_parameter(
    parameter: &mut Value,
    pointer: &Pointer,
) -> Option<Diagnostic> {
    let Value::Mapping(map) = parameter else {
        return None;
    };
    let in_path = map.get("in").and_then(Value::as_str) == Some("path");
    if !in_path || map.get("required") != Some(&Value::Bool(false)) {
        return None;
    }
    map.insert("required".into(), true.into());
    let message = "a path parameter cannot be optional (the path is not complete without it); \
                   `required: false` is read as `required: true`";
    Some(
        Diagnostic::warning(
            InputFile::Spec,
            "invalid-keyword",
            pointer.join("required").as_str(),
            message,
        )
        .with_hint("write `required: true`; a value that may be left out belongs in the query"),
    )
}

/// Gives `parameter` (at `pointer`) a schema when it has no schema, content or `$ref`; returns
/// the warning that says so.
pub(super) fn fill_missing_schema(parameter: &mut Value, pointer: &Pointer) -> Option<Diagnostic> {
    let Value::Mapping(map) = parameter else {
        return None;
    };
    if ["$ref", "schema", "content"]
        .iter()
        .any(|key| map.contains_key(*key))
    {
        return None;
    }
    // Response headers are read by the same walk (`…/headers/Location`).
    let what = match pointer.as_str().rsplit('/').nth(1) == Some("headers") {
        true => "header",
        false => "parameter",
    };
    if let Some(warning) = lift_swagger_2_schema(map, pointer, what) {
        return Some(warning);
    }
    let mut schema = Mapping::new();
    schema.insert("type".into(), "string".into());
    map.insert("schema".into(), Value::Mapping(schema));
    note_degradation(
        map,
        &["The API description gives it no schema: taken as a string."],
    );
    let message = format!("the {what} has neither `schema` nor `content`; it is taken as a string");
    Some(warning(pointer, message, "give it a `schema`"))
}

/// Moves Swagger 2's schema keywords of `map` into a `schema`, when it has a `type`; returns the
/// warning naming them.
fn lift_swagger_2_schema(map: &mut Mapping, pointer: &Pointer, what: &str) -> Option<Diagnostic> {
    if !map.get("type").is_some_and(Value::is_string) {
        return None;
    }
    let mut schema = Mapping::new();
    let mut moved = Vec::new();
    for keyword in SWAGGER_2_SCHEMA_KEYWORDS {
        if let Some(value) = map.shift_remove(keyword) {
            schema.insert(keyword.into(), value);
            moved.push(format!("`{keyword}`"));
        }
    }
    map.insert("schema".into(), Value::Mapping(schema));
    if let Some(format) = map.shift_remove("collectionFormat") {
        moved.push("`collectionFormat`".to_owned());
        read_collection_format(map, format.as_str().unwrap_or(""));
    }
    let moved = moved.join(", ");
    note_degradation(
        map,
        &[&format!(
            "The API description gives its schema in Swagger 2's form ({moved} beside the {what}); read as its schema."
        )],
    );
    let message = format!(
        "the {what} has no `schema`; the Swagger 2 keywords beside it ({moved}) are read as its schema"
    );
    Some(warning(
        pointer,
        message,
        "move the keywords under `schema:`",
    ))
}

/// Swagger 2's `collectionFormat` as the 3.0 `style` and `explode` it means (`csv`, Swagger 2's
/// default, is `form` without explode; `multi` is exploded; `tsv` has no 3.0 form and is left
/// to the defaults).
fn read_collection_format(map: &mut Mapping, format: &str) {
    let (style, explode) = match format {
        "csv" => ("form", false),
        "multi" => ("form", true),
        "ssv" => ("spaceDelimited", false),
        "pipes" => ("pipeDelimited", false),
        _ => return,
    };
    if map.contains_key("style") || map.contains_key("explode") {
        return;
    }
    // A query string has them all; a cookie only `form`; a path or a header (a response header
    // has no `in`) only `simple`, comma-separated.
    let style = match map.get("in").and_then(Value::as_str) {
        Some("query") => style,
        Some("cookie") => "form",
        _ => "simple",
    };
    map.insert("style".into(), style.into());
    map.insert("explode".into(), explode.into());
}

fn warning(pointer: &Pointer, message: String, hint: &str) -> Diagnostic {
    Diagnostic::warning(
        InputFile::Spec,
        "parameter-schema",
        pointer.as_str(),
        message,
    )
    .with_hint(hint)
}
