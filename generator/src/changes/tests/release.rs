//! Tests of the version across runs in memory: the `pending` line's round trip, the changelog's
//! Markdown (escaped, and stable when nothing changed), and `evolve_from` carrying a break that a
//! write recorded.

use super::{BASE, edited, lower};
use crate::changes::surface::Pending;
use crate::changes::{
    CHANGELOG_FILE, Level, SURFACE_FILE, Surface, changelog, compare, evolve_from, parse_surface,
    surface_file, write_surface,
};
use crate::config::BumpPolicy;
use std::collections::BTreeMap;

const WITHOUT_DELETE: (&str, &str) = (
    "  /pets/{petId}:\n    delete:\n      operationId: deletePet\n      tags: [pets]\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n",
    "",
);

/// The files `generate` would give for `spec`: here only the two `evolve_from` reads and edits.
fn files(spec: &str) -> BTreeMap<String, String> {
    let api = lower(spec, None);
    BTreeMap::from([
        (SURFACE_FILE.to_owned(), surface_file(&api)),
        (CHANGELOG_FILE.to_owned(), changelog::first_changelog(&api)),
        (
            "Cargo.toml".to_owned(),
            "[package]\nname = \"pets\"\nversion = \"0.1.0\"\n".to_owned(),
        ),
    ])
}

#[test]
fn the_pending_line_reads_back() {
    let mut surface = Surface::of(&lower(BASE, None));
    surface.pending = Some(Pending {
        base: "0.1.0".to_owned(),
        level: Level::Breaking,
    });
    let text = write_surface(&surface, "");
    assert!(text.contains("\npending 0.1.0 breaking\n"), "{text}");
    assert_eq!(parse_surface(&text), Ok(surface));
    let bad = text.replace("pending 0.1.0 breaking", "pending 0.1.0 huge");
    assert_eq!(
        parse_surface(&bad).map_err(|err| err.to_string()),
        Err("line 3: unknown release level `huge`".to_owned())
    );
}

#[test]
fn the_changelog_escapes_html_from_the_spec() {
    let old = Surface::of(&lower(BASE, None));
    let new = Surface::of(&lower(
        &edited(
            BASE,
            &[(
                "enum: [available, sold]",
                "enum: [available, sold, '<b>x</b>']",
            )],
        ),
        None,
    ));
    let markdown = changelog::markdown(&compare(&old, &new));
    assert!(markdown.contains("&lt;b&gt;x&lt;/b&gt;"), "{markdown}");
    assert!(!markdown.contains("<b>"), "{markdown}");
}

#[test]
fn a_recorded_break_is_carried_until_the_version_satisfies_it() {
    let old = files(BASE);
    let mut written = files(&edited(BASE, &[WITHOUT_DELETE]));
    let first = evolve_from(
        &mut written,
        &old[SURFACE_FILE],
        Some(&old[CHANGELOG_FILE]),
        BumpPolicy::Check,
    )
    .expect("the surfaces read");
    assert!(first.fails_check());
    assert!(written[SURFACE_FILE].contains("\npending 0.1.0 breaking\n"));
    assert!(written.contains_key(crate::sync::MANIFEST));

    // The next run compares with what the write left: no new change, the same verdict, the same
    // files (so `--check` finds them in sync and still fails).
    let mut again = files(&edited(BASE, &[WITHOUT_DELETE]));
    let second = evolve_from(
        &mut again,
        &written[SURFACE_FILE],
        Some(&written[CHANGELOG_FILE]),
        BumpPolicy::Check,
    )
    .expect("the surfaces read");
    assert!(second.report.changes.is_empty());
    assert!(second.fails_check());
    assert_eq!(again, written);

    // `off` takes the version as is.
    let mut off = files(&edited(BASE, &[WITHOUT_DELETE]));
    let third = evolve_from(&mut off, &old[SURFACE_FILE], None, BumpPolicy::Off)
        .expect("the surfaces read");
    assert!(!third.fails_check());
    assert!(!off[SURFACE_FILE].contains("\npending "));
}

/// A pointer holds spec text (a path or a schema key): it reaches the terminal with control
/// characters escaped, and the changelog as a code span that no backtick in it can close (HTML
/// inside a code span is shown, not rendered), exactly.
#[test]
fn a_pointer_from_the_spec_is_escaped_in_the_report_and_the_changelog() {
    let old = Surface::of(&lower(BASE, None));
    let mut new = old.clone();
    let mut op = new
        .operations
        .remove("pets.delete")
        .expect("the delete operation");
    op.pointer = Some("#/paths/~1pets`[a](http://e.vil)`\u{1b}[2J<b>/get".to_owned());
    new.operations.insert("pets.gone".to_owned(), op);
    let report = compare(&old, &new);
    let text = report.text();
    assert!(
        text.contains(
            "  pets.gone: operation added\n    spec: #/paths/~1pets`[a](http://e.vil)`\\u{1b}[2J<b>/get\n"
        ),
        "{text}"
    );
    let markdown = changelog::markdown(&report);
    assert!(
        markdown.contains(
            "- `pets.gone`: operation added\n  - spec: ``#/paths/~1pets`[a](http://e.vil)`\\u{1b}[2J<b>/get``\n"
        ),
        "{markdown}"
    );
}
