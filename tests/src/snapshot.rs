//! Runs the generator in memory on a spec and compares its output with a directory of record
//! (`generated/`, or a golden fixture's `expected/`). On a mismatch the error holds a unified diff
//! per file, the missing and orphaned files, files in the generator's way, and the command that
//! fixes it. The generator's manifest (`.generated`) is an ordinary generated file here. With
//! `UPDATE_SNAPSHOTS=1` the directory is rewritten instead, taking over hand-edited files like
//! `--force` does (files the generator does not produce are left alone).

use generator::{Generated, Sources, sync};
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Whether the snapshots should be rewritten rather than checked.
pub fn updating() -> bool {
    std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1")
}

/// Generates from `spec` (+ optional settings) in memory; panics with the diagnostics on failure.
pub fn generate_from(spec: &Path, config: Option<&Path>) -> Generated {
    let spec_text =
        fs::read_to_string(spec).unwrap_or_else(|e| panic!("read {}: {e}", spec.display()));
    let config_text = config
        .map(|c| fs::read_to_string(c).unwrap_or_else(|e| panic!("read {}: {e}", c.display())));
    let spec_path = spec.display().to_string();
    let config_path = config.map(|c| c.display().to_string()).unwrap_or_default();
    let sources = Sources {
        spec_path: &spec_path,
        spec_text: &spec_text,
        config_path: &config_path,
        config_text: config_text.as_deref(),
    };
    // A multi-file fixture's other files are read from beside its spec.
    let folder = spec.parent().unwrap_or(Path::new("."));
    let files = generator::load::FolderFiles::new(folder);
    generator::generate_with(&sources, &files)
        .unwrap_or_else(|err| panic!("generation failed:\n{err}"))
}

/// What `cargo run -p generator -- --out <out>` makes of the spec: generated, then evolved
/// against the surface file and changelog already in `out` (the version's change report carried
/// into `CHANGELOG.md` and `api.lock`), as the binary does before it writes.
pub fn generate_over(spec: &Path, config: Option<&Path>, out: &Path) -> Generated {
    let mut generated = generate_from(spec, config);
    generator::changes::evolve(&mut generated.files, out, generated.bump)
        .unwrap_or_else(|err| panic!("no change report against {}: {err}", out.display()));
    generated
}

/// Compares the generated files with `out`; rewrites `out` when updating. `Err` holds the report.
pub fn check_snapshot(generated: &Generated, out: &Path, fix_command: &str) -> Result<(), String> {
    let plan = sync::plan_sync(out, &generated.files).map_err(|e| e.to_string())?;
    if plan.is_in_sync() {
        return Ok(());
    }
    if updating() {
        sync::apply_sync(out, &generated.files, &plan.take_over()).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let label = out
        .strip_prefix(repo_root())
        .unwrap_or(out)
        .display()
        .to_string();
    Err(format!(
        "{}\n{label} does not match what the generator produces now ({} changed, {} missing, {} orphaned, {} in the way).\nTo update it, run: {fix_command}",
        sync::check_report(&plan, &label),
        plan.changed.len(),
        plan.missing.len(),
        plan.orphaned.len(),
        plan.conflicts.len() + usize::from(plan.unmanaged)
    ))
}
