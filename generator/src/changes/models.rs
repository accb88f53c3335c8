//! Old and new surfaces → the `Change`s of the models: added, removed, kind, struct fields, enum
//! values, union variants and aliases. The Rust rules follow `templates/models.rs.askama` as it
//! is: structs have public fields and are not `#[non_exhaustive]` (a new field breaks struct
//! literals that list every field); enums and unions are `#[non_exhaustive]` (callers' matches
//! have a wildcard arm, so a new variant breaks nothing) and carry an `Unknown` variant (an old
//! client reads a new value); they derive neither `PartialOrd` nor `Ord`, so their variant order
//! is not part of the API; untagged unions try their variants in order. The wire
//! rules depend on the side the model travels on in the old crate (`Sides`).

use super::classify::{
    Change, Group, Sides, Verdict, breaking, compatible, presence_rust_verdict,
    request_presence_verdict, request_type_verdict, response_presence_verdict,
    response_type_verdict, wire_by_sides,
};
use super::same_shape::{alias_change, aliases_through, effective_sides, name_aliases, same_type};
use super::surface::{
    EnumValueSurface, FieldSurface, ModelSurface, Surface, TaggedVariantSurface,
    UntaggedVariantSurface,
};
use super::text::{presence_text, quote, type_text};
use crate::ir::{Side, Ty};
use std::collections::BTreeMap;

/// Changes to every model, in name order.
pub fn diff_models(
    old: &Surface,
    new: &Surface,
    sides: &BTreeMap<String, Sides>,
    out: &mut Vec<Change>,
) {
    let (aliases, aliases_now) = (aliases_through(old), aliases_through(new));
    for (name, old_model) in &old.models {
        // A removed model is located in the old spec, every other change in the new one.
        let pointers = match new.models.contains_key(name) {
            true => &new.model_pointers,
            false => &old.model_pointers,
        };
        let mut diff = ModelDiff {
            surfaces: (old, new),
            model: name,
            pointer: pointers.get(name).cloned(),
            sides: effective_sides(name, new, sides, &aliases),
            out,
        };
        match new.models.get(name) {
            None => diff.push(
                name.clone(),
                format!("{} removed", old_model.kind_name()),
                breaking("code that names the type stops compiling"),
                compatible("a type name is not on the wire; the operations using it are listed on their own"),
                false,
            ),
            Some(new_model) => {
                let first = diff.through_aliases(old_model, new_model, (old, new));
                let new_aliases = aliases_now.get(name.as_str()).map_or(&[][..], Vec::as_slice);
                name_aliases(&mut diff.out[first..], new_aliases);
            }
        }
    }
    for (name, new_model) in &new.models {
        if !old.models.contains_key(name) {
            out.push(Change {
                group: Group::Models,
                about: name.clone(),
                what: format!("{} added", new_model.kind_name()),
                pointer: new.model_pointers.get(name).cloned(),
                rust: compatible("a new type; existing code is unaffected"),
                wire: compatible("old clients never send or receive it under this name"),
                addition: true,
            });
        }
    }
}

struct ModelDiff<'a> {
    /// The old and the new surface, to read types through aliases of models.
    surfaces: (&'a Surface, &'a Surface),
    model: &'a str,
    pointer: Option<String>,
    sides: Sides,
    out: &'a mut Vec<Change>,
}

impl ModelDiff<'_> {
    fn push(&mut self, about: String, what: String, rust: Verdict, wire: Verdict, addition: bool) {
        self.out.push(Change {
            group: Group::Models,
            about,
            what,
            pointer: self.pointer.clone(),
            rust,
            wire,
            addition,
        });
    }

    /// The wire verdict from one verdict per side.
    fn wire(&self, request: Verdict, response: Verdict) -> Verdict {
        wire_by_sides(self.model, self.sides, request, response)
    }

    /// Compares the model's two versions. One that became or stopped being an alias of a model
    /// (an inline copy of its shape, `same_shape::alias_change`) says so, then is compared
    /// with that model for what its JSON and fields became. Returns where the changes of its
    /// shape begin in `out`.
    fn through_aliases(
        &mut self,
        old_model: &ModelSurface,
        new_model: &ModelSurface,
        surfaces: (&Surface, &Surface),
    ) -> usize {
        match alias_change(self.model, (old_model, new_model), surfaces) {
            None => {
                let first = self.out.len();
                self.diff(old_model, new_model);
                first
            }
            Some(change) => {
                let (what, rust, wire) = (change.what, change.rust, change.wire);
                self.push(self.model.to_owned(), what, rust, wire, false);
                let first = self.out.len();
                if let Some((old, new)) = change.compare {
                    self.diff(old, new);
                }
                first
            }
        }
    }

    fn diff(&mut self, old: &ModelSurface, new: &ModelSurface) {
        use ModelSurface::*;
        match (old, new) {
            _ if old.kind_name() != new.kind_name() => {
                let shape = || breaking("its JSON shape changed");
                let wire = self.wire(shape(), shape());
                self.push(
                    self.model.to_owned(),
                    format!("changed from {} to {}", old.kind_name(), new.kind_name()),
                    breaking("the type is a different kind of Rust item now"),
                    wire,
                    false,
                );
            }
            (
                Struct {
                    derive_default: old_default,
                    fields: old_fields,
                },
                Struct {
                    derive_default,
                    fields,
                },
            ) => {
                if *old_default && !derive_default {
                    self.push(
                        self.model.to_owned(),
                        "no longer implements Default".to_owned(),
                        breaking("`..Default::default()` and `::default()` stop compiling"),
                        compatible("not on the wire"),
                        false,
                    );
                }
                self.diff_fields(old_fields, fields, *derive_default);
            }
            (Enum { values: old, .. }, Enum { values, .. }) => self.diff_enum(old, values),
            (
                TaggedUnion {
                    tag: old_tag,
                    variants: old,
                },
                TaggedUnion { tag, variants },
            ) => {
                self.diff_tagged(old_tag, old, tag, variants);
            }
            (UntaggedUnion { variants: old }, UntaggedUnion { variants }) => {
                self.diff_untagged(old, variants);
            }
            (Alias(old_ty), Alias(ty)) if old_ty != ty => {
                let wire = self.wire(
                    request_type_verdict(old_ty, ty),
                    response_type_verdict(old_ty, ty),
                );
                self.push(
                    self.model.to_owned(),
                    format!(
                        "alias changed from {} to {}",
                        type_text(old_ty),
                        type_text(ty)
                    ),
                    breaking("the type it stands for changed"),
                    wire,
                    false,
                );
            }
            _ => {}
        }
    }

    fn diff_tagged(
        &mut self,
        old_tag: &str,
        old: &[TaggedVariantSurface],
        tag: &str,
        new: &[TaggedVariantSurface],
    ) {
        if old_tag != tag {
            let (old_tag, tag) = (quote(old_tag), quote(tag));
            let moved = || {
                breaking(format!(
                    "the variant is named by {tag} instead of {old_tag}"
                ))
            };
            let wire = self.wire(moved(), moved());
            self.push(
                self.model.to_owned(),
                format!("tag property changed from {old_tag} to {tag}"),
                compatible("only the value of its TAG constant changes"),
                wire,
                false,
            );
        }
        let key = |v: &TaggedVariantSurface| {
            let ty = Ty::Named(v.type_name.clone());
            (quote(&v.tag_value), v.rust_name.clone(), ty)
        };
        let old_list: Vec<_> = old.iter().map(key).collect();
        let new_list: Vec<_> = new.iter().map(key).collect();
        self.diff_variants(&old_list, &new_list, true);
    }

    fn diff_fields(
        &mut self,
        old: &BTreeMap<String, FieldSurface>,
        new: &BTreeMap<String, FieldSurface>,
        derive_default: bool,
    ) {
        let model = self.model;
        for (name, o) in old {
            let about = format!("{model}.{name}");
            match new.get(name) {
                None => self.field_removed(about, o),
                Some(n) => self.diff_field(about, o, n),
            }
        }
        for (name, n) in new.iter().filter(|(name, _)| !old.contains_key(*name)) {
            self.field_added(format!("{model}.{name}"), n, derive_default);
        }
    }

    fn field_removed(&mut self, about: String, old: &FieldSurface) {
        let response = if old.presence.is_required() {
            breaking("old clients require it, the server no longer sends it")
        } else {
            compatible("old clients read its absence as None")
        };
        let wire = self.wire(
            compatible("old clients still send it; the server no longer reads it"),
            response,
        );
        self.push(
            about,
            "field removed".to_owned(),
            breaking("code that reads or sets it stops compiling"),
            wire,
            false,
        );
    }

    fn diff_field(&mut self, about: String, o: &FieldSurface, n: &FieldSurface) {
        if o.wire_name != n.wire_name {
            let (old_wire, new_wire) = (quote(&o.wire_name), quote(&n.wire_name));
            let renamed = || {
                breaking(format!(
                    "old clients use {old_wire}, the server now uses {new_wire}"
                ))
            };
            let wire = self.wire(renamed(), renamed());
            self.push(
                about.clone(),
                format!("wire name changed from {old_wire} to {new_wire}"),
                compatible("the Rust field keeps its name"),
                wire,
                false,
            );
        }
        if !same_type(&o.ty, &n.ty, self.surfaces) {
            let wire = self.wire(
                request_type_verdict(&o.ty, &n.ty),
                response_type_verdict(&o.ty, &n.ty),
            );
            self.push(
                about.clone(),
                format!(
                    "type changed from {} to {}",
                    type_text(&o.ty),
                    type_text(&n.ty)
                ),
                breaking("the field's Rust type changed, so code that uses it stops compiling"),
                wire,
                false,
            );
        }
        if o.presence != n.presence {
            let wire = self.wire(
                request_presence_verdict(o.presence, n.presence),
                response_presence_verdict(o.presence, n.presence),
            );
            self.push(
                about,
                format!(
                    "changed from {} to {}",
                    presence_text(o.presence),
                    presence_text(n.presence)
                ),
                presence_rust_verdict(o.presence, n.presence, Side::Model),
                wire,
                false,
            );
        }
    }

    fn field_added(&mut self, about: String, new: &FieldSurface, derive_default: bool) {
        let model = self.model;
        let rust = if derive_default {
            breaking(format!(
                "{model} is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)"
            ))
        } else {
            breaking(format!(
                "{model} is not #[non_exhaustive]: struct literals of it stop compiling"
            ))
        };
        let request = if new.presence.is_required() {
            breaking("old clients do not send it, the server now requires it")
        } else {
            compatible("old clients leave it out, which the server allows")
        };
        let wire = self.wire(
            request,
            compatible("old clients keep it among the fields they do not know"),
        );
        let what = format!(
            "field added ({}, {})",
            type_text(&new.ty),
            presence_text(new.presence)
        );
        self.push(about, what, rust, wire, true);
    }

    fn diff_enum(&mut self, old: &[EnumValueSurface], new: &[EnumValueSurface]) {
        let key = |v: &EnumValueSurface| (quote(&v.wire_value), v.rust_name.clone(), Ty::String);
        let old_list: Vec<_> = old.iter().map(key).collect();
        let new_list: Vec<_> = new.iter().map(key).collect();
        // No order check: the enums derive neither `PartialOrd` nor `Ord`, so the order of
        // their variants is not part of the API.
        self.diff_variants(&old_list, &new_list, false);
    }

    /// Enum values and tagged variants, keyed by their wire value: `(wire, rust name, type)`.
    fn diff_variants(
        &mut self,
        old: &[(String, String, Ty)],
        new: &[(String, String, Ty)],
        tagged: bool,
    ) {
        let model = self.model;
        let noun = if tagged { "variant" } else { "value" };
        let pairs = pair_by_wire_value(old, new);
        for ((wire_value, rust_name, ty), paired) in old.iter().zip(&pairs) {
            let about = format!("{model}.{rust_name}");
            match paired.map(|index| &new[index]) {
                None => {
                    let wire = self.wire(
                        breaking("old clients may still send it, the server no longer accepts it"),
                        compatible("the server no longer sends it"),
                    );
                    self.push(
                        about,
                        format!("{noun} {wire_value} removed"),
                        breaking(format!(
                            "code that names {model}::{rust_name} stops compiling"
                        )),
                        wire,
                        false,
                    );
                }
                Some((_, new_rust, new_ty)) => {
                    if new_rust != rust_name {
                        // The old name may now belong to another value (a new value took it
                        // and pushed this one to a suffix): old code compiles, but means it.
                        let why = match new.iter().find(|n| &n.1 == rust_name) {
                            Some((taken_by, ..)) => format!(
                                "same code, new meaning: {model}::{rust_name} now stands for {taken_by}"
                            ),
                            None => format!("code that names {model}::{rust_name} stops compiling"),
                        };
                        self.push(
                            about.clone(),
                            format!("{noun} {wire_value} renamed to {model}::{new_rust}"),
                            breaking(why),
                            compatible("the value on the wire is the same"),
                            false,
                        );
                    }
                    if !same_type(ty, new_ty, self.surfaces) {
                        let wire = self.wire(
                            request_type_verdict(ty, new_ty),
                            response_type_verdict(ty, new_ty),
                        );
                        self.push(
                            about,
                            format!(
                                "{noun} {wire_value} now holds {} instead of {}",
                                type_text(new_ty),
                                type_text(ty)
                            ),
                            breaking("the variant wraps another type"),
                            wire,
                            false,
                        );
                    }
                }
            }
        }
        for (index, (wire_value, rust_name, _)) in new.iter().enumerate() {
            if pairs.contains(&Some(index)) {
                continue;
            }
            let wire = self.wire(
                compatible("old clients never send it"),
                compatible(format!("old clients read it as {model}::Unknown")),
            );
            self.push(
                format!("{model}.{rust_name}"),
                format!("{noun} {wire_value} added"),
                compatible(format!("{model} is #[non_exhaustive], so matches over it already have a wildcard arm; the value that arrived as {model}::Unknown now arrives as {model}::{rust_name}")),
                wire,
                true,
            );
        }
    }

    fn diff_untagged(&mut self, old: &[UntaggedVariantSurface], new: &[UntaggedVariantSurface]) {
        let model = self.model;
        for o in old {
            let about = format!("{model}.{}", o.rust_name);
            match new.iter().find(|n| n.rust_name == o.rust_name) {
                None => {
                    let wire = self.wire(breaking("old clients may still send this shape, the server no longer accepts it"), compatible("the server no longer sends this shape"));
                    self.push(
                        about,
                        "variant removed".to_owned(),
                        breaking(format!(
                            "code that names {model}::{} stops compiling",
                            o.rust_name
                        )),
                        wire,
                        false,
                    );
                }
                Some(n) if !same_type(&o.ty, &n.ty, self.surfaces) => {
                    let wire = self.wire(
                        request_type_verdict(&o.ty, &n.ty),
                        response_type_verdict(&o.ty, &n.ty),
                    );
                    self.push(
                        about,
                        format!(
                            "variant type changed from {} to {}",
                            type_text(&o.ty),
                            type_text(&n.ty)
                        ),
                        breaking("the variant wraps another type"),
                        wire,
                        false,
                    );
                }
                Some(_) => {}
            }
        }
        for n in new
            .iter()
            .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
        {
            let wire = self.wire(
                compatible("old clients never send it"),
                breaking("the server may send this shape, which old clients cannot read"),
            );
            self.push(
                format!("{model}.{}", n.rust_name),
                format!("variant added ({})", type_text(&n.ty)),
                compatible(format!(
                    "{model} is #[non_exhaustive], so matches over it already have a wildcard arm"
                )),
                wire,
                true,
            );
        }
        let names =
            |list: &[UntaggedVariantSurface], other: &[UntaggedVariantSurface]| -> Vec<String> {
                list.iter()
                    .filter(|v| other.iter().any(|o| o.rust_name == v.rust_name))
                    .map(|v| v.rust_name.clone())
                    .collect()
            };
        if names(old, new) != names(new, old) {
            self.push(model.to_owned(), "variant order changed".to_owned(), breaking("variants are tried in order, so a value that fits two of them may now decode as the other"), compatible("order is not on the wire"), false);
        }
    }
}

/// An enum value or tagged variant: `(wire value, Rust name, type)`.
type Entry = (String, String, Ty);

/// For each old `(wire, rust name, type)` entry, the index of the new entry it became: one of the
/// same wire value, preferring the same entry, then the same Rust name, then the same type, then
/// the first left. Several tagged variants may share a wire value (arms that differ by another
/// property), so the first new entry with the value is not enough: an unchanged union would
/// pair its second variant with its first and report a rename.
fn pair_by_wire_value(old: &[Entry], new: &[Entry]) -> Vec<Option<usize>> {
    let mut pairs: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    let rules: [fn(&Entry, &Entry) -> bool; 4] = [
        |o, n| o == n,
        |o, n| o.1 == n.1,
        |o, n| o.2 == n.2,
        |_, _| true,
    ];
    for rule in rules {
        for (o, pair) in old.iter().zip(pairs.iter_mut()) {
            if pair.is_some() {
                continue;
            }
            let found = (new.iter().enumerate())
                .find(|(index, n)| !taken[*index] && n.0 == o.0 && rule(o, n));
            if let Some((index, _)) = found {
                taken[index] = true;
                *pair = Some(index);
            }
        }
    }
    pairs
}
