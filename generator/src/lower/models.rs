//! Pending models → `ir::Model`s: breaks by-value recursion with `Box`, decides which structs can
//! derive `Default`, renders fields for the model side of the wire and attaches page envelopes.

use super::docs::{code_span, doc_comment, rust_literal};
use super::schemas::{LoweredField, PendingKind, PendingModel};
use super::types::{Side, Ty, field_type_and_serde};
use crate::ir::{
    EnumVariant, Field, IntegerEnumModel, Model, ModelKind, PageImpl, StringEnumModel, StructModel,
    TaggedUnionModel, TaggedVariant, UntaggedUnionModel, UntaggedVariant,
};
use crate::naming::{UniqueNames, type_ident};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the final models, in name order.
pub fn finish_models(
    mut pending: BTreeMap<String, PendingModel>,
    pages: &BTreeMap<String, PageImpl>,
) -> Vec<Model> {
    box_recursive_fields(&mut pending);
    let defaultable = defaultable_structs(&pending);
    let extra_fields: BTreeMap<&str, String> = pending
        .iter()
        .filter_map(|(name, model)| match &model.kind {
            PendingKind::Struct(fields) => Some((name.as_str(), extra_field_name(fields))),
            _ => None,
        })
        .collect();
    pending
        .iter()
        .map(|(name, model)| Model {
            type_name: name.clone(),
            doc_comment: doc_comment(&[model.description.as_deref()]),
            deprecated: model.deprecated,
            kind: finish_kind(
                &model.kind,
                defaultable.contains(name),
                pages.get(name),
                &extra_fields,
            ),
        })
        .collect()
}

fn finish_kind(
    kind: &PendingKind,
    derive_default: bool,
    page: Option<&PageImpl>,
    extra_fields: &BTreeMap<&str, String>,
) -> ModelKind {
    match kind {
        PendingKind::Struct(fields) => ModelKind::Struct(StructModel {
            fields: fields
                .iter()
                .map(|f| model_field(f, Side::Model, false))
                .collect(),
            extra_field: extra_field_name(fields),
            derive_default,
            page: page.cloned(),
        }),
        PendingKind::StringEnum(values) => {
            let mut names = UniqueNames::default();
            names.reserve("Unknown");
            let variants = values
                .iter()
                .map(|value| EnumVariant {
                    rust_name: names.claim(type_ident(value)),
                    wire_literal: rust_literal(value),
                    doc_comment: doc_comment(&[Some(&code_span(value))]),
                })
                .collect();
            ModelKind::StringEnum(StringEnumModel { variants })
        }
        PendingKind::IntegerEnum(values) => {
            let mut names = UniqueNames::default();
            names.reserve("Unknown");
            let variants = values
                .iter()
                .map(|value| {
                    let name = if *value < 0 {
                        format!("ValueMinus{}", value.unsigned_abs())
                    } else {
                        format!("Value{value}")
                    };
                    (names.claim(name), *value)
                })
                .collect();
            ModelKind::IntegerEnum(IntegerEnumModel { variants })
        }
        PendingKind::TaggedUnion(tag, arms) => {
            let mut names = UniqueNames::default();
            names.reserve("Unknown");
            let variants = arms
                .iter()
                .map(|(tag_value, model)| TaggedVariant {
                    rust_name: names.claim(type_ident(tag_value)),
                    tag_value_literal: rust_literal(tag_value),
                    type_name: model.clone(),
                    extra_field: extra_fields.get(model.as_str()).cloned(),
                    doc_comment: doc_comment(&[Some(&code_span(tag_value))]),
                })
                .collect();
            ModelKind::TaggedUnion(TaggedUnionModel {
                tag_literal: rust_literal(tag),
                variants,
            })
        }
        PendingKind::UntaggedUnion(arms) => {
            let mut names = UniqueNames::default();
            let variants = arms
                .iter()
                .map(|ty| UntaggedVariant {
                    rust_name: names.claim(type_ident(&ty.variant_name())),
                    rust_type: ty.rust(false),
                })
                .collect();
            ModelKind::UntaggedUnion(UntaggedUnionModel { variants })
        }
        PendingKind::Alias(ty) => ModelKind::Alias {
            rust_type: ty.rust(false),
        },
    }
}

/// `extra`, unless a spec property already took that Rust name.
fn extra_field_name(fields: &[LoweredField]) -> String {
    let mut names = UniqueNames::default();
    for field in fields {
        names.reserve(&field.rust_name);
    }
    names.claim("extra".to_owned())
}

/// Renders a lowered field for one side of the wire; `qualify` prefixes model names.
pub fn model_field(field: &LoweredField, side: Side, qualify: bool) -> Field {
    let (rust_type, serde_attrs) = field_type_and_serde(
        &field.ty,
        field.presence,
        side,
        &field.rust_name,
        &field.wire_name,
        qualify,
    );
    Field {
        rust_name: field.rust_name.clone(),
        wire_name: field.wire_name.clone(),
        rust_type,
        required: field.presence.required,
        nullable: field.presence.nullable,
        serde_attrs,
        doc_comment: doc_comment(&[field.description.as_deref()]),
        deprecated: field.deprecated,
    }
}

/// A struct that contains itself by value (directly or through other structs and unions) has
/// infinite size; the fields that close such a cycle are boxed.
fn box_recursive_fields(pending: &mut BTreeMap<String, PendingModel>) {
    let edges: BTreeMap<String, Vec<String>> = pending
        .iter()
        .map(|(name, model)| (name.clone(), by_value_targets(&model.kind)))
        .collect();
    let names: Vec<String> = pending.keys().cloned().collect();
    for name in names {
        let Some(PendingModel {
            kind: PendingKind::Struct(fields),
            ..
        }) = pending.get_mut(&name)
        else {
            continue;
        };
        for field in fields.iter_mut() {
            if let Ty::Named(target) = &field.ty
                && reaches(&edges, target, &name)
            {
                field.ty = Ty::Boxed(target.clone());
            }
        }
    }
}

fn by_value_targets(kind: &PendingKind) -> Vec<String> {
    let by_value = |ty: &Ty| ty.by_value_model().map(str::to_owned);
    match kind {
        PendingKind::Struct(fields) => fields.iter().filter_map(|f| by_value(&f.ty)).collect(),
        PendingKind::TaggedUnion(_, arms) => arms.iter().map(|(_, model)| model.clone()).collect(),
        PendingKind::UntaggedUnion(arms) => arms.iter().filter_map(by_value).collect(),
        PendingKind::Alias(ty) => by_value(ty).into_iter().collect(),
        PendingKind::StringEnum(_) | PendingKind::IntegerEnum(_) => Vec::new(),
    }
}

fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, goal: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if seen.insert(node.clone()) {
            stack.extend(edges.get(&node).into_iter().flatten().cloned());
        }
    }
    false
}

/// Structs whose every field has a default (options, strings, numbers, collections, JSON, and
/// other defaultable structs), found by fixpoint so that nesting order does not matter.
fn defaultable_structs(pending: &BTreeMap<String, PendingModel>) -> BTreeSet<String> {
    let mut defaultable = BTreeSet::new();
    loop {
        let before = defaultable.len();
        for (name, model) in pending {
            if let PendingKind::Struct(fields) = &model.kind {
                let all = fields.iter().all(|f| {
                    !f.presence.is_plain() || ty_has_default(&f.ty, pending, &defaultable)
                });
                if all {
                    defaultable.insert(name.clone());
                }
            }
        }
        if defaultable.len() == before {
            return defaultable;
        }
    }
}

pub fn ty_has_default(
    ty: &Ty,
    pending: &BTreeMap<String, PendingModel>,
    defaultable: &BTreeSet<String>,
) -> bool {
    match ty {
        Ty::Named(name) | Ty::Boxed(name) => {
            defaultable.contains(name)
                || matches!(pending.get(name), Some(PendingModel { kind: PendingKind::Alias(inner), .. }) if ty_has_default(inner, pending, defaultable))
        }
        _ => true,
    }
}
