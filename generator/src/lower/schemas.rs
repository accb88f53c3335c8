//! Schemas → `Ty`s and pending models. Components keep their (uniquified) names; inline objects,
//! enums and unions get stable names from where they appear (`SessionSummaryJobMetadata`). Every
//! construct this stage cannot express is a located diagnostic, never a silent `Value`.

use super::context::{Resolver, SCHEMA_PREFIX, unescape};
use super::pending::JSON_HINT;
pub use super::pending::{
    FileShape, LoweredField, PendingKind, PendingModel, SchemaRef, with_degradation_notes,
};
pub use super::shapes::{Properties, describe, object_parts};
use super::shapes::{
    all_of_parts, integer_enum_values, integer_type, kind_key, needs_model, string_enum_values,
    string_type, typed_parts, typed_single_arm, union_arms,
};
use crate::config::FormatTypes;
use crate::diagnostics::{Pointer, Sink};
use crate::ir::{Presence, Scalar, Ty};
use crate::naming::{UniqueNames, snake_ident, type_ident};
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Lowers schemas and owns every model created on the way.
pub struct SchemaLowerer<'a> {
    doc: &'a OpenAPI,
    pub resolver: Resolver<'a>,
    /// Component key → Rust model name.
    component_names: BTreeMap<String, String>,
    pub(super) names: UniqueNames,
    pub models: BTreeMap<String, PendingModel>,
    /// Inline schemas already lowered → their type (`one_type`: one model per schema node).
    pub(super) inline_models: BTreeMap<super::one_type::NodeKey, Ty>,
    /// Component keys that are arms of a discriminated union → their discriminator properties,
    /// which the arm's struct leaves out (the union writes and reads the tag).
    tag_properties: BTreeMap<String, BTreeSet<String>>,
    /// Component keys of base schemas with a discriminator → the `$ref`s of the schemas that
    /// extend them (`inheritance`).
    heirs: BTreeMap<String, Vec<String>>,
    /// The run's one diagnostics collector, held here while schemas and operations are lowered.
    pub sink: Sink,
    /// What was degraded since the last `take_notes`, for the docs of the item being lowered.
    notes: Vec<String>,
    /// `sdk.yaml`'s `types:`: which string formats become crates' types.
    pub types: FormatTypes,
    /// The crates' types handed out, for the generated `Cargo.toml`'s dependencies.
    pub scalars: BTreeSet<Scalar>,
}

impl<'a> SchemaLowerer<'a> {
    /// Names every component schema (in key order, so collisions resolve deterministically).
    pub fn new(doc: &'a OpenAPI, sink: Sink) -> Self {
        let mut names = UniqueNames::default();
        // Models live in one module next to the prelude's names, which they must not shadow.
        for prelude in crate::naming::MODELS_SCOPE_RESERVED {
            names.reserve(prelude);
        }
        let mut component_names = BTreeMap::new();
        let mut tag_properties: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let components = doc.components.as_ref().map(|c| &c.schemas);
        let mut keys: Vec<&String> = components.map(|s| s.keys().collect()).unwrap_or_default();
        keys.sort();
        for key in keys {
            component_names.insert(key.clone(), names.claim(type_ident(key)));
            let Some(ReferenceOr::Item(schema)) = components.and_then(|s| s.get(key)) else {
                continue;
            };
            let Some(discriminator) = &schema.schema_data.discriminator else {
                continue;
            };
            for arm in union_arms(schema) {
                if let ReferenceOr::Reference { reference } = arm
                    && let Some(arm_key) = reference.strip_prefix(SCHEMA_PREFIX)
                {
                    tag_properties
                        .entry(unescape(arm_key))
                        .or_default()
                        .insert(discriminator.property_name.clone());
                }
            }
        }
        SchemaLowerer {
            doc,
            resolver: Resolver { doc },
            component_names,
            names,
            models: BTreeMap::new(),
            inline_models: BTreeMap::new(),
            tag_properties,
            heirs: super::inheritance::find_heirs(doc),
            sink,
            notes: Vec::new(),
            types: FormatTypes::default(),
            scalars: BTreeSet::new(),
        }
    }

    /// A construct this generator cannot model exactly: a located warning of `kind`, and a note
    /// for the docs of the item being lowered.
    pub fn degrade(
        &mut self,
        pointer: &Pointer,
        kind: &'static str,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let message = message.into();
        self.notes.push(message.clone());
        self.sink.warn(pointer, kind, message, hint);
    }

    /// The degradation notes gathered since the last call.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Lowers every component schema into a model of the component's name.
    pub fn lower_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        let mut entries: Vec<_> = components.schemas.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, schema) in entries {
            let pointer = Pointer::root().join("components").join("schemas").join(key);
            let name = self.component_names[key].clone();
            let mut skip = self.tag_properties.get(key).cloned().unwrap_or_default();
            // A component arm that is an `allOf` keeps its tag field, as it always has: its
            // heirs' tag enums are part of the crate's surface (fixture `inherited-traits`).
            // Only inline arms, which nothing else names, leave the tag to the union.
            if let ReferenceOr::Item(schema) = schema
                && all_of_parts(schema).is_some()
            {
                skip.clear();
            }
            match schema {
                ReferenceOr::Item(schema) if self.heirs.contains_key(key) => {
                    let heirs = self.heirs[key].clone();
                    self.lower_base(key, &name, schema, &heirs, &skip, &pointer);
                }
                ReferenceOr::Item(schema) => self.lower_model(&name, schema, &skip, &pointer),
                // A component that is only a `$ref` is an alias, unless the chain loops back,
                // which has no type at all (`pub type A = A;` would not compile).
                ReferenceOr::Reference { reference }
                    if self
                        .component_names
                        .contains_key(&unescape(reference.trim_start_matches(SCHEMA_PREFIX)))
                        && self.resolve(reference).is_none() =>
                {
                    let message = format!(
                        "`$ref` chain from `{reference}` loops back without reaching a schema; it is kept as `serde_json::Value`"
                    );
                    self.degrade(
                        &pointer,
                        "ref-cycle",
                        message,
                        Some("point one of the references at a real schema"),
                    );
                    self.insert(&name, None, false, PendingKind::Alias(Ty::Json), &pointer);
                }
                ReferenceOr::Reference { reference } => {
                    let ty = self.ref_type(reference, &pointer);
                    self.insert(&name, None, false, PendingKind::Alias(ty), &pointer);
                }
            }
            let notes = self.take_notes();
            if let Some(model) = self.models.get_mut(&name) {
                model.description = with_degradation_notes(model.description.take(), &notes);
            }
        }
    }

    /// Aliases that resolve to themselves (`A: {allOf: [B]}`, `B: {allOf: [A]}`) have no type;
    /// each becomes an alias of `serde_json::Value` with a located warning and a note in its
    /// docs, rather than `pub type A = B; pub type B = A;`.
    pub fn check_alias_cycles(&mut self) {
        // Each alias names one target, so the aliases form a graph with at most one edge out of
        // every model; the models on its cycles are found by walking each path once, marking
        // the models it visits (linear in the number of models).
        let alias_target = |name: &str| match self.models.get(name).map(|m| &m.kind) {
            Some(PendingKind::Alias(Ty::Named(target))) => Some(target.as_str()),
            _ => None,
        };
        let mut walk_of: BTreeMap<&str, usize> = BTreeMap::new();
        let mut on_cycle: BTreeSet<&str> = BTreeSet::new();
        for (walk, start) in self.component_names.values().enumerate() {
            let mut path = Vec::new();
            let mut current = Some(start.as_str());
            while let Some(name) = current {
                match walk_of.get(name) {
                    // Back at a model of this walk: the path from it on is a cycle.
                    Some(&seen) if seen == walk => {
                        let begin = path.iter().position(|&member| member == name).unwrap_or(0);
                        on_cycle.extend(&path[begin..]);
                        break;
                    }
                    // A model an earlier walk already settled.
                    Some(_) => break,
                    None => {}
                }
                walk_of.insert(name, walk);
                path.push(name);
                current = alias_target(name);
            }
        }
        let cycles: Vec<(Pointer, String, String)> = self
            .component_names
            .iter()
            .filter(|(_, name)| on_cycle.contains(name.as_str()))
            .map(|(key, name)| {
                let pointer = Pointer::root().join("components").join("schemas").join(key);
                let message = format!(
                    "schema `{key}` is an alias of itself through other schemas; it is kept as `serde_json::Value`"
                );
                (pointer, message, name.clone())
            })
            .collect();
        for (pointer, message, name) in cycles {
            self.degrade(
                &pointer,
                "ref-cycle",
                message,
                Some("give one of them a real type"),
            );
            let notes = self.take_notes();
            if let Some(model) = self.models.get_mut(&name) {
                model.kind = PendingKind::Alias(Ty::Json);
                model.description = with_degradation_notes(model.description.take(), &notes);
            }
        }
    }

    pub(super) fn insert(
        &mut self,
        name: &str,
        description: Option<&str>,
        deprecated: bool,
        kind: PendingKind,
        pointer: &Pointer,
    ) {
        let description = description.map(str::to_owned);
        self.models.insert(
            name.to_owned(),
            PendingModel {
                description,
                deprecated,
                kind,
                pointer: pointer.as_str().to_owned(),
            },
        );
    }

    /// The type of a schema used in place (a property, an item, a parameter, a body). Inline
    /// objects, enums and unions become models named after `hint`. Returns the type and whether
    /// the schema admits `null`.
    pub fn type_of(&mut self, schema: SchemaRef<'_>, hint: &str, pointer: &Pointer) -> (Ty, bool) {
        match schema {
            SchemaRef::Ref(reference) => {
                let nullable = self
                    .resolve(reference)
                    .is_some_and(|(_, s)| s.schema_data.nullable);
                (self.ref_type(reference, pointer), nullable)
            }
            SchemaRef::Inline(schema) => (
                self.inline_type(schema, hint, pointer),
                schema.schema_data.nullable,
            ),
        }
    }

    /// A new untagged union of `arms`, named after `hint` (several response types, found at
    /// `pointer`).
    pub fn untagged_union(&mut self, hint: &str, arms: Vec<Ty>, pointer: &Pointer) -> Ty {
        let name = self.names.claim(type_ident(hint));
        self.insert(
            &name,
            None,
            false,
            PendingKind::UntaggedUnion(arms),
            pointer,
        );
        Ty::Named(name)
    }

    /// The component a local reference points at, following `$ref` chains; `None` for a
    /// dangling reference or a chain that loops (`A: {$ref: A}`).
    pub fn resolve(&self, reference: &str) -> Option<(String, &'a Schema)> {
        self.resolver.schema(reference)
    }

    /// The component a `$ref` names, if it names one (nothing is reported: see `ref_type`).
    pub(super) fn component_type(&self, reference: &str) -> Option<Ty> {
        let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
        self.component_names.get(&key).cloned().map(Ty::Named)
    }

    pub(super) fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> Ty {
        match self.component_type(reference) {
            Some(ty) => ty,
            None => {
                let (kind, message) = if reference.starts_with('#') {
                    (
                        "unresolved-ref",
                        format!("dangling $ref `{reference}`: no such schema in this document"),
                    )
                } else {
                    (
                        "unsupported-ref",
                        format!(
                            "unsupported $ref `{reference}`: only references into #/components/schemas of this document are supported"
                        ),
                    )
                };
                self.degrade(pointer, kind, message, Some(JSON_HINT));
                Ty::Json
            }
        }
    }

    fn inline_type(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> Ty {
        if let Some(ty) = self.scalar_all_of_type(schema, hint, pointer) {
            return ty;
        }
        if needs_model(schema) {
            return self.inline_model(schema, hint, pointer);
        }
        if let Some((keyword, arm)) = typed_single_arm(schema) {
            return self
                .type_of(arm.into(), hint, &pointer.join(keyword).join(0))
                .0;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let ty = string_type(&string.format, &self.types);
                if let Ty::Scalar(scalar) = &ty {
                    self.scalars.insert(*scalar);
                }
                ty
            }
            SchemaKind::Type(Type::Integer(integer)) => integer_type(&integer.format),
            SchemaKind::Type(Type::Number(_)) => Ty::F64,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.item_type(array.items.as_ref(), hint, pointer)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any) if any.items.is_some() => {
                self.item_type(any.items.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() =>
            {
                self.map_type(any.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms }
                if arms.len() == 1 =>
            {
                self.type_of(
                    SchemaRef::from(&arms[0]),
                    hint,
                    &pointer.join(kind_key(schema)).join(0),
                )
                .0
            }
            SchemaKind::AllOf { all_of: parts } => match typed_parts(parts).as_slice() {
                [(index, part)] => {
                    self.type_of(
                        SchemaRef::from(*part),
                        hint,
                        &pointer.join("allOf").join(*index),
                    )
                    .0
                }
                _ => Ty::Json,
            },
            SchemaKind::Not { .. } => {
                self.degrade(
                    pointer,
                    "not-schema",
                    "`not` schemas are not supported",
                    Some("the value is kept as `serde_json::Value`; describe the allowed values positively (type, enum, oneOf)"),
                );
                Ty::Json
            }
            _ => Ty::Json,
        }
    }

    fn item_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &Pointer,
    ) -> Ty {
        match items {
            Some(items) => {
                let item_hint = format!("{hint}Item");
                Ty::Array(Box::new(
                    self.type_of(items.into(), &item_hint, &pointer.join("items"))
                        .0,
                ))
            }
            None => Ty::Array(Box::new(Ty::Json)),
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
    ) -> Ty {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_hint = format!("{hint}Value");
                let (ty, _) = self.type_of(
                    value.as_ref().into(),
                    &value_hint,
                    &pointer.join("additionalProperties"),
                );
                Ty::Map(Box::new(ty))
            }
            _ => Ty::JsonObject,
        }
    }

    /// The Rust name of the component schema `key`.
    pub(super) fn component_name(&self, key: &str) -> Option<&str> {
        self.component_names.get(key).map(String::as_str)
    }

    /// Lowers `schema` into a model named `name` (an alias when it is a plain type).
    pub(super) fn lower_model(
        &mut self,
        name: &str,
        schema: &Schema,
        skip: &BTreeSet<String>,
        pointer: &Pointer,
    ) {
        let data = &schema.schema_data;
        let description = data.description.as_deref().or(data.title.as_deref());
        if let Some(values) = string_enum_values(schema) {
            self.insert(
                name,
                description,
                data.deprecated,
                PendingKind::StringEnum(values),
                pointer,
            );
            return;
        }
        if let Some(values) = integer_enum_values(schema) {
            self.insert(
                name,
                description,
                data.deprecated,
                PendingKind::IntegerEnum(values),
                pointer,
            );
            return;
        }
        if let Some(tuple) = self.tuple_model(name, schema, pointer) {
            let kind = PendingKind::Tuple(tuple);
            self.insert(name, description, data.deprecated, kind, pointer);
            return;
        }
        let kind = match &schema.schema_kind {
            _ if all_of_parts(schema).is_some() && needs_model(schema) => {
                self.all_of_kind(name, schema, skip, pointer)
            }
            SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms }
                if arms.len() > 1 =>
            {
                self.union_kind(name, schema, arms, pointer)
            }
            _ => match object_parts(schema) {
                Some((properties, required)) if !properties.is_empty() => PendingKind::Struct(
                    self.lower_fields(name, properties, required, skip, pointer),
                ),
                _ => {
                    // A plain type under a component name: emit a type alias. The inline path
                    // never lands here, since `needs_model` is false for plain types.
                    let ty = self.inline_type(schema, name, pointer);
                    PendingKind::Alias(ty)
                }
            },
        };
        self.insert(name, description, data.deprecated, kind, pointer);
    }

    pub fn lower_fields(
        &mut self,
        owner: &str,
        properties: &Properties,
        required: &[String],
        skip: &BTreeSet<String>,
        pointer: &Pointer,
    ) -> Vec<LoweredField> {
        let mut names = UniqueNames::default();
        let mut fields = Vec::new();
        for (wire_name, property) in properties {
            if skip.contains(wire_name) {
                continue;
            }
            let property_pointer = pointer.join("properties").join(wire_name);
            let hint = format!("{owner}{}", type_ident(wire_name));
            let property = SchemaRef::from(property);
            let (ty, nullable) = self.type_of(property, &hint, &property_pointer);
            let (description, deprecated, binary, read_only, write_only) = match property {
                SchemaRef::Inline(schema) => {
                    let data = &schema.schema_data;
                    (
                        describe(data.description.as_deref(), data.default.as_ref()),
                        data.deprecated,
                        FileShape::of(schema),
                        data.read_only,
                        data.write_only,
                    )
                }
                SchemaRef::Ref(_) => (None, false, FileShape::NotBinary, false, false),
            };
            // A write-only field never comes back from the server: optional in models, whatever
            // `required` says (it is required on the way in, which request params keep: see
            // `required_in_requests`).
            let required_in_requests = required.contains(wire_name) && write_only;
            let required = required.contains(wire_name) && !write_only;
            fields.push(LoweredField {
                rust_name: names.claim(snake_ident(wire_name)),
                wire_name: wire_name.clone(),
                ty,
                presence: Presence::of(required, nullable),
                description,
                deprecated,
                binary,
                read_only,
                required_in_requests,
                flatten: false,
            });
        }
        fields
    }

    fn union_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        arms: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> PendingKind {
        let arms_pointer = pointer.join(kind_key(schema));
        if let Some(discriminator) = &schema.schema_data.discriminator {
            return self.tagged_union_kind(name, discriminator, arms, &arms_pointer);
        }
        if let Some(implied) = super::tagged_unions::implied_discriminator(self.resolver, arms) {
            return self.tagged_union_kind(name, &implied, arms, &arms_pointer);
        }
        if let Some(values) = self.merged_string_enum(arms) {
            return PendingKind::StringEnum(values);
        }
        let mut variants = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            let hint = format!("{name}Variant{}", index + 1);
            variants.push(self.type_of(arm.into(), &hint, &arms_pointer.join(index)).0);
        }
        PendingKind::UntaggedUnion(variants)
    }

    /// A union whose arms are all string enums (drf-spectacular's `oneOf: [StatusEnum,
    /// BlankEnum]`, the choices plus `""`) is one string enum of all their values: as an untagged
    /// union, the first arm's `Unknown` would take every string and the others could never match.
    fn merged_string_enum(&self, arms: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut merged: Vec<String> = Vec::new();
        for arm in arms {
            let schema = self.resolver.schema_of(arm)?;
            for value in string_enum_values(schema)? {
                if !merged.contains(&value) {
                    merged.push(value);
                }
            }
        }
        Some(merged)
    }
}
