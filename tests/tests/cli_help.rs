//! Golden `--help` output of the built `llamacloud` binary: what a person reads to learn the
//! tool. After an intended change, review the new text with
//! `UPDATE_SNAPSHOTS=1 cargo test -p tests --test cli_help` and `git diff`.

mod cli_support;

use std::fs;
use tests::snapshot::{repo_root, updating};

/// `(snapshot file, arguments)`: the root help, one command's long help, one command's short help.
const CASES: &[(&str, &[&str])] = &[
    ("root.help.txt", &["--help"]),
    ("beta-chat-list.help.txt", &["beta:chat", "list", "--help"]),
    ("beta-chat-stream.h.txt", &["beta:chat", "stream", "-h"]),
];

#[test]
fn help_output_matches_its_snapshot() {
    let dir = repo_root().join("tests/tests/cli_snapshots");
    let mut failures = Vec::new();
    for (file, args) in CASES {
        let help = cli_support::run(args);
        help.expect_code(0);
        let path = dir.join(file);
        if updating() {
            fs::write(&path, &help.stdout).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != help.stdout {
            failures.push(format!(
                "`llamacloud {}` differs from {}:\n--- expected\n{expected}\n--- actual\n{}",
                args.join(" "),
                path.display(),
                help.stdout
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is intended: UPDATE_SNAPSHOTS=1 cargo test -p tests --test cli_help",
        failures.join("\n")
    );
}
