//! The runtime's plain Rust files (`templates/runtime/**/*.rs`) are emitted verbatim and never
//! compiled where they live; this checks that each one is compiled, and so linted by
//! `cargo clippy --workspace`, as part of at least one workspace crate: the generated
//! `llamacloud` crate or a golden fixture's `expected/` crate.

use std::fs;
use std::path::{Path, PathBuf};
use tests::snapshot::repo_root;

fn rust_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files_under(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The crates the workspace compiles that hold generated runtime files.
fn workspace_crates() -> Vec<PathBuf> {
    let root = repo_root();
    let mut crates = vec![root.join("generated")];
    for entry in fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let expected = entry.unwrap().path().join("expected");
        if expected.join("Cargo.toml").exists() {
            crates.push(expected);
        }
    }
    crates
}

/// Whether `crate_dir` compiles `text` as a runtime module: `src/runtime/NAME.rs` holds it under
/// the one header line, and `src/runtime.rs` declares `NAME`.
fn compiles(crate_dir: &Path, text: &str) -> bool {
    let Ok(declarations) = fs::read_to_string(crate_dir.join("src/runtime.rs")) else {
        return false;
    };
    let Ok(entries) = fs::read_dir(crate_dir.join("src/runtime")) else {
        return false;
    };
    entries.map(|entry| entry.unwrap().path()).any(|path| {
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let emitted = fs::read_to_string(&path).unwrap_or_default();
        let body = emitted.split_once('\n').map_or("", |(_, body)| body);
        body == text && declarations.contains(&format!("pub mod {module};"))
    })
}

#[test]
fn every_runtime_file_is_compiled_by_a_workspace_crate() {
    let sources = rust_files_under(&repo_root().join("templates/runtime"));
    assert!(
        sources.len() >= 10,
        "runtime files went missing: {sources:?}"
    );
    let crates = workspace_crates();
    let uncompiled: Vec<String> = sources
        .iter()
        .filter(|source| {
            let text = fs::read_to_string(source).unwrap();
            !crates.iter().any(|crate_dir| compiles(crate_dir, &text))
        })
        .map(|source| source.display().to_string())
        .collect();
    assert!(
        uncompiled.is_empty(),
        "no workspace crate compiles these runtime files (add a golden fixture whose API uses \
         them, then `UPDATE_SNAPSHOTS=1 cargo test -p tests --test golden`):\n{}",
        uncompiled.join("\n")
    );
}
