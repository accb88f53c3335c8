//! A `type` that names no OpenAPI type (`type: int`, `type: file`, `type: Widget`). `openapiv3`
//! reads such a schema as one of no type, which became any JSON value without a word. A name
//! whose meaning is plain is read as meant: a common alias or another spelling of a type
//! (`int` → `integer` with `format: int32`, `String` → `string`, Swagger 2's `file` → a binary
//! string), or the name of a component schema (read as a `$ref` to it). Any other name is
//! dropped, leaving any JSON value; each case is a located warning. Also the other `type`
//! readings of the checker: a 3.1 type list in a 3.0 document, and keywords of another type
//! beside one scalar `type`.

use super::check::SchemaChecker;
use super::normalize::split_by_type;
use crate::diagnostics::Pointer;
use crate::diagnostics::{Diagnostic, InputFile};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// The types of the OpenAPI 3.0 Schema Object, and `null` (3.1's, normalised before this check).
const TYPE_NAMES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// The hint of every warning about a `type`.
pub(super) const TYPE_HINT: &str = "use one of string, number, integer, boolean, array or object, \
     with `format` for int32, double, date-time, binary …; a schema is named with `$ref`";

/// What the `type` of a schema reads as.
#[derive(Debug, PartialEq)]
pub(super) enum TypeReading {
    /// One of the type names.
    Known,
    /// Another spelling of a type: the type, and a `format` to add when the schema has none.
    Spelled(&'static str, Option<&'static str>),
    /// The name of a component schema: the `$ref` to it.
    Schema(String),
    /// Nothing known.
    Unknown,
}

/// Reads `name`, the value of a schema's `type`, against the type names, their common aliases
/// and the names of the document's component schemas.
pub(super) fn read_type_name(name: &str, schema_names: &BTreeSet<String>) -> TypeReading {
    if TYPE_NAMES.contains(&name) {
        return TypeReading::Known;
    }
    if let Some(known) = TYPE_NAMES
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
    {
        return TypeReading::Spelled(known, None);
    }
    if let Some(reading) = alias(&name.to_ascii_lowercase()) {
        return reading;
    }
    match schema_names.contains(name) {
        true => TypeReading::Schema(format!(
            "#/components/schemas/{}",
            name.replace('~', "~0").replace('/', "~1")
        )),
        false => TypeReading::Unknown,
    }
}

/// Aliases of the types in other languages and in Swagger 2 (`file`), lower-cased.
fn alias(name: &str) -> Option<TypeReading> {
    let (type_name, format) = match name {
        "int" | "int32" => ("integer", Some("int32")),
        "int64" | "long" => ("integer", Some("int64")),
        "float" => ("number", Some("float")),
        "double" => ("number", Some("double")),
        "decimal" | "numeric" => ("number", None),
        "bool" => ("boolean", None),
        "str" | "text" => ("string", None),
        "date" => ("string", Some("date")),
        "date-time" | "datetime" => ("string", Some("date-time")),
        "file" | "binary" => ("string", Some("binary")),
        "dict" | "map" => ("object", None),
        _ => return None,
    };
    Some(TypeReading::Spelled(type_name, format))
}

impl SchemaChecker {
    /// A `type` naming no type (see `check_types`). True when the schema became a bare `$ref`,
    /// which the caller then reads as one.
    pub(super) fn type_name(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) -> bool {
        let Some(Value::String(name)) = mapping.get("type") else {
            return false;
        };
        let name = name.clone();
        match read_type_name(&name, &self.schema_names) {
            TypeReading::Known => false,
            TypeReading::Spelled(type_name, format) => {
                mapping.insert("type".into(), type_name.into());
                let mut reading = format!("`type: {type_name}`");
                if let Some(format) = format.filter(|_| !mapping.contains_key("format")) {
                    mapping.insert("format".into(), format.into());
                    reading.push_str(&format!(" with `format: {format}`"));
                }
                let message = format!("`type: {name}` is not a type name; it is read as {reading}");
                self.warn(&pointer.join("type"), message.clone(), TYPE_HINT);
                notes.push(message);
                false
            }
            TypeReading::Schema(reference) => {
                mapping.shift_remove("type");
                // The keywords beside it (`nullable`, `description`) were written for this
                // schema, so they stay, beside the reference as an `allOf` part: a bare `$ref`
                // would drop them (a nullable field read as required).
                let kept = refer_keeping_siblings(mapping, &reference);
                let reading = match kept {
                    true => format!("`allOf: [$ref: '{reference}']` beside its other keywords"),
                    false => format!("`$ref: '{reference}'`"),
                };
                let message = format!(
                    "`type: {name}` is not a type name but the name of a component schema; it is \
                     read as {reading}"
                );
                self.warn(&pointer.join("type"), message.clone(), TYPE_HINT);
                // Kept, the schema is still read here, and its docs say how.
                if kept {
                    notes.push(message);
                }
                !kept
            }
            TypeReading::Unknown => {
                let reason = format!("`type: {name}` is not a type name");
                self.drop_keyword(mapping, "type", reason, pointer, notes);
                false
            }
        }
    }
}

/// Makes `mapping` (its `type` removed) refer to `reference`: a plain `$ref` when nothing else
/// is left, else an `allOf` part (added to the `allOf` already there, if it is a list).
/// True when the other keywords were kept beside it.
fn refer_keeping_siblings(mapping: &mut Mapping, reference: &str) -> bool {
    let part = Value::Mapping(Mapping::from_iter([("$ref".into(), reference.into())]));
    let kept = !mapping.is_empty();
    match mapping.get_mut("allOf") {
        // Appended, so the pointers of the parts already there stay where the spec has them.
        Some(Value::Sequence(parts)) if kept => {
            parts.push(part);
            return true;
        }
        None if kept => {
            mapping.insert("allOf".into(), Value::Sequence(vec![part]));
            return true;
        }
        _ => {}
    }
    // Nothing beside it, or an `allOf` that is not a list: the reference, which is read alone.
    mapping.insert("$ref".into(), reference.into());
    false
}

/// Keywords that constrain only arrays, objects, strings and numbers (JSON Schema applies each
/// only to values of its type).
const ONLY_ARRAYS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];
const ONLY_OBJECTS: [&str; 5] = [
    "properties",
    "additionalProperties",
    "required",
    "minProperties",
    "maxProperties",
];
const ONLY_STRINGS: [&str; 3] = ["minLength", "maxLength", "pattern"];
const ONLY_NUMBERS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Removes from a schema of one scalar `type` the keywords that apply only to other types
/// (Kubernetes writes `{type: string, uniqueItems: true}` on every `dryRun` parameter). JSON
/// Schema ignores them for such a value, so nothing changes what the schema accepts; the model
/// could not read the mix and made it any JSON value. Returns those removed that describe
/// contents (a non-empty `properties`, `items` or `additionalProperties`), in the document's
/// order: a constraint of another type is noise, but contents suggest the author meant
/// another `type`.
pub(super) fn drop_keywords_of_other_types(mapping: &mut Mapping) -> Vec<String> {
    let kinds: &[&[&str]] = match mapping.get("type").and_then(Value::as_str) {
        Some("string") => &[&ONLY_ARRAYS, &ONLY_OBJECTS, &ONLY_NUMBERS],
        Some("integer" | "number") => &[&ONLY_ARRAYS, &ONLY_OBJECTS, &ONLY_STRINGS],
        Some("boolean") => &[&ONLY_ARRAYS, &ONLY_OBJECTS, &ONLY_STRINGS, &ONLY_NUMBERS],
        _ => return Vec::new(),
    };
    let other_type = |key: &str| kinds.iter().any(|kind| kind.contains(&key));
    // In the document's order, so a warning names the first one written.
    let dropped: Vec<String> = (mapping.keys())
        .filter_map(Value::as_str)
        .filter(|key| other_type(key))
        .map(str::to_owned)
        .collect();
    let mut contents = Vec::new();
    for keyword in dropped {
        let value = mapping.remove(keyword.as_str());
        if CONTENTS.contains(&keyword.as_str()) && value.as_ref().is_some_and(describes_contents) {
            contents.push(keyword);
        }
    }
    contents
}

/// Whether a `properties`, `items` or `additionalProperties` value says anything: `{}`, `true`
/// and `false` describe no contents, so dropping them is as silent as dropping a constraint.
fn describes_contents(value: &Value) -> bool {
    matches!(value, Value::Mapping(mapping) if !mapping.is_empty())
}

/// The keywords of another type that describe what a value holds.
const CONTENTS: [&str; 3] = ["properties", "items", "additionalProperties"];

impl SchemaChecker {
    /// `drop_keywords_of_other_types`, with an `invalid-keyword` warning and a docs note when
    /// what it drops describes contents (`{type: string, properties: …}`).
    pub(super) fn drop_keywords_of_other_types(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        let ty = mapping
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let dropped = drop_keywords_of_other_types(mapping);
        let Some(first) = dropped.first() else {
            return;
        };
        let listed: Vec<String> = dropped
            .iter()
            .map(|keyword| format!("`{keyword}`"))
            .collect();
        let message = format!(
            "a `type: {ty}` schema has {}, which describe the contents of objects or arrays and apply to no {ty} value; ignored",
            listed.join(" and ")
        );
        let hint = "remove what does not apply, or give the schema the type it describes (`type: object` for `properties`, `type: array` for `items`)";
        self.warn(&pointer.join(first), message.clone(), hint);
        notes.push(message);
    }
}

impl SchemaChecker {
    /// `type: [T, "null"]` (the OpenAPI 3.1 form) in a 3.0 document: read as 3.1 reads it,
    /// `type: T` with `nullable: true` (several types: a `oneOf` of one arm per type), with a
    /// warning. A list holding something other than type names is dropped.
    pub(super) fn read_type_list(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        let Some(Value::Sequence(names)) = mapping.get("type") else {
            return;
        };
        let names: Option<Vec<String>> = names
            .iter()
            .map(|name| name.as_str().map(str::to_owned))
            .collect();
        let Some(names) = names else {
            let reason =
                "`type` must be a type name, found a list holding something else".to_owned();
            return self.drop_keyword(mapping, "type", reason, pointer, notes);
        };
        let written = format!("[{}]", names.join(", "));
        let (nulls, others): (Vec<String>, Vec<String>) =
            names.into_iter().partition(|name| name == "null");
        if others.len() > 1 && (mapping.contains_key("oneOf") || mapping.contains_key("anyOf")) {
            let reason = format!("`type: {written}` lists several types beside `oneOf`/`anyOf`");
            return self.drop_keyword(mapping, "type", reason, pointer, notes);
        }
        mapping.shift_remove("type");
        let mut reading = Vec::new();
        match others.as_slice() {
            [] => {}
            [single] => {
                mapping.insert("type".into(), single.as_str().into());
                reading.push(format!("`type: {single}`"));
            }
            several => {
                let arms = split_by_type(mapping, several);
                mapping.insert("oneOf".into(), Value::Sequence(arms));
                reading.push("a `oneOf` of one arm per type".to_owned());
            }
        }
        if !nulls.is_empty() {
            mapping.insert("nullable".into(), true.into());
            reading.push("`nullable: true`".to_owned());
        }
        let message = format!(
            "`type: {written}` is the OpenAPI 3.1 form (3.0 has one type name); it is read as {}",
            reading.join(" with ")
        );
        self.warnings.push(
            Diagnostic::warning(
                InputFile::Spec,
                "openapi-3.1-keyword",
                pointer.join("type").as_str(),
                message,
            )
            .with_hint("in an OpenAPI 3.0 document, write one type name and `nullable: true`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_read_as_their_authors_meant_where_that_is_plain() {
        let schemas: BTreeSet<String> = ["Widget".to_owned(), "a/b".to_owned()].into();
        let cases = [
            ("integer", TypeReading::Known),
            ("null", TypeReading::Known),
            ("Integer", TypeReading::Spelled("integer", None)),
            ("OBJECT", TypeReading::Spelled("object", None)),
            ("int", TypeReading::Spelled("integer", Some("int32"))),
            ("Long", TypeReading::Spelled("integer", Some("int64"))),
            ("double", TypeReading::Spelled("number", Some("double"))),
            ("bool", TypeReading::Spelled("boolean", None)),
            ("file", TypeReading::Spelled("string", Some("binary"))),
            (
                "datetime",
                TypeReading::Spelled("string", Some("date-time")),
            ),
            (
                "Widget",
                TypeReading::Schema("#/components/schemas/Widget".to_owned()),
            ),
            (
                "a/b",
                TypeReading::Schema("#/components/schemas/a~1b".to_owned()),
            ),
            ("widget", TypeReading::Unknown),
            ("HourlyResponse", TypeReading::Unknown),
            ("", TypeReading::Unknown),
        ];
        for (name, expected) in cases {
            assert_eq!(read_type_name(name, &schemas), expected, "type: {name:?}");
        }
    }

    #[test]
    fn a_schema_named_as_a_type_keeps_the_keywords_beside_it() {
        let read = |yaml: &str| {
            let mut mapping: Mapping = serde_yaml::from_str(yaml).unwrap();
            let kept = refer_keeping_siblings(&mut mapping, "#/components/schemas/Widget");
            (kept, serde_yaml::to_string(&mapping).unwrap())
        };
        let alone = read("{}");
        assert_eq!(
            alone,
            (false, "$ref: '#/components/schemas/Widget'\n".to_owned())
        );
        let (kept, nullable) = read("{nullable: true, description: A widget}");
        assert!(kept);
        assert_eq!(
            nullable,
            "nullable: true\ndescription: A widget\nallOf:\n- $ref: '#/components/schemas/Widget'\n"
        );
        let (kept, parts) = read("{allOf: [{required: [id]}]}");
        assert!(kept);
        assert_eq!(
            parts,
            "allOf:\n- required:\n  - id\n- $ref: '#/components/schemas/Widget'\n"
        );
    }

    #[test]
    fn keywords_of_other_types_leave_a_scalar_schema() {
        let read = |text: &str| {
            let mut mapping: Mapping = serde_yaml::from_str(text).unwrap();
            drop_keywords_of_other_types(&mut mapping);
            serde_yaml::to_string(&mapping).unwrap()
        };
        assert_eq!(
            read("{type: string, uniqueItems: true, maxLength: 3, minimum: 1}"),
            "type: string\nmaxLength: 3\n"
        );
        assert_eq!(
            read("{type: integer, minItems: 1, minimum: 0, pattern: x, properties: {}}"),
            "type: integer\nminimum: 0\n"
        );
        assert_eq!(read("{type: boolean, maxLength: 1}"), "type: boolean\n");
        // Arrays and objects (and schemas of no one type) are left to the model.
        let object = "type: object\nmaxLength: 3\nproperties: {}\n";
        assert_eq!(read(object), object);
        assert_eq!(
            read("{minItems: 1, pattern: x}"),
            "minItems: 1\npattern: x\n"
        );
    }

    #[test]
    fn contents_of_another_type_are_warned_and_noted() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    \
                    Kind: {type: string, enum: [a, b], properties: {a: {}}, items: {type: string}}\n    \
                    Flag: {type: string, uniqueItems: true, properties: {}, additionalProperties: false}\n";
        let inputs = crate::load::load_inputs(spec, None).unwrap();
        let warnings: Vec<(&str, &str)> = (inputs.warnings.iter())
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        // One warning for the schema, at the first such keyword it writes; a constraint
        // (`uniqueItems`) and contents that say nothing (`{}`, `false`) are silent.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].0, "#/components/schemas/Kind/properties");
        assert!(
            warnings[0]
                .1
                .contains("has `properties` and `items`, which describe"),
            "{warnings:?}"
        );
        let schemas = &inputs.document.components.as_ref().unwrap().schemas;
        let kind = schemas["Kind"].as_item().unwrap();
        let docs = kind.schema_data.description.as_deref().unwrap_or_default();
        assert!(docs.contains("apply to no string value"), "{docs}");
    }
}
