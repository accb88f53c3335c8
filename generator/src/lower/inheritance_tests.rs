//! A discriminator on a base object (`inheritance`): the base's name holds the union of the
//! schemas that extend it, tagged by the mapping, their own tag values or their names; a value
//! of the base itself is a variant where the base allows it; an heir no value can select is a
//! located warning.

use super::tagged_unions_tests::{lowered, model};
use crate::ir::{Model, ModelKind, Presence};

/// `(variant, tag, type)` of the tagged union `name`.
fn variants<'m>(models: &'m [Model], name: &str) -> Vec<(&'m str, &'m str, &'m str)> {
    let ModelKind::TaggedUnion(union) = model(models, name) else {
        panic!("{name} is not a tagged union")
    };
    (union.variants.iter())
        .map(|v| {
            let tag = v.tag_value.as_str();
            (v.rust_name.as_str(), tag, v.type_name.as_str())
        })
        .collect()
}

#[test]
fn heirs_are_tagged_by_the_mapping_then_by_their_names() {
    let (models, warnings) = lowered(
        "    Pet:
      type: object
      required: [name, petType]
      properties: {name: {type: string}, petType: {type: string}}
      discriminator: {propertyName: petType, mapping: {cat: Cat}}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {indoor: {type: boolean}}}]
    Dog:
      allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {packSize: {type: integer}}}]
",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    // The mapping leaves `Pet` out, so a plain pet is no variant (it decodes as `Unknown`).
    assert_eq!(
        variants(&models, "Pet"),
        [("Cat", "cat", "Cat"), ("Dog", "Dog", "Dog")]
    );
    let ModelKind::Struct(cat) = model(&models, "Cat") else {
        panic!("Cat is not a struct")
    };
    let fields: Vec<&str> = cat.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "pet_type", "indoor"],
        "heirs keep the base's fields"
    );
}

/// pagerduty's `Restriction`: its `type` lists its values, and the heir maps one of them; the
/// values no heir claims are the base's own, and a `{required: […]}` part makes an inherited
/// field required without a warning.
#[test]
fn the_base_takes_the_values_its_heirs_leave() {
    let (models, warnings) = lowered(
        "    Restriction:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [daily_restriction, weekly_restriction]}
        start_day_of_week: {type: integer}
      discriminator:
        propertyName: type
        mapping: {weekly_restriction: '#/components/schemas/WeeklyRestriction'}
    WeeklyRestriction:
      allOf: [{$ref: '#/components/schemas/Restriction'}, {required: [start_day_of_week]}]
",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        variants(&models, "Restriction"),
        [
            (
                "WeeklyRestriction",
                "weekly_restriction",
                "WeeklyRestriction"
            ),
            ("DailyRestriction", "daily_restriction", "RestrictionBase"),
        ]
    );
    let ModelKind::Struct(weekly) = model(&models, "WeeklyRestriction") else {
        panic!("WeeklyRestriction is not a struct")
    };
    let start = weekly
        .fields
        .iter()
        .find(|f| f.wire_name.as_str() == "start_day_of_week");
    assert_eq!(start.map(|f| f.presence), Some(Presence::Required));
}

/// ory-kratos's `continueWith`: `type: object` beside a mapped `oneOf`, which the parser files
/// as an object without arms; the mapping's targets are the variants.
#[test]
fn a_mapping_on_an_object_names_its_variants() {
    let (models, warnings) = lowered(
        "    ContinueWith:
      type: object
      oneOf: [{$ref: '#/components/schemas/ShowUi'}, {$ref: '#/components/schemas/Redirect'}]
      discriminator:
        propertyName: action
        mapping: {show_ui: '#/components/schemas/ShowUi', redirect: '#/components/schemas/Redirect'}
    ShowUi: {type: object, required: [action], properties: {action: {type: string, enum: [show_ui]}}}
    Redirect: {type: object, required: [action, to], properties: {action: {type: string, enum: [redirect]}, to: {type: string}}}
",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        variants(&models, "ContinueWith"),
        [
            ("ShowUi", "show_ui", "ShowUi"),
            ("Redirect", "redirect", "Redirect")
        ]
    );
}
