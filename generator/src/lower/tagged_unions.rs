//! Discriminated `oneOf`/`anyOf` → the variants of a tagged enum. In: the union's arms and its
//! `discriminator`. Out: one `(tag, model)` per value an arm can carry. A `$ref` arm takes its
//! tags from the mapping (or its component key); an inline arm takes them from the arm itself
//! (the discriminator property's `enum`, which is also how a 3.1 `const` arrives, read through
//! `allOf` parts and their `$ref`s) and becomes a model of its own named after the union and its
//! tag. An arm with no tag to read, or only tags an earlier arm took, is a located warning.

use super::context::{SCHEMA_PREFIX, unescape};
use super::schemas::{PendingKind, SchemaLowerer, object_parts};
use super::shapes::{all_of_parts, string_enum_values};
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
            let (tags, model) = match arm {
                ReferenceOr::Reference { reference } => {
                    let Ty::Named(model) = self.ref_type(reference, &pointer) else {
                        continue;
                    };
                    (ref_arm_tags(discriminator, reference), model)
                }
                ReferenceOr::Item(schema) => {
                    let taken: Vec<&str> = variants.iter().map(|(tag, _)| tag.as_str()).collect();
                    match self.inline_arm(name, property, schema, index, &taken, &pointer) {
                        Some(arm) => arm,
                        None => continue,
                    }
                }
            };
            // Every tag is a variant of its own (real documents map several values to one
            // schema), so each value decodes and is written back as read.
            for tag in tags {
                if !variants.iter().any(|(seen, _)| *seen == tag) {
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

    /// An inline arm's tags (those no earlier arm has, in `taken`) and its model; `None`, with a
    /// located warning that says why, when no tag would select it.
    fn inline_arm(
        &mut self,
        union: &str,
        property: &str,
        schema: &Schema,
        index: usize,
        taken: &[&str],
        pointer: &Pointer,
    ) -> Option<(Vec<String>, String)> {
        let tags = match self.arm_tags(schema, property, 0, &mut BTreeSet::new()) {
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
        let fresh: Vec<String> = (tags.iter())
            .filter(|tag| !taken.contains(&tag.as_str()))
            .cloned()
            .collect();
        if fresh.is_empty() {
            self.degrade(
                pointer,
                "inline-union-arm",
                format!("this inline arm of a discriminated union has only `{property}` values an earlier arm already has: {}; a value with one of them decodes as the earlier arm, or as `Unknown` if it does not fit that arm", code_list(&tags)),
                Some("give each arm of the union its own value of the discriminator property"),
            );
            return None;
        }
        let hint = arm_hint(union, schema, &fresh, index);
        match self.inline_arm_model(schema, &hint, property, pointer) {
            Ty::Named(model) => Some((fresh, model)),
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

    /// The string values the discriminator `property` may take in `schema`, from the definition
    /// of it that wins a merge: the schema's own properties, else its `allOf` parts, later ones
    /// first (the order `all_of` merges them in).
    /// `seen` holds the `$ref`s already followed: a component named twice (or by itself) is
    /// read once, so repeated parts cannot make the walk exponential.
    fn arm_tags(
        &self,
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
                ReferenceOr::Reference { reference } => self.resolve(reference).map(|(_, s)| s),
            };
            return match definition.and_then(string_enum_values) {
                Some(values) if !values.is_empty() => ArmTag::Values(values),
                _ => ArmTag::NoValue,
            };
        }
        for part in all_of_parts(schema).unwrap_or_default().iter().rev() {
            let part = match part {
                ReferenceOr::Item(inline) => inline,
                ReferenceOr::Reference { reference } => match self.resolve(reference) {
                    Some((_, resolved)) if seen.insert(reference.clone()) => resolved,
                    _ => continue,
                },
            };
            match self.arm_tags(part, property, depth + 1, seen) {
                ArmTag::Undefined => {}
                found => return found,
            }
        }
        ArmTag::Undefined
    }
}

/// What an inline arm says about its discriminator property.
enum ArmTag {
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

/// The tags a `$ref` arm answers to: every mapping value that points at it, else the key of the
/// component it names (OpenAPI's implicit mapping).
fn ref_arm_tags(discriminator: &Discriminator, reference: &str) -> Vec<String> {
    let key = unescape(reference.trim_start_matches(SCHEMA_PREFIX));
    let tags: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || **target == key)
        .map(|(tag, _)| tag.clone())
        .collect();
    if tags.is_empty() { vec![key] } else { tags }
}

/// `a`, `b` as code spans, for a message.
fn code_list(values: &[String]) -> String {
    let spans: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    spans.join(", ")
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
