//! `allOf` parts that are unions: `allOf: [{oneOf: [A, B]}, {properties: {role: …}}]` (OpenAI's
//! stream events with a `stream_id` beside them, text-generation-inference's `Message`). The
//! merged struct keeps its own fields and holds the union as one `#[serde(flatten)]` field, so
//! the union's variant and the shared fields sit side by side in one JSON object, as `allOf`
//! says. Distributing the shared fields into every arm (`oneOf: [A + role, B + role]`) would say
//! the same, but copies every arm into a new struct (OpenAI's union has 53 arms) and loses the
//! arms' own type names; flattening keeps both and grows linearly. A union none of whose arms is
//! an object cannot sit in an object and stays a warning (`allof-non-object`).

use super::schemas::{FileShape, LoweredField, SchemaLowerer, SchemaRef, object_parts};
use super::shapes::{all_of_parts, union_arms};
use crate::diagnostics::Pointer;
use crate::ir::{Presence, Ty};
use crate::naming::{UniqueNames, snake_ident};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl<'a> SchemaLowerer<'a> {
    /// The flattened field of an `allOf` part of `owner` that is a union with an object arm
    /// (`resolved` is the part with its `$ref` followed); `None` for any other part.
    pub(super) fn union_part_field(
        &mut self,
        owner: &str,
        part: &ReferenceOr<Schema>,
        resolved: &Schema,
        pointer: &Pointer,
    ) -> Option<LoweredField> {
        let arms = union_arms(resolved);
        if arms.len() < 2 || !arms.iter().any(|arm| self.is_object_arm(arm, 0)) {
            return None;
        }
        let (ty, _) = self.type_of(SchemaRef::from(part), &format!("{owner}Variant"), pointer);
        let (rust_name, shown) = match (&ty, part) {
            (Ty::Named(name), ReferenceOr::Reference { .. }) => {
                (snake_ident(name), format!("`{name}`"))
            }
            _ => ("variant".to_owned(), "the union".to_owned()),
        };
        Some(LoweredField {
            rust_name,
            // No property of the wire carries this value; the part's pointer keeps the name
            // distinct from every property when the merge replaces fields by wire name.
            wire_name: pointer.as_str().to_owned(),
            ty,
            presence: Presence::Required,
            description: Some(format!(
                "Whichever variant of {shown} this value is (an `allOf` part): its fields sit in the same JSON object as the fields beside it."
            )),
            deprecated: false,
            binary: FileShape::NotBinary,
            read_only: false,
            required_in_requests: false,
            flatten: true,
        })
    }

    /// The property a union part is tagged by: its `discriminator`'s, or the one its arms
    /// imply (as `union_kind` reads it); `None` for an untagged union.
    pub(super) fn union_tag(&self, union: &Schema) -> Option<String> {
        if let Some(discriminator) = &union.schema_data.discriminator {
            return Some(discriminator.property_name.clone());
        }
        let arms = union_arms(union);
        super::tagged_unions::implied_discriminator(self.resolver, arms)
            .map(|implied| implied.property_name)
    }

    /// Whether a union arm is an object (so it can share a JSON object with other fields):
    /// properties, an open map, an `allOf` or a union with an object arm of its own.
    fn is_object_arm(&self, arm: &ReferenceOr<Schema>, depth: usize) -> bool {
        let schema = match arm {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.resolve(reference) {
                Some((_, schema)) => schema,
                None => return false,
            },
        };
        if object_parts(schema).is_some() || all_of_parts(schema).is_some() {
            return true;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(any) => {
                any.typ.as_deref() == Some("object") || any.additional_properties.is_some()
            }
            // Nested unions are followed a few levels; a loop of unions has no object arm.
            SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms } => {
                depth < 8 && arms.iter().any(|arm| self.is_object_arm(arm, depth + 1))
            }
            _ => false,
        }
    }
}

/// Removes the fields beside a union part that hold its tag (`allOf: [$ref: Animal,
/// {properties: {kind: …}}]`, `Animal` tagged by `kind`). serde hands a flattened field only
/// the keys the struct's own fields leave, so such a field took the tag before the union could
/// read it and every value decoded as the union's `Unknown` (and a value serialised with the
/// key twice). The tag stays readable through the union (its variant, and `tag()`).
pub(super) fn leave_tags_to_unions(fields: &mut Vec<LoweredField>, tags: &BTreeSet<String>) {
    fields.retain(|field| field.flatten || !tags.contains(&field.wire_name));
}

/// Gives every flattened union field a Rust name no other field of the merged struct has
/// (the struct's properties are merged after the field was named).
pub(super) fn settle_union_field_names(fields: &mut [LoweredField]) {
    let mut names = UniqueNames::default();
    for field in fields.iter().filter(|field| !field.flatten) {
        names.reserve(&field.rust_name);
    }
    for field in fields.iter_mut().filter(|field| field.flatten) {
        field.rust_name = names.claim(std::mem::take(&mut field.rust_name));
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ModelKind, Ty};

    fn lower(schemas: &str) -> crate::lower::Lowered {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::lower::lower(&crate::load::load_inputs(&spec, None).unwrap()).unwrap()
    }

    #[test]
    fn a_union_part_is_one_flattened_field_and_the_struct_has_no_extra_map() {
        let lowered = lower(
            "    Body: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}\n    \
             Message:\n      allOf:\n        - $ref: '#/components/schemas/Body'\n        - {type: object, properties: {variant: {type: string}}}\n        - oneOf: [{type: object, properties: {c: {type: string}}}, {type: string}]\n",
        );
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
        let message = lowered.api.models.iter().find(|m| m.type_name == "Message");
        let Some(ModelKind::Struct(message)) = message.map(|m| &m.kind) else {
            panic!("not a struct")
        };
        let fields: Vec<_> = message
            .fields
            .iter()
            .map(|f| (f.rust_name.as_str(), f.serde.flatten))
            .collect();
        // The inline union's field gives way to the property named `variant`.
        assert_eq!(
            fields,
            [("body", true), ("variant", false), ("variant2", true)]
        );
        assert_eq!(message.fields[0].ty, Ty::Named("Body".to_owned()));
        assert_eq!(message.extra_field, None);
    }

    #[test]
    fn a_property_beside_a_union_part_that_is_its_tag_is_left_to_the_union() {
        // `Animal` is tagged by `kind` without a discriminator (each arm fixes one value).
        let lowered = lower(
            "    Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}, meow: {type: boolean}}}\n    \
             Dog: {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}}}\n    \
             Animal: {oneOf: [$ref: '#/components/schemas/Cat', $ref: '#/components/schemas/Dog']}\n    \
             Pet:\n      allOf:\n        - $ref: '#/components/schemas/Animal'\n        - {type: object, properties: {kind: {type: string}, name: {type: string}}}\n",
        );
        let pet = lowered.api.models.iter().find(|m| m.type_name == "Pet");
        let Some(ModelKind::Struct(pet)) = pet.map(|m| &m.kind) else {
            panic!("not a struct")
        };
        let fields: Vec<&str> = pet.fields.iter().map(|f| f.rust_name.as_str()).collect();
        assert_eq!(fields, ["animal", "name"]);
    }

    #[test]
    fn a_union_of_scalars_beside_objects_stays_a_warning() {
        let lowered = lower(
            "    Odd:\n      allOf:\n        - oneOf: [{type: string}, {type: integer}]\n        - {type: object, properties: {a: {type: string}}}\n",
        );
        let kinds: Vec<_> = lowered.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, ["allof-non-object"]);
    }
}
