//! The mock call's values: the spec's examples first, else values a validating mock accepts.

use crate::ir::Operation;
use serde_json::json;

/// The lowered operations of a spec whose `paths` is `paths` (YAML) and `components.schemas`
/// is `schemas`.
fn operations(paths: &str, schemas: &str) -> Vec<Operation> {
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    );
    let inputs = crate::load::load_inputs(&spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let api = lowered.api;
    api.operations().map(|(_, op)| op.clone()).collect()
}

#[test]
fn path_and_query_values_follow_examples_formats_bounds_and_enums() {
    let ops = operations(
        "  /things/{thing_id}/{n}:\n    get:\n      parameters:\n        \
         - {name: thing_id, in: path, required: true, schema: {type: string, format: uuid}}\n        \
         - {name: n, in: path, required: true, schema: {type: integer, minimum: 5, maximum: 9}}\n        \
         - {name: mode, in: query, required: true, schema: {type: string, enum: [fast, slow]}}\n        \
         - {name: tag, in: query, required: true, example: blue, schema: {type: string}}\n        \
         - {name: size, in: query, required: true, schema: {type: number, exclusiveMinimum: true, minimum: 2}}\n        \
         - {name: code, in: query, required: true, schema: {type: string, minLength: 8, maxLength: 9}}\n        \
         - {name: opt, in: query, schema: {type: string}}\n      \
         responses: {'204': {description: ok}}\n",
        "    Unused: {type: string}\n",
    );
    let mock = &ops[0].mock;
    assert_eq!(
        mock.path,
        [
            Some(json!("0b6cdb1e-4d2b-4c8e-9f3a-1a2b3c4d5e6f")),
            Some(json!(5))
        ]
    );
    assert_eq!(mock.field("mode"), Some(&json!("fast")));
    assert_eq!(mock.field("tag"), Some(&json!("blue")));
    assert_eq!(mock.field("size"), Some(&json!(3.0)));
    assert_eq!(mock.field("code"), Some(&json!("stringxx")));
    // Optional fields are left to their default.
    assert_eq!(mock.field("opt"), None);
}

#[test]
fn body_values_fill_required_properties_through_refs_all_of_and_discriminated_unions() {
    let ops = operations(
        "  /orders:\n    post:\n      requestBody:\n        required: true\n        content:\n          \
         application/json:\n            schema: {$ref: '#/components/schemas/Order'}\n      \
         responses: {'204': {description: ok}}\n",
        "    Order:\n      type: object\n      required: [when, item, pet]\n      properties:\n        \
         when: {type: string, format: date-time}\n        note: {type: string}\n        \
         item: {allOf: [{$ref: '#/components/schemas/Item'}, {type: object, required: [qty], properties: {qty: {type: integer, default: 2}}}]}\n        \
         pet:\n          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n          \
         discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}\n    \
         Item: {type: object, required: [sku], properties: {sku: {type: string, example: SKU-1}}}\n    \
         Cat: {type: object, required: [kind, lives], properties: {kind: {type: string}, lives: {type: integer}}}\n    \
         Dog: {type: object, required: [kind], properties: {kind: {type: string}}}\n",
    );
    let mock = &ops[0].mock;
    assert_eq!(mock.field("when"), Some(&json!("2024-01-01T00:00:00Z")));
    assert_eq!(mock.field("item"), Some(&json!({"sku": "SKU-1", "qty": 2})));
    assert_eq!(mock.field("pet"), Some(&json!({"kind": "cat", "lives": 1})));
    assert_eq!(mock.field("note"), None);
}

#[test]
fn a_media_example_through_a_components_ref_is_the_body() {
    let ops = operations(
        "  /tickets:\n    post:\n      requestBody:\n        content:\n          application/json:\n            \
         schema: {$ref: '#/components/schemas/Ticket'}\n            \
         examples: {general: {$ref: '#/components/examples/General'}}\n      \
         responses: {'204': {description: ok}}\n",
        "    Ticket: {type: object, required: [kind], properties: {kind: {type: string}}}\n  \
         examples:\n    General: {value: {kind: general}}\n",
    );
    assert_eq!(ops[0].mock.field("kind"), Some(&json!("general")));
}

#[test]
fn examples_and_defaults_of_another_json_kind_than_the_schema_are_not_used() {
    // As text-generation-inference writes them: JSON text for an array, a string for an integer.
    let ops = operations(
        "  /chat:\n    post:\n      requestBody:\n        required: true\n        content:\n          \
         application/json:\n            schema: {$ref: '#/components/schemas/Chat'}\n      \
         responses: {'204': {description: ok}}\n",
        "    Chat:\n      type: object\n      required: [messages, max_tokens, seed]\n      properties:\n        \
         messages: {type: array, items: {type: string}, example: '[\"hi\"]'}\n        \
         max_tokens: {type: integer, minimum: 1, default: '1024', example: '32'}\n        \
         seed: {type: integer, example: 7}\n",
    );
    let mock = &ops[0].mock;
    assert_eq!(mock.field("messages"), Some(&json!(["string"])));
    // The example `'32'` is not used; the loader reads the default `'1024'` as the integer
    // (`check_enums`, with a warning), so the default is.
    assert_eq!(mock.field("max_tokens"), Some(&json!(1024)));
    assert_eq!(mock.field("seed"), Some(&json!(7)));
}
