//! Discriminated `oneOf`/`anyOf` → the variants of a tagged enum. In: the union's arms and its
//! `discriminator`. Out: one `(tag, model)` per value an arm can carry. An inline arm takes its
//! tags from itself (the discriminator property's `enum`, which is also how a 3.1 `const`
//! arrives, read through `allOf` parts and their `$ref`s) and becomes a model of its own named
//! after the union and its tag; an inline arm with no tag to read is a located warning. A `$ref`
//! arm takes its tags from the mapping, else from itself as an inline arm does, else from its
//! component key. Arms may share a tag.

use super::context::{Resolver, SCHEMA_PREFIX, unescape};
use super::schemas::{PendingKind, SchemaLowerer, object_parts};
use super::shapes::{all_of_parts, required_beside, string_enum_values};
use crate::diagnostics::Pointer;
use crate::ir::Ty;
use crate::naming::type_ident;
use openapiv3::{Discriminator, ReferenceOr, Schema};
use std::collections::BTreeSet;

/// How deep `allOf` parts and `$ref`s are followed to find an arm's tag (a loop of references
/// stops here).
const MAX_DEPTH: usize = 16;

impl<'a> SchemaLowerer<'a> {
    /// The tagged union named `name` over `arms` (at `arms_pointer`), discriminated by
    /// `discriminator`.
    pub(super) fn tagged_union_kind(
        &mut self,
        name: &str,
        discriminator: &Discriminator,
        arms: &[ReferenceOr<Schema>],
        arms_pointer: &Pointer,
    ) -> PendingKind {
        let property = &discriminator.property_name;
        let mut variants: Vec<(String, String)> = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            let pointer = arms_pointer.join(index);
            let arm = match arm {
                ReferenceOr::Reference { reference } => {
                    self.ref_arm(discriminator, reference, &pointer)
                }
                ReferenceOr::Item(schema) => {
                    self.inline_arm(name, property, schema, index, &pointer)
                }
            };
            let Some((tags, model)) = arm else { continue };
            // Every tag is a variant of its own (real documents map several values to one
            // schema), so each value decodes and is written back as read. Arms may share a tag
            // (OpenAI's `message` items differ by `role`): each is a variant, and a value with
            // that tag decodes as the first of them it fits.
            for tag in tags {
                if !variants
                    .iter()
                    .any(|(seen, arm)| *seen == tag && *arm == model)
                {
                    variants.push((tag, model.clone()));
                }
            }
        }
        // With no arm left to decode, the union is any JSON: an enum with only `Unknown` would
        // be uninhabited code.
        if variants.is_empty() {
            return PendingKind::Alias(Ty::Json);
        }
        PendingKind::TaggedUnion(property.clone(), variants)
    }

    /// A `$ref` arm's tags and its model. The tags are every mapping value that points at it;
    /// with none, the values its own discriminator property may take (a `const` or `enum`, as
    /// real documents without a mapping mean it: a server following the arm's schema can send
    /// nothing else), else the key of the component it names (OpenAPI's implicit mapping).
    fn ref_arm(
        &mut self,
        discriminator: &Discriminator,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<(Vec<String>, String)> {
        let Ty::Named(model) = self.ref_type(reference, pointer) else {
            return None;
        };
        Some((ref_arm_tags(self.resolver, discriminator, reference), model))
    }

    /// An inline arm's tags and its model; `None`, with a located warning that says why, when no
    /// tag would select it.
    fn inline_arm(
        &mut self,
        union: &str,
        property: &str,
        schema: &Schema,
        index: usize,
        pointer: &Pointer,
    ) -> Option<(Vec<String>, String)> {
        let tags = match arm_tags(self.resolver, schema, property, 0, &mut BTreeSet::new()) {
            ArmTag::Values(tags) => tags,
            problem => {
                self.degrade(
                    pointer,
                    "inline-union-arm",
                    problem.message(property),
                    Some("give the arm's discriminator property a `const` (or an `enum` of its tags), or move the arm to #/components/schemas and map a tag to it"),
                );
                return None;
            }
        };
        let hint = arm_hint(union, schema, &tags, index);
        match self.inline_arm_model(schema, &hint, property, pointer) {
            Ty::Named(model) => Some((tags, model)),
            _ => None,
        }
    }

    /// The model of an inline arm, named after `hint`, without the discriminator `property`
    /// (the union writes and reads the tag, as for a `$ref` arm). One model per schema node.
    fn inline_arm_model(
        &mut self,
        schema: &Schema,
        hint: &str,
        property: &str,
        pointer: &Pointer,
    ) -> Ty {
        let skip = BTreeSet::from([property.to_owned()]);
        self.inline_model_skipping(schema, hint, &skip, pointer)
    }
}

/// What an inline arm says about its discriminator property.
pub(super) enum ArmTag {
    /// The values it may take: the arm's tags.
    Values(Vec<String>),
    /// The property is there, without an `enum` (or `const`) of strings.
    NoValue,
    /// Neither the arm nor its `allOf` parts define the property.
    Undefined,
}

impl ArmTag {
    /// Why no tag selects the arm, for its warning.
    fn message(&self, property: &str) -> String {
        let why = match self {
            ArmTag::NoValue => format!(
                "defines its discriminator property `{property}` without a string `enum` or `const`"
            ),
            _ => format!(
                "does not define its discriminator property `{property}` (nor do its `allOf` parts)"
            ),
        };
        format!(
            "this inline arm of a discriminated union {why}, so no tag selects it; its values decode as `Unknown`"
        )
    }
}

/// The string values the discriminator `property` may take in `schema`, from the definition
/// of it that wins a merge: the schema's own properties, else its `allOf` parts, later ones
/// first (the order `all_of` merges them in).
/// `seen` holds the `$ref`s already followed: a component named twice (or by itself) is
/// read once, so repeated parts cannot make the walk exponential.
pub(super) fn arm_tags(
    resolver: Resolver<'_>,
    schema: &Schema,
    property: &str,
    depth: usize,
    seen: &mut BTreeSet<String>,
) -> ArmTag {
    if depth > MAX_DEPTH {
        return ArmTag::Undefined;
    }
    if let Some(definition) = object_parts(schema).and_then(|(p, _)| p.get(property)) {
        let definition = match definition {
            ReferenceOr::Item(inline) => Some(inline.as_ref()),
            ReferenceOr::Reference { reference } => resolver.schema(reference).map(|(_, s)| s),
        };
        return match definition.and_then(string_enum_values) {
            Some(values) if !values.is_empty() => ArmTag::Values(values),
            _ => ArmTag::NoValue,
        };
    }
    for part in all_of_parts(schema).unwrap_or_default().iter().rev() {
        let Some(part) = unseen_part(resolver, part, seen) else {
            continue;
        };
        match arm_tags(resolver, part, property, depth + 1, seen) {
            ArmTag::Undefined => {}
            found => return found,
        }
    }
    ArmTag::Undefined
}

/// The discriminator a union without one implies: a property every arm defines with one string
/// value of its own (a `const`, or an `enum` of one), each arm's different (pydantic's `Literal`
/// fields, `type: {const: circle}` beside `type: {const: square}`). Read untagged, an arm whose
/// fields are all optional took every value, whatever its tag said; read by that property, each
/// value goes to its arm. `None` when no property of the first arm (its own, or its `allOf`
/// parts') tells every arm apart.
pub(super) fn implied_discriminator(
    resolver: Resolver<'_>,
    arms: &[ReferenceOr<Schema>],
) -> Option<Discriminator> {
    let schemas: Vec<&Schema> = (arms.iter())
        .map(|arm| resolver.schema_of(arm))
        .collect::<Option<_>>()?;
    if schemas.len() < 2 {
        return None;
    }
    let mut candidates = Vec::new();
    property_names(
        resolver,
        schemas[0],
        0,
        &mut BTreeSet::new(),
        &mut candidates,
    );
    let tells_apart = |property: &str| {
        let mut tags = BTreeSet::new();
        schemas.iter().all(|schema| {
            match arm_tags(resolver, schema, property, 0, &mut BTreeSet::new()) {
                ArmTag::Values(values) if values.len() == 1 => {
                    always_carries(resolver, schema, property) && tags.insert(values[0].clone())
                }
                _ => false,
            }
        })
    };
    let property = candidates
        .into_iter()
        .find(|property| tells_apart(property))?;
    Some(Discriminator {
        property_name: property,
        mapping: Default::default(),
        extensions: Default::default(),
    })
}

/// The names of the properties `schema` defines, its own first, then its `allOf` parts' (each
/// `$ref` followed once), without repeats.
fn property_names(
    resolver: Resolver<'_>,
    schema: &Schema,
    depth: usize,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for name in object_parts(schema).into_iter().flat_map(|(p, _)| p.keys()) {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    for part in all_of_parts(schema).unwrap_or_default() {
        let Some(part) = unseen_part(resolver, part, seen) else {
            continue;
        };
        property_names(resolver, part, depth + 1, seen, out);
    }
}

/// An `allOf` part's schema: inline, or the component its `$ref` names unless `seen` holds that
/// reference already (a component named twice, or by itself, is read once, so repeated parts
/// cannot make a walk exponential). `None` for a reference seen or dangling.
fn unseen_part<'s>(
    resolver: Resolver<'s>,
    part: &'s ReferenceOr<Schema>,
    seen: &mut BTreeSet<String>,
) -> Option<&'s Schema> {
    match part {
        ReferenceOr::Item(inline) => Some(inline),
        ReferenceOr::Reference { reference } => {
            let (_, resolved) = resolver.schema(reference)?;
            seen.insert(reference.clone()).then_some(resolved)
        }
    }
}

/// Whether every value of the arm `schema` carries `property`: it is required, or it has a
/// `default` (pydantic's `Literal` fields, which servers always write). A value without the
/// property would decode as `Unknown` where untagged it found its arm, so an optional tag with no
/// default implies nothing. Read from the schema and its `allOf` parts, as deep as they go
/// (each `$ref` followed once), as `all_of` merges them.
fn always_carries(resolver: Resolver<'_>, schema: &Schema, property: &str) -> bool {
    carries_within(resolver, schema, property, 0, &mut BTreeSet::new())
}

/// `always_carries` for `schema` and its `allOf` parts below `depth`, each `$ref` once.
fn carries_within(
    resolver: Resolver<'_>,
    schema: &Schema,
    property: &str,
    depth: usize,
    seen: &mut BTreeSet<String>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let defaulted = match object_parts(schema).and_then(|(p, _)| p.get(property)) {
        Some(ReferenceOr::Item(definition)) => definition.schema_data.default.is_some(),
        Some(ReferenceOr::Reference { reference }) => resolver
            .schema(reference)
            .is_some_and(|(_, definition)| definition.schema_data.default.is_some()),
        None => false,
    };
    if defaulted || required_beside(schema).iter().any(|name| name == property) {
        return true;
    }
    for part in all_of_parts(schema).unwrap_or_default() {
        let Some(part) = unseen_part(resolver, part, seen) else {
            continue;
        };
        if carries_within(resolver, part, property, depth + 1, seen) {
            return true;
        }
    }
    false
}

/// The tags a `$ref` arm answers to: the mapping values that point at it, else its own, else
/// its component key (see `ref_arm`).
fn ref_arm_tags(
    resolver: Resolver<'_>,
    discriminator: &Discriminator,
    reference: &str,
) -> Vec<String> {
    let mapped = mapped_tags(discriminator, reference);
    if !mapped.is_empty() {
        return mapped;
    }
    let own = match resolver.schema(reference) {
        Some((_, schema)) => arm_tags(
            resolver,
            schema,
            &discriminator.property_name,
            0,
            &mut BTreeSet::new(),
        ),
        None => ArmTag::Undefined,
    };
    match own {
        ArmTag::Values(tags) => tags,
        _ => vec![unescape(reference.trim_start_matches(SCHEMA_PREFIX))],
    }
}

/// The tag a value of the `$ref` arm carries, as the union reads it (for mock values).
pub(super) fn ref_arm_tag(
    resolver: Resolver<'_>,
    discriminator: &Discriminator,
    reference: &str,
) -> Option<String> {
    ref_arm_tags(resolver, discriminator, reference)
        .into_iter()
        .next()
}

/// The mapping values that point at `reference` (by `$ref`, or by the bare component key).
pub(super) fn mapped_tags(discriminator: &Discriminator, reference: &str) -> Vec<String> {
    let key = unescape(reference.trim_start_matches(SCHEMA_PREFIX));
    (discriminator.mapping.iter())
        .filter(|(_, target)| *target == reference || **target == key)
        .map(|(tag, _)| tag.clone())
        .collect()
}

/// The name an inline arm's model is claimed from: the union's name and the arm's one tag
/// (`ShapeCircle`); for an arm with several tags, its `title` (`OutputStreamOutput`), else its
/// position (`OutputVariant2`).
fn arm_hint(union: &str, schema: &Schema, tags: &[String], index: usize) -> String {
    let title = schema.schema_data.title.as_deref().map(type_ident);
    match (tags, title) {
        ([tag], _) => format!("{union}{}", type_ident(tag)),
        (_, Some(title)) if !title.is_empty() => format!("{union}{title}"),
        _ => format!("{union}Variant{}", index + 1),
    }
}
