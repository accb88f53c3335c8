//! A parameter or response header with neither `schema` nor `content` (the specification requires
//! one; the model cannot read it without): taken as a string, the form every parameter has on the
//! wire, with a located warning and a note in its docs.

use super::normalize::keywords::note_degradation;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

/// Gives `parameter` (at `pointer`) `schema: {type: string}` when it has no schema, content or
/// `$ref`; returns the warning that says so.
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
    let mut schema = Mapping::new();
    schema.insert("type".into(), "string".into());
    map.insert("schema".into(), Value::Mapping(schema));
    note_degradation(
        map,
        &["The API description gives it no schema: taken as a string."],
    );
    // Response headers are read by the same walk (`…/headers/Location`).
    let what = match pointer.as_str().rsplit('/').nth(1) == Some("headers") {
        true => "header",
        false => "parameter",
    };
    let message = format!("the {what} has neither `schema` nor `content`; it is taken as a string");
    Some(
        Diagnostic::warning(
            InputFile::Spec,
            "parameter-schema",
            pointer.as_str(),
            message,
        )
        .with_hint("give it a `schema`"),
    )
}
