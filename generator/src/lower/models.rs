//! Pending models → `ir::Model`s: breaks by-value recursion with `Box`, decides which structs can
//! derive `Default`, renders fields for the model side of the wire and attaches page envelopes.

use super::docs::code_span;
use super::pending::has_text_form;
use super::schemas::{LoweredField, PendingKind, PendingModel};
use super::tagged_variants::{VariantStructs, tagged_union};
use crate::ir::{
    Docs, EnumVariant, Field, FieldSerde, IntegerEnumModel, Model, ModelKind, PageImpl, SerdeUse,
    Side, StringEnumModel, StructModel, Text, Ty, UntaggedUnionModel, UntaggedVariant, field_serde,
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
    let structs = VariantStructs::new(&pending);
    pending
        .iter()
        .map(|(name, model)| Model {
            type_name: name.clone(),
            docs: Docs::new(&[model.description.as_deref()]),
            deprecated: model.deprecated,
            pointer: Text::new(model.pointer.as_str()),
            kind: finish_kind(
                &model.kind,
                defaultable.contains(name),
                pages.get(name),
                &structs,
                &pending,
            ),
            serde: SerdeUse::Both,
            shape_copy: false,
        })
        .collect()
}

fn finish_kind(
    kind: &PendingKind,
    derive_default: bool,
    page: Option<&PageImpl>,
    structs: &VariantStructs<'_>,
    models: &BTreeMap<String, PendingModel>,
) -> ModelKind {
    match kind {
        PendingKind::Struct(fields) => ModelKind::Struct(StructModel {
            fields: fields.iter().map(|f| model_field(f, Side::Model)).collect(),
            extra_field: extra_field_name(fields),
            derive_default,
            page: page.cloned().map(Box::new),
        }),
        PendingKind::StringEnum(values) => {
            let mut names = UniqueNames::default();
            names.reserve("Unknown");
            let variants = values
                .iter()
                .map(|value| EnumVariant {
                    rust_name: names.claim(string_variant_ident(value)),
                    wire_value: Text::new(value.clone()),
                    docs: value_docs(value),
                })
                .collect();
            let takes_scalars = values.iter().any(|value| reads_as_scalar(value));
            ModelKind::StringEnum(StringEnumModel {
                variants,
                takes_scalars,
            })
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
        PendingKind::TaggedUnion(tag, arms) => tagged_union(tag, arms, structs),
        PendingKind::UntaggedUnion(arms) => {
            let mut names = UniqueNames::default();
            let variants = arms
                .iter()
                .map(|ty| UntaggedVariant {
                    rust_name: names.claim(type_ident(&ty.variant_name())),
                    ty: ty.clone(),
                    timestamp_adapter: false,
                })
                .collect();
            ModelKind::UntaggedUnion(UntaggedUnionModel {
                variants,
                has_text_form: arms.iter().all(|arm| has_text_form(arm, models)),
            })
        }
        PendingKind::Tuple(tuple) => ModelKind::Tuple(tuple.clone()),
        PendingKind::Alias(ty) => ModelKind::Alias(ty.clone()),
    }
}

/// Whether a string enum's value is also the text of a JSON number or boolean (`4.1`, `true`).
fn reads_as_scalar(value: &str) -> bool {
    matches!(
        serde_json::from_str::<serde_json::Value>(value),
        Ok(serde_json::Value::Number(_) | serde_json::Value::Bool(_))
    )
}

/// The docs of an enum value or union tag: the value as code.
pub(super) fn value_docs(value: &str) -> Docs {
    match value.is_empty() {
        true => Docs::text("The empty string, `\"\"`.".to_owned()),
        false => Docs::text(code_span(value)),
    }
}

/// `extra`, unless a spec property already took that Rust name. `None` for a struct that
/// flattens a union: the union's variants keep the undescribed fields, and a second map would
/// read (and write back) the same fields again.
pub(super) fn extra_field_name(fields: &[LoweredField]) -> Option<String> {
    if fields.iter().any(|field| field.flatten) {
        return None;
    }
    let mut names = UniqueNames::default();
    for field in fields {
        names.reserve(&field.rust_name);
    }
    Some(names.claim("extra".to_owned()))
}

/// A lowered field as a struct field on one side of the wire.
pub fn model_field(field: &LoweredField, side: Side) -> Field {
    let serde = if field.flatten {
        FieldSerde {
            flatten: true,
            ..FieldSerde::default()
        }
    } else {
        field_serde(
            field.presence,
            side,
            unraw(&field.rust_name),
            &field.wire_name,
        )
    };
    Field {
        rust_name: field.rust_name.clone(),
        wire_name: Text::new(field.wire_name.clone()),
        ty: field.ty.clone(),
        presence: field.presence,
        side,
        serde,
        docs: Docs::new(&[field.description.as_deref()]),
        deprecated: field.deprecated,
    }
}

/// A struct that contains itself by value (directly or through other structs and unions) has
/// infinite size; the fields that close such a cycle are boxed. A field of `name` holding
/// `target` by value closes a cycle exactly when `target` reaches `name`, that is when both lie
/// in one strongly connected component of the by-value graph, so the components are found once
/// (linear in models + fields) instead of searching the graph from every field.
fn box_recursive_fields(pending: &mut BTreeMap<String, PendingModel>) {
    let names: Vec<String> = pending.keys().cloned().collect();
    let ids: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(id, name)| (name.as_str(), id))
        .collect();
    let edges: Vec<Vec<usize>> = pending
        .values()
        .map(|model| {
            by_value_targets(&model.kind)
                .iter()
                .filter_map(|target| ids.get(target.as_str()).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (id, name) in names.iter().enumerate() {
        let Some(PendingModel {
            kind: PendingKind::Struct(fields),
            ..
        }) = pending.get_mut(name)
        else {
            continue;
        };
        for field in fields.iter_mut() {
            if let Ty::Named(target) = &field.ty
                && ids
                    .get(target.as_str())
                    .is_some_and(|&target_id| component[target_id] == component[id])
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
        PendingKind::Tuple(tuple) => tuple
            .elements
            .iter()
            .filter_map(|e| by_value(&e.ty))
            .collect(),
        PendingKind::Alias(ty) => by_value(ty).into_iter().collect(),
        PendingKind::StringEnum(_) | PendingKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The strongly connected component of every node (Tarjan's algorithm, with an explicit stack so
/// that a long chain of models cannot overflow the call stack). Linear in nodes + edges.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let (mut order, mut low, mut component) = (
        vec![UNVISITED; count],
        vec![0; count],
        vec![UNVISITED; count],
    );
    let (mut on_stack, mut stack) = (vec![false; count], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if *edge == 0 && order[node] == UNVISITED {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Structs whose every field has a default (options, strings, numbers, collections, JSON, and
/// other defaultable structs). This is the least fixpoint of "every plain field's type has a
/// default", computed by counting, for each struct, the structs it still waits for: a struct
/// becomes defaultable when its count reaches zero, and then lowers the counts of the structs
/// waiting for it. Linear in models + fields, whatever the nesting order.
fn defaultable_structs(pending: &BTreeMap<String, PendingModel>) -> BTreeSet<String> {
    let mut waiting_for: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut ready = Vec::new();
    'structs: for (name, model) in pending {
        let PendingKind::Struct(fields) = &model.kind else {
            continue;
        };
        let mut needs = 0;
        for field in fields.iter().filter(|f| f.presence.is_plain()) {
            match default_requirement(&field.ty, pending) {
                DefaultRequirement::Always => {}
                DefaultRequirement::Never => continue 'structs,
                DefaultRequirement::Struct(needed) => {
                    needs += 1;
                    dependents.entry(needed).or_default().push(name);
                }
            }
        }
        waiting_for.insert(name, needs);
        if needs == 0 {
            ready.push(name.as_str());
        }
    }
    let mut defaultable = BTreeSet::new();
    while let Some(name) = ready.pop() {
        defaultable.insert(name.to_owned());
        for &dependent in dependents.get(name).into_iter().flatten() {
            if let Some(count) = waiting_for.get_mut(dependent) {
                *count -= 1;
                if *count == 0 {
                    ready.push(dependent);
                }
            }
        }
    }
    defaultable
}

/// When a plain field of this type has a default: a named struct when that struct is
/// defaultable, an alias when its target type has one, another named model (enum, union) never,
/// and every other type (options, strings, numbers, collections, JSON) always.
enum DefaultRequirement<'p> {
    Always,
    Never,
    /// When this struct is defaultable.
    Struct(&'p str),
}

/// Follows aliases to what decides whether `ty` has a default. A cycle of aliases (reported as
/// an error before models are finished) has none.
fn default_requirement<'p>(
    mut ty: &'p Ty,
    pending: &'p BTreeMap<String, PendingModel>,
) -> DefaultRequirement<'p> {
    let mut steps = 0;
    loop {
        let (Ty::Named(name) | Ty::Boxed(name)) = ty else {
            return match ty.lacks_default() {
                true => DefaultRequirement::Never,
                false => DefaultRequirement::Always,
            };
        };
        match pending.get_key_value(name.as_str()) {
            Some((
                key,
                PendingModel {
                    kind: PendingKind::Struct(_),
                    ..
                },
            )) => return DefaultRequirement::Struct(key),
            Some((
                _,
                PendingModel {
                    kind: PendingKind::Alias(inner),
                    ..
                },
            )) if steps <= pending.len() => {
                ty = inner;
                steps += 1;
            }
            _ => return DefaultRequirement::Never,
        }
    }
}

/// The variant name of a string enum value. `""` (drf-spectacular's `BlankEnum`, an unset choice)
/// spells no name: `Empty`. A leading sign is a word (GitHub's reactions `+1` and `-1` are
/// `Plus1` and `Minus1`, not `_1` and `_1_2`; a descending sort key `-created` is
/// `MinusCreated`, not `Created2`), as integer enums spell `ValueMinus1`.
fn string_variant_ident(value: &str) -> String {
    let signed = |sign: char| {
        value
            .strip_prefix(sign)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
    };
    match (value.is_empty(), signed('+'), signed('-')) {
        (true, _, _) => "Empty".to_owned(),
        (false, Some(number), _) => type_ident(&format!("plus {number}")),
        (false, _, Some(number)) => type_ident(&format!("minus {number}")),
        (false, None, None) => type_ident(value),
    }
}
