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
//! The IR carries no spec pointers, so the report names what a change is about by its Rust path
//! (`beta.chat.create.index_ids`, `ChatStatus.Archived`) and endpoint, not by pointer.

mod classify;
mod models;
mod operations;
mod parse;
mod report;
mod surface;
#[cfg(test)]
mod tests;
mod text;

pub use classify::{Change, Group, Verdict};
pub use parse::{ParseError, parse_surface};
pub use report::{Bump, ChangeReport, Level};
pub use surface::Surface;
pub use text::write_surface;

use crate::format::MARKER;
use crate::ir::Api;

/// The surface file's path in the generated crate.
pub const SURFACE_FILE: &str = "api.lock";

/// The surface file of the crate generated from `api`, with the `@generated` header.
pub fn surface_file(api: &Api) -> String {
    let header = format!(
        "# {MARKER} from the OpenAPI description; do not edit by hand, regenerate instead.\n\
         # The crate's public surface and wire contract, one fact per line (types: string, i32, i64,\n\
         # f64, bool, json, json-object, file, Vec<T>, Map<T>, Box<Model>, or a model). The generator\n\
         # compares the spec with this file to report what changed for the crate's users.\n"
    );
    write_surface(&Surface::of(api), &header)
}

/// Every change from `old` to `new`: crate, operations, then models.
pub fn compare(old: &Surface, new: &Surface) -> ChangeReport {
    let mut changes = Vec::new();
    operations::diff_crate(old, new, &mut changes);
    operations::diff_operations(old, new, &mut changes);
    let sides = classify::model_sides(old);
    models::diff_models(old, new, &sides, &mut changes);
    ChangeReport {
        crate_name: new.crate_name.clone(),
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

/// The report between two surface files: the one already in the output directory and the one
/// just generated. Either may fail to read (the old one may have been edited by hand); the error
/// says which.
pub fn compare_files(old_text: &str, new_text: &str) -> Result<ChangeReport, String> {
    let old =
        parse_surface(old_text).map_err(|err| format!("the existing {SURFACE_FILE}, {err}"))?;
    let new = parse_surface(new_text)
        .map_err(|err| format!("internal error: the generated {SURFACE_FILE}, {err}"))?;
    Ok(compare(&old, &new))
}

/// The report between the surface file already in `out` (if there is one that reads) and the
/// crate just generated, for the paragraph a write run prints; `None` without an old surface.
pub fn report_since_output(
    out: &std::path::Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Option<ChangeReport> {
    let old = std::fs::read_to_string(out.join(SURFACE_FILE)).ok()?;
    let new = files.get(SURFACE_FILE)?;
    compare_files(&old, new).ok()
}

/// `--changes`: the report text between the surface file in the output directory `out` and the
/// one in `files` (the crate just generated, in memory).
pub fn report_for_output(
    out: &std::path::Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<String, String> {
    let path = out.join(SURFACE_FILE);
    let old = std::fs::read_to_string(&path).map_err(|err| {
        format!(
            "cannot read {}: {err}; a crate generated before the surface file existed has none, so regenerate it once first",
            path.display()
        )
    })?;
    let new = files.get(SURFACE_FILE).map_or("", String::as_str);
    Ok(compare_files(&old, new)?.text())
}
