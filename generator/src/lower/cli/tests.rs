//! The CLI's lowering: names that avoid the tool's own commands and flags, accessors by
//! presence, help without control characters, `retrieve` aliases and text deltas of streams.

use super::*;

#[test]
fn binary_names_are_checked() {
    let mut sink = Sink::new();
    let config = SdkConfig {
        cli_binary_name: Some("my tool".into()),
        ..SdkConfig::default()
    };
    assert_eq!(binary_name(&config, "x", &mut sink), "my tool");
    assert_eq!(sink.into_items()[0].pointer, "#/cli/binary_name");
    let mut sink = Sink::new();
    assert_eq!(
        binary_name(&SdkConfig::default(), "llamacloud", &mut sink),
        "llamacloud"
    );
    assert!(sink.into_items().is_empty());
}

#[test]
fn taken_names_get_numbers() {
    let mut taken: BTreeSet<String> = ["help".to_owned()].into();
    assert_eq!(claim_kebab(&mut taken, "help"), "help-2");
    assert_eq!(claim_kebab(&mut taken, "list"), "list");
    assert_eq!(claim_kebab(&mut taken, "list"), "list-2");
}

#[test]
fn accessors_follow_presence() {
    let text = FlagKind::String;
    let cases = [
        (
            Presence::Required,
            Side::Request,
            &text,
            FieldAccessor::Required,
        ),
        (
            Presence::Nullable,
            Side::Request,
            &text,
            FieldAccessor::Required,
        ),
        (
            Presence::Optional,
            Side::Request,
            &text,
            FieldAccessor::Optional,
        ),
        (
            Presence::OptionalNullable,
            Side::Request,
            &text,
            FieldAccessor::Nullable,
        ),
        (
            Presence::Optional,
            Side::Request,
            &FlagKind::File,
            FieldAccessor::OptionalFile,
        ),
        (
            Presence::Required,
            Side::Request,
            &FlagKind::File,
            FieldAccessor::File,
        ),
    ];
    for (presence, side, kind, accessor) in cases {
        assert_eq!(accessor_of(presence, side, kind), accessor, "{presence:?}");
    }
}

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Demo, version: "1"}
servers: [{url: "https://demo.example.com"}]
paths:
  /completion/{id}:
    post:
      operationId: help
      tags: [completion]
      parameters:
        - {name: id, in: path, required: true, description: "The id.\nSecond line.", schema: {type: integer}}
        - {name: format, in: query, schema: {type: string}}
        - {name: max_items, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [tags]
              properties:
                body: {type: string}
                format: {type: string, description: The note's format.}
                tags: {type: array, items: {type: string}}
                kind: {type: string, enum: [a, b]}
                extra: {type: object}
      responses:
        '200':
          description: events
          content:
            text/event-stream:
              schema:
                oneOf: [{$ref: "#/components/schemas/Delta"}, {$ref: "#/components/schemas/Stop"}]
                discriminator:
                  propertyName: type
                  mapping: {text_delta: "#/components/schemas/Delta", stop: "#/components/schemas/Stop"}
components:
  schemas:
    Delta:
      type: object
      required: [type, content]
      properties:
        type: {type: string}
        content: {type: string}
    Stop:
      type: object
      properties:
        type: {type: string}
"##;

fn lowered() -> Cli {
    let inputs = crate::load::load_inputs(SPEC, Some("cli: {binary_name: demo}")).unwrap();
    let api = crate::lower::lower(&inputs).unwrap().api;
    api.cli.unwrap()
}

#[test]
fn names_avoid_the_tools_own_commands_and_flags() {
    let cli = lowered();
    assert_eq!(cli.binary_name, "demo");
    let resource = &cli.resources[0];
    assert_eq!(resource.command.as_str(), "completion-2");
    assert_eq!(resource.accessors, ["completion"]);
    let op = &resource.operations[0];
    assert_eq!(op.command.as_str(), "help-2");
    assert_eq!(op.run_fn, "run_help");
    let flags: Vec<(&str, &FlagKind)> = op.flags.iter().map(|f| (f.id.as_str(), &f.kind)).collect();
    let ab = FlagKind::Enum(vec![Text::from("a"), Text::from("b")]);
    assert_eq!(
        flags,
        [
            ("id", &FlagKind::Integer),
            ("query-format", &FlagKind::String),
            ("max-items", &FlagKind::Integer),
            ("body-body", &FlagKind::String),
            ("format2", &FlagKind::String),
            ("tag", &FlagKind::String),
            ("kind", &ab),
            ("extra", &FlagKind::Json),
        ]
    );
    assert_eq!(op.flags[0].help.as_str(), "The id. Second line.");
    assert_eq!(
        op.flags[0].positional.as_ref().map(Text::as_str),
        Some("id:positional")
    );
    assert_eq!(op.flags[5].aliases, [Text::from("tags")]);
    assert!(op.flags[5].repeated && op.flags[5].required && op.flags[5].in_body);
    // Two `format`s: each flag's help says which one it is.
    assert_eq!(op.flags[1].help.as_str(), "The query parameter `format`.");
    assert_eq!(
        op.flags[4].help.as_str(),
        "The note's format. (the body field `format`)"
    );
    assert_eq!(op.flags[3].help.as_str(), "", "`body` shares no wire name");
    assert!(op.body_document && op.forwards_body_fields && !op.paginated);
    assert_eq!(op.path_args[0].ty, Ty::I64);
}

#[test]
fn the_default_base_url_reaches_the_help_without_control_characters() {
    let spec = SPEC.replace(
        "https://demo.example.com",
        "https://demo.example.com/\\e[2J\\x07v1",
    );
    let inputs = crate::load::load_inputs(&spec, None).unwrap();
    let cli = crate::lower::lower(&inputs).unwrap().api.cli.unwrap();
    let help = cli.base_url_help.as_str();
    assert!(help.contains("https://demo.example.com/[2Jv1]"), "{help}");
    assert!(!help.chars().any(char::is_control), "{help:?}");
}

#[test]
fn get_is_also_retrieve_unless_taken() {
    let op = |command: &str| CliOperation {
        command: Text::from(command),
        alias: None,
        ..lowered().resources[0].operations[0].clone()
    };
    let mut ops = [op("get"), op("list")];
    add_aliases(&mut ops, &mut ["get".to_owned(), "list".to_owned()].into());
    assert_eq!(ops[0].alias, Some(Text::from("retrieve")));
    assert_eq!(ops[1].alias, None);
    let mut ops = [op("get"), op("retrieve")];
    add_aliases(
        &mut ops,
        &mut ["get".to_owned(), "retrieve".to_owned()].into(),
    );
    assert_eq!(
        ops[0].alias, None,
        "a sibling named retrieve keeps its name"
    );
}

#[test]
fn event_streams_know_their_text_deltas() {
    let op = &lowered().resources[0].operations[0];
    assert_eq!(
        op.output,
        OutputKind::Events(Some(TextDelta {
            tag: Text::from("type"),
            value: Text::from("text_delta"),
            field: Text::from("content"),
        }))
    );
}

#[test]
fn a_response_offered_in_other_media_types_gets_accept() {
    let spec = r##"
openapi: 3.0.3
info: {title: Demo, version: "1"}
servers: [{url: "https://demo.example.com"}]
paths:
  /reports/{id}:
    get:
      operationId: getReport
      tags: [reports]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: accept, in: query, schema: {type: string}}
      responses:
        "200":
          description: JSON, CSV or PDF.
          content:
            application/json: {schema: {type: object}}
            text/csv: {schema: {type: string}}
            application/pdf: {schema: {type: string, format: binary}}
  /reports:
    get:
      operationId: listReports
      tags: [reports]
      responses:
        "200":
          description: JSON only.
          content:
            application/json: {schema: {type: object}}
"##;
    let inputs = crate::load::load_inputs(spec, None).unwrap();
    let cli = crate::lower::lower(&inputs).unwrap().api.cli.unwrap();
    let ops = &cli.resources[0].operations;
    let get = ops.iter().find(|op| op.method_name == "get").unwrap();
    let list = ops.iter().find(|op| op.method_name == "list").unwrap();
    assert_eq!(
        get.accepts,
        [Text::from("text/csv"), Text::from("application/pdf")]
    );
    let flags: Vec<&str> = get.flags.iter().map(|flag| flag.id.as_str()).collect();
    assert_eq!(
        flags,
        ["id", "query-accept"],
        "the command's own --accept keeps its name"
    );
    assert!(list.accepts.is_empty());
    assert!(cli.needs.accepts && cli.needs.downloads);
}
