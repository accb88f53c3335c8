//! The media types `body_as` and `download_as` are documented for, and the default
//! `Content-Type` and `Accept` of each call: written to the surface file and read back, each
//! change reported, and files of formats 4 and 5 (which did not record them) compared without
//! false changes.

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
        "surface-format 6",
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
        .filter(|line| !line.contains(" content-type ") && !line.contains(" accept "))
        .map(|line| match line {
            "surface-format 6" => "surface-format 4\n".to_owned(),
            line => format!("{line}\n"),
        })
        .collect();
    let old = parse_surface(&format_4).expect("a format-4 file parses");
    assert_eq!(old.format, 4);
    let report = compare(&old, &Surface::of(&lower(&with_choices(), None)));
    assert!(report.changes.is_empty(), "{}", report.text());
}

/// BASE with the create's body sent as a JSON merge patch and the list answered in a vendor
/// JSON type: the same types, other media types on the wire.
fn with_other_json_types() -> String {
    edited(
        BASE,
        &[
            (
                "content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}",
                "content: {application/merge-patch+json: {schema: {$ref: '#/components/schemas/NewPet'}}}",
            ),
            (
                "content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}",
                "content: {application/vnd.pets+json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}",
            ),
        ],
    )
}

#[test]
fn the_default_content_type_and_accept_are_in_the_surface_file() {
    let text = surface_file(&lower(&with_other_json_types(), None));
    for line in [
        "operation pets.create content-type \"application/merge-patch+json\"",
        "operation pets.create accept \"application/json\"",
        "operation pets.list accept \"application/vnd.pets+json\"",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line `{line}` in:\n{text}"
        );
    }
    assert!(
        !text.contains("pets.list content-type"),
        "a GET sends no body:\n{text}"
    );
    let read = parse_surface(&text).expect("the surface file parses");
    assert_eq!(read, Surface::of(&lower(&with_other_json_types(), None)));
}

#[test]
fn a_changed_content_type_or_accept_breaks_the_wire_not_the_code() {
    let report = report_between(BASE, &with_other_json_types());
    let expected = r#"pets.create (POST "/pets")
  pets.create: request content type changed from "application/json" to "application/merge-patch+json"
    spec: #/paths/~1pets/post
    Rust: compatible: the call is built as before; the crate sends the new type
    wire: breaking: old clients send "application/json", which the server no longer documents

pets.list (GET "/pets")
  pets.list: response media type changed from "application/json" to "application/vnd.pets+json"
    spec: #/paths/~1pets/get
    Rust: compatible: the response is read as before
    wire: breaking: old clients ask for "application/json", which the server no longer documents (a server that honours `Accept` may answer 406)
"#;
    assert!(report.contains(expected), "{report}");
}

/// A file of format 5 has no `content-type` or `accept` lines: against it, a spec whose media
/// types changed reports no false change from the missing lines.
#[test]
fn a_format_5_surface_file_gives_no_false_wire_media_changes() {
    let text = surface_file(&lower(BASE, None));
    let format_5: String = (text.lines())
        .filter(|line| !line.contains(" content-type ") && !line.contains(" accept "))
        .map(|line| match line {
            "surface-format 6" => "surface-format 5\n".to_owned(),
            line => format!("{line}\n"),
        })
        .collect();
    let old = parse_surface(&format_5).expect("a format-5 file parses");
    assert_eq!(old.format, 5);
    let report = compare(&old, &Surface::of(&lower(&with_other_json_types(), None)));
    assert!(report.changes.is_empty(), "{}", report.text());
}
