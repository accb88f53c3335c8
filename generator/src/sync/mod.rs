//! Generated files ↔ the output folder. In: the crate as relative path → contents, with its
//! manifest (`.generated`, see `manifest`). `plan_sync` compares with the folder and reads only;
//! `apply_sync` carries a plan out all or nothing; `check_report` renders it for `--check`.
//! Guarantees: a file is overwritten or deleted only while the folder's manifest lists it and its
//! contents still match the recorded hash; links inside the folder are never followed; a folder
//! that is a file, `/`, the home folder or holds other crates is refused; and a failed write
//! leaves the previous contents byte-for-byte in place.

mod apply;
mod guard;
mod manifest;
mod report;
mod workspace;

pub use apply::apply_sync;
pub use manifest::{MANIFEST, add_manifest, manifest_for};
pub use report::check_report;
pub use workspace::is_listed_member;

use crate::format::MARKER;
use guard::OnDisk;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A generated file whose contents on disk differ from what the generator makes now.
#[derive(Debug, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    /// What is on disk (kept to restore it if the write fails).
    pub current: Vec<u8>,
    pub new: String,
}

/// Why a file stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConflictKind {
    /// Exists where the generator writes, but the manifest does not list it.
    NotOurs,
    /// Listed, but its contents no longer match the manifest's hash.
    HandEdited,
    /// Listed, no longer generated, and changed since (so it is not deleted).
    EditedOrphan,
    /// A symbolic link where the generator would read or write (never followed).
    Link,
    /// A folder or special file where a file is expected, or a file where a folder is.
    NotAFile,
}

impl ConflictKind {
    /// Whether `--force` resolves it: the first two are overwritten, an edited orphan is left in
    /// place and dropped from the manifest. Links and folders are never replaced.
    pub fn forceable(self) -> bool {
        matches!(
            self,
            ConflictKind::NotOurs | ConflictKind::HandEdited | ConflictKind::EditedOrphan
        )
    }

    pub fn describe(self) -> String {
        match self {
            ConflictKind::NotOurs => format!("not written by this generator (not listed in {MANIFEST})"),
            ConflictKind::HandEdited => "hand-edited since the generator wrote it".to_owned(),
            ConflictKind::EditedOrphan => {
                "no longer generated, but changed since the generator wrote it".to_owned()
            }
            ConflictKind::Link => "a symbolic link (the generator never follows links)".to_owned(),
            ConflictKind::NotAFile => "not a regular file where the generator needs one (or a file where it needs a folder)".to_owned(),
        }
    }
}

/// A file in the way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Conflict {
    pub path: String,
    pub kind: ConflictKind,
}

/// What syncing would do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncPlan {
    pub changed: Vec<ChangedFile>,
    pub missing: Vec<String>,
    /// Listed in the manifest, unchanged since written, no longer generated: deleted.
    pub orphaned: Vec<String>,
    /// Files that stop the run (sorted, one per path).
    pub conflicts: Vec<Conflict>,
    /// The folder has contents but no manifest, so nothing in it is known to be ours.
    pub unmanaged: bool,
    pub unchanged: usize,
}

impl SyncPlan {
    pub fn is_in_sync(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.orphaned.is_empty()
            && self.conflicts.is_empty()
            && !self.unmanaged
    }

    /// The plan `--force` carries out: files not ours or hand-edited are taken over, an edited
    /// orphan is left in place (and falls out of the manifest). Links and folders still stop it.
    pub fn take_over(mut self) -> Self {
        self.conflicts.retain(|conflict| !conflict.kind.forceable());
        self.unmanaged = false;
        self
    }

    /// Whether anything stops `apply_sync`.
    pub fn is_blocked(&self) -> bool {
        !self.conflicts.is_empty() || self.unmanaged
    }
}

/// Counts of what `apply_sync` did.
#[derive(Debug, PartialEq, Eq)]
pub struct SyncSummary {
    pub written: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

/// Why a sync did not happen (or did not finish). Every variant names the folder or file.
#[derive(Debug)]
pub enum SyncError {
    /// The output folder can never be ours; `--force` does not change that.
    Refused {
        out: PathBuf,
        reason: String,
        hint: String,
    },
    /// Files in the way (see `SyncPlan::conflicts`); nothing was written.
    Blocked {
        out: PathBuf,
        conflicts: Vec<Conflict>,
        unmanaged: bool,
    },
    /// A file-system operation failed; `outcome` says what state the folder was left in.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
        outcome: String,
    },
    /// The generated file set itself is wrong (a generator bug).
    Internal(String),
}

impl SyncError {
    fn refused(out: &Path, reason: &str, hint: &str) -> Self {
        SyncError::Refused {
            out: out.to_path_buf(),
            reason: reason.to_owned(),
            hint: hint.to_owned(),
        }
    }

    fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        SyncError::Io {
            path: path.to_path_buf(),
            action,
            source,
            outcome: "nothing was written".to_owned(),
        }
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Refused { out, reason, hint } => write!(
                f,
                "refusing to write to {}: {reason}; nothing was written\n  hint: {hint}",
                out.display()
            ),
            SyncError::Blocked {
                out,
                conflicts,
                unmanaged,
            } => f.write_str(&report::blocked_message(out, conflicts, *unmanaged)),
            SyncError::Io {
                path,
                action,
                source,
                outcome,
            } => write!(f, "cannot {action} {}: {source}; {outcome}", path.display()),
            SyncError::Internal(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SyncError {}

/// Compares `files` (relative paths; the manifest is derived when absent) with `out`. Reads only.
/// `Err` when the folder is refused outright, its manifest is unreadable, or a path is invalid.
pub fn plan_sync(out: &Path, files: &BTreeMap<String, String>) -> Result<SyncPlan, SyncError> {
    let files = manifest::with_manifest(files);
    for path in files.keys().filter(|path| *path != MANIFEST) {
        manifest::check_relative_path(path).map_err(|why| {
            SyncError::Internal(format!("internal error: generated file path: {why}"))
        })?;
    }
    guard::refuse_unsafe_out(out)?;
    let mut plan = SyncPlan::default();
    let owned = read_manifest(out, &files[MANIFEST], &mut plan)?;
    guard::refuse_foreign_crates(out, &owned)?;
    plan.unmanaged = plan_is_unmanaged(out, &plan)?;
    for (path, new) in files.iter().filter(|(path, _)| *path != MANIFEST) {
        plan_generated_file(out, path, new, owned.get(path), &mut plan)?;
    }
    for (path, hash) in &owned {
        if !files.contains_key(path) {
            plan_listed_orphan(out, path, hash, &mut plan)?;
        }
    }
    plan.conflicts.sort();
    plan.conflicts.dedup();
    Ok(plan)
}

/// Reads and parses the manifest on disk (planning it like any generated file); no manifest
/// means nothing is owned.
fn read_manifest(
    out: &Path,
    new_manifest: &str,
    plan: &mut SyncPlan,
) -> Result<manifest::Entries, SyncError> {
    let bytes = match guard::inspect(out, MANIFEST)? {
        OnDisk::Missing => {
            plan.missing.push(MANIFEST.to_owned());
            return Ok(manifest::Entries::new());
        }
        OnDisk::File(bytes) => bytes,
        OnDisk::Link(_) | OnDisk::NotAFile(_) => {
            let reason = format!("its {MANIFEST} is not a regular file");
            let hint = format!(
                "remove {} and run again with --force",
                out.join(MANIFEST).display()
            );
            return Err(SyncError::refused(out, &reason, &hint));
        }
    };
    let entries = std::str::from_utf8(&bytes)
        .map_err(|_| "it is not UTF-8 text".to_owned())
        .and_then(manifest::parse_manifest)
        .map_err(|why| {
            let reason = format!("its {MANIFEST} is not a manifest this generator wrote ({why})");
            let hint = format!(
                "restore {} from version control, or remove it and run again with --force to take the files over",
                out.join(MANIFEST).display()
            );
            SyncError::refused(out, &reason, &hint)
        })?;
    if bytes == new_manifest.as_bytes() {
        plan.unchanged += 1;
    } else {
        plan.changed.push(ChangedFile {
            path: MANIFEST.to_owned(),
            current: bytes,
            new: new_manifest.to_owned(),
        });
    }
    Ok(entries)
}

/// A folder with contents but no manifest is not known to be ours.
fn plan_is_unmanaged(out: &Path, plan: &SyncPlan) -> Result<bool, SyncError> {
    let no_manifest = plan.missing.iter().any(|path| path == MANIFEST);
    Ok(no_manifest && guard::has_content(out)?)
}

fn plan_generated_file(
    out: &Path,
    path: &str,
    new: &str,
    recorded_hash: Option<&String>,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    let (blocker, kind) = match guard::inspect(out, path)? {
        OnDisk::Missing => {
            plan.missing.push(path.to_owned());
            return Ok(());
        }
        OnDisk::Link(link) => (link, ConflictKind::Link),
        OnDisk::NotAFile(blocker) => (blocker, ConflictKind::NotAFile),
        OnDisk::File(current) => {
            plan_existing_file(path, current, new, recorded_hash, plan);
            return Ok(());
        }
    };
    plan.conflicts.push(Conflict {
        path: blocker,
        kind,
    });
    Ok(())
}

/// A generated file that exists: ours to overwrite only when listed and unedited.
fn plan_existing_file(
    path: &str,
    current: Vec<u8>,
    new: &str,
    recorded_hash: Option<&String>,
    plan: &mut SyncPlan,
) {
    let kind = match recorded_hash {
        None => Some(ConflictKind::NotOurs),
        Some(hash) if current != new.as_bytes() && *hash != manifest::sha256_hex(&current) => {
            Some(ConflictKind::HandEdited)
        }
        Some(_) => None,
    };
    if let Some(kind) = kind {
        plan.conflicts.push(Conflict {
            path: path.to_owned(),
            kind,
        });
    }
    if current == new.as_bytes() {
        plan.unchanged += 1;
    } else {
        plan.changed.push(ChangedFile {
            path: path.to_owned(),
            current,
            new: new.to_owned(),
        });
    }
}

/// A listed file the generator no longer produces: deleted only while unchanged.
fn plan_listed_orphan(
    out: &Path,
    path: &str,
    hash: &str,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    match guard::inspect(out, path)? {
        OnDisk::Missing => {}
        OnDisk::File(bytes) if manifest::sha256_hex(&bytes) == hash => {
            plan.orphaned.push(path.to_owned())
        }
        OnDisk::File(_) | OnDisk::Link(_) | OnDisk::NotAFile(_) => plan.conflicts.push(Conflict {
            path: path.to_owned(),
            kind: ConflictKind::EditedOrphan,
        }),
    }
    Ok(())
}

#[cfg(test)]
mod tests;
