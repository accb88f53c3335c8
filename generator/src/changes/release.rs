//! The version across runs. `generate` makes a crate from the spec alone; `evolve` then compares
//! it with the surface file already in the output and carries what a release needs forward:
//!
//! - the bump is judged from the old surface file's version, or, when that file records changes
//!   as `pending`, from the version before them, with their level added to the new changes';
//! - the new surface file records the changes as `pending` while the crate's version is lower
//!   than they need, so a `--check` after the write that replaced the file still fails;
//! - `crate.bump: auto` raises the crate's version (Cargo.toml and the surface file) to the
//!   lowest one the changes need; `sdk.yaml`'s version is then the floor;
//! - `CHANGELOG.md` gets the report on top (see `changelog`).
//!
//! A version the changes are satisfied by is taken as released: the next change is judged from
//! it. Two regenerations between two releases therefore ask for two bumps; folding the second
//! into the unreleased version takes `crate.bump: off` for that run.

use super::changelog::{self, CHANGELOG_FILE};
use super::report::{ChangeReport, Level};
use super::surface::Pending;
use super::{SURFACE_FILE, compare, parse_surface, surface_header, write_surface};
use crate::config::BumpPolicy;
use std::collections::BTreeMap;
use std::path::Path;

/// What `evolve` found.
#[derive(Debug)]
pub struct Evolution {
    /// Between the old surface file and the crate as written (its version after `auto`).
    pub report: ChangeReport,
    pub policy: BumpPolicy,
}

impl Evolution {
    /// `--check` fails: the policy is `check` and the crate's version is lower than the changes
    /// (new or pending) need.
    pub fn fails_check(&self) -> bool {
        self.policy == BumpPolicy::Check && self.report.outgrown()
    }
}

/// Evolves `files` (a crate just generated, with its manifest) against the surface file and
/// changelog in `out`; `Ok(None)` when `out` has no surface file (a first run).
pub fn evolve(
    files: &mut BTreeMap<String, String>,
    out: &Path,
    policy: BumpPolicy,
) -> Result<Option<Evolution>, String> {
    let Ok(old_surface) = std::fs::read_to_string(out.join(SURFACE_FILE)) else {
        return Ok(None);
    };
    let old_changelog = std::fs::read_to_string(out.join(CHANGELOG_FILE)).ok();
    evolve_from(files, &old_surface, old_changelog.as_deref(), policy).map(Some)
}

/// `evolve` with the old files' contents given.
pub fn evolve_from(
    files: &mut BTreeMap<String, String>,
    old_surface: &str,
    old_changelog: Option<&str>,
    policy: BumpPolicy,
) -> Result<Evolution, String> {
    let old =
        parse_surface(old_surface).map_err(|err| format!("the existing {SURFACE_FILE}, {err}"))?;
    let generated = files.get(SURFACE_FILE).map_or("", String::as_str);
    let mut new = parse_surface(generated)
        .map_err(|err| format!("internal error: the generated {SURFACE_FILE}, {err}"))?;
    let mut report = compare(&old, &new);
    if let Some(pending) = &old.pending {
        report.old_version.clone_from(&pending.base);
        report.carried = pending.level;
    }
    let configured = new.version.clone();
    if policy == BumpPolicy::Auto
        && let Some(bump) = report.bump().filter(|bump| !bump.satisfied)
    {
        new.version.clone_from(&bump.required);
        report.new_version = bump.required;
    }
    let level = report.level();
    // Under `off` nothing is pending: the version written is taken as is.
    let pending = policy != BumpPolicy::Off && report.outgrown() && level > Level::Nothing;
    new.pending = pending.then(|| Pending {
        base: report.old_version.clone(),
        level,
    });
    files.insert(
        SURFACE_FILE.to_owned(),
        write_surface(&new, &surface_header()),
    );
    if new.version != configured {
        set_package_version(files, &configured, &new.version)?;
    }
    let base = old_changelog
        .map(str::to_owned)
        .or_else(|| files.get(CHANGELOG_FILE).cloned())
        .unwrap_or_default();
    files.insert(
        CHANGELOG_FILE.to_owned(),
        changelog::update(&base, &report, pending),
    );
    // The manifest hashes every file: it is rebuilt after the edits above.
    files.remove(crate::sync::MANIFEST);
    crate::sync::add_manifest(files);
    Ok(Evolution { report, policy })
}

/// Replaces the package's version in `Cargo.toml` (`auto`): the template writes it as the first
/// `version = "…"` line, under `[package]`.
fn set_package_version(
    files: &mut BTreeMap<String, String>,
    from: &str,
    to: &str,
) -> Result<(), String> {
    let manifest = files
        .get_mut("Cargo.toml")
        .ok_or("internal error: no Cargo.toml generated")?;
    let line = format!("\nversion = \"{from}\"\n");
    let at = manifest
        .find(&line)
        .ok_or("internal error: no package version line in the generated Cargo.toml")?;
    manifest.replace_range(at..at + line.len(), &format!("\nversion = \"{to}\"\n"));
    Ok(())
}
