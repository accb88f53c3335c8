//! Tests of `format`: formatting rendered files, the regions written in prettyplease's layout,
//! and the blank lines between items.

use super::*;

fn rendered(content: &str) -> RenderedFile {
    RenderedFile {
        path: "src/lib.rs".into(),
        kind: FileKind::Rust,
        template: "lib.rs.askama",
        content: content.into(),
    }
}

#[test]
fn pieces_spaced_apart_join_as_the_whole_is_spaced() {
    let text = "//! Docs.\nmod a;\nuse b;\nstruct S {\n    x: u8,\n}\nimpl S {\n    fn f() {}\n}\n\
                /// G\nfn g() {}\nconst C: u8 = 1;\nenum E {\n    A,\n}\ntype T = u8;\n";
    let pieces = item_pieces(text, 1);
    assert!(pieces.len() > 3, "{pieces:?}");
    let spaced: Vec<String> = pieces.iter().map(|piece| space_items(piece)).collect();
    assert_eq!(join_spaced(&spaced), space_items(text));
}

#[test]
fn rust_is_pretty_printed_under_the_header() {
    let files = format_files(vec![rendered("pub   fn  x( ) -> u8 { 1 }")]).unwrap();
    assert_eq!(
        files["src/lib.rs"],
        format!("{}pub fn x() -> u8 {{\n    1\n}}\n", header(FileKind::Rust))
    );
}

#[test]
fn items_are_separated_by_blank_lines() {
    let files = format_files(vec![rendered(
        "//! Docs.\nmod a; mod b; struct S; impl S { fn f() {} fn g() {} } /// G\nfn g() {}",
    )])
    .unwrap();
    let body = files["src/lib.rs"].split_once('\n').unwrap().1;
    assert_eq!(
        body,
        "//! Docs.\n\nmod a;\nmod b;\n\nstruct S;\nimpl S {\n    fn f() {}\n    fn g() {}\n}\n\n/// G\nfn g() {}\n"
    );
}

#[test]
fn a_group_of_restricted_uses_ends_with_a_blank_line() {
    let files = format_files(vec![rendered(
        "use a::A; pub(crate) use b::B; pub(crate) use c::C; struct S;",
    )])
    .unwrap();
    let body = files["src/lib.rs"].split_once('\n').unwrap().1;
    assert_eq!(
        body,
        "use a::A;\npub(crate) use b::B;\npub(crate) use c::C;\n\nstruct S;\n"
    );
}

#[test]
fn formatted_rust_is_emitted_verbatim_under_the_header() {
    let file = RenderedFile {
        kind: FileKind::FormattedRust,
        ..rendered("pub   fn  x( ) -> u8 { 1 }\n// kept\n")
    };
    let files = format_files(vec![file]).unwrap();
    assert_eq!(
        files["src/lib.rs"],
        format!(
            "{}pub   fn  x( ) -> u8 {{ 1 }}\n// kept\n",
            header(FileKind::Rust)
        )
    );
}

#[test]
fn formatted_rust_from_a_template_ends_with_a_newline() {
    let file = RenderedFile {
        kind: FileKind::FormattedRust,
        ..rendered("fn x() {}")
    };
    let files = format_files(vec![file]).unwrap();
    assert_eq!(
        files["src/lib.rs"],
        format!("{}fn x() {{}}\n", header(FileKind::Rust))
    );
}

#[test]
fn unparsable_rust_names_the_template_and_line() {
    let err = format_files(vec![rendered("fn a() {}\nfn b( {}\nfn c() {}\n")]).unwrap_err();
    assert_eq!(err.template, "lib.rs.askama");
    assert!(err.excerpt.contains(">    2 | fn b( {}"), "{}", err.excerpt);
}

/// `count` small structs and impls: a file well over one piece.
fn many_items(count: usize) -> String {
    let mut text = String::from("//! Models.\n#![allow(dead_code)]\n");
    for index in 0..count {
        text.push_str(&format!(
            "/// Model {index}.\n#[derive(Debug)]\npub struct M{index} {{\n    pub field: Option<String>,\n}}\nimpl M{index} {{\n    pub fn new() -> Self {{ M{index} {{ field: None }} }}\n}}\n"
        ));
    }
    text
}

#[test]
fn a_big_file_is_formatted_in_pieces_exactly_as_whole() {
    let text = many_items(2_000);
    let pieces = item_pieces(&text, PIECE_BYTES);
    assert!(pieces.len() > 3, "{} pieces", pieces.len());
    assert_eq!(pieces.concat(), text);
    let files = format_files(vec![rendered(&text)]).unwrap();
    let whole = format_rust_text(&text).unwrap();
    assert_eq!(
        files["src/lib.rs"],
        format!("{}{whole}", header(FileKind::Rust))
    );
}

#[test]
fn a_cut_inside_a_literal_falls_back_to_the_whole_file() {
    // A string long enough to reach the piece size, whose lines then look like an item end
    // and an item start.
    let mut text = many_items(10);
    text.push_str(&format!(
        "pub const S: &str = \"{}\n}}\nfn fake() {{}}\n\";\n",
        "x".repeat(PIECE_BYTES)
    ));
    text.push_str("pub struct After;\n");
    let pieces = item_pieces(&text, PIECE_BYTES);
    assert_eq!(pieces.len(), 2);
    assert!(pieces[0].ends_with("\n}\n") && pieces[0].contains("pub const S"));
    let files = format_files(vec![rendered(&text)]).unwrap();
    let whole = format_rust_text(&text).unwrap();
    assert!(whole.contains("fn fake() {}\n\";"));
    assert_eq!(
        files["src/lib.rs"],
        format!("{}{whole}", header(FileKind::Rust))
    );
}

fn models(content: &str) -> RenderedFile {
    RenderedFile {
        template: MARKING_TEMPLATES[0],
        ..rendered(content)
    }
}

#[test]
fn a_marked_region_passes_through_as_written_and_its_markers_are_dropped() {
    let text = format!(
        "struct  A;\n{FORMATTED_START}\nimpl A {{\n    fn f( ) {{}}\n}}\n{FORMATTED_END}\nstruct  B;\n"
    );
    let regions = formatted_regions(&text);
    assert_eq!(
        regions,
        [
            (false, "struct  A;\n"),
            (true, "impl A {\n    fn f( ) {}\n}\n"),
            (false, "struct  B;\n")
        ]
    );
    let files = format_files(vec![models(&text)]).unwrap();
    let body = files["src/lib.rs"].split_once('\n').unwrap().1;
    assert_eq!(
        body,
        "struct A;\nimpl A {\n    fn f( ) {}\n}\n\nstruct B;\n"
    );
    // Another template's text is not read for markers: all of it goes through syn.
    let files = format_files(vec![rendered(&text)]).unwrap();
    let body = files["src/lib.rs"].split_once('\n').unwrap().1;
    assert_eq!(body, "struct A;\nimpl A {\n    fn f() {}\n}\n\nstruct B;\n");
}

#[test]
fn markers_at_the_edges_of_the_text_split_it_without_panicking() {
    let start = FORMATTED_START;
    let end = FORMATTED_END;
    // A start with no end, or at the very end without a newline, marks nothing.
    for open in [
        format!("struct A;\n{start}\nstruct B;\n"),
        format!("a\n{start}"),
    ] {
        assert_eq!(formatted_regions(&open), [(false, open.as_str())]);
    }
    // An end marker without a newline closes the region; an end with no start is text.
    let closed = format!("{start}\nfn f() {{}}\n{end}");
    assert_eq!(
        formatted_regions(&closed),
        [(false, ""), (true, "fn f() {}\n"), (false, "")]
    );
    let stray = format!("fn f() {{}}\n{end}\n");
    assert_eq!(formatted_regions(&stray), [(false, stray.as_str())]);
    // An indented marker is not a marker.
    let indented = format!("    {start}\nfn f() {{}}\n{end}\n");
    assert_eq!(formatted_regions(&indented), [(false, indented.as_str())]);
}

#[test]
#[cfg(debug_assertions)]
fn a_marked_region_that_does_not_parse_is_a_located_error_in_debug_builds() {
    let text = format!("struct A;\n{FORMATTED_START}\nimpl A {{\n{FORMATTED_END}\n");
    let err = format_files(vec![models(&text)]).unwrap_err();
    assert_eq!(err.template, MARKING_TEMPLATES[0]);
}

#[test]
#[cfg(debug_assertions)]
fn a_file_in_the_formatters_layout_that_does_not_parse_is_a_located_error_in_debug_builds() {
    let file = RenderedFile {
        kind: FileKind::FormattedRust,
        ..rendered("fn f() {}\nimpl A {\n")
    };
    let err = format_files(vec![file]).unwrap_err();
    assert_eq!(err.path, "src/lib.rs");
    assert!(err.excerpt.contains("impl A {"), "{}", err.excerpt);
}

#[test]
fn text_files_are_normalised() {
    assert_eq!(normalise_text("\n# T  \n\n\n\nbody\n\n"), "# T\n\nbody\n");
}
