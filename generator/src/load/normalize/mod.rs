//! OpenAPI 3.1 → 3.0, on the untyped YAML tree, before `openapiv3` (which reads 3.0 only) sees the
//! document. In: a parsed 3.1 document. Out: the same document in 3.0 form with `openapi: 3.0.3`,
//! and a located warning for every construct 3.0 cannot express, degraded to the nearest 3.0
//! form (a schema to the empty schema, a type list beside a union to the union, …).
//! 3.1's `mutualTLS` security scheme becomes the http scheme `mutualTLS`, which `lower` degrades.
//! The walk follows the document's structure down to each schema position, so only real schema
//! objects are rewritten: a media type's `examples` map, a property named `const` or an example
//! value that happens to look like a schema are left alone. The schema rewrites live in `schema`
//! (the walk through a schema and the rewrites that need it) and `keywords` (single-keyword
//! rewrites).

pub(super) mod keywords;
mod schema;
pub(in crate::load) use schema::split_by_type;
pub use schema::{PREFIX_ITEMS, PREFIX_ITEMS_CLOSED};

use super::Findings;
use super::METHODS;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

/// Rewrites a 3.1 document into 3.0 form in place; returns the warnings about what was
/// degraded (nothing in a 3.1 document stops the run here).
pub fn normalize_document(document: &mut Value) -> Findings {
    let mut normalizer = Normalizer::default();
    if let Value::Mapping(root) = document {
        normalizer.document(root);
    }
    Findings {
        problems: Vec::new(),
        warnings: normalizer.warnings,
    }
}

/// Walks one document and collects what is mapped only loosely.
#[derive(Default)]
struct Normalizer {
    warnings: Vec<Diagnostic>,
}

impl Normalizer {
    fn warn(&mut self, pointer: &Pointer, kind: &'static str, message: String, hint: &str) {
        self.warnings.push(
            Diagnostic::warning(InputFile::Spec, kind, pointer.as_str(), message).with_hint(hint),
        );
    }

    fn document(&mut self, root: &mut Mapping) {
        let pointer = Pointer::root();
        root.insert("openapi".into(), "3.0.3".into());
        // 3.1 names the JSON Schema dialect of its schemas; 3.0 knows only its own.
        root.shift_remove("jsonSchemaDialect");
        // Webhooks are requests the API sends to its users, not operations a client calls: an SDK
        // has nothing to generate for them, and 3.0 has no place to keep them. They are ignored.
        root.shift_remove("webhooks");
        if let Some(Value::Mapping(info)) = root.get_mut("info") {
            // 3.1 additions without a 3.0 field. The summary does not reach the generated
            // crate; the license's SPDX identifier does (its `Cargo.toml` license), kept as an
            // extension that 3.0 allows.
            info.shift_remove("summary");
            if let Some(Value::Mapping(license)) = info.get_mut("license")
                && let Some(identifier) = license.shift_remove("identifier")
            {
                license.insert("x-identifier".into(), identifier);
            }
        }
        // 3.1 allows a document without paths (only components or webhooks); 3.0 requires them.
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Mapping(Mapping::new()));
        }
        for (path, item) in entries(root, "paths") {
            self.path_item(item, &pointer.join("paths").join(path));
        }
        if let Some(Value::Mapping(components)) = root.get_mut("components") {
            self.components(components, &pointer.join("components"));
        }
    }

    fn components(&mut self, components: &mut Mapping, pointer: &Pointer) {
        // Reusable path items are new in 3.1. Those referenced were inlined where they are used
        // (`refs`, before this walk); 3.0 has no place for the definitions.
        components.shift_remove("pathItems");
        for (name, schema) in entries(components, "schemas") {
            self.schema(schema, &pointer.join("schemas").join(name));
        }
        for (name, response) in entries(components, "responses") {
            self.response(response, &pointer.join("responses").join(name));
        }
        for (name, parameter) in entries(components, "parameters") {
            self.parameter(parameter, &pointer.join("parameters").join(name));
        }
        for (name, body) in entries(components, "requestBodies") {
            self.content_of(body, &pointer.join("requestBodies").join(name));
        }
        for (name, header) in entries(components, "headers") {
            self.parameter(header, &pointer.join("headers").join(name));
        }
        for (name, callback) in entries(components, "callbacks") {
            self.callback(callback, &pointer.join("callbacks").join(name));
        }
        for (_, scheme) in entries(components, "securitySchemes") {
            self.security_scheme(scheme);
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &Pointer) {
        let Value::Mapping(item) = item else { return };
        self.parameters(item, pointer);
        for method in METHODS {
            if let Some(Value::Mapping(operation)) = item.get_mut(method) {
                self.operation(operation, &pointer.join(method));
            }
        }
    }

    fn operation(&mut self, operation: &mut Mapping, pointer: &Pointer) {
        // 3.1 made `responses` optional; 3.0 requires it.
        if operation.get("responses").is_none_or(Value::is_null) {
            operation.insert("responses".into(), Mapping::new().into());
        }
        self.parameters(operation, pointer);
        if let Some(body) = operation.get_mut("requestBody") {
            self.content_of(body, &pointer.join("requestBody"));
        }
        for (status, response) in entries(operation, "responses") {
            self.response(response, &pointer.join("responses").join(status));
        }
        for (name, callback) in entries(operation, "callbacks") {
            self.callback(callback, &pointer.join("callbacks").join(name));
        }
    }

    /// The `parameters` list of a path item or an operation.
    fn parameters(&mut self, owner: &mut Mapping, pointer: &Pointer) {
        if let Some(Value::Sequence(parameters)) = owner.get_mut("parameters") {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &pointer.join("parameters").join(index));
            }
        }
    }

    /// A parameter or a header: a schema, or a content map. References are left as they are.
    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) {
        let Value::Mapping(parameter) = parameter else {
            return;
        };
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &pointer.join("schema"));
        }
        self.content(parameter, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &Pointer) {
        let Value::Mapping(response) = response else {
            return;
        };
        for (name, header) in entries(response, "headers") {
            self.parameter(header, &pointer.join("headers").join(name));
        }
        self.content(response, pointer);
    }

    /// A request body (or anything else whose only schemas are in its `content`).
    fn content_of(&mut self, owner: &mut Value, pointer: &Pointer) {
        if let Value::Mapping(owner) = owner {
            self.content(owner, pointer);
        }
    }

    /// The `content` map of a parameter, request body, response or header.
    fn content(&mut self, owner: &mut Mapping, pointer: &Pointer) {
        for (media_type, media) in entries(owner, "content") {
            let pointer = pointer.join("content").join(media_type);
            let Value::Mapping(media) = media else {
                continue;
            };
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &pointer.join("schema"));
            }
            for (property, encoding) in entries(media, "encoding") {
                if let Value::Mapping(encoding) = encoding {
                    let pointer = pointer.join("encoding").join(property);
                    for (name, header) in entries(encoding, "headers") {
                        self.parameter(header, &pointer.join("headers").join(name));
                    }
                }
            }
        }
    }

    /// A callback: runtime expression → path item.
    fn callback(&mut self, callback: &mut Value, pointer: &Pointer) {
        let Value::Mapping(callback) = callback else {
            return;
        };
        for (expression, item) in callback.iter_mut() {
            self.path_item(item, &pointer.join(key_text(expression)));
        }
    }

    /// 3.1's `type: mutualTLS` (a client certificate) has no 3.0 form; it is kept as the http
    /// scheme `mutualTLS`, which `lower` recognises, warns about where it is used and documents
    /// on each operation that requires it.
    fn security_scheme(&mut self, scheme: &mut Value) {
        if let Value::Mapping(scheme) = scheme
            && scheme.get("type").and_then(Value::as_str) == Some("mutualTLS")
        {
            scheme.insert("type".into(), "http".into());
            scheme.insert("scheme".into(), "mutualTLS".into());
        }
    }
}

/// The entries of the mapping under `key`, with their keys as pointer text.
fn entries<'a>(owner: &'a mut Mapping, key: &str) -> Vec<(String, &'a mut Value)> {
    match owner.get_mut(key) {
        Some(Value::Mapping(inner)) => inner
            .iter_mut()
            .map(|(key, value)| (key_text(key), value))
            .collect(),
        _ => Vec::new(),
    }
}

/// A mapping key as text: YAML keys such as an unquoted `200` are numbers, not strings.
fn key_text(key: &Value) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises `input` and compares it with `expected`, both YAML; panics on warnings.
    fn assert_normalizes(input: &str, expected: &str) {
        let mut document: Value = serde_yaml::from_str(input).unwrap();
        let findings = normalize_document(&mut document);
        assert!(findings.warnings.is_empty(), "{:?}", findings.warnings);
        let expected: Value = serde_yaml::from_str(expected).unwrap();
        assert_eq!(
            document,
            expected,
            "got:\n{}",
            serde_yaml::to_string(&document).unwrap()
        );
    }

    #[test]
    fn top_level_keys_become_3_0() {
        assert_normalizes(
            "openapi: 3.1.0\n\
             jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n\
             info: {title: T, version: '1', summary: S, license: {name: MIT, identifier: MIT}}\n\
             webhooks: {newPet: {post: {responses: {'200': {description: ok}}}}}\n\
             components: {pathItems: {P: {get: {responses: {'200': {description: ok}}}}}}\n",
            "openapi: 3.0.3\n\
             info: {title: T, version: '1', license: {name: MIT, x-identifier: MIT}}\n\
             components: {}\n\
             paths: {}\n",
        );
    }

    #[test]
    fn schemas_are_found_in_every_position() {
        // One `type: [string, "null"]` in each place a schema can stand.
        let nullable = "{type: [string, 'null']}";
        let input = format!(
            "openapi: 3.1.0\n\
             paths:\n  /a:\n    parameters: [{{name: p, in: query, schema: {nullable}}}]\n    post:\n      \
             parameters: [{{name: q, in: query, content: {{application/json: {{schema: {nullable}}}}}}}]\n      \
             requestBody: {{content: {{multipart/form-data: {{schema: {nullable}, encoding: {{f: {{headers: {{H: {{schema: {nullable}}}}}}}}}}}}}}}\n      \
             responses: {{'200': {{description: ok, headers: {{X: {{schema: {nullable}}}}}}}}}\n      \
             callbacks: {{cb: {{'{{$request.body#/url}}': {{post: {{requestBody: {{content: {{a/b: {{schema: {nullable}}}}}}}}}}}}}}}\n\
             components:\n  schemas: {{S: {nullable}}}\n  parameters: {{P: {{name: p, in: query, schema: {nullable}}}}}\n  \
             headers: {{H: {{schema: {nullable}}}}}\n  requestBodies: {{B: {{content: {{a/b: {{schema: {nullable}}}}}}}}}\n  \
             responses: {{R: {{description: r, content: {{a/b: {{schema: {nullable}}}}}}}}}\n"
        );
        let mut document: Value = serde_yaml::from_str(&input).unwrap();
        assert!(normalize_document(&mut document).warnings.is_empty());
        let text = serde_yaml::to_string(&document).unwrap();
        assert_eq!(text.matches("nullable: true").count(), 11, "{text}");
        assert!(!text.contains("- 'null'"), "{text}");
    }

    #[test]
    fn examples_outside_schemas_are_left_alone() {
        assert_normalizes(
            "openapi: 3.1.0\n\
             paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              examples: {one: {value: {const: 1}}}\n",
            "openapi: 3.0.3\n\
             paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              examples: {one: {value: {const: 1}}}\n",
        );
    }

    #[test]
    fn mutual_tls_becomes_the_http_scheme_lower_recognises() {
        assert_normalizes(
            "openapi: 3.1.0\npaths: {}\ncomponents: {securitySchemes: {m: {type: mutualTLS, description: d}}}\n",
            "openapi: 3.0.3\npaths: {}\ncomponents: {securitySchemes: {m: {type: http, description: d, scheme: mutualTLS}}}\n",
        );
    }
}
