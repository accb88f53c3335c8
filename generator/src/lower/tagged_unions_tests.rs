//! Discriminated unions with inline arms (`tagged_unions`): each arm with a tag of its own
//! becomes a variant of a model named after the union and the tag, without the tag field; an arm
//! without one is a located warning that says why.

use crate::ir::{Model, ModelKind, Ty};

/// The models lowered from `schemas` (YAML under `components.schemas`), and the warnings as
/// `pointer: message`.
fn lowered(schemas: &str) -> (Vec<Model>, Vec<String>) {
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let inputs = crate::load::load_inputs(&spec, None).unwrap();
    let lowered = crate::lower::lower(&inputs).unwrap();
    let warnings = (lowered.warnings.iter())
        .map(|w| format!("{}: {}", w.pointer, w.message))
        .collect();
    (lowered.api.models, warnings)
}

fn model<'m>(models: &'m [Model], name: &str) -> &'m ModelKind {
    let found = models.iter().find(|m| m.type_name == name);
    &found.unwrap_or_else(|| panic!("no model {name}")).kind
}

/// A `$ref` arm, an arm with a `const` tag, one with an `enum` of two tags, and an `allOf` of a
/// component (which holds the tag) and an inline object.
const MIXED: &str = "    Event:
      oneOf:
        - $ref: '#/components/schemas/Ping'
        - {type: object, required: [type, text], properties: {type: {const: message.sent}, text: {type: string}}}
        - title: Stream output
          type: object
          properties: {type: {type: string, enum: [stdout, stderr]}, data: {type: string}}
        - allOf:
            - $ref: '#/components/schemas/Pong'
            - {type: object, properties: {lane: {type: string}}}
      discriminator: {propertyName: type, mapping: {ping: '#/components/schemas/Ping'}}
    Ping: {type: object, properties: {type: {type: string, enum: [ping]}}}
    Pong: {type: object, properties: {type: {type: string, enum: [pong]}, at: {type: integer}}}
";

#[test]
fn inline_arms_are_variants_named_after_the_union_and_their_tag() {
    let (models, warnings) = lowered(MIXED);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ModelKind::TaggedUnion(union) = model(&models, "Event") else {
        panic!("not a tagged union")
    };
    let variants: Vec<(&str, &str, &str)> = (union.variants.iter())
        .map(|v| {
            let tag = v.tag_value.as_str();
            (v.rust_name.as_str(), tag, v.type_name.as_str())
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("Ping", "ping", "Ping"),
            ("MessageSent", "message.sent", "EventMessageSent"),
            ("Stdout", "stdout", "EventStreamOutput"),
            ("Stderr", "stderr", "EventStreamOutput"),
            ("Pong", "pong", "EventPong"),
        ]
    );
    // The union reads and writes the tag; the arm's struct keeps only its other fields, also
    // those it inherits through `allOf`.
    for (arm, expected) in [
        ("EventMessageSent", vec!["text"]),
        ("EventStreamOutput", vec!["data"]),
        ("EventPong", vec!["at", "lane"]),
    ] {
        let ModelKind::Struct(fields) = model(&models, arm) else {
            panic!("{arm} is not a struct")
        };
        let names: Vec<&str> = fields.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(names, expected, "{arm}");
        assert!(
            fields.extra_field.is_some(),
            "{arm} drops undescribed fields"
        );
    }
}

#[test]
fn an_inline_arm_without_a_tag_is_a_located_warning_that_says_why() {
    let (models, warnings) = lowered(
        "    Event:
      oneOf:
        - {type: object, properties: {type: {type: string, enum: [a]}}}
        - {type: object, properties: {type: {type: string}}}
        - {type: object, properties: {data: {type: string}}}
        - {type: object, properties: {type: {type: string, enum: [a]}, more: {type: string}}}
      discriminator: {propertyName: type}
",
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/Event/oneOf/1: this inline arm of a discriminated union defines its discriminator property `type` without a string `enum` or `const`, so no tag selects it; its values decode as `Unknown`",
            "#/components/schemas/Event/oneOf/2: this inline arm of a discriminated union does not define its discriminator property `type` (nor do its `allOf` parts), so no tag selects it; its values decode as `Unknown`",
            "#/components/schemas/Event/oneOf/3: this inline arm of a discriminated union has only `type` values an earlier arm already has: `a`; a value with one of them decodes as the earlier arm, or as `Unknown` if it does not fit that arm",
        ]
    );
    let ModelKind::TaggedUnion(union) = model(&models, "Event") else {
        panic!("not a tagged union")
    };
    assert_eq!(union.variants.len(), 1);
    // The warnings are in the union's docs too.
    let docs = format!(
        "{:?}",
        models.iter().find(|m| m.type_name == "Event").unwrap().docs
    );
    assert!(
        docs.contains("does not define its discriminator property"),
        "{docs}"
    );
}

#[test]
fn a_union_with_no_taggable_arm_is_any_json() {
    let (models, warnings) = lowered(
        "    Event:
      oneOf:
        - {type: object, properties: {type: {type: string}}}
        - {type: object, properties: {size: {type: integer}}}
      discriminator: {propertyName: type}
",
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(matches!(
        model(&models, "Event"),
        ModelKind::Alias(Ty::Json)
    ));
}
