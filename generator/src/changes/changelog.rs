//! `CHANGELOG.md` of the generated crate: the change reports of successive regenerations, in
//! Markdown, newest first, each under the version that carries it. The history users read is
//! made from the same facts as the report the maintainer reads.
//!
//! The file is the generator's (it is in the manifest, like every generated file), and each run
//! rebuilds it from the file already in the output plus the new report, so it is a pure function
//! of its inputs and a `--check` after a write finds it in sync. Changes that the configured
//! version does not satisfy yet go under `## Unreleased`, which becomes the version's heading
//! once `crate.version` is bumped. Prose about a release belongs in the release notes (a tag or
//! the forge's release page), which can quote a section: a hand edit here would stop the next
//! run at the manifest's guard.

use super::classify::{Change, Group};
use super::report::ChangeReport;
use super::text::escape;
use crate::diagnostics::counted;
use crate::format::MARKER;
use crate::ir::{Api, Resource};
use crate::lower::docs::code_span;
use std::fmt::Write as _;

/// The changelog's path in the generated crate.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

const UNRELEASED: &str = "## Unreleased";

fn header() -> String {
    format!(
        "# Changelog\n\n\
         <!-- {MARKER} from the OpenAPI description; do not edit by hand, regenerate instead. -->\n\n\
         What changed for users of this crate, newest first: each regeneration that changed its public\n\
         surface or wire contract adds the generator's change report under the version that carries it,\n\
         every change classified for Rust callers (does code written against the old version still\n\
         compile and mean the same?) and on the wire (does an old client still work against the new\n\
         server?). Release prose lives in the release notes.\n"
    )
}

/// The changelog of a crate generated without an earlier surface file to compare with.
pub fn first_changelog(api: &Api) -> String {
    let operations: usize = api
        .resources
        .iter()
        .flat_map(Resource::walk)
        .map(|r| r.operations.len())
        .sum();
    format!(
        "{}\n## {}\n\nThe first generated version: {}, {}.\n",
        header(),
        api.package.version,
        counted(operations, "operation"),
        counted(api.models.len(), "model")
    )
}

/// `old` with `report` added at the top; `old` itself (with today's header) when the report
/// adds nothing and no heading needs renaming. `pending`: the version does not satisfy the
/// changes (they go under `## Unreleased`).
pub fn update(old: &str, report: &ChangeReport, pending: bool) -> String {
    let mut sections = split_sections(old);
    let heading = match report.bump() {
        Some(bump) if pending => {
            format!("{UNRELEASED} (needs version {} or later)", bump.required)
        }
        _ => format!("## {}", report.new_version),
    };
    // Changes recorded while the version fell short: their section takes the version's heading.
    if let Some(first) = sections.first_mut()
        && first.0.starts_with(UNRELEASED)
    {
        first.0.clone_from(&heading);
    }
    if !report.changes.is_empty() {
        let block = markdown(report);
        match sections.first_mut() {
            Some(first) if first.0 == heading => first.1.insert_str(0, &format!("\n{block}")),
            _ => sections.insert(0, (heading, format!("\n{block}"))),
        }
    }
    let mut out = header();
    for (heading, body) in sections {
        let _ = write!(out, "\n{heading}\n{body}");
    }
    out
}

/// `(heading line, text up to the next heading)` for every `## ` section of `text`.
fn split_sections(text: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") {
            sections.push((line.trim_end().to_owned(), String::new()));
        } else if let Some(last) = sections.last_mut() {
            last.1.push_str(line);
        }
    }
    // Sections are separated by one blank line when written back.
    for section in &mut sections {
        let trimmed = section.1.trim_end().len();
        section.1.truncate(trimmed);
        section.1.push('\n');
    }
    sections
}

/// The report in Markdown: a summary sentence, then a `###` heading per operation (and for the
/// crate and the models), each change a list item with both verdicts.
pub fn markdown(report: &ChangeReport) -> String {
    let rust = report.changes.iter().filter(|c| c.rust.breaking).count();
    let wire = report.changes.iter().filter(|c| c.wire.breaking).count();
    let mut out = format!(
        "Changes since {}: {} in all, {rust} breaking for Rust callers, {wire} on the wire",
        md(&report.old_version),
        report.changes.len()
    );
    if let Some(bump) = report.bump() {
        let _ = write!(out, "; they need a {} release", md(bump.name));
    }
    out.push_str(".\n");
    let mut changes: Vec<&Change> = report.changes.iter().collect();
    changes.sort_by(|a, b| a.group.cmp(&b.group));
    let mut current: Option<&Group> = None;
    for change in changes {
        if current != Some(&change.group) {
            let _ = match &change.group {
                Group::Crate => writeln!(out, "\n### The crate\n"),
                Group::Operation { path, endpoint } => {
                    writeln!(out, "\n### {} ({})\n", code_span(path), md(endpoint))
                }
                Group::Models => writeln!(out, "\n### Models\n"),
            };
            current = Some(&change.group);
        }
        let _ = writeln!(out, "- {}: {}", code_span(&change.about), md(&change.what));
        if let Some(pointer) = &change.pointer {
            let _ = writeln!(out, "  - spec: {}", code_span(&escape(pointer)));
        }
        for (side, verdict) in [("Rust", &change.rust), ("wire", &change.wire)] {
            let class = if verdict.breaking {
                "**breaking**"
            } else {
                "compatible"
            };
            let _ = writeln!(out, "  - {side}: {class}: {}", md(&verdict.why));
        }
    }
    out
}

/// Report text for Markdown: names and paths come from the spec, so nothing in them may open
/// HTML (the surface file already escaped control characters).
fn md(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
