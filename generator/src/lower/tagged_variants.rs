//! A pending tagged union → `ir::TaggedUnionModel`: variant names, docs, and what tells apart
//! variants that share a tag. In: the `(tag, struct)` pairs `tagged_unions` found and the
//! pending structs. Out: the variants, each with the extra-fields map its tag may land in and,
//! where its tag is shared, the properties its struct pins to one value (OpenAI's `message`
//! items share `type` and differ by `role`), checked before the struct is tried: enums accept
//! unknown values, so "the first struct that decodes" alone would always pick the first.

use super::docs::code_span;
use super::models::{extra_field_name, value_docs};
use super::schemas::{PendingKind, PendingModel};
use crate::ir::{Docs, ModelKind, TaggedUnionModel, TaggedVariant, Text, Ty};
use crate::naming::{UniqueNames, type_ident};
use std::collections::BTreeMap;

/// What a tagged union needs to know of the structs its variants wrap.
pub struct VariantStructs<'a> {
    /// Each struct's map of undescribed fields.
    extra_fields: BTreeMap<&'a str, String>,
    /// Each struct's properties typed as a one-value string enum: `(wire name, value)`.
    pins: BTreeMap<&'a str, Vec<(String, String)>>,
}

impl<'a> VariantStructs<'a> {
    pub fn new(pending: &'a BTreeMap<String, PendingModel>) -> Self {
        let mut extra_fields = BTreeMap::new();
        let mut pins = BTreeMap::new();
        for (name, model) in pending {
            let PendingKind::Struct(fields) = &model.kind else {
                continue;
            };
            if let Some(extra) = extra_field_name(fields) {
                extra_fields.insert(name.as_str(), extra);
            }
            let pinned: Vec<(String, String)> = (fields.iter())
                .filter_map(|field| {
                    let Ty::Named(enum_name) = &field.ty else {
                        return None;
                    };
                    match &pending.get(enum_name)?.kind {
                        PendingKind::StringEnum(values) if values.len() == 1 => {
                            Some((field.wire_name.clone(), values[0].clone()))
                        }
                        _ => None,
                    }
                })
                .collect();
            pins.insert(name.as_str(), pinned);
        }
        Self { extra_fields, pins }
    }

    /// The pins of `model` that tell it apart from the `others` sharing its tag: those whose
    /// property some other struct leaves free or pins to another value.
    fn distinguishing_pins(&self, model: &str, others: &[&str]) -> Vec<(Text, Text)> {
        let own = self.pins.get(model).map(Vec::as_slice).unwrap_or_default();
        (own.iter())
            .filter(|pin| {
                (others.iter()).any(|other| {
                    let theirs = self.pins.get(other).map(Vec::as_slice).unwrap_or_default();
                    !theirs.contains(pin)
                })
            })
            .map(|(name, value)| (Text::new(name.clone()), Text::new(value.clone())))
            .collect()
    }
}

/// The tagged union over `arms` (`(tag value, struct)` pairs), discriminated by `tag`.
pub fn tagged_union(tag: &str, arms: &[(String, String)], structs: &VariantStructs) -> ModelKind {
    let mut names = UniqueNames::default();
    names.reserve("Unknown");
    let sharing = |tag_value: &str, model: &str| -> Vec<&str> {
        (arms.iter())
            .filter(|(t, m)| t == tag_value && m != model)
            .map(|(_, m)| m.as_str())
            .collect()
    };
    let variants = arms
        .iter()
        .map(|(tag_value, model)| {
            let others = sharing(tag_value, model);
            // Named after the tag, or after the struct where arms share the tag.
            let name = if others.is_empty() { tag_value } else { model };
            TaggedVariant {
                rust_name: names.claim(type_ident(name)),
                tag_value: Text::new(tag_value.clone()),
                type_name: model.clone(),
                extra_field: structs.extra_fields.get(model.as_str()).cloned(),
                pins: if others.is_empty() {
                    Vec::new()
                } else {
                    structs.distinguishing_pins(model, &others)
                },
                docs: variant_docs(tag_value, !others.is_empty()),
            }
        })
        .collect();
    ModelKind::TaggedUnion(TaggedUnionModel {
        tag: Text::new(tag.to_owned()),
        variants,
    })
}

/// The docs of a variant: its tag, and for a tag several variants share, how one is chosen.
fn variant_docs(tag: &str, shared: bool) -> Docs {
    if !shared {
        return value_docs(tag);
    }
    Docs::text(format!(
        "{} (shared with other variants: a value decodes as the first whose fixed-value fields match and whose shape fits).",
        code_span(tag)
    ))
}
