//! The resource tree (resources and method names, one line each) derived without `sdk.yaml` for
//! real documents, compared with a golden file beside the document, so that a naming change is
//! reviewed as a diff. `UPDATE_SNAPSHOTS=1` rewrites the golden files.
//!
//! The tree comes from the planning step of lowering (`generator::lower::resource_tree_lines`),
//! which names every operation before any is lowered: it works for documents whose operations do
//! not all lower yet (the LlamaCloud platform description has cookie parameters, refused today).

use generator::load::load_inputs;
use generator::lower::resource_tree_lines;
use std::fs;
use tests::snapshot::{repo_root, updating};

/// Documents in `tests/real-specs/` whose derived tree is pinned in `<name>.tree`.
const DOCUMENTS: &[&str] = &["llamacloud-platform.json"];

#[test]
fn derived_resource_trees_match_their_golden_files() {
    let dir = repo_root().join("tests/real-specs");
    let mut failures = Vec::new();
    for document in DOCUMENTS {
        let text = fs::read_to_string(dir.join(document)).unwrap();
        let inputs = load_inputs(&text, None).unwrap_or_else(|e| panic!("{document}: {e:?}"));
        let mut tree = resource_tree_lines(&inputs.document, None).join("\n");
        tree.push('\n');
        let stem = document
            .rsplit_once('.')
            .map_or(*document, |(stem, _)| stem);
        let golden = dir.join(format!("{stem}.tree"));
        let recorded = fs::read_to_string(&golden).unwrap_or_default();
        if recorded == tree {
            continue;
        }
        if updating() {
            fs::write(&golden, &tree).unwrap();
            continue;
        }
        failures.push(format!(
            "{} changed:\n{}",
            golden.display(),
            line_diff(&recorded, &tree)
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\nTo accept the new trees, run: UPDATE_SNAPSHOTS=1 cargo test -p tests --test resource_tree",
        failures.join("\n")
    );
}

/// Lines only in the recorded tree (`-`) and only in the new one (`+`), in order. Each line
/// names one method, so a set difference reads as well as a positional diff here.
fn line_diff(recorded: &str, now: &str) -> String {
    let old: Vec<&str> = recorded.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    let removed = old
        .iter()
        .filter(|l| !new.contains(l))
        .map(|l| format!("- {l}"));
    let added = new
        .iter()
        .filter(|l| !old.contains(l))
        .map(|l| format!("+ {l}"));
    removed.chain(added).collect::<Vec<_>>().join("\n")
}
