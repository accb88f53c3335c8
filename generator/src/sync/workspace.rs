//! `crate.workspace: auto` at write time: the output folder → whether the generated crate is a
//! member of the Cargo workspace around it. Follows Cargo's own search: the nearest ancestor
//! `Cargo.toml` with a `[workspace]` table whose `exclude` does not cover the folder (an
//! excluded folder makes Cargo look further up) is the workspace; the crate is its member when
//! that table's `members` (globs included) names the folder. Reads only; any manifest it cannot
//! read or parse counts as no workspace there.

use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    workspace: Option<WorkspaceTable>,
}

#[derive(Deserialize)]
struct WorkspaceTable {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// Whether a crate written to `out` (relative to the current folder, or absolute) is a member
/// of the workspace around it: `false` when there is none, or when it does not list `out`,
/// since a crate without its own `[workspace]` table inside a workspace that does not list it
/// does not build ("believes it's in a workspace when it's not").
pub fn is_listed_member(out: &Path) -> bool {
    let out = normalized(&std::env::current_dir().unwrap_or_default().join(out));
    for root in out.ancestors().skip(1) {
        let Some(table) = workspace_table(&root.join("Cargo.toml")) else {
            continue;
        };
        let Ok(relative) = out.strip_prefix(root) else {
            continue;
        };
        let listed = |entry: &String| relative.starts_with(normalized(Path::new(entry)));
        let excluded = table.exclude.iter().any(listed);
        let explicit = table.members.iter().any(listed);
        if excluded && !explicit {
            continue;
        }
        return table.members.iter().any(|member| covers(member, relative));
    }
    false
}

/// The `[workspace]` table of the manifest at `path`, if it has one.
fn workspace_table(path: &Path) -> Option<WorkspaceTable> {
    let text = std::fs::read_to_string(path).ok()?;
    basic_toml::from_str::<Manifest>(&text).ok()?.workspace
}

/// Whether a `members` entry (a path or a glob, relative to the workspace root) names `folder`.
fn covers(member: &str, folder: &Path) -> bool {
    let member = member.trim_end_matches('/');
    if normalized(Path::new(member)) == folder {
        return true;
    }
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    glob::Pattern::new(member).is_ok_and(|pattern| pattern.matches_path_with(folder, options))
}

/// `path` with `.` dropped and `..` applied, without touching the disk (the folder may not
/// exist yet).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A scratch folder with `Cargo.toml` at `root` holding `manifest`; removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str, manifest: &str) -> Self {
            let root = std::env::temp_dir().join(format!("ws-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            fs::create_dir_all(&root).unwrap();
            fs::write(root.join("Cargo.toml"), manifest).unwrap();
            Scratch(root)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_folder_is_a_member_only_where_the_workspace_lists_it() {
        let scratch = Scratch::new(
            "listed",
            "[workspace]\nmembers = [\"app\", \"clients/*\", \"sdk/\"]\nexclude = [\"clients/old\"]\n",
        );
        let root = &scratch.0;
        for (folder, member) in [
            ("app", true),
            ("clients/petstore", true),
            ("clients/./petstore", true),
            ("sdk", true),
            ("clients/petstore/inner", false),
            ("other", false),
            ("app2", false),
            ("clients/old", false),
        ] {
            assert_eq!(is_listed_member(&root.join(folder)), member, "{folder}");
        }
    }

    #[test]
    fn an_excluded_folder_belongs_to_the_next_workspace_up() {
        let outer = Scratch::new("outer", "[workspace]\nmembers = [\"inner/crate\"]\n");
        fs::create_dir_all(outer.0.join("inner")).unwrap();
        fs::write(
            outer.0.join("inner/Cargo.toml"),
            "[workspace]\nmembers = []\nexclude = [\"crate\"]\n",
        )
        .unwrap();
        assert!(is_listed_member(&outer.0.join("inner/crate")));
        assert!(!is_listed_member(&outer.0.join("inner/other")));
    }

    #[test]
    fn without_a_workspace_table_or_a_readable_manifest_there_is_none() {
        let package = Scratch::new("package", "[package]\nname = \"p\"\n");
        assert!(!is_listed_member(&package.0.join("client")));
        let broken = Scratch::new("broken", "[workspace\nmembers = [\"client\"]\n");
        assert!(!is_listed_member(&broken.0.join("client")));
    }
}
