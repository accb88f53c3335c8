//! Where the generator may write. In: the `--out` folder (and a relative path inside it); out:
//! what is on disk at that path, found without following any link inside the folder, or why the
//! folder as a whole is refused: a file, `/`, the home folder, or a folder that holds other crates
//! or is a workspace root. `target/` and version-control folders are never looked into.

use super::SyncError;
use super::manifest::{Entries, MANIFEST, sha256_hex};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Entries of an output folder that are never ours, never block, and are never looked into: build
/// output, version control, and desktop litter.
const BYSTANDERS: &[&str] = &[
    "target",
    ".git",
    ".gitignore",
    ".gitattributes",
    ".hg",
    ".svn",
    ".DS_Store",
];

/// How many foreign `Cargo.toml` files to name before the refusal stops looking.
const FOREIGN_CRATES_SHOWN: usize = 5;

/// What is at a relative path inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum OnDisk {
    Missing,
    File(Vec<u8>),
    /// A symbolic link at this path or at one of its folders (the relative path of the link).
    Link(String),
    /// A folder or special file where a file is expected, or a file where a folder is (its path).
    NotAFile(String),
}

/// Looks at `rel` inside `out` one component at a time, never following a link.
pub(super) fn inspect(out: &Path, rel: &str) -> Result<OnDisk, SyncError> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut current = out.to_path_buf();
    for (index, part) in parts.iter().enumerate() {
        current.push(part);
        let shown = || parts[..=index].join("/");
        let meta = match fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
            Err(err) => return Err(SyncError::io(&current, "read", err)),
        };
        let last = index + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Ok(OnDisk::Link(shown()));
        }
        if last && meta.is_file() {
            let bytes = fs::read(&current).map_err(|err| SyncError::io(&current, "read", err))?;
            return Ok(OnDisk::File(bytes));
        }
        if last || !meta.is_dir() {
            return Ok(OnDisk::NotAFile(shown()));
        }
    }
    Ok(OnDisk::Missing)
}

/// Refuses an output folder that can never be a generated crate's own: a file, `/`, or the home
/// folder (or one that contains it). A missing folder is fine: the first run creates it.
pub(super) fn refuse_unsafe_out(out: &Path) -> Result<(), SyncError> {
    let meta = match fs::metadata(out) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(SyncError::io(out, "read", err)),
    };
    let own_folder = "--out must name the generated crate's own folder, e.g. `--out generated`";
    if !meta.is_dir() {
        return Err(SyncError::refused(
            out,
            "it is a file, not a folder",
            own_folder,
        ));
    }
    let canonical = fs::canonicalize(out).map_err(|err| SyncError::io(out, "read", err))?;
    if canonical.parent().is_none() {
        return Err(SyncError::refused(
            out,
            "it is the root of the file system",
            own_folder,
        ));
    }
    let home = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .and_then(|home| fs::canonicalize(home).ok());
    if let Some(home) = home.filter(|home| home.starts_with(&canonical)) {
        let reason = if home == canonical {
            "it is your home folder".to_owned()
        } else {
            format!("it contains your home folder {}", home.display())
        };
        return Err(SyncError::refused(out, &reason, own_folder));
    }
    Ok(())
}

/// Refuses a folder that holds other crates: a `Cargo.toml` in a subfolder that the manifest does
/// not list, or a root `Cargo.toml` that is not ours and declares a workspace. `--force` never
/// overrides this: taking over such a folder would overwrite a project's own manifest and README.
pub(super) fn refuse_foreign_crates(out: &Path, owned: &Entries) -> Result<(), SyncError> {
    let hint = "--out must name the generated crate's own folder (e.g. a new subfolder); \
                --force does not override this";
    if let OnDisk::File(bytes) = inspect(out, "Cargo.toml")? {
        let ours = owned.get("Cargo.toml") == Some(&sha256_hex(&bytes));
        let declares_workspace = String::from_utf8_lossy(&bytes).lines().any(|line| {
            let line = line.trim();
            line == "[workspace]" || line.starts_with("[workspace.")
        });
        if !ours && declares_workspace {
            let reason =
                "its Cargo.toml is not ours and declares a workspace (this is a repository root)";
            return Err(SyncError::refused(out, reason, hint));
        }
    }
    let foreign = nested_manifests(out, owned)?;
    if foreign.is_empty() {
        return Ok(());
    }
    let listed = foreign.join(", ");
    let reason = format!("it contains other crates ({listed})");
    Err(SyncError::refused(out, &reason, hint))
}

/// `Cargo.toml` files below the top of `out` that the manifest does not list (at most a few),
/// without following links or entering bystanders and hidden folders.
fn nested_manifests(out: &Path, owned: &Entries) -> Result<Vec<String>, SyncError> {
    let mut found = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(out.to_path_buf(), String::new())];
    if !out.is_dir() {
        return Ok(found);
    }
    while let Some((dir, rel)) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|err| SyncError::io(&dir, "read", err))?;
        for entry in entries {
            let entry = entry.map_err(|err| SyncError::io(&dir, "read", err))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let file_type = entry
                .file_type()
                .map_err(|err| SyncError::io(&entry.path(), "read", err))?;
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if file_type.is_dir() && !BYSTANDERS.contains(&name.as_str()) && !name.starts_with('.')
            {
                stack.push((entry.path(), rel_path));
            } else if file_type.is_file()
                && name == "Cargo.toml"
                && !rel.is_empty()
                && !owned.contains_key(&rel_path)
            {
                found.push(rel_path);
                if found.len() == FOREIGN_CRATES_SHOWN {
                    break;
                }
            }
        }
        if found.len() == FOREIGN_CRATES_SHOWN {
            break;
        }
    }
    found.sort();
    Ok(found)
}

/// Whether `out` holds anything besides bystanders and a manifest (a missing folder holds nothing).
pub(super) fn has_content(out: &Path) -> Result<bool, SyncError> {
    let entries = match fs::read_dir(out) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(SyncError::io(out, "read", err)),
    };
    for entry in entries {
        let entry = entry.map_err(|err| SyncError::io(out, "read", err))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name != MANIFEST && !BYSTANDERS.contains(&name.as_ref()) {
            return Ok(true);
        }
    }
    Ok(false)
}
