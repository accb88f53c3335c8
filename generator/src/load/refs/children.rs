//! What the bundler's walk finds under a key: a schema, a list or map of schemas, a map of
//! named entries, other structure, or literal data whose `$ref` keys are not references.

use super::Place;

/// Maps whose keys are names chosen by the author.
pub(super) const NAMED_MAPS: [&str; 12] = [
    "paths",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
];

/// How a child of a mapping is walked.
pub(super) enum Child {
    Schema,
    SchemaList,
    SchemaMap,
    Other,
    /// Literal values (`example`, `default`, `enum`) and extensions: a `$ref` key in them is
    /// data, not a reference.
    Skip,
}

/// How the child under `key` of a value at `place` is walked (`at_components`: the value is
/// `#/components`, whose `schemas` is a map of schemas).
pub(super) fn child_kind(place: Place, key: &str, at_components: bool) -> Child {
    if key.starts_with("x-") || ["example", "default", "enum", "const", "value"].contains(&key) {
        return Child::Skip;
    }
    match place {
        Place::Schema => match key {
            "items"
            | "not"
            | "additionalProperties"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedItems"
            | "unevaluatedProperties" => Child::Schema,
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => Child::SchemaList,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                Child::SchemaMap
            }
            _ => Child::Skip,
        },
        Place::Other => match key {
            "schema" => Child::Schema,
            "schemas" if at_components => Child::SchemaMap,
            _ => Child::Other,
        },
    }
}
