//! A generated crate's `Cargo.toml` spelled from the IR: whether it declares its own
//! `[workspace]` and the comment that says why, for `Cargo.toml.askama`.

use crate::ir::CrateWorkspace;

impl CrateWorkspace {
    /// Whether `Cargo.toml` gets an empty `[workspace]` table.
    pub fn standalone(&self) -> bool {
        matches!(
            self,
            CrateWorkspace::Standalone | CrateWorkspace::Auto { member: false }
        )
    }

    /// The `Cargo.toml` comment that says how the crate joins or leaves a workspace around it.
    pub fn note(&self) -> &'static str {
        match self {
            CrateWorkspace::Member => {
                "# No `[workspace]` table (`crate.workspace: member` in sdk.yaml): inside another \
                 workspace's folder\n# this crate must be listed in that workspace's `members`."
            }
            CrateWorkspace::Standalone => {
                "# `crate.workspace: standalone` in sdk.yaml: this crate is its own workspace, so it \
                 builds inside\n# another workspace's folder without being listed in that \
                 workspace's `members`. For a member of\n# that workspace to depend on it by path, \
                 list this folder in the workspace's `exclude`."
            }
            CrateWorkspace::Auto { member: true } => {
                "# No `[workspace]` table (`crate.workspace: auto`, the default): the workspace \
                 around this folder\n# lists it in `members`, so the crate joins that workspace. \
                 Generated where no workspace lists\n# it, the crate is its own workspace instead."
            }
            CrateWorkspace::Auto { member: false } => {
                "# `crate.workspace: auto` (the default): no workspace around this folder lists it \
                 in `members`, so\n# this crate is its own workspace and builds where it lies. \
                 For a member of a workspace around it\n# to depend on it by path, list this \
                 folder in that workspace's `exclude`."
            }
        }
    }
}
