//! Carrying out a plan, all or nothing. In: a plan from `plan_sync` and the files it was made
//! from; out: the folder updated, or an error naming the file and the OS error. Every file is
//! first staged under a temporary name beside its destination; only when all are staged are they
//! renamed into place (a failure then restores what was already replaced, so the previous crate is
//! byte-for-byte intact). Orphans are deleted after the renames, and the manifest is renamed last,
//! so an interrupted run still leaves a folder whose manifest vouches only for what it wrote.

use super::guard::{self, OnDisk};
use super::manifest::{self, MANIFEST};
use super::{SyncError, SyncPlan, SyncSummary};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes changed and missing files and deletes orphans, as planned. Refuses a blocked plan
/// (`SyncPlan::take_over` is how `--force` unblocks one).
pub fn apply_sync(
    out: &Path,
    files: &BTreeMap<String, String>,
    plan: &SyncPlan,
) -> Result<SyncSummary, SyncError> {
    if plan.is_blocked() {
        return Err(SyncError::Blocked {
            out: out.to_path_buf(),
            conflicts: plan.conflicts.clone(),
            unmanaged: plan.unmanaged,
        });
    }
    let files = manifest::with_manifest(files);
    let mut writes: Vec<(&str, Option<&[u8]>)> = plan
        .changed
        .iter()
        .map(|file| (file.path.as_str(), Some(file.current.as_slice())))
        .chain(plan.missing.iter().map(|path| (path.as_str(), None)))
        .collect();
    // The manifest goes last, so that it is renamed into place after everything it vouches for.
    writes.sort_by_key(|(path, _)| (*path == MANIFEST, *path));
    let mut transaction = Transaction::default();
    let staged = writes.iter().try_for_each(|(path, previous)| {
        let contents = files.get(*path).ok_or_else(|| {
            SyncError::Internal(format!(
                "internal error: the plan writes {path}, which was not generated"
            ))
        })?;
        transaction.stage(out, path, contents, *previous)
    });
    if let Err(err) = staged {
        transaction.abandon();
        return Err(err);
    }
    let manifest = match transaction.staged.last() {
        Some(last) if last.rel == MANIFEST => transaction.staged.pop(),
        _ => None,
    };
    let drop_manifest = |_: &SyncError| {
        if let Some(manifest) = &manifest {
            let _ = fs::remove_file(&manifest.staged);
        }
    };
    transaction.commit().inspect_err(drop_manifest)?;
    let deleted = delete_orphans(out, &plan.orphaned).inspect_err(drop_manifest)?;
    if let Some(manifest) = manifest {
        fs::rename(&manifest.staged, &manifest.dest).map_err(|err| {
            let _ = fs::remove_file(&manifest.staged);
            SyncError::Io {
                path: manifest.dest.clone(),
                action: "replace",
                source: err,
                outcome: "the new files are in place but the manifest is the old one; run again to finish".to_owned(),
            }
        })?;
    }
    Ok(SyncSummary {
        written: writes.len(),
        unchanged: plan.unchanged,
        deleted,
    })
}

/// A file written under a temporary name, waiting to be renamed over its destination.
struct Staged {
    rel: String,
    staged: PathBuf,
    dest: PathBuf,
    /// What the destination held before (`None`: it did not exist), to restore on failure.
    previous: Option<Vec<u8>>,
    permissions: Option<fs::Permissions>,
}

/// Everything created so far, so that a failure can take it all back.
#[derive(Default)]
struct Transaction {
    created_dirs: Vec<PathBuf>,
    staged: Vec<Staged>,
}

impl Transaction {
    /// Writes `contents` beside `out/rel` under a temporary name, creating missing folders.
    fn stage(
        &mut self,
        out: &Path,
        rel: &str,
        contents: &str,
        previous: Option<&[u8]>,
    ) -> Result<(), SyncError> {
        let dest = out.join(rel);
        self.create_out(out)?;
        self.create_dirs_inside(out, rel)?;
        let permissions = match fs::symlink_metadata(&dest) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let err =
                    io::Error::other("it is a symbolic link, which the generator never follows");
                return Err(SyncError::io(&dest, "replace", err));
            }
            Ok(meta) if meta.permissions().readonly() => {
                // Renaming over a read-only file would succeed (only the folder's permissions
                // matter), but a read-only file is its owner saying "do not change this".
                let err = io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only");
                return Err(SyncError::io(&dest, "replace", err));
            }
            Ok(meta) => Some(meta.permissions()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(SyncError::io(&dest, "read", err)),
        };
        let staged = staging_path(&dest);
        write_new_file(&staged, contents.as_bytes(), permissions.as_ref()).map_err(
            |(wrote, err)| {
                if wrote {
                    let _ = fs::remove_file(&staged);
                }
                SyncError::io(&dest, "write", err)
            },
        )?;
        self.staged.push(Staged {
            rel: rel.to_owned(),
            staged,
            dest,
            previous: previous.map(<[u8]>::to_vec),
            permissions,
        });
        Ok(())
    }

    /// Creates `out` and its missing parents, remembering each one created. `out` itself (and
    /// what leads to it) is the user's to name, so a link there is followed.
    fn create_out(&mut self, out: &Path) -> Result<(), SyncError> {
        let mut missing = Vec::new();
        let mut current = Some(out);
        while let Some(path) = current.filter(|path| !path.as_os_str().is_empty()) {
            match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => break,
                Ok(_) => {
                    let err = io::Error::other("it exists and is not a folder");
                    return Err(SyncError::io(path, "create the folder", err));
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => missing.push(path),
                Err(err) => return Err(SyncError::io(path, "read", err)),
            }
            current = path.parent();
        }
        for path in missing.into_iter().rev() {
            self.create_dir(path)?;
        }
        Ok(())
    }

    /// Creates the missing folders of `rel` inside `out`, one at a time; a link or a file where a
    /// folder belongs is an error (planning refuses both, so this only happens in a race).
    fn create_dirs_inside(&mut self, out: &Path, rel: &str) -> Result<(), SyncError> {
        let mut current = out.to_path_buf();
        let folders = rel.split('/').collect::<Vec<_>>();
        for folder in &folders[..folders.len().saturating_sub(1)] {
            current.push(folder);
            match fs::symlink_metadata(&current) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => {
                    let err = io::Error::other("it is not a folder (or is a link, never followed)");
                    return Err(SyncError::io(&current, "create the folder", err));
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => self.create_dir(&current)?,
                Err(err) => return Err(SyncError::io(&current, "read", err)),
            }
        }
        Ok(())
    }

    fn create_dir(&mut self, path: &Path) -> Result<(), SyncError> {
        fs::create_dir(path).map_err(|err| SyncError::io(path, "create the folder", err))?;
        self.created_dirs.push(path.to_path_buf());
        Ok(())
    }

    /// Renames every staged file into place; on a failure puts back what was replaced.
    fn commit(mut self) -> Result<(), SyncError> {
        for index in 0..self.staged.len() {
            let file = &self.staged[index];
            if let Err(err) = fs::rename(&file.staged, &file.dest) {
                let dest = file.dest.clone();
                let restore_failures = self.restore(index);
                self.abandon();
                let outcome = if restore_failures.is_empty() {
                    "nothing was changed (the files already replaced were restored)".to_owned()
                } else {
                    format!("and restoring failed too: {}", restore_failures.join("; "))
                };
                return Err(SyncError::Io {
                    path: dest,
                    action: "replace",
                    source: err,
                    outcome,
                });
            }
        }
        Ok(())
    }

    /// Puts back the previous contents of the first `count` staged files, which were already
    /// renamed into place; returns what could not be restored.
    fn restore(&mut self, count: usize) -> Vec<String> {
        let mut failures = Vec::new();
        for file in self.staged.drain(..count) {
            let restored = match &file.previous {
                None => fs::remove_file(&file.dest),
                Some(bytes) => {
                    let staged = staging_path(&file.dest);
                    write_new_file(&staged, bytes, file.permissions.as_ref())
                        .map_err(|(_, err)| err)
                        .and_then(|()| fs::rename(&staged, &file.dest))
                        .inspect_err(|_| {
                            let _ = fs::remove_file(&staged);
                        })
                }
            };
            if let Err(err) = restored {
                failures.push(format!("{}: {err}", file.dest.display()));
            }
        }
        failures
    }

    /// Removes every staged file and every folder this run created (newest first, only if empty).
    fn abandon(&mut self) {
        for file in self.staged.drain(..) {
            let _ = fs::remove_file(&file.staged);
        }
        for dir in self.created_dirs.drain(..).rev() {
            let _ = fs::remove_dir(&dir);
        }
    }
}

/// The temporary name a file is staged under: hidden, beside its destination, and unique to this
/// process, so a concurrent run cannot collide with it.
fn staging_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.{}.generating", std::process::id()))
}

/// Creates `path` (never reusing or following an existing entry) and writes `bytes` into it.
/// The flag says whether the file was created, so the caller knows whether to remove it.
fn write_new_file(
    path: &Path,
    bytes: &[u8],
    permissions: Option<&fs::Permissions>,
) -> Result<(), (bool, io::Error)> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| (false, err))?;
    file.write_all(bytes).map_err(|err| (true, err))?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions.clone())
            .map_err(|err| (true, err))?;
    }
    Ok(())
}

/// Deletes planned orphans that are still plain files behind no link, then any folder left empty.
fn delete_orphans(out: &Path, orphaned: &[String]) -> Result<usize, SyncError> {
    let mut deleted = 0;
    for rel in orphaned {
        if !matches!(guard::inspect(out, rel)?, OnDisk::File(_)) {
            continue;
        }
        let path = out.join(rel);
        fs::remove_file(&path).map_err(|err| SyncError::Io {
            path: path.clone(),
            action: "delete",
            source: err,
            outcome:
                "the new files are in place and the manifest still lists it; run again to finish"
                    .to_owned(),
        })?;
        deleted += 1;
        remove_empty_parents(out, &path);
    }
    Ok(deleted)
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == out || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rename_puts_back_every_file_already_replaced() {
        let dir = std::env::temp_dir().join(format!("sync-apply-rename-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.rs"), "old a").unwrap();
        fs::write(dir.join("c.rs"), "old c").unwrap();
        let mut transaction = Transaction::default();
        transaction
            .stage(&dir, "a.rs", "new a", Some(b"old a"))
            .unwrap();
        transaction.stage(&dir, "b/new.rs", "new b", None).unwrap();
        transaction
            .stage(&dir, "c.rs", "new c", Some(b"old c"))
            .unwrap();
        // The third rename fails: its staged file vanished under it.
        fs::remove_file(&transaction.staged[2].staged).unwrap();
        let err = transaction.commit().unwrap_err().to_string();
        assert!(err.starts_with("cannot replace "), "{err}");
        assert!(err.contains("c.rs: No such file or directory"), "{err}");
        assert!(
            err.ends_with("nothing was changed (the files already replaced were restored)"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(dir.join("a.rs")).unwrap(), "old a");
        assert_eq!(fs::read_to_string(dir.join("c.rs")).unwrap(), "old c");
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a.rs", "c.rs"], "no staged files, no new folder");
        fs::remove_dir_all(&dir).unwrap();
    }
}
