//! Bodies written where OpenAPI 3 reads none, moved to where it does: media types beside a
//! response's `description` (`content` forgotten), Swagger 2's `schema` on a body or response,
//! and schema keywords in place of a media type's `schema`. This runs before a 3.1 document is
//! normalised, so the schemas it moves are normalised with the rest (moved afterwards, their
//! 3.1 forms were warned about as 3.1 keywords in a 3.0 document).

use super::METHODS;
use super::check::key_text;
use super::check_fields::{callback_items, note_operation};
use super::check_media::lift_media_schema;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::Value;

/// How deep callbacks inside callbacks are followed.
const MAX_DEPTH: usize = 8;

/// Moves every body of the document into its `content` (see the module); one warning each.
pub(super) fn lift_bodies(root: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let pointer = Pointer::root().join("paths").join(key_text(path));
            path_item(item, &pointer, 0, &mut warnings);
        }
    }
    let Some(components) = root.get_mut("components") else {
        return warnings;
    };
    let pointer = Pointer::root().join("components");
    for section in ["requestBodies", "responses"] {
        if let Some(Value::Mapping(bodies)) = components.get_mut(section) {
            for (name, body) in bodies.iter_mut() {
                let pointer = pointer.join(section).join(key_text(name));
                lift_body(body, &pointer, &mut warnings);
            }
        }
    }
    callbacks(components, &pointer, 0, &mut warnings);
    warnings
}

fn path_item(item: &mut Value, pointer: &Pointer, depth: usize, warnings: &mut Vec<Diagnostic>) {
    for method in METHODS {
        let Some(operation) = item.get_mut(method) else {
            continue;
        };
        let pointer = pointer.join(method);
        let before = warnings.len();
        if let Some(body) = operation.get_mut("requestBody") {
            lift_body(body, &pointer.join("requestBody"), warnings);
        }
        if let Some(Value::Mapping(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                let pointer = pointer.join("responses").join(key_text(status));
                lift_body(response, &pointer, warnings);
            }
        }
        // The method's docs say what was read where the document put it.
        for warning in &warnings[before..] {
            let place = warning
                .pointer
                .get(pointer.as_str().len() + 1..)
                .unwrap_or_default();
            note_operation(operation, format!("`{place}`: {}", warning.message));
        }
        callbacks(operation, &pointer, depth, warnings);
    }
}

fn callbacks(owner: &mut Value, pointer: &Pointer, depth: usize, warnings: &mut Vec<Diagnostic>) {
    if depth >= MAX_DEPTH {
        return;
    }
    for (pointer, _, item) in callback_items(owner, pointer) {
        path_item(item, &pointer, depth + 1, warnings);
    }
}

/// A request body or response: its body moved into `content`, and each media type's schema
/// keywords under its `schema`.
fn lift_body(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    lift_content(owner, pointer, warnings);
    let Some(Value::Mapping(content)) = owner.get_mut("content") else {
        return;
    };
    for (media_type, media) in content.iter_mut() {
        let pointer = pointer.join("content").join(key_text(media_type));
        warnings.extend(lift_media_schema(media, &pointer));
    }
}

/// A response or request body with no `content` that holds its media types itself
/// (`application/json: {schema: …}`, `content` forgotten), or a schema as Swagger 2 wrote it
/// (`schema: …`, read as JSON): moved into a `content` map. The model ignored both, so the
/// body was dropped without a word.
fn lift_content(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let Some(owner) = owner.as_mapping_mut() else {
        return;
    };
    if owner.contains_key("content") || owner.contains_key("$ref") {
        return;
    }
    // `x-…` keys are extensions, whatever they hold; a media type's value is an object.
    let media_type = |key: &str| key.contains('/') && !key.starts_with("x-");
    let media_types: Vec<Value> = (owner.iter())
        .filter(|(key, value)| key.as_str().is_some_and(media_type) && value.is_mapping())
        .map(|(key, _)| key.clone())
        .collect();
    let content: serde_yaml::Mapping = if !media_types.is_empty() {
        (media_types.iter())
            .filter_map(|key| Some((key.clone(), owner.remove(key)?)))
            .collect()
    } else if let Some(schema) = owner.remove("schema") {
        let media = [(Value::from("schema"), schema)].into_iter().collect();
        [(Value::from("application/json"), Value::Mapping(media))]
            .into_iter()
            .collect()
    } else {
        return;
    };
    let (found, read) = match media_types.is_empty() {
        true => (
            "a Swagger 2 `schema`",
            "`content: {application/json: {schema: …}}`",
        ),
        false => ("media types outside `content`", "its `content`"),
    };
    let message =
        format!("{found}: OpenAPI 3 reads no body there, so it would be dropped; read as {read}");
    warnings.push(
        Diagnostic::warning(
            InputFile::Spec,
            "body-outside-content",
            pointer.as_str(),
            message,
        )
        .with_hint(
            "put the media types under `content:` (`content: {application/json: {schema: …}}`)",
        ),
    );
    owner.insert(Value::from("content"), Value::Mapping(content));
}

#[cfg(test)]
mod tests {
    use crate::load::load_inputs;
    use openapiv3::ReferenceOr;

    #[test]
    fn bodies_outside_content_are_read_as_their_content() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: 1.0}\npaths:\n  /a:\n    post:\n      \
             requestBody: {schema: {type: string}}\n      responses:\n        \
             '200': {description: ok, application/problem+json: {schema: {type: integer}}}\n",
            None,
        )
        .unwrap();
        let operation = inputs.document.paths.paths["/a"].as_item().unwrap();
        let operation = operation.post.as_ref().unwrap();
        let Some(ReferenceOr::Item(body)) = &operation.request_body else {
            panic!("no body: {operation:?}")
        };
        assert_eq!(
            body.content.keys().collect::<Vec<_>>(),
            ["application/json"]
        );
        let response = &operation.responses.responses[&openapiv3::StatusCode::Code(200)];
        let ReferenceOr::Item(response) = response else {
            panic!("{response:?}")
        };
        let media: Vec<_> = response.content.keys().collect();
        assert_eq!(media, ["application/problem+json"]);
        assert_eq!(inputs.document.info.version, "1.0");
        assert_eq!(inputs.warnings.len(), 3, "{:?}", inputs.warnings);
    }

    #[test]
    fn a_3_1_body_outside_content_is_normalised_with_the_rest() {
        let inputs = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          \
             application/json: {schema: {type: [string, 'null']}}\n",
            None,
        )
        .unwrap();
        // Only the lift: `type: [string, null]` is 3.1's own form, read as a nullable string.
        let kinds: Vec<&str> = inputs.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, ["body-outside-content"], "{:?}", inputs.warnings);
        let operation = inputs.document.paths.paths["/a"].as_item().unwrap();
        let response =
            &operation.get.as_ref().unwrap().responses.responses[&openapiv3::StatusCode::Code(200)];
        let ReferenceOr::Item(response) = response else {
            panic!("{response:?}")
        };
        let Some(ReferenceOr::Item(schema)) = &response.content["application/json"].schema else {
            panic!("{response:?}")
        };
        assert!(schema.schema_data.nullable, "{schema:?}");
    }

    /// A callback's bodies are lifted as the document's own, located in the callback.
    #[test]
    fn a_callbacks_body_outside_content_is_lifted_there() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n      \
             responses: {'204': {description: ok}}\n      callbacks:\n        done:\n          \
             '{$request.body#/url}':\n            post:\n              \
             requestBody: {schema: {type: string}}\n              \
             responses: {'204': {description: ok}}\n",
            None,
        )
        .unwrap();
        let pointers: Vec<&str> = inputs.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["#/paths/~1a/post/callbacks/done/{$request.body#~1url}/post/requestBody"]
        );
    }

    /// What loading repaired in an operation is in the method's docs, before what lowering
    /// degraded, in one list.
    #[test]
    fn the_repairs_of_an_operation_are_in_its_docs() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n      \
             requestBody: {schema: {$ref: '#/components/schemas/Missing'}}\n  /b:\n    get:\n      \
             parameters: [{name: q, schema: {type: string}}]\n",
            None,
        )
        .unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap();
        let operation = |path: &str| {
            let mut operations = lowered.api.resources.iter().flat_map(|r| &r.operations);
            operations.find(|op| op.path.as_str() == path).unwrap()
        };
        let post = operation("/a").docs.paragraphs().join("\n");
        let lifted = post
            .find("- `requestBody`: a Swagger 2 `schema`")
            .expect(&post);
        let dangling = post.find("- dangling $ref").expect(&post);
        assert!(lifted < dangling, "{post}");
        assert_eq!(
            post.matches("Degraded by the generator").count(),
            1,
            "{post}"
        );
        let get = operation("/b");
        let get_docs = get.docs.paragraphs().join("\n");
        assert!(
            get_docs.contains("- an operation with no `responses`"),
            "{get_docs}"
        );
        // A repaired parameter says so in its own docs.
        let field = &get.params.as_ref().unwrap().fields[0].field;
        let field_docs = field.docs.paragraphs().join("\n");
        assert!(
            field_docs.contains("- a parameter with no `in`; read as `in: query`"),
            "{field_docs}"
        );
    }
}
