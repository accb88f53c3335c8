//! `cargo check` time of the generated crates alone: both are written into a throwaway
//! workspace under `target/bench-check/` (with a copy of the repository's `Cargo.lock` and a
//! target dir of its own, kept across runs so dependencies are built once), then each is
//! checked after touching its `src/lib.rs`, which rebuilds nothing but that crate.

use crate::report::{Row, row};
use crate::timing::{Samples, show};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

/// A generated crate to check: its folder name in the workspace, package name and files.
pub struct CrateToCheck {
    pub label: &'static str,
    pub package: String,
    pub files: BTreeMap<String, String>,
    pub runs: usize,
}

/// The throwaway workspace.
struct Workspace {
    dir: PathBuf,
    cargo: String,
}

impl Workspace {
    fn cargo(&self, args: &[&str]) -> Result<(), String> {
        let output = Command::new(&self.cargo)
            .args(args)
            .arg("--offline")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", self.dir.join("target"))
            .output()
            .map_err(|err| format!("cannot run {}: {err}", self.cargo))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

/// Sets up the workspace, warms its target dir, then times `cargo check -p` of each crate.
pub fn bench_cargo_check(root: &Path, crates: &[CrateToCheck]) -> Vec<Row> {
    let workspace = Workspace {
        dir: root.join("target/bench-check"),
        cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
    };
    if let Err(err) = prepare(root, &workspace.dir, crates) {
        return vec![failed("setting up the throwaway workspace", err)];
    }
    let started = Instant::now();
    if let Err(err) = workspace.cargo(&["check", "--workspace"]) {
        return vec![failed("first `cargo check` (dependencies)", err)];
    }
    let warm_up = started.elapsed();
    let mut rows = Vec::new();
    for krate in crates {
        let lib = workspace.dir.join(krate.label).join("src/lib.rs");
        let mut samples = Samples::default();
        for _ in 0..krate.runs {
            if let Err(err) = touch(&lib) {
                return vec![failed("touching src/lib.rs", err.to_string())];
            }
            let started = Instant::now();
            if let Err(err) = workspace.cargo(&["check", "-p", &krate.package]) {
                rows.push(failed(&format!("`cargo check` of {}", krate.label), err));
                break;
            }
            samples.push(started.elapsed());
        }
        if samples.len() == krate.runs {
            rows.push(row(
                &format!("output · {}", krate.label),
                "`cargo check` of the generated crate (deps built)",
                format!("{} (min {})", show(samples.median()), show(samples.min())),
                format!("{} runs after touching src/lib.rs", samples.len()),
            ));
        }
    }
    rows.push(row(
        "output",
        "  first `cargo check --workspace` of the throwaway workspace",
        show(warm_up),
        "warm-up, not in the rows above: builds the dependencies when target/bench-check \
         has none yet (2–3 min the first time)"
            .to_owned(),
    ));
    rows
}

fn failed(what: &str, err: String) -> Row {
    let first_lines: Vec<&str> = err
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect();
    eprintln!("bench: {what} failed:\n{err}");
    row(
        "output",
        &format!("{what}: FAILED"),
        "-".to_owned(),
        first_lines.join(" / "),
    )
}

/// Writes the workspace manifest, the lock file and the crates (only changed files).
fn prepare(root: &Path, dir: &Path, crates: &[CrateToCheck]) -> Result<(), String> {
    let io = |err: std::io::Error| err.to_string();
    fs::create_dir_all(dir).map_err(io)?;
    let members: Vec<String> = crates.iter().map(|c| format!("{:?}", c.label)).collect();
    let manifest = format!(
        "# Written by the bench crate: the generated crates alone, for `cargo check` timings.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest).map_err(io)?;
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(io)?;
    write_if_changed(&dir.join("Cargo.lock"), &lock).map_err(io)?;
    for krate in crates {
        crate::pipeline::write_crate(&dir.join(krate.label), &krate.files);
    }
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    match fs::read_to_string(path) {
        Ok(current) if current == text => Ok(()),
        _ => fs::write(path, text),
    }
}

/// Sets the modification time to now, so cargo considers the crate changed.
fn touch(path: &Path) -> std::io::Result<()> {
    fs::File::options()
        .append(true)
        .open(path)?
        .set_modified(SystemTime::now())
}
