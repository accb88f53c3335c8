//! `Surface` → the surface file's text. Writing is deterministic (one fact per line, in the
//! surface's order) and `parse` reads it back into an equal `Surface`. Types are written in a
//! canonical form that `parse` turns back into `ir::Ty` (so changes are compared as types, not as
//! strings). Spec text (wire names, paths, enum values) is always quoted, with control and
//! invisible formatting characters escaped, so one value can never span or fake a line.
//!
//! The canonical type form: `string`, `i32`, `i64`, `f64`, `bool`, `json` (any JSON value),
//! `json-object`, `file`, `Vec<T>`, `Map<T>` (string keys), `Box<Model>`, and a model by its
//! Rust name. Built-in names are lowercase and models are UpperCamelCase, so they never clash;
//! `Vec`, `Map` and `Box` followed by `<` are constructors (a model named `Map` is just `Map`).

use super::surface::{AuthSurface, ModelSurface, OperationSurface, ResponseSurface, Surface};
use crate::ir::{Presence, SerdeUse, Ty};
use std::fmt::Write as _;

/// The version of the file format the generator writes. It reads this one, version 5 (which had
/// no `content-type` or `accept` lines), version 4 (which also had no `body-as` or `download-as`
/// lines), version 3 (which also had no `auth scheme` or
/// `security` lines: only the primary scheme), version 2 (which also had no `at` pointers) and
/// version 1 (which also had no `terminal-event`, `paging` or `non-exhaustive` facts); any other
/// is not read.
pub const FORMAT_VERSION: u32 = 6;

/// The surface as text, after `header` (comment lines, each starting with `#`).
pub fn write_surface(surface: &Surface, header: &str) -> String {
    let mut out = String::from(header);
    let _ = writeln!(out, "surface-format {FORMAT_VERSION}");
    let _ = writeln!(out, "crate {} {}", surface.crate_name, surface.version);
    if let Some(pending) = &surface.pending {
        let _ = writeln!(out, "pending {} {}", pending.base, pending.level.word());
    }
    let _ = match &surface.auth {
        AuthSurface::None => writeln!(out, "auth none"),
        AuthSurface::Bearer => writeln!(out, "auth bearer"),
        AuthSurface::Header(name) => writeln!(out, "auth header {}", quote(name)),
    };
    for (name, scheme) in &surface.schemes {
        let _ = writeln!(
            out,
            "auth scheme {} {} {} {} {}",
            quote(name),
            scheme.kind,
            quote(&scheme.param),
            scheme.setter,
            quote(&scheme.env)
        );
    }
    for (path, op) in &surface.operations {
        write_operation(&mut out, path, op);
    }
    for (name, model) in &surface.models {
        write_model(&mut out, name, model);
        if let Some(pointer) = surface.model_pointers.get(name) {
            let _ = writeln!(out, "model {name} at {}", quote(pointer));
        }
        if surface.non_exhaustive.contains(name) {
            let _ = writeln!(out, "model {name} non-exhaustive");
        }
        if let Some(one_way) = surface.serde_one_way.get(name) {
            let _ = writeln!(out, "model {name} serde {}", serde_word(*one_way));
        }
    }
    out
}

fn write_operation(out: &mut String, path: &str, op: &OperationSurface) {
    let at = format!("operation {path}");
    let _ = writeln!(out, "{at} {} {}", op.http_method, quote(&op.path));
    if let Some(pointer) = &op.pointer {
        let _ = writeln!(out, "{at} at {}", quote(pointer));
    }
    write_security(out, &at, op);
    for p in &op.path_params {
        let (wire, ty) = (quote(&p.wire_name), type_text(&p.ty));
        let _ = writeln!(out, "{at} path-param {} {wire} {ty}", p.rust_name);
    }
    write_params(out, &at, op);
    if let Some(body) = &op.body {
        let _ = writeln!(out, "{at} body {body}");
    }
    let wire = op.wire_media.clone().unwrap_or_default();
    if let Some(media) = &wire.content_type {
        let _ = writeln!(out, "{at} content-type {}", quote(media));
    }
    let choices = op.media_choices.clone().unwrap_or_default();
    for media in &choices.body_as {
        let _ = writeln!(out, "{at} body-as {}", quote(media));
    }
    let _ = writeln!(out, "{at} response {}", response_text(&op.response));
    if op.wire_media.is_some() {
        let _ = writeln!(out, "{at} accept {}", quote(&wire.accept));
    }
    for media in &choices.download_as {
        let _ = writeln!(out, "{at} download-as {}", quote(media));
    }
    if let Some(terminal) = &op.terminal {
        let property = match &terminal.property {
            Some(property) => format!(" {}", quote(property)),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{at} terminal-event {}{property}",
            quote(&terminal.kind)
        );
    }
    if let Some(page) = &op.pagination {
        let item = type_text(&page.item);
        // A page that is a bare array of free-form objects is
        // `Vec<serde_json::Map<String, serde_json::Value>>`: quoted, as it holds a space.
        let page_type = match page.page_type.contains(char::is_whitespace) {
            true => quote(&page.page_type),
            false => page.page_type.clone(),
        };
        let _ = writeln!(out, "{at} pagination {page_type} {item}");
        if let Some(style) = &page.style {
            let _ = writeln!(out, "{at} paging {}", quote(style));
        }
    }
}

/// The operation's `security` lines: none when it inherits the document's.
fn write_security(out: &mut String, at: &str, op: &OperationSurface) {
    match &op.security {
        None => {}
        Some(alternatives) if alternatives.is_empty() => {
            let _ = writeln!(out, "{at} security none");
        }
        Some(alternatives) => {
            for names in alternatives {
                let names: Vec<String> = names.iter().map(|n| quote(n)).collect();
                let names = match names.is_empty() {
                    true => "anonymous".to_owned(),
                    false => names.join(" "),
                };
                let _ = writeln!(out, "{at} security {names}");
            }
        }
    }
}

/// The operation's `…Params` struct and its fields.
fn write_params(out: &mut String, at: &str, op: &OperationSurface) {
    if let Some(params) = &op.params {
        let default = if params.derive_default {
            "default"
        } else {
            "no-default"
        };
        let _ = writeln!(out, "{at} params {} {default}", params.type_name);
        for (rust_name, param) in &params.fields {
            let f = &param.field;
            let _ = writeln!(
                out,
                "{at} param {rust_name} {} {} {} {}",
                quote(&f.wire_name),
                param.location,
                type_text(&f.ty),
                presence_text(f.presence)
            );
        }
    }
}

fn write_model(out: &mut String, name: &str, model: &ModelSurface) {
    let at = format!("model {name}");
    match model {
        ModelSurface::Struct {
            derive_default,
            fields,
        } => {
            let default = if *derive_default {
                "default"
            } else {
                "no-default"
            };
            let _ = writeln!(out, "{at} struct {default}");
            for (rust_name, f) in fields {
                let _ = writeln!(
                    out,
                    "{at} field {rust_name} {} {} {}",
                    quote(&f.wire_name),
                    type_text(&f.ty),
                    presence_text(f.presence)
                );
            }
        }
        ModelSurface::Enum { integer, values } => {
            let _ = writeln!(out, "{at} {}", model.kind_name());
            for v in values {
                let wire = if *integer {
                    v.wire_value.clone()
                } else {
                    quote(&v.wire_value)
                };
                let _ = writeln!(out, "{at} value {} {wire}", v.rust_name);
            }
        }
        ModelSurface::TaggedUnion { tag, variants } => {
            let _ = writeln!(out, "{at} tagged-union {}", quote(tag));
            for v in variants {
                let tag_value = quote(&v.tag_value);
                let _ = writeln!(
                    out,
                    "{at} variant {} {tag_value} {}",
                    v.rust_name, v.type_name
                );
            }
        }
        ModelSurface::UntaggedUnion { variants } => {
            let _ = writeln!(out, "{at} untagged-union");
            for v in variants {
                let _ = writeln!(out, "{at} variant {} {}", v.rust_name, type_text(&v.ty));
            }
        }
        ModelSurface::Alias(ty) => {
            let _ = writeln!(out, "{at} alias {}", type_text(ty));
        }
    }
}

/// A type in the canonical form (see the module docs).
pub fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Json => "json".to_owned(),
        Ty::JsonObject => "json-object".to_owned(),
        Ty::File => "file".to_owned(),
        Ty::Upload => "upload".to_owned(),
        Ty::Scalar(scalar) => scalar.text().to_owned(),
        Ty::Array(item) => format!("Vec<{}>", type_text(item)),
        Ty::Map(value) => format!("Map<{}>", type_text(value)),
        Ty::Named(name) => name.clone(),
        Ty::Boxed(name) => format!("Box<{name}>"),
    }
}

pub fn presence_text(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::Nullable => "nullable",
        Presence::OptionalNullable => "optional-nullable",
    }
}

fn response_text(response: &ResponseSurface) -> String {
    match response {
        ResponseSurface::Json(ty) => format!("json {}", type_text(ty)),
        ResponseSurface::OptionalJson(ty) => format!("optional-json {}", type_text(ty)),
        ResponseSurface::Empty => "empty".to_owned(),
        ResponseSurface::EventStream(ty) => format!("event-stream {}", type_text(ty)),
        ResponseSurface::Text => "text".to_owned(),
        ResponseSurface::Download => "download".to_owned(),
    }
}

/// Spec text as a double-quoted string: `\` and `"` escaped, and every control or
/// bidirectional-formatting character as `\u{…}` (newlines too), so the result is one line that
/// is safe to print on a terminal.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// Spec text with `\` and `"` escaped, and every control or bidirectional-formatting character
/// as `\u{…}`: one line, safe on a terminal (`quote` without the quotes, for pointers).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Control characters, and the invisible formatting ones a reviewer could not see in a diff
/// (zero-width characters, line and paragraph separators, bidirectional controls, the BOM).
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || ('\u{2028}'..='\u{202e}').contains(&c)
        || ('\u{2060}'..='\u{2069}').contains(&c)
        || c == '\u{feff}'
}

/// The surface file's word for a model's serde traits (`both` is never written: it is the
/// default, and what every model derived before derives by use).
pub(super) fn serde_word(serde: SerdeUse) -> &'static str {
    match serde {
        SerdeUse::Both => "both",
        SerdeUse::SentOnly => "serialize-only",
        SerdeUse::ReceivedOnly => "deserialize-only",
    }
}
