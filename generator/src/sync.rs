//! Generated files ↔ the output directory. `plan_sync` compares without touching anything;
//! `apply_sync` writes only changed files and deletes only files that carry our header and are
//! no longer produced. `check_report` renders a plan as unified diffs for `--check` and tests.

use crate::format::MARKER;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What syncing would do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncPlan {
    /// `(path, current contents, new contents)`
    pub changed: Vec<(String, String, String)>,
    pub missing: Vec<String>,
    /// Files with our header that the generator no longer produces.
    pub orphaned: Vec<String>,
    pub unchanged: usize,
}

impl SyncPlan {
    pub fn is_in_sync(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }
}

/// Counts of what `apply_sync` did.
#[derive(Debug, PartialEq, Eq)]
pub struct SyncSummary {
    pub written: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

/// Compares `files` (crate-relative paths) with `out_dir`.
pub fn plan_sync(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<SyncPlan> {
    let mut plan = SyncPlan::default();
    for (path, contents) in files {
        match fs::read(out_dir.join(path)) {
            Ok(bytes) if bytes == contents.as_bytes() => plan.unchanged += 1,
            Ok(bytes) => plan.changed.push((
                path.clone(),
                String::from_utf8_lossy(&bytes).into_owned(),
                contents.clone(),
            )),
            Err(err) if err.kind() == io::ErrorKind::NotFound => plan.missing.push(path.clone()),
            Err(err) => return Err(err),
        }
    }
    for path in ours_on_disk(out_dir)? {
        if !files.contains_key(&path) {
            plan.orphaned.push(path);
        }
    }
    Ok(plan)
}

/// Carries out a plan: writes changed and missing files, deletes orphans.
pub fn apply_sync(
    out_dir: &Path,
    files: &BTreeMap<String, String>,
    plan: &SyncPlan,
) -> io::Result<SyncSummary> {
    let to_write = plan
        .changed
        .iter()
        .map(|(path, _, _)| path)
        .chain(&plan.missing);
    let mut written = 0;
    for path in to_write {
        let target = out_dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, &files[path])?;
        written += 1;
    }
    for path in &plan.orphaned {
        fs::remove_file(out_dir.join(path))?;
        remove_empty_parents(out_dir, &out_dir.join(path));
    }
    Ok(SyncSummary {
        written,
        unchanged: plan.unchanged,
        deleted: plan.orphaned.len(),
    })
}

/// Every file under `dir` (not `target/` or hidden folders) whose first line has our marker.
fn ours_on_disk(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            if name != "target" && !name.starts_with('.') {
                walk(root, &path, found)?;
            }
        } else if has_marker(&path) {
            found.push(relative(root, &path));
        }
    }
    Ok(())
}

fn has_marker(path: &Path) -> bool {
    let Ok(bytes) = fs::read(path) else {
        return false;
    };
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first_line).contains(MARKER)
}

fn relative(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// Unified diffs of changed files and lists of missing and orphaned ones; `label` names the
/// output directory in paths (`generated`).
pub fn check_report(plan: &SyncPlan, label: &str) -> String {
    let mut out = String::new();
    for (path, current, new) in &plan.changed {
        let old_name = format!("{label}/{path} (on disk)");
        let new_name = format!("{label}/{path} (generated)");
        out.push_str(
            &similar::TextDiff::from_lines(current, new)
                .unified_diff()
                .context_radius(3)
                .header(&old_name, &new_name)
                .to_string(),
        );
    }
    for path in &plan.missing {
        out.push_str(&format!(
            "missing: {label}/{path} (generated, not on disk)\n"
        ));
    }
    for path in &plan.orphaned {
        out.push_str(&format!(
            "orphaned: {label}/{path} (on disk with the @generated header, no longer generated)\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sync-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn plans_writes_and_deletes_only_ours() {
        let dir = temp_dir("plan");
        fs::create_dir_all(dir.join("src/old")).unwrap();
        fs::write(
            dir.join("src/same.rs"),
            "// @generated by sdk-generator\nsame\n",
        )
        .unwrap();
        fs::write(
            dir.join("src/edited.rs"),
            "// @generated by sdk-generator\nhand edit\n",
        )
        .unwrap();
        fs::write(
            dir.join("src/old/gone.rs"),
            "// @generated by sdk-generator\n",
        )
        .unwrap();
        fs::write(dir.join("src/mine.rs"), "// written by a person\n").unwrap();
        let files: BTreeMap<String, String> = [
            ("src/same.rs", "// @generated by sdk-generator\nsame\n"),
            ("src/edited.rs", "// @generated by sdk-generator\nnew\n"),
            ("src/new.rs", "// @generated by sdk-generator\n"),
        ]
        .into_iter()
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
        .collect();
        let plan = plan_sync(&dir, &files).unwrap();
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.missing, ["src/new.rs"]);
        assert_eq!(plan.orphaned, ["src/old/gone.rs"]);
        let report = check_report(&plan, "out");
        assert!(report.contains("-hand edit\n+new\n"), "{report}");
        assert!(
            report.contains("missing: out/src/new.rs")
                && report.contains("orphaned: out/src/old/gone.rs")
        );

        let summary = apply_sync(&dir, &files, &plan).unwrap();
        assert_eq!(
            summary,
            SyncSummary {
                written: 2,
                unchanged: 1,
                deleted: 1
            }
        );
        assert!(
            !dir.join("src/old").exists(),
            "empty folders of orphans are removed"
        );
        assert!(
            dir.join("src/mine.rs").exists(),
            "files without our header are never touched"
        );
        assert!(plan_sync(&dir, &files).unwrap().is_in_sync());
        fs::remove_dir_all(&dir).unwrap();
    }
}
