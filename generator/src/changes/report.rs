//! `Change`s + the two crate versions → the report: changes grouped by operation (in Rust-path
//! order, so an operation's resource groups them too), then models, each with both verdicts,
//! and a last line with the semantic-version bump the changes need. The text is exact and
//! stable: the same inputs always give the same bytes.
//!
//! The bump follows Rust callers, because the crate's version is a promise to them: a change
//! that breaks their code needs a major (0.x: minor) bump; new API that breaks nothing needs a
//! minor (0.x: patch); anything else, wire-only changes included, a patch. A wire-only break
//! (an endpoint moved) is the server's break: the new crate fixes old callers, so it is
//! reported, but it does not force a major version of the crate.

use super::classify::{Change, Group, Verdict};
use super::text::escape;
use std::fmt::Write as _;

/// How much the change set needs the version to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing in the surface or the wire contract changed.
    Nothing,
    Fix,
    Addition,
    Breaking,
}

impl Level {
    /// The level's word in the surface file's `pending` line.
    pub fn word(self) -> &'static str {
        match self {
            Level::Nothing => "nothing",
            Level::Fix => "fix",
            Level::Addition => "addition",
            Level::Breaking => "breaking",
        }
    }

    pub fn from_word(word: &str) -> Option<Level> {
        [Level::Nothing, Level::Fix, Level::Addition, Level::Breaking]
            .into_iter()
            .find(|level| level.word() == word)
    }
}

/// The changes between two surfaces, and what they need of the version.
#[derive(Debug)]
pub struct ChangeReport {
    pub crate_name: String,
    /// The version the bump is judged from: the old surface file's, or the base of the
    /// changes it records as pending.
    pub old_version: String,
    /// The version of the crate being generated.
    pub new_version: String,
    pub changes: Vec<Change>,
    /// What the pending changes recorded in the old surface file already need
    /// (`Level::Nothing` without any).
    pub carried: Level,
}

impl ChangeReport {
    pub fn level(&self) -> Level {
        self.changes
            .iter()
            .map(|change| {
                if change.rust.breaking {
                    Level::Breaking
                } else if change.addition {
                    Level::Addition
                } else {
                    Level::Fix
                }
            })
            .max()
            .unwrap_or(Level::Nothing)
            .max(self.carried)
    }

    /// The bump's name, the lowest version that has it, and whether the configured version
    /// does; `None` when a version is not `major.minor.patch`.
    pub fn bump(&self) -> Option<Bump> {
        let new = parse_version(&self.new_version)?;
        let (name, required) = required_version(&self.old_version, self.level())?;
        Some(Bump {
            name,
            required: format!("{}.{}.{}", required.0, required.1, required.2),
            satisfied: new >= required,
        })
    }

    /// Whether the version of the crate being generated is lower than the changes need.
    pub fn outgrown(&self) -> bool {
        self.bump().is_some_and(|bump| !bump.satisfied)
    }

    /// One paragraph for the end of a write run that changed the surface: how many changes,
    /// how many break Rust callers or old clients on the wire, and the bump they need; `None`
    /// when nothing changed.
    pub fn summary(&self) -> Option<String> {
        if self.changes.is_empty() {
            return self.outgrown().then(|| {
                format!(
                    "{} Bump `crate.version` in sdk.yaml, or set `crate.bump: auto`.",
                    self.carried_sentence()
                )
            });
        }
        let count = crate::diagnostics::counted;
        let rust = self.changes.iter().filter(|c| c.rust.breaking).count();
        let wire = self.changes.iter().filter(|c| c.wire.breaking).count();
        let mut text = format!(
            "{} to the public surface since the last run ({rust} breaking for Rust callers, {wire} on the wire)",
            count(self.changes.len(), "change")
        );
        if let Some(bump) = self.bump() {
            let verdict = if bump.satisfied {
                format!("version {} satisfies it", self.new_version)
            } else {
                format!(
                    "bump `crate.version` in sdk.yaml to at least {}",
                    bump.required
                )
            };
            text.push_str(&format!("; it needs a {} release: {verdict}", bump.name));
        }
        text.push_str(". `--changes` lists them, each with its reason.");
        Some(text)
    }

    /// The whole report, ending in a newline.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            let _ = writeln!(
                out,
                "No change to the public surface or the wire contract of {}.",
                self.crate_name
            );
        } else {
            let _ = writeln!(
                out,
                "Changes to the public surface and the wire contract of {}:",
                self.crate_name
            );
            self.write_groups(&mut out);
        }
        if self.carried > Level::Nothing {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", self.carried_sentence());
        }
        let _ = writeln!(out);
        out.push_str(&self.bump_line());
        out.push('\n');
        out
    }

    /// What the `pending` line of the old surface file says, in a sentence.
    fn carried_sentence(&self) -> String {
        let kind = match self.carried {
            Level::Breaking => "break Rust callers",
            Level::Addition => "add to the API",
            Level::Nothing | Level::Fix => "need a patch release",
        };
        format!(
            "api.lock records earlier changes since {} that {kind}, not yet in a version that satisfies them (CHANGELOG.md lists them).",
            self.old_version
        )
    }

    fn write_groups(&self, out: &mut String) {
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by(|a, b| a.group.cmp(&b.group));
        let mut current: Option<&Group> = None;
        for change in changes {
            if current != Some(&change.group) {
                let _ = writeln!(out);
                let _ = match &change.group {
                    Group::Crate => writeln!(out, "crate"),
                    Group::Operation { path, endpoint } => writeln!(out, "{path} ({endpoint})"),
                    Group::Models => writeln!(out, "models"),
                };
                current = Some(&change.group);
            }
            let _ = writeln!(out, "  {}: {}", change.about, change.what);
            if let Some(pointer) = &change.pointer {
                let _ = writeln!(out, "    spec: {}", escape(pointer));
            }
            let _ = writeln!(out, "    Rust: {}", verdict_text(&change.rust));
            let _ = writeln!(out, "    wire: {}", verdict_text(&change.wire));
        }
    }

    fn bump_line(&self) -> String {
        let (old, new) = (&self.old_version, &self.new_version);
        match self.bump() {
            None => format!("bump: cannot tell, {old} or {new} is not a major.minor.patch version"),
            Some(bump) if bump.required == *old => format!(
                "bump: {}, nothing needs a new version; the configured version {new} satisfies it",
                bump.name
            ),
            Some(bump) => format!(
                "bump: {}, from {old} to at least {}; the configured version {new} {}",
                bump.name,
                bump.required,
                if bump.satisfied {
                    "satisfies it"
                } else {
                    "does not satisfy it"
                }
            ),
        }
    }
}

/// The bump's name and the lowest version after `old` that changes of `level` need; `None`
/// when `old` is not `major.minor.patch`.
pub fn required_version(old: &str, level: Level) -> Option<(&'static str, (u64, u64, u64))> {
    let old = parse_version(old)?;
    let (major, minor, patch) = old;
    let (name, required) = match (level, major) {
        (Level::Nothing, _) => ("patch at most", old),
        (Level::Fix, _) => ("patch", (major, minor, patch.saturating_add(1))),
        (Level::Addition, 0) => (
            "patch (0.x: an addition bumps the patch)",
            (0, minor, patch.saturating_add(1)),
        ),
        (Level::Addition, _) => ("minor", (major, minor.saturating_add(1), 0)),
        (Level::Breaking, 0) => (
            "minor (0.x: a breaking change bumps the minor)",
            (0, minor.saturating_add(1), 0),
        ),
        (Level::Breaking, _) => ("major", (major.saturating_add(1), 0, 0)),
    };
    Some((name, required))
}

/// The version bump a change set needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Bump {
    pub name: &'static str,
    /// The lowest version that satisfies it.
    pub required: String,
    /// The configured version is at least `required`.
    pub satisfied: bool,
}

fn verdict_text(verdict: &Verdict) -> String {
    let class = if verdict.breaking {
        "breaking"
    } else {
        "compatible"
    };
    format!("{class}: {}", verdict.why)
}

/// `1.2.3`, ignoring pre-release and build metadata (they never decide the bump).
fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}
