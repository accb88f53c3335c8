//! What changed for the crate's users when the spec changed. `ir::Api` → the surface file
//! (`api.lock`, a generated file of the crate: its public surface and wire contract, one fact per
//! line); old surface file + new `ir::Api` → a `ChangeReport` that classifies every change for
//! Rust callers and on the wire and names the version bump it needs.
//!
//! The old side is only ever the surface file (never git history), so the file holds every fact
//! the comparison uses, and types in it are parsed back into `ir::Ty` and compared as types.
//!
//! Why `api.lock`: like `Cargo.lock`, it records a state a tool wrote so that the next run can
//! compare against it, it is committed and reviewed in diffs, and nobody edits it by hand. It
//! sits at the crate root, beside `Cargo.toml`, where a reviewer looks first.
//!
//! The report names what a change is about by its Rust path (`beta.chat.create.index_ids`,
//! `ChatStatus.Archived`) and endpoint, and where it is in the spec by the JSON pointer of its
//! operation or model (`spec: #/paths/~1pets/get`): the IR carries those two, not the pointer of
//! every field or parameter (an `allOf` field's own node is not one place).

mod auth;
mod behaviour;
mod changelog;
mod classify;
mod models;
mod operations;
mod parse;
mod parse_operation;
mod release;
mod report;
mod same_shape;
mod surface;
#[cfg(test)]
mod tests;
mod text;
mod wire_media;

pub use changelog::{CHANGELOG_FILE, first_changelog, markdown};
pub use classify::{Change, Group, Verdict};
pub use parse::{ParseError, parse_surface};
pub use release::{Evolution, evolve, evolve_from};
pub use report::{Bump, ChangeReport, Level};
pub use surface::Surface;
pub use text::write_surface;

use crate::format::MARKER;
use crate::ir::Api;

/// The surface file's path in the generated crate.
pub const SURFACE_FILE: &str = "api.lock";

/// The surface file of the crate generated from `api`, with the `@generated` header.
pub fn surface_file(api: &Api) -> String {
    write_surface(&Surface::of(api), &surface_header())
}

/// The surface file's comment lines.
fn surface_header() -> String {
    format!(
        "# {MARKER} from the OpenAPI description; do not edit by hand, regenerate instead.\n\
         # The crate's public surface and wire contract, one fact per line (types: string, i32, i64,\n\
         # f64, bool, json, json-object, file, Vec<T>, Map<T>, Box<Model>, or a model). The generator\n\
         # compares the spec with this file to report what changed for the crate's users; a\n\
         # `pending` line records changes that the crate's version does not satisfy yet.\n"
    )
}

/// Every change from `old` to `new`: crate, operations, then models.
pub fn compare(old: &Surface, new: &Surface) -> ChangeReport {
    let mut changes = Vec::new();
    operations::diff_crate(old, new, &mut changes);
    auth::diff_schemes(old, new, &mut changes);
    operations::diff_operations(old, new, &mut changes);
    let sides = classify::model_sides(old);
    models::diff_models(old, new, &sides, &mut changes);
    behaviour::diff_non_exhaustive(old, new, &mut changes);
    behaviour::diff_serde(old, new, &mut changes);
    ChangeReport {
        crate_name: new.crate_name.clone(),
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
        carried: Level::Nothing,
    }
}
