//! Pending models → `ir::Model`s: breaks by-value recursion with `Box`, decides which structs can
//! derive `Default`, renders fields for the model side of the wire and attaches page envelopes.

use super::docs::code_span;
use super::schemas::{LoweredField, PendingKind, PendingModel};
use crate::ir::{
    Docs, EnumVariant, Field, IntegerEnumModel, Model, ModelKind, PageImpl, Side, StringEnumModel,
    StructModel, TaggedUnionModel, TaggedVariant, Text, Ty, UntaggedUnionModel, UntaggedVariant,
    field_serde,
};
use crate::naming::{UniqueNames, type_ident, unraw};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the final models, in name order.
pub fn finish_models(
    mut pending: BTreeMap<String, PendingModel>,
    pages: &BTreeMap<String, PageImpl>,
) -> Vec<Model> {
    box_recursive_fields(&mut pending);
    box_deep_chains(&mut pending);
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
            docs: Docs::new(&[model.description.as_deref()]),
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
            fields: fields.iter().map(|f| model_field(f, Side::Model)).collect(),
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
                    wire_value: Text::new(value.clone()),
                    docs: value_docs(value),
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
                    tag_value: Text::new(tag_value.clone()),
                    type_name: model.clone(),
                    extra_field: extra_fields.get(model.as_str()).cloned(),
                    docs: value_docs(tag_value),
                })
                .collect();
            ModelKind::TaggedUnion(TaggedUnionModel {
                tag: Text::new(tag.clone()),
                variants,
            })
        }
        PendingKind::UntaggedUnion(arms) => {
            let mut names = UniqueNames::default();
            let variants = arms
                .iter()
                .map(|ty| UntaggedVariant {
                    rust_name: names.claim(type_ident(&ty.variant_name())),
                    ty: ty.clone(),
                })
                .collect();
            ModelKind::UntaggedUnion(UntaggedUnionModel { variants })
        }
        PendingKind::Alias(ty) => ModelKind::Alias(ty.clone()),
    }
}

/// The docs of an enum value or union tag: the value as code.
fn value_docs(value: &str) -> Docs {
    Docs::text(code_span(value))
}

/// `extra`, unless a spec property already took that Rust name.
fn extra_field_name(fields: &[LoweredField]) -> String {
    let mut names = UniqueNames::default();
    for field in fields {
        names.reserve(&field.rust_name);
    }
    names.claim("extra".to_owned())
}

/// A lowered field as a struct field on one side of the wire.
pub fn model_field(field: &LoweredField, side: Side) -> Field {
    Field {
        rust_name: field.rust_name.clone(),
        wire_name: Text::new(field.wire_name.clone()),
        ty: field.ty.clone(),
        presence: field.presence,
        side,
        serde: field_serde(
            field.presence,
            side,
            unraw(&field.rust_name),
            &field.wire_name,
        ),
        docs: Docs::new(&[field.description.as_deref()]),
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

/// How many structs may hold each other by value in a row before the next is boxed. rustc
/// evaluates auto traits and drop glue recursively through by-value fields, and a chain of ~70
/// exhausts its recursion limit; a `Box` ends the chain at no cost to the caller's code.
const MAX_BY_VALUE_DEPTH: usize = 32;

/// Boxes the struct fields that would make a by-value chain deeper than `MAX_BY_VALUE_DEPTH`.
/// Cycles are already boxed, so the by-value graph is acyclic; the depths are computed leaves
/// first, without recursion (a chain of thousands must not overflow the generator's stack).
fn box_deep_chains(pending: &mut BTreeMap<String, PendingModel>) {
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    // Models whose targets are being visited: meeting one again is a cycle, counted as depth 0.
    let mut visiting: BTreeSet<String> = BTreeSet::new();
    let names: Vec<String> = pending.keys().cloned().collect();
    for root in names {
        let mut stack = vec![(root, false)];
        while let Some((name, children_done)) = stack.pop() {
            let Some(model) = pending.get(&name) else {
                continue;
            };
            let targets = by_value_targets(&model.kind);
            if !children_done {
                if depth.contains_key(&name) || !visiting.insert(name.clone()) {
                    continue;
                }
                stack.push((name, true));
                for target in targets {
                    if !depth.contains_key(&target) && !visiting.contains(&target) {
                        stack.push((target, false));
                    }
                }
                continue;
            }
            visiting.remove(&name);
            let mut deepest = 0;
            if let Some(PendingModel {
                kind: PendingKind::Struct(fields),
                ..
            }) = pending.get_mut(&name)
            {
                for field in fields.iter_mut() {
                    let Ty::Named(target) = &field.ty else {
                        continue;
                    };
                    let target_depth = depth.get(target).copied().unwrap_or(0);
                    if target_depth >= MAX_BY_VALUE_DEPTH {
                        field.ty = Ty::Boxed(target.clone());
                    } else {
                        deepest = deepest.max(target_depth);
                    }
                }
            } else {
                deepest = targets
                    .iter()
                    .map(|t| depth.get(t).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0);
            }
            depth.insert(name, deepest + 1);
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
