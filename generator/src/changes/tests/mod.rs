//! Tests of the change report: the surface file's round trip and its refusals, the bump rules,
//! and the chat spec against a hand-modified copy; `cases` holds the table of small spec pairs
//! with their exact report text.

mod behaviour;
mod cases;
mod kinds;
mod media;
mod release;

use super::{Surface, compare, parse_surface, surface_file};
use crate::ir::Api;

/// A small API: a list with a query parameter, a create with a JSON body, a delete with a path
/// parameter, and models with an enum.
pub(super) const BASE: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: status, in: query, schema: {$ref: '#/components/schemas/Status'}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
      responses:
        '201':
          description: created
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
  /pets/{petId}:
    delete:
      operationId: deletePet
      tags: [pets]
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string, description: The pet's name.}
        status: {$ref: '#/components/schemas/Status'}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string}
    Status: {type: string, enum: [available, sold]}
"##;

pub(super) fn lower(spec: &str, config: Option<&str>) -> Api {
    let inputs = crate::load::load_inputs(spec, config).expect("the test spec loads");
    crate::lower::lower(&inputs)
        .expect("the test spec lowers")
        .api
}

/// The spec with each `(from, to)` replaced once; a `from` that is not there fails the test, so
/// an edit can never silently do nothing.
pub(super) fn edited(spec: &str, edits: &[(&str, &str)]) -> String {
    let mut text = spec.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "edit target not in the spec: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

const CHAT_SPEC: &str = include_str!("../../../../spec/openapi.yaml");
const CHAT_SETTINGS: &str = include_str!("../../../../spec/sdk.yaml");

#[test]
fn the_surface_file_reads_back_as_the_surface_it_was_written_from() {
    for (spec, config) in [(BASE, None), (CHAT_SPEC, Some(CHAT_SETTINGS))] {
        let api = lower(spec, config);
        let text = surface_file(&api);
        let parsed = parse_surface(&text).expect("the surface file parses");
        assert_eq!(parsed, Surface::of(&api));
        let without_comments: String = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(super::write_surface(&parsed, ""), without_comments);
    }
}

/// Every golden fixture's surface file reads back as the surface it was written from (the
/// fixtures hold the awkward names: keywords, leading digits, hostile text).
#[test]
fn every_fixture_surface_round_trips() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(&fixtures).expect("the fixtures folder") {
        let dir = entry.expect("a fixture").path();
        let Ok(spec) = std::fs::read_to_string(dir.join("openapi.yaml")) else {
            continue;
        };
        let config = std::fs::read_to_string(dir.join("sdk.yaml")).ok();
        let api = lower(&spec, config.as_deref());
        let parsed = parse_surface(&surface_file(&api));
        assert_eq!(parsed, Ok(Surface::of(&api)), "{}", dir.display());
        seen += 1;
    }
    assert!(seen >= 5, "fixtures went missing");
}

#[test]
fn spec_text_is_quoted_so_it_stays_on_one_line_and_reads_back() {
    let hostile = "a\"b\\c\nd\u{1b}[31m\u{202e}e";
    let mut surface = Surface::of(&lower(BASE, None));
    let op = surface
        .operations
        .get_mut("pets.list")
        .expect("the base spec lists pets");
    op.path = hostile.to_owned();
    let text = super::write_surface(&surface, "");
    let line = text
        .lines()
        .find(|line| line.starts_with("operation pets.list GET"))
        .expect("the operation's line is written");
    assert_eq!(
        line,
        r#"operation pets.list GET "a\"b\\c\u{a}d\u{1b}[31m\u{202e}e""#
    );
    assert_eq!(parse_surface(&text), Ok(surface));
}

#[test]
fn a_broken_surface_file_is_refused_with_its_line() {
    let cases = [
        (
            "crate pets 0.1.0\n",
            "line 1: the file does not start with `surface-format`",
        ),
        (
            "surface-format 7\n",
            "line 1: surface format 7 was written by a newer generator (this one reads versions 1 to 6); update the generator",
        ),
        (
            "surface-format 4\nauth scheme \"a\" magic \"\" api_key \"E\"\n",
            "line 2: unknown scheme kind `magic`",
        ),
        (
            "surface-format 4\noperation a.b GET \"/b\"\noperation a.b security \"x\" y\n",
            "line 3: a security alternative lists quoted scheme names",
        ),
        (
            "surface-format 0\n",
            "line 1: unsupported surface format (this generator reads versions 1 to 6)",
        ),
        (
            "surface-format 3\ncrate pets 0.1.0\nmodel Pet at \"#/components/schemas/Pet\"\n",
            "line 3: model Pet is used before its first line",
        ),
        (
            "surface-format 3\ncrate pets 0.1.0\noperation pets.list at \"#/paths/~1pets/get\"\n",
            "line 3: operation pets.list is used before its first line",
        ),
        (
            "surface-format 1\ncrate pets 0.1.0\noperation a.b response json Pet\n",
            "line 3: operation a.b is used before its first line",
        ),
        (
            "surface-format 1\nmodel Pet alias Vec<string\n",
            "line 2: missing `>` in type `Vec<string`",
        ),
        (
            "surface-format 1\nmodel Pet struct default\nmodel Pet value A \"a\"\n",
            "line 3: not a fact of a struct model: `value`",
        ),
        (
            "surface-format 1\nauth header \"x\n",
            "line 2: unterminated string",
        ),
        (
            "surface-format 1\n",
            "at the end: the file has no `crate` line",
        ),
        (
            "surface-format 1\ncrate pets\u{1b}[2J 0.1.0\n",
            "line 2: unexpected character '\\u{1b}' outside quotes",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_surface(text).expect_err(text);
        assert_eq!(error.to_string(), expected, "{text}");
    }
    let deep = format!(
        "surface-format 1\nmodel A alias {}string{}\n",
        "Vec<".repeat(200),
        ">".repeat(200)
    );
    assert_eq!(
        parse_surface(&deep).map_err(|e| e.to_string()),
        Err("line 2: type nested too deeply".to_owned())
    );
}

#[test]
fn versions_decide_the_bump_by_semver_and_0x_rules() {
    use super::{ChangeReport, Level};
    let report = |old: &str, new: &str, changes| ChangeReport {
        crate_name: "pets".to_owned(),
        old_version: old.to_owned(),
        new_version: new.to_owned(),
        changes,
        carried: Level::Nothing,
    };
    let removed = compare(
        &Surface::of(&lower(BASE, None)),
        &Surface::of(&lower(
            &edited(BASE, &[("enum: [available, sold]", "enum: [sold]")]),
            None,
        )),
    )
    .changes;
    let added = compare(
        &Surface::of(&lower(BASE, None)),
        &Surface::of(&lower(
            &edited(
                BASE,
                &[("enum: [available, sold]", "enum: [available, sold, x]")],
            ),
            None,
        )),
    )
    .changes;
    assert_eq!(
        report("1.2.3", "1.2.3", removed.clone()).level(),
        Level::Breaking
    );
    let cases = [
        (
            report("1.2.3", "1.3.0", removed.clone()),
            "major",
            "2.0.0",
            false,
        ),
        (
            report("1.2.3", "2.0.0", removed.clone()),
            "major",
            "2.0.0",
            true,
        ),
        (
            report("0.4.1", "0.5.0", removed.clone()),
            "minor (0.x: a breaking change bumps the minor)",
            "0.5.0",
            true,
        ),
        (
            report("0.4.1", "0.4.2", Vec::new()),
            "patch at most",
            "0.4.1",
            true,
        ),
        (
            report("1.0.0", "1.0.0", Vec::new()),
            "patch at most",
            "1.0.0",
            true,
        ),
    ];
    for (report, name, required, satisfied) in cases {
        let bump = report.bump().expect("versions parse");
        assert_eq!(
            (bump.name, bump.required.as_str(), bump.satisfied),
            (name, required, satisfied)
        );
    }
    // A new enum value is an addition: the enums are `#[non_exhaustive]`, so callers' matches
    // already have a wildcard arm.
    let added = report("1.0.0", "1.0.0", added);
    assert_eq!(added.level(), Level::Addition);
    assert_eq!(added.bump().expect("versions parse").required, "1.1.0");
    assert_eq!(report("1.x", "1.0.0", Vec::new()).bump(), None);
}

/// The chat API against a hand-modified copy: an endpoint moved, an event type dropped, a
/// required body field added, a query parameter narrowed.
#[test]
fn the_chat_api_against_a_modified_copy() {
    let spec = edited(
        CHAT_SPEC,
        &[
            (
                "  /api/v1/chat/{session_id}/summary:",
                "  /api/v1/chat/{session_id}/overview:",
            ),
            (
                "        - $ref: '#/components/schemas/ThinkingDeltaEvent'\n",
                "",
            ),
            (
                "          thinking_delta: '#/components/schemas/ThinkingDeltaEvent'\n",
                "",
            ),
            (
                "        - prompt\n        - index_ids\n      properties:\n",
                "        - prompt\n        - index_ids\n        - mode\n      properties:\n        mode:\n          type: string\n",
            ),
            (
                "        - name: page_size\n          in: query\n          required: false\n          description: >-\n            Maximum number of sessions to return in this page. The server\n            default and maximum are unknown, so no default or maximum is\n            declared here.\n          schema:\n            type: integer\n",
                "        - name: page_size\n          in: query\n          required: false\n          schema:\n            type: integer\n            format: int32\n",
            ),
        ],
    );
    let settings = edited(
        CHAT_SETTINGS,
        &[
            ("{session_id}/summary", "{session_id}/overview"),
            ("version: 0.3.0", "version: 0.4.0"),
        ],
    );
    let old = parse_surface(&surface_file(&lower(CHAT_SPEC, Some(CHAT_SETTINGS))))
        .expect("the surface file parses");
    let new = Surface::of(&lower(&spec, Some(&settings)));
    let actual = compare(&old, &new).text();
    if std::env::var("PRINT_REPORTS").is_ok() {
        println!("=== chat\n{actual}");
    }
    assert_eq!(actual, CHAT_EXPECTED);
}

const CHAT_EXPECTED: &str = r#"Changes to the public surface and the wire contract of llamacloud:

beta.chat.get_summary (GET "/api/v1/chat/{session_id}/overview")
  beta.chat.get_summary: endpoint changed from GET "/api/v1/chat/{session_id}/summary" to GET "/api/v1/chat/{session_id}/overview"
    spec: #/paths/~1api~1v1~1chat~1{session_id}~1overview/get
    Rust: compatible: the method keeps its name and arguments
    wire: breaking: old clients still call GET "/api/v1/chat/{session_id}/summary"

beta.chat.list (GET "/api/v1/chat")
  beta.chat.list.page_size: type changed from i64 to i32
    spec: #/paths/~1api~1v1~1chat/get
    Rust: breaking: the field's Rust type changed, so code that sets it stops compiling
    wire: breaking: narrowed: old clients may send a value of type i64 that is not a valid i32

beta.chat.stream (POST "/api/v1/chat/{session_id}/messages/stream")
  beta.chat.stream.mode: body parameter added (string, required)
    spec: #/paths/~1api~1v1~1chat~1{session_id}~1messages~1stream/post
    Rust: breaking: struct literals of StreamParams that list every field stop compiling, and ones ending in `..Default::default()` compile but send the type's default value
    wire: breaking: old clients do not send it, the server now requires it

models
  ChatEvent.ThinkingDelta: variant "thinking_delta" removed
    spec: #/components/schemas/ChatEvent
    Rust: breaking: code that names ChatEvent::ThinkingDelta stops compiling
    wire: compatible: the server no longer sends it
  StreamChatRequest.mode: field added (string, required)
    spec: #/components/schemas/StreamChatRequest
    Rust: breaking: StreamChatRequest is not #[non_exhaustive]: struct literals that list every field stop compiling (ones ending in `..Default::default()` still compile)
    wire: compatible: no operation of the old crate sends or receives StreamChatRequest
  ThinkingDeltaEvent: no longer implements Default
    spec: #/components/schemas/ThinkingDeltaEvent
    Rust: breaking: `..Default::default()` and `::default()` stop compiling
    wire: compatible: not on the wire
  ThinkingDeltaEvent.r#type: field added (ThinkingDeltaEventType, required)
    spec: #/components/schemas/ThinkingDeltaEvent
    Rust: breaking: ThinkingDeltaEvent is not #[non_exhaustive]: struct literals of it stop compiling
    wire: compatible: old clients keep it among the fields they do not know
  ThinkingDeltaEventType: string-enum added
    spec: #/components/schemas/ThinkingDeltaEvent/properties/type
    Rust: compatible: a new type; existing code is unaffected
    wire: compatible: old clients never send or receive it under this name

bump: minor (0.x: a breaking change bumps the minor), from 0.3.0 to at least 0.4.0; the configured version 0.4.0 satisfies it
"#;
