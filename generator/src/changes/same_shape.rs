//! Aliases of models in the change report. An inline schema of the same shape as another model
//! is an alias of it (`lower/shared_shapes.rs`), and which copy is the type can change when a
//! copy is added or goes: the names then differ, but neither the JSON nor the Rust code that
//! names them does. So:
//! - a model that becomes or stops being an alias, or names another type, is compared by shape
//!   (the same kind, fields, values and variants, the models they name compared the same way,
//!   through aliases on each side), and else through its types (`alias_change`);
//! - a field, variant, parameter or response type naming another copy of one type is unchanged
//!   (`same_type`);
//! - a change to a model reaches the sides of the aliases that still stand for it
//!   (`effective_sides`), and its lines name them (`name_aliases`).

use super::classify::{Change, Sides, Verdict, breaking, compatible};
use super::surface::{ModelSurface, Surface};
use crate::ir::Ty;
use std::collections::{BTreeMap, BTreeSet};

/// Models are followed at most this deep; deeper counts as different.
const DEPTH: usize = 32;

/// A model that became an alias of another model, stopped being one, or now names another.
pub struct AliasChange<'a> {
    pub what: String,
    pub rust: Verdict,
    /// Compatible: what the JSON became, if it changed, is the comparison's to say.
    pub wire: Verdict,
    /// The versions to compare for what the JSON and the fields became: the old model and the
    /// new alias's type, or the old alias's type and the new model.
    pub compare: Option<(&'a ModelSurface, &'a ModelSurface)>,
}

/// How `name` changed between aliases of models and types of its own; `None` when it did not
/// (then its versions compare as they are).
pub fn alias_change<'a>(
    name: &str,
    (old_model, new_model): (&'a ModelSurface, &'a ModelSurface),
    (old, new): (&'a Surface, &'a Surface),
) -> Option<AliasChange<'a>> {
    let type_of = |surface: &'a Surface, name: &'a str| behind(surface, name).map(|(n, _)| n);
    let change = match (old_model, new_model) {
        // It names another model now: another copy of its shape, or another type.
        (ModelSurface::Alias(Ty::Named(was)), ModelSurface::Alias(Ty::Named(target)))
            if was != target =>
        {
            let (_, type_before) = behind(old, was)?;
            let (_, type_now) = behind(new, target)?;
            let same = same_shape(old, was, new, target);
            AliasChange {
                what: shaped(format!("now an alias of `{target}` (was of `{was}`)"), same),
                rust: match type_of(new, was) == type_of(new, target) {
                    true => compatible(format!("`{was}` is the same type still")),
                    false => breaking(format!("a `{was}` value no longer passes for it")),
                },
                wire: on_the_wire(same),
                compare: (!same).then_some((type_before, type_now)),
            }
        }
        (ModelSurface::Alias(_), ModelSurface::Alias(_)) => return None,
        (_, ModelSurface::Alias(Ty::Named(target))) => {
            let (_, type_now) = behind(new, target)?;
            // A trait implemented for both conflicts only if the other existed as a type.
            let apart_before = type_of(old, target).is_some_and(|t| t != name);
            let rust = match old_model {
                ModelSurface::Enum { .. }
                | ModelSurface::TaggedUnion { .. }
                | ModelSurface::UntaggedUnion { .. } => breaking(format!(
                    "`use {name}::…` of its variants stops compiling: a type alias is not a module; other code that names it compiles as before"
                )),
                _ if apart_before => breaking(format!(
                    "code that names it compiles as before, but a trait implemented for both it and `{target}` now conflicts"
                )),
                _ => compatible("code that names it compiles as before"),
            };
            let same = same_shape(old, name, new, target);
            AliasChange {
                what: shaped(format!("now an alias of `{target}`"), same),
                rust,
                wire: on_the_wire(same),
                compare: (!same).then_some((old_model, type_now)),
            }
        }
        (ModelSurface::Alias(Ty::Named(target)), _) => {
            let (_, type_before) = behind(old, target)?;
            let same = same_shape(old, target, new, name);
            AliasChange {
                what: match same {
                    true => format!(
                        "no longer an alias of `{target}`: a type of its own, of the same shape"
                    ),
                    false => format!("no longer an alias of `{target}`: a type of its own"),
                },
                // Where `target` is now an alias of this model, its values still pass.
                rust: match type_of(new, target) == Some(name) {
                    true => compatible(format!("`{target}` is the same type still")),
                    false => breaking(format!("a `{target}` value no longer passes for it")),
                },
                wire: on_the_wire(same),
                compare: (!same).then_some((type_before, new_model)),
            }
        }
        _ => return None,
    };
    Some(change)
}

/// The wire verdict of the alias change itself.
fn on_the_wire(same: bool) -> Verdict {
    compatible(match same {
        true => "the same JSON shape",
        false => "a type's name is not on the wire; what its JSON became is listed on its own",
    })
}

/// `what`, saying the shape is the same when it is (else the comparison follows).
fn shaped(what: String, same: bool) -> String {
    match same {
        true => format!("{what}, a model of the same shape"),
        false => what,
    }
}

/// The sides of the wire `name` travels on in the old crate, with those of the aliases whose
/// chain passes through it (`aliases_through`): what a change to it reaches. An alias that is
/// a type of its own in the new crate, or names another type there, is compared on its own with
/// its own sides; one that is gone still counts (its users' values meet the new type).
pub fn effective_sides(
    name: &str,
    new: &Surface,
    sides: &BTreeMap<String, Sides>,
    aliases: &BTreeMap<&str, Vec<&str>>,
) -> Sides {
    let type_now = behind(new, name).map(|(n, _)| n);
    let mut total = sides.get(name).copied().unwrap_or_default();
    for alias in aliases.get(name).into_iter().flatten() {
        let reached = match behind(new, alias) {
            None => true,
            Some((its_type, _)) => Some(its_type) == type_now,
        };
        if let Some(of_alias) = sides.get(*alias).filter(|_| reached) {
            total.request |= of_alias.request;
            total.response |= of_alias.response;
        }
    }
    total
}

/// The aliases of models in `surface`, by each model their chain passes through (`A = B`,
/// `B = C`: `A` under `B` and `C`, `B` under `C`).
pub fn aliases_through(surface: &Surface) -> BTreeMap<&str, Vec<&str>> {
    let mut aliases: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for alias in surface.models.keys() {
        let mut name = alias.as_str();
        for _ in 0..16 {
            match surface.models.get(name) {
                Some(ModelSurface::Alias(Ty::Named(next))) if next != alias => {
                    aliases.entry(next).or_default().push(alias);
                    name = next;
                }
                _ => break,
            }
        }
    }
    aliases
}

/// Appends to each change of a model the names of its aliases in the new crate (inline copies
/// of its shape, `lower/shared_shapes.rs`, and aliases of aliases: `aliases_through` of the new
/// surface), whose users it reaches too.
pub fn name_aliases(changes: &mut [Change], aliases: &[&str]) {
    const SHOWN: usize = 4;
    if aliases.is_empty() {
        return;
    }
    let mut names = format!("`{}`", aliases[..aliases.len().min(SHOWN)].join("`, `"));
    if aliases.len() > SHOWN {
        names.push_str(&format!(" and {} more", aliases.len() - SHOWN));
    }
    for change in changes {
        change
            .what
            .push_str(&format!(" (also for its aliases {names})"));
    }
}

/// Whether `old_name` in `old` and `new_name` in `new` have the same shape.
pub fn same_shape(old: &Surface, old_name: &str, new: &Surface, new_name: &str) -> bool {
    let mut compare = Compare {
        old,
        new,
        assumed: BTreeSet::new(),
    };
    compare.models(old_name, new_name, 0)
}

/// Whether a field, variant, parameter or response type is the same for its users: equal, or
/// naming models that are one type in the new crate (another copy of a shape is its type now).
/// What that type's JSON became is the model's own change to report.
pub fn same_type(old_ty: &Ty, new_ty: &Ty, surfaces: (&Surface, &Surface)) -> bool {
    let new = surfaces.1;
    match (old_ty, new_ty) {
        (Ty::Array(o), Ty::Array(n)) | (Ty::Map(o), Ty::Map(n)) => same_type(o, n, surfaces),
        (Ty::Named(o), Ty::Named(n)) | (Ty::Boxed(o), Ty::Boxed(n)) if o != n => {
            let type_now = |name| behind(new, name).map(|(t, _)| t);
            // A name that is gone stood for its old type (its removal is reported on its own).
            let o = match new.models.contains_key(o) {
                true => o.as_str(),
                false => behind(surfaces.0, o).map_or(o.as_str(), |(t, _)| t),
            };
            type_now(o).is_some() && type_now(o) == type_now(n)
        }
        _ => old_ty == new_ty,
    }
}

/// The model an alias of models ends at, with its name.
pub fn behind<'a>(surface: &'a Surface, name: &'a str) -> Option<(&'a str, &'a ModelSurface)> {
    let mut name = name;
    for _ in 0..16 {
        match surface.models.get(name)? {
            ModelSurface::Alias(Ty::Named(target)) => name = target,
            model => return Some((name, model)),
        }
    }
    None
}

struct Compare<'a> {
    old: &'a Surface,
    new: &'a Surface,
    /// Pairs under comparison: met again through a cycle, they count as the same (a difference
    /// elsewhere still decides).
    assumed: BTreeSet<(&'a str, &'a str)>,
}

impl<'a> Compare<'a> {
    fn models(&mut self, old_name: &'a str, new_name: &'a str, depth: usize) -> bool {
        let (Some((old_name, old)), Some((new_name, new))) =
            (behind(self.old, old_name), behind(self.new, new_name))
        else {
            return false;
        };
        if depth > DEPTH {
            return false;
        }
        if !self.assumed.insert((old_name, new_name)) {
            return true;
        }
        use ModelSurface::*;
        match (old, new) {
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
                old_default == derive_default
                    && old_fields.len() == fields.len()
                    && old_fields.iter().all(|(name, old)| {
                        fields.get(name).is_some_and(|new| {
                            old.wire_name == new.wire_name
                                && old.presence == new.presence
                                && self.types(&old.ty, &new.ty, depth)
                        })
                    })
            }
            (Enum { .. }, Enum { .. }) => old == new,
            (
                TaggedUnion {
                    tag: old_tag,
                    variants: old,
                },
                TaggedUnion { tag, variants },
            ) => {
                old_tag == tag
                    && old.len() == variants.len()
                    && old.iter().zip(variants).all(|(old, new)| {
                        old.rust_name == new.rust_name
                            && old.tag_value == new.tag_value
                            && self.models(&old.type_name, &new.type_name, depth + 1)
                    })
            }
            (UntaggedUnion { variants: old }, UntaggedUnion { variants }) => {
                old.len() == variants.len()
                    && old.iter().zip(variants).all(|(old, new)| {
                        old.rust_name == new.rust_name && self.types(&old.ty, &new.ty, depth)
                    })
            }
            (Alias(old), Alias(new)) => self.types(old, new, depth),
            _ => false,
        }
    }

    fn types(&mut self, old: &'a Ty, new: &'a Ty, depth: usize) -> bool {
        match (old, new) {
            (Ty::Array(old), Ty::Array(new)) | (Ty::Map(old), Ty::Map(new)) => {
                self.types(old, new, depth)
            }
            (Ty::Named(old), Ty::Named(new)) | (Ty::Boxed(old), Ty::Boxed(new)) => {
                self.models(old, new, depth + 1)
            }
            _ => old == new,
        }
    }
}
