//! Plans and refusals as text. In: a `SyncPlan` (or the conflicts that block one) and the output
//! folder's label; out: `--check`'s report (a unified diff per changed file, then missing,
//! orphaned and conflicting files) and the message that stops a write, which always says how to
//! proceed. Paths from the folder are shown with control characters escaped.

use super::{Conflict, MANIFEST, SyncPlan};
use std::fmt::Write;
use std::path::Path;

/// How many conflicting files a message names before summarising the rest.
const CONFLICTS_SHOWN: usize = 40;

/// Unified diffs of changed files, then missing, orphaned and conflicting ones; `label` names the
/// output folder in paths (`generated`).
pub fn check_report(plan: &SyncPlan, label: &str) -> String {
    let mut out = String::new();
    for file in &plan.changed {
        let old_name = format!("{label}/{} (on disk)", file.path);
        let new_name = format!("{label}/{} (generated)", file.path);
        let current = String::from_utf8_lossy(&file.current);
        out.push_str(
            &similar::TextDiff::from_lines(current.as_ref(), file.new.as_str())
                .unified_diff()
                .context_radius(3)
                .header(&old_name, &new_name)
                .to_string(),
        );
    }
    for path in &plan.missing {
        let _ = writeln!(out, "missing: {label}/{path} (generated, not on disk)");
    }
    for path in &plan.orphaned {
        let _ = writeln!(
            out,
            "orphaned: {label}/{path} (listed in {MANIFEST}, no longer generated)"
        );
    }
    if plan.unmanaged {
        let _ = writeln!(out, "{}", unmanaged_line(label));
    }
    for conflict in &plan.conflicts {
        let _ = writeln!(out, "{}", conflict_line(label, conflict));
    }
    out
}

/// Why a write was refused, every file in the way, and how to proceed.
pub(super) fn blocked_message(out: &Path, conflicts: &[Conflict], unmanaged: bool) -> String {
    let label = out.display().to_string();
    let mut message = format!("refusing to write to {label}: ");
    if unmanaged {
        let _ = writeln!(message, "{}", unmanaged_line(&label));
    } else {
        let _ = writeln!(message, "{} in the way", count(conflicts.len()));
    }
    for conflict in conflicts.iter().take(CONFLICTS_SHOWN) {
        let _ = writeln!(message, "  {}", conflict_line(&label, conflict));
    }
    if conflicts.len() > CONFLICTS_SHOWN {
        let _ = writeln!(
            message,
            "  … and {} more",
            conflicts.len() - CONFLICTS_SHOWN
        );
    }
    let forceable = unmanaged || conflicts.iter().any(|c| c.kind.forceable());
    let unforceable = conflicts.iter().any(|c| !c.kind.forceable());
    message.push_str("nothing was written");
    if forceable {
        let _ = write!(
            message,
            "\n  hint: to let the generator take these files over (overwriting them; edited files it \
             no longer generates are left in place), run the same command again with --force; to \
             keep them, move them out of {label} first"
        );
    }
    if unforceable {
        let _ = write!(
            message,
            "\n  hint: --force never follows or replaces links and folders: remove them, or choose another --out"
        );
    }
    message
}

fn unmanaged_line(label: &str) -> String {
    format!(
        "{label} is not empty and has no manifest ({label}/{MANIFEST}), so nothing in it is known to be the generator's"
    )
}

fn conflict_line(label: &str, conflict: &Conflict) -> String {
    format!(
        "{label}/{}: {}",
        conflict.path.escape_debug(),
        conflict.kind.describe()
    )
}

fn count(files: usize) -> String {
    if files == 1 {
        "1 file is".to_owned()
    } else {
        format!("{files} files are")
    }
}
