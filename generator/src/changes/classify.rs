//! The vocabulary of the diff: one `Change` per fact added, removed or changed, with two verdicts
//! (for Rust callers and on the wire), and the rules shared by operations and models: how two
//! types relate on the wire, what a change of presence does to each side, and which side of the
//! wire each model travels on.

use super::same_shape::behind;
use super::surface::{ModelSurface, Surface};
use super::text::type_text;
use crate::ir::{Presence, Side, Ty, wrapping};
use std::collections::BTreeMap;

/// Where a change is listed in the report.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The crate as a whole (name, auth).
    Crate,
    /// An operation, by Rust path (`beta.chat.list`), with its endpoint for the heading.
    Operation {
        path: String,
        endpoint: String,
    },
    Models,
}

/// Whether a change breaks someone, and why, in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub breaking: bool,
    pub why: String,
}

pub fn breaking(why: impl Into<String>) -> Verdict {
    Verdict {
        breaking: true,
        why: why.into(),
    }
}

pub fn compatible(why: impl Into<String>) -> Verdict {
    Verdict {
        breaking: false,
        why: why.into(),
    }
}

/// One fact of the surface added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub group: Group,
    /// What it is about: `beta.chat.create`, `beta.chat.create.index_ids`, `ChatSession.id`.
    pub about: String,
    /// What happened, in a few words.
    pub what: String,
    /// Where it is in the spec: the JSON pointer of the operation or model (the new spec's, or
    /// the old surface file's for what was removed); `None` for the crate's name, or when the
    /// old surface file predates pointers.
    pub pointer: Option<String>,
    /// Does code written against the old crate still compile and mean the same?
    pub rust: Verdict,
    /// Does an old client still work against the new server?
    pub wire: Verdict,
    /// New public API that breaks nothing (a minor bump after 1.0), as opposed to a fix.
    pub addition: bool,
}

/// How a new type relates to the old one on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Same,
    /// Every old value is still a valid new value (`i32` → `i64`, anything → `json`).
    Wider,
    /// Every new value is an old value, not the other way round.
    Narrower,
    /// Neither (`string` → `i64`, one model → another).
    Other,
}

pub fn relation(old: &Ty, new: &Ty) -> Relation {
    use Ty::*;
    if let (Some(a), Some(b)) = (integer_range(old), integer_range(new)) {
        return ranges(a, b);
    }
    match (old, new) {
        _ if old == new => Relation::Same,
        (Named(a) | Boxed(a), Named(b) | Boxed(b)) if a == b => Relation::Same,
        (Map(_), JsonObject) => Relation::Wider,
        (JsonObject, Map(_)) => Relation::Narrower,
        (int, F64) if integer_range(int).is_some() => Relation::Wider,
        (F64, int) if integer_range(int).is_some() => Relation::Narrower,
        (Scalar(s), String) if is_string_format(*s) => Relation::Wider,
        (String, Scalar(s)) if is_string_format(*s) => Relation::Narrower,
        (_, Json) => Relation::Wider,
        (Json, _) => Relation::Narrower,
        (Array(a), Array(b)) | (Map(a), Map(b)) => relation(a, b),
        _ => Relation::Other,
    }
}

/// The values of an integer type (`i32`, `i64` and the other widths of `Scalar`).
fn integer_range(ty: &Ty) -> Option<(i128, i128)> {
    use crate::ir::Scalar;
    let range = |min: i128, max: i128| Some((min, max));
    match ty {
        Ty::I32 => range(i32::MIN.into(), i32::MAX.into()),
        Ty::I64 => range(i64::MIN.into(), i64::MAX.into()),
        Ty::Scalar(Scalar::I8) => range(i8::MIN.into(), i8::MAX.into()),
        Ty::Scalar(Scalar::I16) => range(i16::MIN.into(), i16::MAX.into()),
        Ty::Scalar(Scalar::U8) => range(0, u8::MAX.into()),
        Ty::Scalar(Scalar::U16) => range(0, u16::MAX.into()),
        Ty::Scalar(Scalar::U32) => range(0, u32::MAX.into()),
        Ty::Scalar(Scalar::U64) => range(0, u64::MAX.into()),
        _ => None,
    }
}

/// Two integer types by their ranges: `u8` → `i16` is wider, `i64` → `u64` is neither.
fn ranges((old_min, old_max): (i128, i128), (new_min, new_max): (i128, i128)) -> Relation {
    let new_holds_old = new_min <= old_min && old_max <= new_max;
    let old_holds_new = old_min <= new_min && new_max <= old_max;
    match (new_holds_old, old_holds_new) {
        (true, true) => Relation::Same,
        (true, false) => Relation::Wider,
        (false, true) => Relation::Narrower,
        (false, false) => Relation::Other,
    }
}

/// A string format read into a crate's type (`date-time`, `uuid`, …): a JSON string on the
/// wire, so a plain `string` holds every such value. (`decimal` is left out: a crate may write
/// it as a number.)
fn is_string_format(scalar: crate::ir::Scalar) -> bool {
    use crate::ir::Scalar;
    matches!(
        scalar,
        Scalar::DateTime | Scalar::Date | Scalar::Uuid | Scalar::Url
    )
}

/// A value the client sends: the server must accept every value an old client sends.
pub fn request_type_verdict(old: &Ty, new: &Ty) -> Verdict {
    let (old_text, new_text) = (type_text(old), type_text(new));
    match relation(old, new) {
        Relation::Same => compatible("the value is the same on the wire"),
        Relation::Wider => compatible(format!(
            "the server now accepts values of type {new_text}, which include every {old_text} old clients send"
        )),
        Relation::Narrower => breaking(format!(
            "narrowed: old clients may send a value of type {old_text} that is not a valid {new_text}"
        )),
        Relation::Other => breaking(format!(
            "old clients send values of type {old_text}, the server now expects {new_text}"
        )),
    }
}

/// A value the server sends: every new value must still decode as the old type.
pub fn response_type_verdict(old: &Ty, new: &Ty) -> Verdict {
    let (old_text, new_text) = (type_text(old), type_text(new));
    match relation(old, new) {
        Relation::Same => compatible("the value is the same on the wire"),
        Relation::Narrower => compatible(format!(
            "every value of type {new_text} the server now sends still reads as the {old_text} old clients expect"
        )),
        Relation::Wider => breaking(format!(
            "widened: the server may send a value of type {new_text} that old clients cannot read as {old_text}"
        )),
        Relation::Other => breaking(format!(
            "the server now sends values of type {new_text}, old clients expect {old_text}"
        )),
    }
}

/// A field's presence changed in a request (the client writes the old way).
pub fn request_presence_verdict(old: Presence, new: Presence) -> Verdict {
    let mut reasons = Vec::new();
    if !old.is_required() && new.is_required() {
        reasons.push("old clients may leave it out, the server now requires it");
    }
    if old.is_nullable() && !new.is_nullable() {
        reasons.push("old clients may send null, the server no longer accepts it");
    }
    if reasons.is_empty() {
        compatible("the server accepts everything old clients send")
    } else {
        breaking(reasons.join("; "))
    }
}

/// A field's presence changed in a response (the client reads the old way).
pub fn response_presence_verdict(old: Presence, new: Presence) -> Verdict {
    let mut reasons = Vec::new();
    if old.is_required() && !new.is_required() {
        reasons.push("the server may now leave it out, old clients require it");
    }
    if !old.is_nullable() && new.is_nullable() {
        reasons.push("the server may now send null, old clients do not accept it");
    }
    if reasons.is_empty() {
        compatible("everything the server now sends still reads as before")
    } else {
        breaking(reasons.join("; "))
    }
}

/// A field's presence changed: does its Rust type change? (`T` ↔ `Option<T>` ↔
/// `Option<Option<T>>`, which depends on the side the struct serves.)
pub fn presence_rust_verdict(old: Presence, new: Presence, side: Side) -> Verdict {
    if wrapping(old, side) == wrapping(new, side) {
        compatible("the field's Rust type stays the same")
    } else {
        breaking(format!(
            "the field's Rust type changes ({} to {}), so code that reads or sets it stops compiling",
            wrapped("T", old, side),
            wrapped("T", new, side)
        ))
    }
}

/// `T`, `Option<T>` or `Option<Option<T>>`.
pub fn wrapped(inner: &str, presence: Presence, side: Side) -> String {
    match wrapping(presence, side) {
        crate::ir::Wrapping::Plain => inner.to_owned(),
        crate::ir::Wrapping::Option => format!("Option<{inner}>"),
        crate::ir::Wrapping::DoubleOption => format!("Option<Option<{inner}>>"),
    }
}

/// Which sides of the wire a model travels on in a surface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    pub request: bool,
    pub response: bool,
}

/// For every model reachable from an operation: whether clients send it, receive it, or both.
/// Models reach each other through fields, variants and aliases.
pub fn model_sides(surface: &Surface) -> BTreeMap<String, Sides> {
    let mut sides: BTreeMap<String, Sides> = BTreeMap::new();
    let mut work: Vec<(Ty, bool)> = Vec::new();
    for op in surface.operations.values() {
        work.extend(op.path_params.iter().map(|p| (p.ty.clone(), true)));
        if let Some(params) = &op.params {
            work.extend(params.fields.values().map(|p| (p.field.ty.clone(), true)));
        }
        work.extend(op.response.ty().map(|ty| (ty.clone(), false)));
        if let Some(page) = &op.pagination {
            work.push((Ty::Named(page.page_type.clone()), false));
            work.push((page.item.clone(), false));
        }
    }
    while let Some((ty, request)) = work.pop() {
        let name = match innermost_model(&ty) {
            Some(name) => name.to_owned(),
            None => continue,
        };
        let entry = sides.entry(name.clone()).or_default();
        let seen = if request {
            std::mem::replace(&mut entry.request, true)
        } else {
            std::mem::replace(&mut entry.response, true)
        };
        if seen {
            continue;
        }
        // Through an alias of a model to what that model names: the model itself is reached
        // under its own name (`same_shape::effective_sides` adds the alias's sides where a
        // change to it reaches them).
        let model = match surface.models.get(&name) {
            Some(ModelSurface::Alias(Ty::Named(_))) => behind(surface, &name).map(|(_, m)| m),
            model => model,
        };
        if let Some(model) = model {
            work.extend(
                model_member_types(model)
                    .into_iter()
                    .map(|ty| (ty, request)),
            );
        }
    }
    sides
}

/// The model a type refers to, through arrays, maps and boxes.
fn innermost_model(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Array(inner) | Ty::Map(inner) => innermost_model(inner),
        other => other.model_name(),
    }
}

fn model_member_types(model: &ModelSurface) -> Vec<Ty> {
    match model {
        ModelSurface::Struct { fields, .. } => fields.values().map(|f| f.ty.clone()).collect(),
        ModelSurface::Enum { .. } => Vec::new(),
        ModelSurface::TaggedUnion { variants, .. } => variants
            .iter()
            .map(|v| Ty::Named(v.type_name.clone()))
            .collect(),
        ModelSurface::UntaggedUnion { variants } => variants.iter().map(|v| v.ty.clone()).collect(),
        ModelSurface::Alias(ty) => vec![ty.clone()],
    }
}

/// The wire verdict of a model change, from its verdict for requests and for responses and
/// the sides the model travels on in the old crate.
pub fn wire_by_sides(model: &str, sides: Sides, request: Verdict, response: Verdict) -> Verdict {
    match (sides.request, sides.response) {
        (false, false) => compatible(format!(
            "no operation of the old crate sends or receives {model}"
        )),
        (true, false) => request,
        (false, true) => response,
        (true, true) => Verdict {
            breaking: request.breaking || response.breaking,
            why: format!(
                "in requests, {}; in responses, {}",
                request.why, response.why
            ),
        },
    }
}
