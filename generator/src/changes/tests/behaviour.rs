//! Exact reports for the facts of `changes::behaviour` (terminal events, paging styles,
//! `#[non_exhaustive]`) and for integer widths, on a small streaming and paginated API; and a
//! surface file of format 1 (which recorded none of them) compared without false changes.

use super::{edited, lower};
use crate::changes::text::write_surface;
use crate::changes::{Surface, compare, parse_surface, surface_file};
use crate::ir::SerdeUse;

/// A paginated list (cursor `page_token` ← `next_page_token`) and a stream of tagged events
/// that ends with `stop`.
pub(super) const STREAMS: &str = r##"
openapi: 3.0.3
info: {title: Chat, version: 1.0.0}
paths:
  /messages:
    get:
      operationId: listMessages
      tags: [messages]
      parameters:
        - {name: page_token, in: query, schema: {type: string}}
        - {name: page_size, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/MessagePage'}}}
  /messages/stream:
    post:
      operationId: streamMessages
      tags: [messages]
      parameters:
        - {name: max_tokens, in: query, schema: {type: integer, format: uint16}}
      responses:
        '200':
          description: events
          content:
            text/event-stream:
              schema: {type: string}
              x-event-schema: {$ref: '#/components/schemas/Event'}
              x-terminal-event: stop
components:
  schemas:
    MessagePage:
      type: object
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Message'}}
        next_page_token: {type: string, nullable: true}
        next_cursor: {type: string, nullable: true}
    Message:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer, format: int64}
    Event:
      oneOf:
        - $ref: '#/components/schemas/Delta'
        - $ref: '#/components/schemas/Stop'
      discriminator: {propertyName: type}
    Delta:
      type: object
      required: [type, text]
      properties: {type: {type: string}, text: {type: string}}
    Stop:
      type: object
      required: [type]
      properties: {type: {type: string}}
"##;

fn report_between(old: &str, new: &str) -> String {
    let old = parse_surface(&surface_file(&lower(old, None))).expect("the surface file parses");
    let new = Surface::of(&lower(new, None));
    compare(&old, &new).text()
}

const NO_TERMINAL: (&str, &str) = ("              x-terminal-event: stop\n", "");

const HEADER: &str = "Changes to the public surface and the wire contract of chat:\n\n";
const MINOR: &str = "bump: minor (0.x: a breaking change bumps the minor), from 0.1.0 to at least 0.2.0; the configured version 0.1.0 does not satisfy it\n";
const PATCH: &str =
    "bump: patch, from 0.1.0 to at least 0.1.1; the configured version 0.1.0 does not satisfy it\n";

/// (name, old spec edits, new spec edits, expected report between the lines of the header and
/// the bump line, bump line).
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "terminal event added",
        &[NO_TERMINAL],
        &[],
        r#"messages.stream (POST "/messages/stream")
  messages.stream: terminal event "stop" (by "type") added
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: same types, new meaning: a stream that ends before "stop" now yields an error where it ended quietly
    wire: compatible: old clients do not wait for it
"#,
        MINOR,
    ),
    (
        "terminal event removed",
        &[],
        &[NO_TERMINAL],
        r#"messages.stream (POST "/messages/stream")
  messages.stream: terminal event "stop" (by "type") removed
    spec: #/paths/~1messages~1stream/post
    Rust: compatible: a stream that ends early now ends quietly instead of with an error
    wire: breaking: the server no longer promises "stop", so old clients may report a complete turn as cut short
"#,
        PATCH,
    ),
    (
        "terminal event changed",
        &[],
        &[("x-terminal-event: stop", "x-terminal-event: done")],
        r#"messages.stream (POST "/messages/stream")
  messages.stream: terminal event changed from "stop" (by "type") to "done" (by "type")
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: same types, new meaning: a turn now ends at "done" instead of "stop"
    wire: breaking: old clients wait for "stop", which the server no longer promises
"#,
        MINOR,
    ),
    (
        "paging style changed, page and item types kept",
        &[],
        &[("name: page_token, in: query", "name: cursor, in: query")],
        r#"messages.list (GET "/messages")
  messages.list.page_token: query parameter removed
    spec: #/paths/~1messages/get
    Rust: breaking: code that sets ListParams.page_token stops compiling
    wire: compatible: old clients still send it; the server no longer reads it
  messages.list.cursor: query parameter added (string, optional)
    spec: #/paths/~1messages/get
    Rust: breaking: ListParams is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: old clients leave it out, which the server allows
  messages.list: paging changed from "cursor page_token <- next_page_token; items items" to "cursor cursor <- next_page_token; items items"
    spec: #/paths/~1messages/get
    Rust: compatible: the pager's methods and types stay the same
    wire: breaking: old clients' auto-pagers still ask for the next page as "cursor page_token <- next_page_token; items items"
"#,
        MINOR,
    ),
    (
        "request integer widened from u16 to i32",
        &[],
        &[("format: uint16", "format: int32")],
        r#"messages.stream (POST "/messages/stream")
  messages.stream.max_tokens: type changed from u16 to i32
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: compatible: the server now accepts values of type i32, which include every u16 old clients send
"#,
        MINOR,
    ),
    (
        "request integer narrowed from u16 to u8",
        &[],
        &[("format: uint16", "format: uint8")],
        r#"messages.stream (POST "/messages/stream")
  messages.stream.max_tokens: type changed from u16 to u8
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: breaking: narrowed: old clients may send a value of type u16 that is not a valid u8
"#,
        MINOR,
    ),
    (
        "request integer changed from u16 to i8 (neither holds the other)",
        &[],
        &[("format: uint16", "format: int8")],
        r#"messages.stream (POST "/messages/stream")
  messages.stream.max_tokens: type changed from u16 to i8
    spec: #/paths/~1messages~1stream/post
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: breaking: old clients send values of type u16, the server now expects i8
"#,
        MINOR,
    ),
    (
        "response integer narrowed from i64 to i32",
        &[],
        &[(
            "size: {type: integer, format: int64}",
            "size: {type: integer, format: int32}",
        )],
        r#"models
  Message.size: type changed from i64 to i32
    spec: #/components/schemas/Message
    Rust: breaking: the field's Rust type changed, so code that uses it stops compiling
    wire: compatible: every value of type i32 the server now sends still reads as the i64 old clients expect
"#,
        MINOR,
    ),
    (
        "response integer widened from i64 to u64 (neither holds the other)",
        &[],
        &[(
            "size: {type: integer, format: int64}",
            "size: {type: integer, format: uint64}",
        )],
        r#"models
  Message.size: type changed from i64 to u64
    spec: #/components/schemas/Message
    Rust: breaking: the field's Rust type changed, so code that uses it stops compiling
    wire: breaking: the server now sends values of type u64, old clients expect i64
"#,
        MINOR,
    ),
];

#[test]
fn each_behaviour_and_width_change_gives_its_exact_report() {
    let mut failures = Vec::new();
    for (name, old_edits, new_edits, body, bump) in CASES {
        let actual = report_between(&edited(STREAMS, old_edits), &edited(STREAMS, new_edits));
        let expected = format!("{HEADER}{body}\n{bump}");
        if actual != expected {
            failures.push(format!(
                "case `{name}`:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The new facts are written, and read back into the same surface.
#[test]
fn the_new_facts_are_in_the_surface_file() {
    let text = surface_file(&lower(STREAMS, None));
    for line in [
        "surface-format 6",
        "operation messages.stream at \"#/paths/~1messages~1stream/post\"",
        "model MessagePage at \"#/components/schemas/MessagePage\"",
        "operation messages.stream terminal-event \"stop\" \"type\"",
        "operation messages.list paging \"cursor page_token <- next_page_token; items items\"",
        "model Event non-exhaustive",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line `{line}` in:\n{text}"
        );
    }
    assert!(!text.contains("model Message non-exhaustive"), "{text}");
    let read = parse_surface(&text).expect("the surface file parses");
    assert_eq!(read, Surface::of(&lower(STREAMS, None)));
}

/// The surface file of the STREAMS spec as an older format wrote it: without the `content-type`
/// and `accept` lines (format 5, which STREAMS has no `body-as` or `download-as` lines for
/// format 4 to leave out), without the `auth scheme`
/// and `security` lines (format 3), also without the `at` pointer lines (format 2), and also without the terminal-event, paging and `non-exhaustive` lines
/// (format 1).
fn older_surface_file(format: u32) -> String {
    let text = surface_file(&lower(STREAMS, None));
    text.lines()
        .filter(|line| !(line.contains(" content-type ") || line.contains(" accept ")))
        .filter(|line| !(line.starts_with("auth scheme ") || line.contains(" security ")))
        .filter(|line| format >= 3 || !line.contains(" at \"#/"))
        .filter(|line| {
            format >= 2
                || !(line.contains(" terminal-event ")
                    || line.contains(" paging ")
                    || line.ends_with(" non-exhaustive"))
        })
        .map(|line| match line {
            "surface-format 6" => format!("surface-format {format}\n"),
            line => format!("{line}\n"),
        })
        .collect()
}

/// A surface file of format 3 recorded only the primary scheme and no requirement: against it,
/// an unchanged spec reports no change.
#[test]
fn a_format_3_surface_file_gives_no_false_changes() {
    let old = parse_surface(&older_surface_file(3)).expect("a format-3 file parses");
    assert_eq!(old.format, 3);
    let report = compare(&old, &Surface::of(&lower(STREAMS, None)));
    assert!(report.changes.is_empty(), "{}", report.text());
}

/// A surface file of format 2 recorded no pointers: against it, an unchanged spec reports no
/// change (a format change is not a change of the surface), and a removed operation is reported
/// without a `spec:` line rather than with a wrong one.
#[test]
fn a_format_2_surface_file_gives_no_false_changes() {
    let old = parse_surface(&older_surface_file(2)).expect("a format-2 file parses");
    assert_eq!(old.format, 2);
    assert!(old.model_pointers.is_empty());
    let report = compare(&old, &Surface::of(&lower(STREAMS, None)));
    assert!(report.changes.is_empty(), "{}", report.text());
    let mut new = Surface::of(&lower(STREAMS, None));
    new.operations.remove("messages.stream");
    let text = compare(&old, &new).text();
    assert!(
        text.contains("  messages.stream: operation removed\n    Rust: breaking"),
        "{text}"
    );
}

/// A surface file of format 1 recorded no terminal event, paging style or `non-exhaustive`
/// line: against it, an unchanged spec reports no change (not every new fact as added).
#[test]
fn a_format_1_surface_file_gives_no_false_changes() {
    let old = parse_surface(&older_surface_file(1)).expect("a format-1 file parses");
    assert_eq!(old.format, 1);
    assert!(
        old.non_exhaustive.contains("Event"),
        "enums and unions were non-exhaustive"
    );
    let report = compare(&old, &Surface::of(&lower(STREAMS, None)));
    assert!(report.changes.is_empty(), "{}", report.text());
}

/// A model that becomes `#[non_exhaustive]` breaks struct literals or matches; one that stops
/// being so breaks nothing.
#[test]
fn a_change_of_non_exhaustive_is_reported() {
    let surface = Surface::of(&lower(STREAMS, None));
    let mut old = surface.clone();
    old.non_exhaustive.remove("Event");
    old.non_exhaustive.insert("Message".to_owned());
    let text = compare(&old, &surface).text();
    let expected = format!(
        "{HEADER}models
  Event: now #[non_exhaustive]
    spec: #/components/schemas/Event
    Rust: breaking: matches over it without a wildcard arm stop compiling
    wire: compatible: not on the wire
  Message: no longer #[non_exhaustive]
    spec: #/components/schemas/Message
    Rust: compatible: existing code still compiles (a wildcard arm becomes unreachable); from now on an added value or field breaks callers
    wire: compatible: not on the wire

{MINOR}"
    );
    assert_eq!(text, expected);
}

/// A model that stops deriving a serde trait breaks callers' code that used it; one that gains
/// a trait breaks nothing. An old file without `serde` lines means both traits.
#[test]
fn a_serde_trait_lost_or_gained_is_reported() {
    let old = Surface::of(&lower(STREAMS, None));
    let mut new = old.clone();
    new.serde_one_way.clear();
    new.serde_one_way
        .insert("Event".to_owned(), SerdeUse::ReceivedOnly);
    let mut old = old;
    old.serde_one_way.clear();
    old.serde_one_way
        .insert("Message".to_owned(), SerdeUse::SentOnly);
    let text = compare(&old, &new).text();
    let expected = format!(
        "{HEADER}models
  Event: no longer derives Serialize in a library build
    spec: #/components/schemas/Event
    Rust: breaking: code that uses Event's Serialize itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`
    wire: compatible: not on the wire
  Message: now derives Deserialize
    spec: #/components/schemas/Message
    Rust: compatible: a trait added breaks no code
    wire: compatible: not on the wire

{MINOR}"
    );
    assert_eq!(text, expected);
    // Written and read back: the file keeps the one-way models, and only those.
    let written = write_surface(&new, "");
    assert!(
        written.contains("model Event serde deserialize-only\n"),
        "{written}"
    );
    assert!(!written.contains("model Message serde"), "{written}");
    assert_eq!(
        parse_surface(&written).unwrap().serde_one_way,
        new.serde_one_way
    );
}

/// `ModelKind::is_non_exhaustive` (what the surface file records) says what the models template
/// does: checked against every golden crate's `models.rs`.
#[test]
fn the_non_exhaustive_fact_matches_the_generated_code() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(&fixtures).expect("the fixtures folder") {
        let dir = entry.expect("a fixture").path();
        let (Ok(spec), Ok(code)) = (
            std::fs::read_to_string(dir.join("openapi.yaml")),
            std::fs::read_to_string(dir.join("expected/src/models.rs")),
        ) else {
            continue;
        };
        let config = std::fs::read_to_string(dir.join("sdk.yaml")).ok();
        let surface = Surface::of(&lower(&spec, config.as_deref()));
        let marked = non_exhaustive_items(&code);
        for name in surface.models.keys() {
            if code.contains(&format!("pub enum {name} "))
                || code.contains(&format!("pub struct {name} "))
            {
                assert_eq!(
                    surface.non_exhaustive.contains(name),
                    marked.contains(name),
                    "{}: {name}",
                    dir.display()
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 20, "too few models checked: {seen}");
}

/// The names of the `pub enum`s and `pub struct`s whose attributes include `#[non_exhaustive]`.
fn non_exhaustive_items(code: &str) -> std::collections::BTreeSet<String> {
    let mut marked = std::collections::BTreeSet::new();
    let mut attribute_seen = false;
    for line in code.lines().map(str::trim) {
        if line.starts_with("#[") {
            attribute_seen |= line == "#[non_exhaustive]";
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("pub enum ")
            .or_else(|| line.strip_prefix("pub struct "))
            && attribute_seen
        {
            let name = rest.split([' ', '{', '(', '<']).next().unwrap_or_default();
            marked.insert(name.to_owned());
        }
        attribute_seen = false;
    }
    marked
}

/// A bare array of free-form objects is a page whose Rust type holds a space
/// (`Vec<serde_json::Map<String, serde_json::Value>>`): written quoted, and read back.
#[test]
fn a_page_type_with_a_space_reads_back() {
    let spec = r##"
openapi: 3.0.3
info: {title: Nodes, version: 1.0.0}
paths:
  /nodes:
    get:
      operationId: listNodes
      tags: [nodes]
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: object}}}}
"##;
    let text = surface_file(&lower(spec, None));
    let line = "operation nodes.list pagination \"Vec<serde_json::Map<String, serde_json::Value>>\" json-object";
    assert!(
        text.lines().any(|l| l == line),
        "no line `{line}` in:\n{text}"
    );
    let read = parse_surface(&text).expect("the surface file parses");
    assert_eq!(read, Surface::of(&lower(spec, None)));
}
