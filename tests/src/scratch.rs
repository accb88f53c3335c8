//! Cargo run over a scratch workspace of generated crates (real documents, CLIs), in that
//! workspace's own target directory: the outer `cargo test` holds the lock on the repository's.

use std::path::Path;
use std::process::Command;

/// `cargo` (the one running the tests) in `workspace`, building into `workspace/target`.
pub fn cargo(workspace: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"));
    command
}
