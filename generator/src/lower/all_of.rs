//! `allOf` → one type. In: a schema whose `allOf` has several typed parts (annotation-only parts
//! are left out by `shapes::typed_parts`). Out: the type of the most specific part when every
//! part is a scalar (`allOf: [$ref: Scope, {type: string, description: …}]` is a `Scope` with a
//! restated type), or else one struct merging the fields of its object parts, nested `allOf`s
//! and the schema's own properties. A part that is a union is one flattened field
//! (`all_of_unions`); a part with no fields to merge (a scalar beside objects) is a located
//! warning.

use super::all_of_unions::{leave_tags_to_unions, settle_union_field_names};
use super::pending::JSON_HINT;
use super::schemas::{LoweredField, PendingKind, SchemaLowerer, object_parts};
use super::shapes::{all_of_parts, is_scalar, required_beside, typed_parts};
use crate::diagnostics::Pointer;
use crate::ir::{Presence, Ty};
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

/// How deep nested `allOf`s are merged; deeper ones are left out (a loop of references).
const MAX_DEPTH: usize = 16;

impl<'a> SchemaLowerer<'a> {
    /// The model of an `allOf` schema named `name`, without the fields in `skip` (the
    /// discriminator property of a union arm, which the union reads and writes).
    pub(super) fn all_of_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        skip: &BTreeSet<String>,
        pointer: &Pointer,
    ) -> PendingKind {
        if let Some(ty) = self.scalar_all_of_type(schema, name, pointer) {
            return PendingKind::Alias(ty);
        }
        let mut fields = Vec::new();
        let mut walk = MergeWalk::default();
        self.merge_all_of(name, schema, pointer, skip, &mut fields, &mut walk);
        leave_tags_to_unions(&mut fields, &walk.union_tags);
        settle_union_field_names(&mut fields);
        PendingKind::Struct(fields)
    }

    /// The type of an `allOf` of scalars: its most specific part's (`scalar_all_of`). Parts of
    /// different JSON types (`allOf: [{type: string}, {type: integer}]`) describe no value at
    /// all, so the server's values cannot be told: any JSON, with a warning. `None` when the
    /// `allOf` is not one of scalars.
    pub(super) fn scalar_all_of_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &Pointer,
    ) -> Option<Ty> {
        let (index, part) = self.scalar_all_of(schema)?;
        if let Some((first, second)) = self.conflicting_json_types(schema) {
            let message = format!(
                "the `allOf` parts have different types ({first} and {second}), so no value matches them all; it is kept as any JSON"
            );
            self.degrade(pointer, "allof-conflict", message, Some(JSON_HINT));
            return Some(Ty::Json);
        }
        Some(
            self.type_of(part.into(), hint, &pointer.join("allOf").join(index))
                .0,
        )
    }

    /// Two JSON types the typed parts of a scalar `allOf` disagree on (an integer is a number).
    fn conflicting_json_types(&self, schema: &Schema) -> Option<(&'static str, &'static str)> {
        let mut seen: Option<(&'static str, &'static str)> = None;
        for (_, part) in typed_parts(all_of_parts(schema)?) {
            let resolved = match part {
                ReferenceOr::Reference { reference } => self.resolve(reference)?.1,
                ReferenceOr::Item(inline) => inline,
            };
            // (the type as written, and the class of values it admits)
            let json_type = match &resolved.schema_kind {
                SchemaKind::Type(Type::String(_)) => ("string", "string"),
                SchemaKind::Type(Type::Integer(_)) => ("integer", "number"),
                SchemaKind::Type(Type::Number(_)) => ("number", "number"),
                SchemaKind::Type(Type::Boolean(_)) => ("boolean", "boolean"),
                SchemaKind::Type(Type::Array(_)) => ("array", "array"),
                _ => continue,
            };
            match seen {
                Some(first) if first.1 != json_type.1 => return Some((first.0, json_type.0)),
                _ => seen = Some(json_type),
            }
        }
        None
    }

    /// The one part that gives an `allOf` of scalars its type, with its index: a `$ref` (an
    /// enum, a named type) before an inline enum before an inline `integer` before an inline
    /// restatement (`type: string`).
    /// `None` when a part has fields, the schema has properties of its own, or a reference dangles.
    pub(super) fn scalar_all_of(
        &self,
        schema: &'a Schema,
    ) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        let parts = all_of_parts(schema)?;
        if object_parts(schema).is_some_and(|(properties, _)| !properties.is_empty()) {
            return None;
        }
        let typed = typed_parts(parts);
        if typed.len() < 2 {
            return None;
        }
        let mut best: Option<(usize, usize, &ReferenceOr<Schema>)> = None;
        for (index, part) in typed {
            let (resolved, rank) = match part {
                ReferenceOr::Reference { reference } => (self.resolve(reference)?.1, 3),
                ReferenceOr::Item(inline) if has_enum(inline) => (inline, 2),
                // `integer` beside `number` is the integer.
                ReferenceOr::Item(inline) => (inline, usize::from(is_integer(inline))),
            };
            if !is_scalar(resolved) {
                return None;
            }
            if best.is_none_or(|(best_rank, _, _)| rank > best_rank) {
                best = Some((rank, index, part));
            }
        }
        best.map(|(_, index, part)| (index, part))
    }

    /// Merges the fields of `schema`'s `allOf` parts, then its own properties, into `out`
    /// (a later part wins a name), leaving out those in `skip`.
    fn merge_all_of(
        &mut self,
        owner: &str,
        schema: &Schema,
        pointer: &Pointer,
        skip: &BTreeSet<String>,
        out: &mut Vec<LoweredField>,
        walk: &mut MergeWalk,
    ) {
        if let Some(parts) = all_of_parts(schema) {
            let parts_pointer = pointer.join("allOf");
            for (index, part) in parts.iter().enumerate() {
                self.merge_part(owner, part, &parts_pointer.join(index), skip, out, walk);
            }
        }
        if let Some((properties, required)) = object_parts(schema) {
            let own = self.lower_fields(owner, properties, required, skip, pointer);
            merge(out, own);
        }
        // `required` beside an `allOf` holds for the merged object (`{required: [id], allOf:
        // [$ref: Base]}` makes Base's `id` required here).
        require(out, required_beside(schema));
    }

    fn merge_part(
        &mut self,
        owner: &str,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
        skip: &BTreeSet<String>,
        out: &mut Vec<LoweredField>,
        walk: &mut MergeWalk,
    ) {
        // A component merged once already (named twice, or by itself through its parts) adds
        // nothing new the second time; skipping it keeps repeated parts from making the walk
        // exponential (`allOf: [$ref A, $ref A, $ref A]` inside A).
        if let ReferenceOr::Reference { reference } = part
            && !walk.seen.insert(reference.clone())
        {
            return;
        }
        // A `$ref`'d part's fields are lowered as the component's own (`one_type`): named
        // after it and located in it, so its inline types are shared by every heir.
        let (schema, owner, at) = match part {
            ReferenceOr::Item(schema) => (schema, owner.to_owned(), pointer.clone()),
            ReferenceOr::Reference { reference } => match self.inherited_part(reference) {
                Some(found) => found,
                None => {
                    self.ref_type(reference, pointer);
                    return;
                }
            },
        };
        if let Some(field) = self.union_part_field(&owner, part, schema, pointer) {
            walk.union_tags.extend(self.union_tag(schema));
            out.push(field);
            return;
        }
        if all_of_parts(schema).is_some() {
            if walk.depth < MAX_DEPTH {
                walk.depth += 1;
                self.merge_all_of(&owner, schema, &at, skip, out, walk);
                walk.depth -= 1;
            }
            return;
        }
        match object_parts(schema) {
            Some((properties, required)) => {
                let fields = self.lower_fields(&owner, properties, required, skip, &at);
                merge(out, fields);
                // Its `required` also holds for fields merged from earlier parts
                // (`{type: object, required: [id]}` beside a `$ref`).
                require(out, required);
            }
            // A part that only lists `required` (`allOf: [$ref: Restriction, {required:
            // [start_day_of_week]}]`) makes fields merged so far required.
            None if is_required_only(schema) => require(out, required_beside(schema)),
            // An object part with no properties (only `additionalProperties`) adds no field:
            // the merged struct keeps fields it does not list in its `extra` map anyway.
            None if is_open_object(schema) => {}
            // Annotation-only parts constrain nothing; a typed part that is not an object
            // has no fields to merge.
            None if !typed_parts(std::slice::from_ref(part)).is_empty() => self.degrade(
                pointer,
                "allof-non-object",
                "allOf part is not an object schema and is left out of the merged struct",
                Some("allOf is supported for merging object schemas and unions of objects, and for parts that all restate one scalar type"),
            ),
            None => {}
        }
    }
}

/// Where one struct's `allOf` merge is: how deep, and which `$ref`s it has merged.
#[derive(Default)]
struct MergeWalk {
    depth: usize,
    seen: BTreeSet<String>,
    /// The tag properties of the union parts merged so far (see `leave_tags_to_unions`).
    union_tags: BTreeSet<String>,
}

/// Adds `fields` to `out`; a field of the same wire name is replaced.
fn merge(out: &mut Vec<LoweredField>, fields: Vec<LoweredField>) {
    for mut field in fields {
        // Every part of an `allOf` holds, so a field an earlier part requires stays required
        // when a later part restates it (`UserReference`: `allOf: [$ref: Reference (requires
        // type), {properties: {type: {enum: [user_reference]}}}]`).
        let required_before = (out.iter()).any(|existing| {
            existing.wire_name == field.wire_name && existing.presence.is_required()
        });
        if required_before && !field.presence.is_required() {
            field.presence = Presence::of(true, field.presence.is_nullable());
        }
        out.retain(|existing| existing.wire_name != field.wire_name);
        out.push(field);
    }
}

/// Makes the fields of `out` that `names` lists required (nullability kept).
fn require(out: &mut [LoweredField], names: &[String]) {
    for field in out.iter_mut() {
        if names.contains(&field.wire_name) && !field.presence.is_required() {
            field.presence = Presence::of(true, field.presence.is_nullable());
        }
    }
}

/// `{required: […]}` and nothing else that shapes a value.
fn is_required_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            let rest = AnySchema {
                required: any.required.clone(),
                ..AnySchema::default()
            };
            !any.required.is_empty() && *any == rest
        }
        _ => false,
    }
}

/// `{type: object}` or `{additionalProperties: …}` without properties.
fn is_open_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("object") || any.additional_properties.is_some()
        }
        _ => false,
    }
}

fn is_integer(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::Type(Type::Integer(_)))
}

fn has_enum(schema: &Schema) -> bool {
    super::shapes::string_enum_values(schema).is_some()
        || super::shapes::integer_enum_values(schema).is_some()
}

#[cfg(test)]
mod tests {
    use crate::ir::{Model, ModelKind, Presence, Ty};

    /// The models lowered from `schemas` (YAML under `components.schemas`), and the warnings.
    fn models(schemas: &str) -> (Vec<Model>, Vec<String>) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let inputs = crate::load::load_inputs(&spec, None).unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap();
        let warnings = lowered.warnings.iter().map(|w| w.kind.to_owned()).collect();
        (lowered.api.models, warnings)
    }

    fn kind<'m>(models: &'m [Model], name: &str) -> &'m ModelKind {
        &models.iter().find(|m| m.type_name == name).unwrap().kind
    }

    #[test]
    fn an_all_of_of_scalars_is_its_most_specific_part() {
        let (models, warnings) = models(
            "    Scope: {type: string, enum: [me, all]}\n    \
             Restated: {allOf: [{type: string, description: d}, {$ref: '#/components/schemas/Scope'}]}\n    \
             Narrowed: {allOf: [{type: string}, {type: string, enum: [a, b]}]}\n    \
             Count: {allOf: [{type: number}, {type: integer, minimum: 0}]}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(matches!(kind(&models, "Count"), ModelKind::Alias(Ty::I64)));
        assert!(
            matches!(kind(&models, "Restated"), ModelKind::Alias(Ty::Named(n)) if n == "Scope")
        );
        assert!(matches!(
            kind(&models, "Narrowed"),
            ModelKind::Alias(Ty::Named(_))
        ));
    }

    #[test]
    fn an_all_of_of_scalars_of_different_types_is_any_json_with_a_warning() {
        let (models, warnings) = models(
            "    Color: {type: string, enum: [red]}\n    \
             Both: {allOf: [{$ref: '#/components/schemas/Color'}, {type: integer}]}\n",
        );
        assert_eq!(warnings, ["allof-conflict"]);
        assert!(matches!(kind(&models, "Both"), ModelKind::Alias(Ty::Json)));
    }

    /// Every part of an `allOf` holds: a part's `required` makes fields of earlier parts
    /// required, and a later part that restates a required field keeps it required (PagerDuty's
    /// references, OpenAI's `Response`).
    #[test]
    fn a_field_any_part_requires_is_required() {
        let (models, warnings) = models(
            "    Base: {type: object, properties: {id: {type: string}, kind: {type: string}}}\n    \
             Reference:\n      allOf: [{$ref: '#/components/schemas/Base'}, \
             {type: object, required: [id, kind]}]\n    \
             Heir:\n      allOf: [{$ref: '#/components/schemas/Reference'}, \
             {type: object, properties: {kind: {type: string, enum: [heir]}}}]\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        for name in ["Reference", "Heir"] {
            let ModelKind::Struct(model) = kind(&models, name) else {
                panic!("{name} is not a struct")
            };
            let presence: Vec<_> = (model.fields.iter())
                .map(|f| (f.rust_name.as_str(), f.presence))
                .collect();
            let required = [("id", Presence::Required), ("kind", Presence::Required)];
            assert_eq!(presence, required, "{name}");
        }
    }

    #[test]
    fn required_and_properties_beside_an_all_of_hold_for_the_merged_struct() {
        let (models, warnings) = models(
            "    Base: {type: object, properties: {id: {type: string}}}\n    \
             Open: {type: object, additionalProperties: {type: string}}\n    \
             Derived:\n      required: [id]\n      properties: {extra_name: {type: string}}\n      \
             allOf: [{$ref: '#/components/schemas/Base'}, {$ref: '#/components/schemas/Open'}]\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let ModelKind::Struct(derived) = kind(&models, "Derived") else {
            panic!("not a struct")
        };
        let fields: Vec<_> = derived
            .fields
            .iter()
            .map(|f| (f.rust_name.as_str(), f.presence))
            .collect();
        assert_eq!(
            fields,
            [
                ("id", Presence::Required),
                ("extra_name", Presence::Optional)
            ]
        );
    }

    #[test]
    fn a_union_of_primitives_and_arrays_is_an_untagged_enum_with_readable_variants() {
        let (models, warnings) = models(
            "    Mixed: {oneOf: [{type: string}, {type: integer}, {type: array, items: {type: string}}]}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let ModelKind::UntaggedUnion(union) = kind(&models, "Mixed") else {
            panic!("not an untagged union")
        };
        let variants: Vec<_> = union
            .variants
            .iter()
            .map(|v| v.rust_name.as_str())
            .collect();
        assert_eq!(variants, ["String", "Integer", "StringList"]);
    }
}
