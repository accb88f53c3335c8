//! Models of one shape in the change report. An inline schema of the same shape as another
//! model is an alias of it (`lower/shared_shapes.rs`), and which copy is the type can change when
//! a copy is added or goes: the names then differ, but neither the JSON nor the Rust code that
//! names them does. So a model that becomes or stops being such an alias is compared by shape
//! (the same kind, fields, values and variants, the models they name compared the same way,
//! through aliases on each side), and a changed model's lines name its aliases, whose users it
//! reaches too.

use super::classify::{Change, Verdict, breaking, compatible};
use super::surface::{ModelSurface, Surface};
use crate::ir::Ty;
use std::collections::BTreeSet;

/// Models are followed at most this deep; deeper counts as different.
const DEPTH: usize = 32;

/// A model that became an alias of another model of the same shape, stopped being one, or now
/// names another copy of it: what happened and the Rust verdict (the JSON is the same, and so is
/// the Rust code that names it, but for what depends on two names being one type or two);
/// `None` when it is not so.
pub fn alias_change(
    name: &str,
    (old_model, new_model): (&ModelSurface, &ModelSurface),
    (old, new): (&Surface, &Surface),
) -> Option<(String, Verdict)> {
    let change = match (old_model, new_model) {
        (ModelSurface::Alias(Ty::Named(was)), ModelSurface::Alias(Ty::Named(target)))
            if was != target && same_shape(old, was, new, target) =>
        {
            let one_type = behind(new, was).map(|(n, _)| n) == behind(new, target).map(|(n, _)| n);
            (
                format!("now an alias of `{target}` (was of `{was}`), a model of the same shape"),
                match one_type {
                    true => compatible(format!("`{was}` is the same type still")),
                    false => breaking(format!("a `{was}` value no longer passes for it")),
                },
            )
        }
        (ModelSurface::Alias(_), ModelSurface::Alias(_)) => return None,
        (_, ModelSurface::Alias(Ty::Named(target))) if same_shape(old, name, new, target) => (
            format!("now an alias of `{target}`, a model of the same shape"),
            breaking(format!(
                "code that names it compiles as before, but a trait implemented for both it and `{target}` now conflicts"
            )),
        ),
        (ModelSurface::Alias(Ty::Named(target)), _) if same_shape(old, target, new, name) => (
            format!("no longer an alias of `{target}`: a type of its own, of the same shape"),
            breaking(format!("a `{target}` value no longer passes for it")),
        ),
        _ => return None,
    };
    Some(change)
}

/// Appends to each change of a model the names of its aliases in `new` (inline copies of its
/// shape, `lower/shared_shapes.rs`), whose users it reaches too.
pub fn name_aliases(changes: &mut [Change], model: &str, new: &Surface) {
    const SHOWN: usize = 4;
    let aliases: Vec<&str> = (new.models.iter())
        .filter(|(_, m)| matches!(m, ModelSurface::Alias(Ty::Named(target)) if target == model))
        .map(|(name, _)| name.as_str())
        .collect();
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
