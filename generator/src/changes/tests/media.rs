//! The media types `body_as` and `download_as` are documented for: written to the surface file
//! and read back, each one added or removed reported, and a file of format 4 (which did not
//! record them) compared without false changes.

use super::{BASE, edited, lower};
use crate::changes::{Surface, compare, parse_surface, surface_file};

/// BASE with the create's body also accepted as XML and the list also offered as CSV.
fn with_choices() -> String {
    edited(
        BASE,
        &[
            (
                "content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}",
                "content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}, \
                 application/xml: {schema: {$ref: '#/components/schemas/NewPet'}}}",
            ),
            (
                "content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}",
                "content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}, \
                 text/csv: {schema: {type: string}}}",
            ),
        ],
    )
}

fn report_between(old: &str, new: &str) -> String {
    let old = parse_surface(&surface_file(&lower(old, None))).expect("the surface file parses");
    compare(&old, &Surface::of(&lower(new, None))).text()
}

#[test]
fn the_media_choices_are_in_the_surface_file_and_read_back() {
    let text = surface_file(&lower(&with_choices(), None));
    for line in [
        "surface-format 5",
        "operation pets.create body-as \"application/xml\"",
        "operation pets.list download-as \"text/csv\"",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line `{line}` in:\n{text}"
        );
    }
    let read = parse_surface(&text).expect("the surface file parses");
    assert_eq!(read, Surface::of(&lower(&with_choices(), None)));
}

#[test]
fn a_media_choice_added_is_an_addition() {
    let report = report_between(BASE, &with_choices());
    let expected = r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create: `body_as` media type "application/xml" added
    spec: #/paths/~1pets/post
    Rust: compatible: a new documented value for `body_as`
    wire: compatible: old clients do not send it

pets.list (GET "/pets")
  pets.list: `download_as` media type "text/csv" added
    spec: #/paths/~1pets/get
    Rust: compatible: a new documented value for `download_as`
    wire: compatible: old clients do not ask for it

"#;
    assert!(report.starts_with(expected), "{report}");
}

#[test]
fn a_media_choice_removed_breaks_the_wire_not_the_code() {
    let report = report_between(&with_choices(), BASE);
    let expected = r#"Changes to the public surface and the wire contract of pets:

pets.create (POST "/pets")
  pets.create: `body_as` media type "application/xml" removed
    spec: #/paths/~1pets/post
    Rust: compatible: `body_as` takes any media type, so code still compiles
    wire: breaking: old clients that send "application/xml" with `body_as` rely on what the server no longer documents

pets.list (GET "/pets")
  pets.list: `download_as` media type "text/csv" removed
    spec: #/paths/~1pets/get
    Rust: compatible: `download_as` takes any media type, so code still compiles
    wire: breaking: old clients that ask for "text/csv" with `download_as` rely on what the server no longer documents

bump: patch"#;
    assert!(report.starts_with(expected), "{report}");
}

/// A file of format 4 has no `body-as` or `download-as` lines: against it, the same spec
/// reports no change, rather than every choice as added.
#[test]
fn a_format_4_surface_file_gives_no_false_media_changes() {
    let text = surface_file(&lower(&with_choices(), None));
    let format_4: String = (text.lines())
        .filter(|line| !line.contains(" body-as ") && !line.contains(" download-as "))
        .map(|line| match line {
            "surface-format 5" => "surface-format 4\n".to_owned(),
            line => format!("{line}\n"),
        })
        .collect();
    let old = parse_surface(&format_4).expect("a format-4 file parses");
    assert_eq!(old.format, 4);
    let report = compare(&old, &Surface::of(&lower(&with_choices(), None)));
    assert!(report.changes.is_empty(), "{}", report.text());
}
