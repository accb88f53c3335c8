//! Located checks on the untyped 3.0 tree, before `openapiv3` reads it. In: the document tree (3.1
//! already normalised). Out: the tree with integer keywords clamped to what the model holds and
//! 3.1's numeric exclusive bounds (common in 3.0 documents) rewritten as 3.0 ones, each with a
//! located warning, or a located error for every schema the model cannot read. Why: `openapiv3`
//! reads `$ref`-or-item positions by trying each alternative and, on failure, deserialising again
//! for its message, so one bad value under n nested schemas costs 2^n attempts (hours at 40
//! levels), and a non-finite number there even panics. Each schema is checked here on its own, with
//! its subschemas replaced by `{}`, so `openapiv3` is only ever handed schemas it accepts on the
//! first try and the whole check is linear in the document.

use super::Findings;
use super::normalize::keywords::rewrite_exclusive_bounds;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_yaml::{Mapping, Number, Value};

/// The operations of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords the model reads as any JSON number; `minimum`, `maximum` and `multipleOf` of an
/// integer schema must also fit `i64`.
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
    let mut checker = SchemaChecker::default();
    let pointer = Pointer::root();
    for (path, item) in entries(root, "paths") {
        checker.path_item(item, &pointer.join("paths").join(path));
    }
    if let Some(components) = root.get_mut("components") {
        let pointer = pointer.join("components");
        for (name, schema) in entries(components, "schemas") {
            checker.schema(schema, &pointer.join("schemas").join(name));
        }
        for (name, response) in entries(components, "responses") {
            checker.response(response, &pointer.join("responses").join(name));
        }
        for kind in ["parameters", "headers"] {
            for (name, parameter) in entries(components, kind) {
                checker.parameter(parameter, &pointer.join(kind).join(name));
            }
        }
        for (name, body) in entries(components, "requestBodies") {
            checker.content(body, &pointer.join("requestBodies").join(name));
        }
        for (name, callback) in entries(components, "callbacks") {
            checker.callback(callback, &pointer.join("callbacks").join(name));
        }
    }
    Findings {
        problems: checker.problems,
        warnings: checker.warnings,
    }
}

#[derive(Default)]
struct SchemaChecker {
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl SchemaChecker {
    fn problem(&mut self, pointer: &Pointer, message: String, hint: Option<&str>) {
        let diagnostic = Diagnostic::new(InputFile::Spec, pointer.as_str(), message);
        self.problems.push(match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        });
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

    /// A parameter or a header: a schema, or a content map.
    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) {
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

    /// One schema: its own keywords, then its subschemas, then (if its keywords were fine) the
    /// model's reading of it with every subschema replaced by `{}`.
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) {
        if let Value::Mapping(mapping) = schema {
            if matches!(mapping.get("$ref"), Some(Value::String(_))) {
                // The model reads a reference and ignores its siblings.
                return;
            }
            let before = self.problems.len();
            self.keywords(mapping, pointer);
            let keywords_ok = self.problems.len() == before;
            self.subschemas(mapping, pointer);
            if !keywords_ok {
                return;
            }
        }
        let shell = shell_of(schema);
        if let Err(err) = ReferenceOr::<Schema>::deserialize(&shell) {
            self.problem(
                pointer,
                format!("not a valid schema: {err}"),
                Some("a schema is a mapping of OpenAPI 3.0 schema keywords, or a `$ref`"),
            );
        }
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

    /// The value types of the schema's own keywords; integer keywords are clamped in place.
    fn keywords(&mut self, mapping: &mut Mapping, pointer: &Pointer) {
        self.read_numeric_exclusive_bounds(mapping, pointer);
        let is_integer = mapping.get("type").and_then(Value::as_str) == Some("integer");
        for keyword in NUMBER_KEYWORDS {
            if let Some(value) = mapping.get_mut(keyword)
                && let Some(number) = self.finite_number(value, keyword, pointer)
                && is_integer
            {
                *value = Value::Number(clamp_to_i64(number));
            }
        }
        for keyword in COUNT_KEYWORDS {
            if let Some(value) = mapping.get_mut(keyword)
                && let Some(number) = self.finite_number(value, keyword, pointer)
            {
                match clamp_to_count(number.clone()) {
                    Some(count) => *value = Value::Number(count),
                    None => self.problem(
                        &pointer.join(keyword),
                        format!("`{keyword}` must be a whole number, found {number}"),
                        None,
                    ),
                }
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
                    let message = format!("`{keyword}` must be {expected}, found {}", kind(value));
                    self.problem(&pointer.join(keyword), message, None);
                }
            }
        }
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

    /// The keyword's number if it is a finite one; otherwise a located problem.
    fn finite_number(&mut self, value: &Value, keyword: &str, pointer: &Pointer) -> Option<Number> {
        let Value::Number(number) = value else {
            let message = format!("`{keyword}` must be a number, found {}", kind(value));
            self.problem(&pointer.join(keyword), message, None);
            return None;
        };
        if number.is_nan() || number.is_infinite() {
            // `.inf` as a bound could mean "no bound", but `.nan` means nothing, and the model
            // holds neither: leaving the keyword out says "no bound" in every case.
            self.problem(
                &pointer.join(keyword),
                format!("`{keyword}` must be a finite number, found {number}"),
                Some("leave the keyword out for no bound"),
            );
            return None;
        }
        Some(number.clone())
    }
}

/// An integer keyword as the nearest `i64` (a float of an integral value stays as written unless
/// it lies outside `i64`, so what the model already read is read the same).
fn clamp_to_i64(number: Number) -> Number {
    if let Some(unsigned) = number.as_u64() {
        return i64::try_from(unsigned).map_or(Number::from(i64::MAX), Number::from);
    }
    match number.as_f64() {
        Some(float) if float >= 9_223_372_036_854_775_807.0 => Number::from(i64::MAX),
        Some(float) if float <= -9_223_372_036_854_775_808.0 => Number::from(i64::MIN),
        _ => number,
    }
}

/// A count keyword as the nearest `usize`, or `None` for a fraction.
fn clamp_to_count(number: Number) -> Option<Number> {
    if number.is_u64() {
        return Some(number);
    }
    if number.is_i64() {
        return Some(Number::from(0u64));
    }
    let float = number.as_f64()?;
    if float.fract() != 0.0 {
        return None;
    }
    // Float to integer conversion saturates at the bounds of the target type.
    Some(Number::from(float.max(0.0) as u64))
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
