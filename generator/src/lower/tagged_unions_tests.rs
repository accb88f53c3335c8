//! Discriminated unions with inline arms (`tagged_unions`): each arm with a tag of its own
//! becomes a variant of a model named after the union and the tag, without the tag field; an arm
//! without one is a located warning that says why.

use crate::ir::{Model, ModelKind, Ty};

/// The models lowered from `schemas` (YAML under `components.schemas`), and the warnings as
/// `pointer: message`.
pub(super) fn lowered(schemas: &str) -> (Vec<Model>, Vec<String>) {
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

pub(super) fn model<'m>(models: &'m [Model], name: &str) -> &'m ModelKind {
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
fn an_inline_arm_without_a_tag_is_a_located_warning_and_arms_may_share_a_tag() {
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
        ]
    );
    let ModelKind::TaggedUnion(union) = model(&models, "Event") else {
        panic!("not a tagged union")
    };
    // The last arm shares tag `a` with the first: both are variants, named after their structs.
    let names: Vec<&str> = union
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(names, ["EventA", "EventA2"]);
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

/// `$ref` arms without a mapping, as OpenAI's document writes them: each component pins the
/// discriminator property with a `const` or one-value `enum`, which a server following the schema
/// sends, rather than the component's key.
#[test]
fn a_ref_arm_without_a_mapping_takes_its_tags_from_its_own_schema() {
    let (models, warnings) = lowered(
        "    Item:
      oneOf:
        - $ref: '#/components/schemas/OutputText'
        - $ref: '#/components/schemas/Refusal'
        - $ref: '#/components/schemas/Legacy'
        - $ref: '#/components/schemas/Mapped'
        - $ref: '#/components/schemas/RefusalV2'
      discriminator: {propertyName: type, mapping: {m: '#/components/schemas/Mapped'}}
    OutputText: {type: object, properties: {type: {const: output_text}, text: {type: string}}}
    Refusal:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, properties: {type: {type: string, enum: [refusal]}}}
    Base: {type: object, properties: {id: {type: string}}}
    Legacy: {type: object, properties: {type: {type: string}}}
    Mapped: {type: object, properties: {type: {type: string, enum: [ignored]}}}
    RefusalV2: {type: object, properties: {type: {type: string, enum: [refusal]}}}
",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let ModelKind::TaggedUnion(union) = model(&models, "Item") else {
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
            ("OutputText", "output_text", "OutputText"),
            // Two arms share `refusal`: both are variants, named after their structs, and a
            // value decodes as the first it fits.
            ("Refusal", "refusal", "Refusal"),
            // No value of its own: the component key, OpenAPI's implicit mapping.
            ("Legacy", "Legacy", "Legacy"),
            // The mapping wins over the arm's own values.
            ("M", "m", "Mapped"),
            ("RefusalV2", "refusal", "RefusalV2"),
        ]
    );
}

/// pydantic's `Literal` fields: arms told apart only by a `const` `status`, required or with a
/// default, one arm with no required field (untagged, it took every value); a union whose arms
/// share their value, and one with an arm whose tag may be left out (no default).
const IMPLIED: &str = "    Outcome:
      anyOf:
        - $ref: '#/components/schemas/Scored'
        - $ref: '#/components/schemas/Skipped'
        - {type: object, required: [status, message], properties: {status: {const: error}, message: {type: string}}}
    Scored: {type: object, required: [status, score], properties: {status: {const: processed}, score: {type: number}}}
    Skipped: {type: object, properties: {status: {const: skipped, default: skipped}, details: {type: string}}}
    Either:
      oneOf:
        - $ref: '#/components/schemas/Scored'
        - {type: object, properties: {status: {const: processed}, note: {type: string}}}
    Loose:
      oneOf:
        - $ref: '#/components/schemas/Scored'
        - {type: object, properties: {status: {const: other}, note: {type: string}}}
    Inherited:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
    Shape: {type: object, required: [kind], properties: {kind: {type: string}, id: {type: string}}}
    Circle:
      allOf:
        - $ref: '#/components/schemas/Shape'
        - {type: object, properties: {kind: {const: circle}, radius: {type: number}}}
    Square:
      allOf:
        - $ref: '#/components/schemas/Shape'
        - {type: object, properties: {kind: {const: square}, side: {type: number}}}
    Deep:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Triangle'
    Polygon:
      allOf:
        - $ref: '#/components/schemas/Shape'
        - {type: object, properties: {sides: {type: integer}}}
    Triangle:
      allOf:
        - $ref: '#/components/schemas/Polygon'
        - {type: object, properties: {kind: {const: triangle}}}
";

#[test]
fn a_union_whose_arms_each_fix_one_value_of_a_property_is_tagged_by_it() {
    let (models, warnings) = lowered(IMPLIED);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ModelKind::TaggedUnion(union) = model(&models, "Outcome") else {
        panic!("not a tagged union")
    };
    assert_eq!(union.tag.as_str(), "status");
    let tags: Vec<(&str, &str)> = (union.variants.iter())
        .map(|v| (v.tag_value.as_str(), v.type_name.as_str()))
        .collect();
    assert_eq!(
        tags,
        [
            ("processed", "Scored"),
            ("skipped", "Skipped"),
            ("error", "OutcomeError")
        ]
    );
    // The first arm defines its tag only in an `allOf` part (it was read untagged).
    let ModelKind::TaggedUnion(inherited) = model(&models, "Inherited") else {
        panic!("Inherited is not a tagged union")
    };
    assert_eq!(inherited.tag.as_str(), "kind");
    // Required two `allOf` levels down (Triangle ← Polygon ← Shape) still always carries it.
    let ModelKind::TaggedUnion(deep) = model(&models, "Deep") else {
        panic!("Deep is not a tagged union")
    };
    let tags: Vec<&str> = deep.variants.iter().map(|v| v.tag_value.as_str()).collect();
    assert_eq!(tags, ["circle", "triangle"]);
    // The same value in two arms tells nothing apart, and a tag a value may leave out would
    // send it to `Unknown`: untagged, as before.
    for untagged in ["Either", "Loose"] {
        assert!(
            matches!(model(&models, untagged), ModelKind::UntaggedUnion(_)),
            "{untagged}"
        );
    }
}
