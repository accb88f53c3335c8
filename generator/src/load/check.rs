//! Located checks on the untyped 3.0 tree, before `openapiv3` reads it. In: the document tree (3.1
//! already normalised). Out: the tree with integer keywords clamped to what the model holds,
//! 3.1 forms common in 3.0 documents (numeric exclusive bounds, `type: [T, "null"]`) and
//! Swagger 2's `required: true` on a property read as meant, keywords of the wrong type dropped,
//! and every schema the model still cannot read degraded to any JSON value, each with a located
//! warning and a note in the schema's description; it never refuses the document. Why: `openapiv3`
//! reads `$ref`-or-item positions by trying each alternative and, on failure, deserialising again
//! for its message, so one bad value under n nested schemas costs 2^n attempts (hours at 40
//! levels), and a non-finite number there even panics. Each schema is checked here on its own, with
//! its subschemas replaced by `{}`, so `openapiv3` is only ever handed schemas it accepts on the
//! first try and the whole check is linear in the document.

use super::Findings;
use super::METHODS;
use super::check_media::lift_media_schema;
use super::check_numbers::{IntegerKeyword, clamp_to_count, finite_number, integer_keyword};
use super::check_parameters::{fill_missing_schema, require_path_parameter};
use super::check_required::all_of_part_refs;
use super::check_types::TYPE_HINT;
use super::check_unions::{drop_null_arms, drop_union_beside_properties, null_only_components};
use super::normalize::keywords::{note_degradation, rewrite_exclusive_bounds, type_from_enum};
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// Keywords the model reads as any JSON number; `minimum`, `maximum` and `multipleOf` of an
/// integer schema must also be integers that fit `i64` (see `check_numbers`).
const NUMBER_KEYWORDS: [&str; 3] = ["multipleOf", "minimum", "maximum"];

/// Keywords the model reads as `usize`.
const COUNT_KEYWORDS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

const BOOL_KEYWORDS: [&str; 7] = [
    "exclusiveMinimum",
    "exclusiveMaximum",
    "uniqueItems",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
];

const STRING_KEYWORDS: [&str; 5] = ["type", "pattern", "format", "title", "description"];

/// Keywords holding one subschema, and those holding a list of them.
const SINGLE_SUBSCHEMAS: [&str; 2] = ["items", "not"];
const LIST_SUBSCHEMAS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Checks every schema of the document; clamps integer keywords and rewrites numeric exclusive
/// bounds in place.
pub fn check_document(root: &mut Value) -> Findings {
    let text_warnings = super::check_fields::check_fields(root);
    let checker = SchemaChecker {
        null_only: null_only_components(root),
        all_of_parts: all_of_part_refs(root),
        schema_names: component_schema_names(root),
        ..SchemaChecker::default()
    };
    let (mut paths, mut components) = (None, None);
    if let Value::Mapping(root) = root {
        for (key, value) in root.iter_mut() {
            match key.as_str() {
                Some("paths") => paths = Some(value),
                Some("components") => components = Some(value),
                _ => {}
            }
        }
    }
    // The paths and the components are apart in the tree and checked apart, so side by side: a
    // big document's check is a tenth of the whole run.
    let (path_warnings, component_warnings) = std::thread::scope(|scope| {
        let mut path_checker = checker.clone();
        let paths = scope.spawn(move || {
            if let Some(paths) = paths {
                path_checker.paths(paths);
            }
            path_checker.warnings
        });
        let mut component_checker = checker;
        if let Some(components) = components {
            component_checker.components(components);
        }
        let paths = paths
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (paths, component_checker.warnings)
    });
    Findings {
        problems: Vec::new(),
        warnings: (text_warnings.into_iter())
            .chain(path_warnings)
            .chain(component_warnings)
            .collect(),
    }
}

#[derive(Clone, Default)]
pub(super) struct SchemaChecker {
    pub(super) warnings: Vec<Diagnostic>,
    /// Component schemas that admit only `null`, by `$ref` (see `check_unions`).
    null_only: BTreeSet<String>,
    /// Schemas some `allOf` names as a part, by `$ref` (see `check_required`).
    pub(super) all_of_parts: BTreeSet<String>,
    /// The names under `components/schemas` (see `check_types`).
    pub(super) schema_names: BTreeSet<String>,
}

/// The names of the document's component schemas.
fn component_schema_names(root: &Value) -> BTreeSet<String> {
    let schemas = root
        .get("components")
        .and_then(|components| components.get("schemas"));
    let Some(Value::Mapping(schemas)) = schemas else {
        return BTreeSet::new();
    };
    schemas.keys().map(key_text).collect()
}

impl SchemaChecker {
    /// Every path item of the document's `paths`.
    fn paths(&mut self, paths: &mut Value) {
        let pointer = Pointer::root().join("paths");
        if let Value::Mapping(paths) = paths {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &pointer.join(key_text(path)));
            }
        }
    }

    /// Every reusable schema, response, parameter, header, body and callback.
    fn components(&mut self, components: &mut Value) {
        let pointer = Pointer::root().join("components");
        for (name, schema) in entries(components, "schemas") {
            self.schema(schema, &pointer.join("schemas").join(name));
        }
        for (name, response) in entries(components, "responses") {
            self.response(response, &pointer.join("responses").join(name));
        }
        for kind in ["parameters", "headers"] {
            for (name, parameter) in entries(components, kind) {
                self.parameter(parameter, &pointer.join(kind).join(name));
            }
        }
        for (name, body) in entries(components, "requestBodies") {
            self.content(body, &pointer.join("requestBodies").join(name));
        }
        for (name, callback) in entries(components, "callbacks") {
            self.callback(callback, &pointer.join("callbacks").join(name));
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &Pointer) {
        self.parameters(item, pointer);
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &pointer.join(method));
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &Pointer) {
        self.parameters(operation, pointer);
        if let Some(body) = operation.get_mut("requestBody") {
            self.content(body, &pointer.join("requestBody"));
        }
        for (status, response) in entries(operation, "responses") {
            self.response(response, &pointer.join("responses").join(status));
        }
        for (name, callback) in entries(operation, "callbacks") {
            self.callback(callback, &pointer.join("callbacks").join(name));
        }
    }

    fn parameters(&mut self, owner: &mut Value, pointer: &Pointer) {
        if let Some(Value::Sequence(parameters)) = owner.get_mut("parameters") {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &pointer.join("parameters").join(index));
            }
        }
    }

    /// A parameter or a header: a schema, or a content map. One with neither (the document
    /// breaks the specification) is read from its Swagger 2 keywords, or taken as a string, the
    /// form every parameter has on the wire (see `check_parameters`).
    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) {
        let repairs = [
            fill_missing_schema(parameter, pointer),
            require_path_parameter(parameter, pointer),
        ];
        self.warnings.extend(repairs.into_iter().flatten());
        self.examples(parameter, pointer);
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &pointer.join("schema"));
        }
        self.content(parameter, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &Pointer) {
        for (name, header) in entries(response, "headers") {
            self.parameter(header, &pointer.join("headers").join(name));
        }
        self.content(response, pointer);
    }

    /// The `content` map of a parameter, request body, response or header.
    fn content(&mut self, owner: &mut Value, pointer: &Pointer) {
        for (media_type, media) in entries(owner, "content") {
            let pointer = pointer.join("content").join(media_type);
            if let Some(warning) = lift_media_schema(media, &pointer) {
                self.warnings.push(warning);
            }
            self.examples(media, &pointer);
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &pointer.join("schema"));
            }
            for (property, encoding) in entries(media, "encoding") {
                let pointer = pointer.join("encoding").join(property);
                for (name, header) in entries(encoding, "headers") {
                    self.parameter(header, &pointer.join("headers").join(name));
                }
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &Pointer) {
        if let Value::Mapping(callback) = callback {
            for (expression, item) in callback.iter_mut() {
                self.path_item(item, &pointer.join(key_text(expression)));
            }
        }
    }

    /// One schema: the type an untyped `enum` implies (exact, so silent), its own keywords
    /// (repaired where their value has the wrong type), its properties' Swagger-2
    /// `required: true`, then its subschemas, then the model's reading of it with every
    /// subschema replaced by `{}`; a schema the model still cannot read is degraded to any JSON
    /// value. Every repair is a located warning and a note in the docs.
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) {
        if let Value::Mapping(mapping) = schema {
            if matches!(mapping.get("$ref"), Some(Value::String(_))) {
                // The model reads a reference and ignores its siblings.
                return;
            }
            let mut notes = Vec::new();
            if self.type_name(mapping, pointer, &mut notes) {
                return;
            }
            type_from_enum(mapping);
            self.keywords(mapping, pointer, &mut notes);
            self.drop_keywords_of_other_types(mapping, pointer, &mut notes);
            self.hoist_property_required(mapping, pointer);
            self.declare_required_properties(mapping, pointer);
            drop_null_arms(mapping, &self.null_only);
            if let Some((keyword, message)) = drop_union_beside_properties(mapping) {
                self.union_beside_properties(&pointer.join(keyword), message.clone());
                notes.push(message);
            }
            let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
            note_degradation(mapping, &notes);
            self.subschemas(mapping, pointer);
        }
        let shell = shell_of(schema);
        if let Err(err) = ReferenceOr::<Schema>::deserialize(&shell) {
            let message =
                format!("not a valid schema: {err}; the schema is kept as `serde_json::Value`");
            self.degrade_schema(schema, message, pointer);
        }
    }

    /// A schema the model cannot read becomes the empty schema (any JSON value), keeping what
    /// describes it.
    fn degrade_schema(&mut self, schema: &mut Value, message: String, pointer: &Pointer) {
        let mut kept = Mapping::new();
        if let Value::Mapping(mapping) = schema {
            for keyword in [
                "title",
                "description",
                "deprecated",
                "readOnly",
                "writeOnly",
            ] {
                if let Some(value) = mapping.get(keyword).filter(|value| match keyword {
                    "title" | "description" => value.is_string(),
                    _ => value.is_bool(),
                }) {
                    kept.insert(keyword.into(), value.clone());
                }
            }
        }
        note_degradation(&mut kept, &[&message]);
        *schema = Value::Mapping(kept);
        self.warnings.push(
            Diagnostic::warning(InputFile::Spec, "invalid-schema", pointer.as_str(), message)
                .with_hint("a schema is a mapping of OpenAPI 3.0 schema keywords, or a `$ref`"),
        );
    }

    /// One `invalid-keyword` warning.
    pub(super) fn warn(&mut self, pointer: &Pointer, message: String, hint: &str) {
        self.warnings.push(
            Diagnostic::warning(
                InputFile::Spec,
                "invalid-keyword",
                pointer.as_str(),
                message,
            )
            .with_hint(hint),
        );
    }

    /// Removes a keyword whose value the model cannot hold, with a warning and a docs note.
    pub(super) fn drop_keyword(
        &mut self,
        mapping: &mut Mapping,
        keyword: &str,
        reason: String,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        mapping.shift_remove(keyword);
        let message = format!("{reason}; the keyword is ignored");
        let hint = match keyword {
            "type" => TYPE_HINT,
            "required" => {
                "list required properties in the schema's `required`, e.g. `required: [name]`"
            }
            "minimum" | "maximum" | "multipleOf" => "leave the keyword out for no bound",
            "enum" => "write each value in the schema's `type`",
            "default" => "write the default in the schema's `type`, as one of its `enum` values",
            _ => "see the OpenAPI 3.0 Schema Object for the keyword's type",
        };
        self.warn(&pointer.join(keyword), message.clone(), hint);
        notes.push(message);
    }

    fn subschemas(&mut self, mapping: &mut Mapping, pointer: &Pointer) {
        for keyword in SINGLE_SUBSCHEMAS {
            if let Some(child) = mapping.get_mut(keyword) {
                self.schema(child, &pointer.join(keyword));
            }
        }
        if let Some(child @ Value::Mapping(_)) = mapping.get_mut("additionalProperties") {
            self.schema(child, &pointer.join("additionalProperties"));
        }
        for keyword in LIST_SUBSCHEMAS {
            if let Some(Value::Sequence(children)) = mapping.get_mut(keyword) {
                for (index, child) in children.iter_mut().enumerate() {
                    self.schema(child, &pointer.join(keyword).join(index));
                }
            }
        }
        if let Some(Value::Mapping(properties)) = mapping.get_mut("properties") {
            for (name, child) in properties.iter_mut() {
                self.schema(child, &pointer.join("properties").join(key_text(name)));
            }
        }
    }

    /// `multipleOf`, `minimum` and `maximum`: finite numbers, and whole `i64` numbers in an
    /// integer schema (see `check_numbers`).
    fn number_keywords(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        let is_integer = mapping.get("type").and_then(Value::as_str) == Some("integer");
        for keyword in NUMBER_KEYWORDS {
            let Some(value) = mapping.get_mut(keyword) else {
                continue;
            };
            match finite_number(value, keyword).and_then(|number| {
                if is_integer {
                    integer_keyword(keyword, number)
                } else {
                    Ok(IntegerKeyword::Exact(number))
                }
            }) {
                Ok(IntegerKeyword::Exact(number)) => *value = Value::Number(number),
                // `minimum: 0.5` of an integer is `minimum: 1`, exclusive or not.
                Ok(IntegerKeyword::Rounded(number)) => {
                    *value = Value::Number(number);
                    let exclusive = if keyword == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    mapping.shift_remove(exclusive);
                }
                Err(reason) => self.drop_keyword(mapping, keyword, reason, pointer, notes),
            }
        }
    }

    /// The value types of the schema's own keywords: integer keywords are clamped, a type list
    /// is read as 3.1 reads it, `"true"`/`"false"` strings as booleans, and any other value of
    /// the wrong type is dropped, each with a warning.
    fn keywords(&mut self, mapping: &mut Mapping, pointer: &Pointer, notes: &mut Vec<String>) {
        self.read_numeric_exclusive_bounds(mapping, pointer);
        self.read_type_list(mapping, pointer, notes);
        self.number_keywords(mapping, pointer, notes);
        for keyword in COUNT_KEYWORDS {
            let Some(value) = mapping.get_mut(keyword) else {
                continue;
            };
            let count = finite_number(value, keyword).and_then(|number| {
                clamp_to_count(number.clone())
                    .ok_or_else(|| format!("`{keyword}` must be a whole number, found {number}"))
            });
            match count {
                Ok(count) => *value = Value::Number(count),
                Err(reason) => self.drop_keyword(mapping, keyword, reason, pointer, notes),
            }
        }
        for keyword in BOOL_KEYWORDS {
            if let Some(Value::String(text)) = mapping.get(keyword)
                && let Ok(flag) = text.parse::<bool>()
            {
                let message = format!(
                    "`{keyword}` must be a boolean, found the string \"{text}\"; it is read as `{flag}`"
                );
                self.warn(
                    &pointer.join(keyword),
                    message,
                    "write the boolean without quotes",
                );
                mapping.insert(keyword.into(), flag.into());
            }
        }
        let expectations = [
            (
                &BOOL_KEYWORDS[..],
                "a boolean",
                Value::is_bool as fn(&Value) -> bool,
            ),
            (&STRING_KEYWORDS[..], "a string", Value::is_string),
            (&["required", "enum"][..], "a sequence", Value::is_sequence),
            (&["properties"][..], "a mapping", Value::is_mapping),
        ];
        for (keywords, expected, matches) in expectations {
            for keyword in keywords {
                if let Some(value) = mapping.get(*keyword)
                    && !matches(value)
                {
                    let reason = format!("`{keyword}` must be {expected}, found {}", kind(value));
                    self.drop_keyword(mapping, keyword, reason, pointer, notes);
                }
            }
        }
        self.enum_values(mapping, pointer, notes);
        self.default_value(mapping, pointer, notes);
    }

    /// 3.1's `exclusiveMinimum: N` (a number, where 3.0 has a boolean) is common in 3.0
    /// documents; its meaning is plain, so it is read as 3.1 reads it (`minimum: N` +
    /// `exclusiveMinimum: true`, as `normalize` rewrites 3.1 documents) with a warning.
    fn read_numeric_exclusive_bounds(&mut self, mapping: &mut Mapping, pointer: &Pointer) {
        let mut found = false;
        for (keyword, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            // A non-finite bound is left for the boolean check to report.
            let Some(Value::Number(bound)) = mapping.get(keyword) else {
                continue;
            };
            if bound.is_nan() || bound.is_infinite() {
                continue;
            }
            found = true;
            let message = format!(
                "`{keyword}: {bound}` is the OpenAPI 3.1 form (3.0 has a boolean); it is read as \
                 `{inclusive}: {bound}` with `{keyword}: true`"
            );
            self.warnings.push(
                Diagnostic::warning(
                    InputFile::Spec,
                    "openapi-3.1-keyword",
                    pointer.join(keyword).as_str(),
                    message,
                )
                .with_hint(format!(
                    "in an OpenAPI 3.0 document, write `{inclusive}: {bound}` and `{keyword}: true`"
                )),
            );
        }
        if found {
            rewrite_exclusive_bounds(mapping);
        }
    }
}

/// A copy of the schema's own keywords with every subschema replaced by `{}`, so that reading it
/// costs only its own size.
fn shell_of(schema: &Value) -> Value {
    let Value::Mapping(mapping) = schema else {
        return schema.clone();
    };
    let empty = || Value::Mapping(Mapping::new());
    let shell = mapping.iter().map(|(key, value)| {
        let keyword = key.as_str().unwrap_or_default();
        let replaced = match value {
            Value::Mapping(_) if SINGLE_SUBSCHEMAS.contains(&keyword) => empty(),
            Value::Mapping(_) if keyword == "additionalProperties" => empty(),
            Value::Sequence(children) if LIST_SUBSCHEMAS.contains(&keyword) => {
                Value::Sequence(children.iter().map(|_| empty()).collect())
            }
            Value::Mapping(properties) if keyword == "properties" => Value::Mapping(
                properties
                    .keys()
                    .map(|name| (name.clone(), empty()))
                    .collect(),
            ),
            other => other.clone(),
        };
        (key.clone(), replaced)
    });
    Value::Mapping(shell.collect())
}

/// The entries of the mapping under `key`, with their keys as pointer text.
fn entries<'a>(owner: &'a mut Value, key: &str) -> Vec<(String, &'a mut Value)> {
    match owner.get_mut(key) {
        Some(Value::Mapping(inner)) => inner
            .iter_mut()
            .map(|(key, value)| (key_text(key), value))
            .collect(),
        _ => Vec::new(),
    }
}

/// A mapping key as text: YAML keys such as an unquoted `200` are numbers, not strings.
pub(super) fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

/// What a value is, for messages.
pub(super) fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(number) => format!("the number {number}"),
        Value::String(_) => "a string".to_owned(),
        Value::Sequence(_) => "a sequence".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(_) => "a tagged value".to_owned(),
    }
}
