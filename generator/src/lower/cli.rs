//! The lowered API → `ir::Cli`, the generated command-line tool: one command per resource with
//! operations (`beta:chat`), one subcommand per operation (`get-summary`), one flag per parameter
//! and body field. Built from the IR alone (it never reads the spec). Every name is decided here
//! and made unique within its command — global flags and the commands the tool adds itself
//! (`completion`, `help`) included — so the clap command tree is valid for any spec.

mod flags;
mod help;

use super::checks::check_binary_name;
use crate::config::SdkConfig;
use crate::diagnostics::Sink;
use crate::ir::{
    Api, Cli, CliNeeds, CliOperation, CliParamField, CliParams, CliPathArg, CliResource,
    FieldAccessor, FlagKind, Model, ModelKind, Operation, OutputKind, ParamField, ParamLocation,
    Presence, Resource, ResponseKind, Side, Text, TextDelta, Ty,
};
use crate::lower::docs::single_line;
use crate::naming;
use crate::naming::{CLI_COMMANDS_RESERVED, UniqueNames, claim_suffixed, unraw};
use flags::FlagBuilder;
use help::{about, after_help, examples, long_about};
use std::collections::{BTreeMap, BTreeSet};

pub use flags::kebab_name;

/// The exit code of configuration errors (no API key, a bad base URL): `EX_CONFIG` of BSD's
/// `sysexits.h`, apart from API errors (1) and usage errors (2, clap's).
pub const CONFIG_EXIT_CODE: u8 = 78;

/// The binary name from `sdk.yaml` (`cli.binary_name`), else derived from the package name.
/// Checked here, with the other settings, so that a bad name stops the run before anything is
/// lowered further.
pub fn binary_name(config: &SdkConfig, package_name: &str, sink: &mut Sink) -> String {
    match &config.cli_binary_name {
        Some(configured) => {
            check_binary_name(configured, sink);
            configured.clone()
        }
        None => naming::binary_name(package_name),
    }
}

/// The command-line tool of a lowered API; `None` when the API has no operations.
pub fn lower_cli(api: &Api, binary_name: &str) -> Option<Cli> {
    if !api.needs.operations {
        return None;
    }
    let models: BTreeMap<&str, &Model> = api
        .models
        .iter()
        .map(|m| (m.type_name.as_str(), m))
        .collect();
    let mut needs = CliNeeds::default();
    let mut commands = UniqueNames::default();
    let mut command_names: BTreeSet<String> = CLI_COMMANDS_RESERVED
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    let mut resources = Vec::new();
    let mut transform_example = None;
    for resource in api.resources.iter().flat_map(Resource::walk) {
        if resource.operations.is_empty() {
            continue;
        }
        let command = claim_kebab(
            &mut command_names,
            &resource
                .module_path
                .iter()
                .map(|m| kebab_name(m))
                .collect::<Vec<_>>()
                .join(":"),
        );
        let mut names = OperationNames {
            commands: ["help".to_owned()].into(),
            consts: UniqueNames::default(),
            run_fns: UniqueNames::default(),
        };
        let mut operations: Vec<CliOperation> = resource
            .operations
            .iter()
            .map(|op| lower_operation(op, resource, &models, &mut names, &mut needs))
            .collect();
        add_aliases(&mut operations, &mut names.commands);
        if transform_example.is_none() {
            transform_example = list_example(resource, &operations, &command, &models);
        }
        resources.push(CliResource {
            module_doc: Text::new(format!(
                "`{binary_name} {command} …`: the operations on `{}`.",
                resource.module_path.join(".")
            )),
            has_flags: operations.iter().any(|op| !op.flags.is_empty()),
            command: Text::new(command),
            module_name: commands.claim(resource.module_path.join("_")),
            accessors: resource.accessor_path.clone(),
            about: Text::new(resource.docs.one_line()),
            operations,
        });
    }
    let examples = examples(binary_name, &resources);
    Some(Cli {
        binary_name: binary_name.to_owned(),
        about: Text::new(format!(
            "Command-line tool for the {}.",
            api.package.title.as_str()
        )),
        after_help: Text::new(after_help(&examples)),
        has_api_key: api.client.auth.has_key(),
        resources,
        readme_examples: examples.into_iter().map(Text::new).collect(),
        config_exit_code: CONFIG_EXIT_CODE,
        base_url_help: Text::new(base_url_help(api)),
        transform_help: Text::new(transform_help(binary_name, transform_example.as_deref())),
        needs,
    })
}

/// `retrieve` for a `get` operation (the verb other tools use), unless a sibling has that name.
fn add_aliases(operations: &mut [CliOperation], taken: &mut BTreeSet<String>) {
    for op in operations {
        if op.command.as_str() == "get" && taken.insert("retrieve".to_owned()) {
            op.alias = Some(Text::from("retrieve"));
        }
    }
}

/// `RESOURCE OPERATION --transform '$.FIELD'` for the first list whose items have a field.
fn list_example(
    resource: &Resource,
    operations: &[CliOperation],
    command: &str,
    models: &BTreeMap<&str, &Model>,
) -> Option<String> {
    resource
        .operations
        .iter()
        .zip(operations)
        .find_map(|(op, cli_op)| {
            let item = op.pagination.as_ref()?.item.by_value_model()?;
            let field = models.get(item)?.as_struct()?.fields.first()?;
            let name = field.wire_name.as_str();
            // A name that needs quoting in JSONPath or the shell makes a poor example.
            let plain =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            plain.then(|| {
                format!(
                    "{command} {} --transform '$.{name}'",
                    cli_op.command.as_str()
                )
            })
        })
}

/// `--transform`'s help: what it applies to, what no match prints, and an example that is true.
fn transform_help(binary_name: &str, example: Option<&str>) -> String {
    let mut help = String::from(
        "A JSONPath expression (RFC 9535) applied to each printed value: the response, each item \
         of a list, each event of a stream. Every match is printed; a value with no match is \
         printed whole",
    );
    if let Some(example) = example {
        help.push_str(&format!(", e.g. `{binary_name} {}`", single_line(example)));
    }
    help
}

/// `--base-url`'s help: the default comes from the spec's servers (or `sdk.yaml`), so it is made
/// one line without control characters before a terminal prints it.
fn base_url_help(api: &Api) -> String {
    match &api.client.default_base_url {
        Some(url) => format!(
            "The API's base URL, http or https [default: {}]",
            single_line(url.as_str())
        ),
        None => "The API's base URL, http or https".to_owned(),
    }
}

/// `name`, or `name-2`, `name-3`… when taken.
fn claim_kebab(taken: &mut BTreeSet<String>, name: &str) -> String {
    claim_suffixed(name, "-", |candidate| taken.insert(candidate.to_owned()))
}

/// Names taken within one resource's command and module.
struct OperationNames {
    commands: BTreeSet<String>,
    consts: UniqueNames,
    run_fns: UniqueNames,
}

/// Lowers one operation's subcommand.
fn lower_operation(
    op: &Operation,
    resource: &Resource,
    models: &BTreeMap<&str, &Model>,
    names: &mut OperationNames,
    needs: &mut CliNeeds,
) -> CliOperation {
    let body_document = op.has_flattened_body();
    let paginated = op.pagination.is_some();
    let mut flags = FlagBuilder::new(body_document, paginated, models);
    let path_args = path_args(op, &mut flags, needs);
    let params = op.params.as_ref().map(|params| CliParams {
        type_path: format!("{}::{}", resource.rust_path(), params.type_name),
        fields: params
            .fields
            .iter()
            .map(|field| param_field(field, body_document, &mut flags, needs))
            .collect(),
    });
    let forwards_body_fields = body_document && op.body_encoding == crate::ir::BodyEncoding::Json;
    needs.body_documents |= body_document;
    needs.forwarded_body_fields |= forwards_body_fields;
    needs.rejected_body_fields |= body_document && !forwards_body_fields;
    let flags = flags.finish(needs);
    let output = output(op, models);
    needs.values |= output != OutputKind::Empty;
    needs.downloads |= output == OutputKind::Download;
    CliOperation {
        command: Text::new(claim_kebab(
            &mut names.commands,
            &kebab_name(&op.method_name),
        )),
        alias: None,
        method_name: op.method_name.clone(),
        run_fn: names.run_fns.claim(format!(
            "run_{}",
            unraw(&op.method_name).trim_start_matches('_')
        )),
        flags_const: names.consts.claim(format!(
            "{}_FLAGS",
            unraw(&op.method_name).to_ascii_uppercase()
        )),
        about: Text::new(about(op)),
        long_about: Text::new(long_about(op)),
        flags,
        path_args,
        params,
        body_document,
        paginated,
        forwards_body_fields,
        output,
    }
}

/// How the operation's result is printed.
fn output(op: &Operation, models: &BTreeMap<&str, &Model>) -> OutputKind {
    if op.pagination.is_some() {
        return OutputKind::Pages;
    }
    match &op.response {
        ResponseKind::Json { .. } => OutputKind::Value,
        ResponseKind::OptionalJson { .. } => OutputKind::Optional,
        ResponseKind::Empty => OutputKind::Empty,
        ResponseKind::EventStream { event, .. } => OutputKind::Events(text_delta(event, models)),
        ResponseKind::Text => OutputKind::Text,
        ResponseKind::Download => OutputKind::Download,
    }
}

/// For an event union discriminated by a tag, the variant that carries a piece of the answer's
/// text (`text_delta` with `content`, `response.output_text.delta` with `delta`).
fn text_delta(event: &Ty, models: &BTreeMap<&str, &Model>) -> Option<TextDelta> {
    let ModelKind::TaggedUnion(union) = &models.get(event.model_name()?)?.kind else {
        return None;
    };
    union.variants.iter().find_map(|variant| {
        let value = variant.tag_value.as_str().to_ascii_lowercase();
        if !(value.contains("text") && value.ends_with("delta")) {
            return None;
        }
        let fields = &models.get(variant.type_name.as_str())?.as_struct()?.fields;
        let field = ["content", "delta", "text"].iter().find_map(|wanted| {
            fields.iter().find(|f| {
                f.wire_name.as_str() == *wanted
                    && f.ty == Ty::String
                    && f.presence == Presence::Required
            })
        })?;
        Some(TextDelta {
            tag: union.tag.clone(),
            value: variant.tag_value.clone(),
            field: field.wire_name.clone(),
        })
    })
}

/// The path parameters, read into locals from their flags (or positional twins).
fn path_args(op: &Operation, flags: &mut FlagBuilder<'_>, needs: &mut CliNeeds) -> Vec<CliPathArg> {
    let mut path_args = Vec::new();
    for (index, param) in op.path_params.iter().enumerate() {
        let help = param
            .description
            .as_ref()
            .map(|text| crate::lower::docs::single_line(text.as_str()))
            .unwrap_or_default();
        let id = flags.path_param(param, &help);
        needs.required_values = true;
        path_args.push(CliPathArg {
            binding: format!("path_{index}"),
            ty: param.ty.clone(),
            flag_id: Text::new(id),
        });
    }
    path_args
}

/// A params field's flag, and how the field is read from it.
fn param_field(
    field: &ParamField,
    body_document: bool,
    flags: &mut FlagBuilder<'_>,
    needs: &mut CliNeeds,
) -> CliParamField {
    let (id, kind) = flags.param_field(field, body_document);
    let accessor = match accessor_of(field.field.presence, field.field.side, &kind) {
        // A whole body sent as given is read as a file too, but streamed, not into a `FilePart`.
        FieldAccessor::File if field.field.ty == Ty::Upload => FieldAccessor::Upload,
        FieldAccessor::OptionalFile if field.field.ty == Ty::Upload => {
            FieldAccessor::OptionalUpload
        }
        // An array of files: the flag repeats, one file each time.
        FieldAccessor::File if matches!(field.field.ty, Ty::Array(_)) => FieldAccessor::Files,
        FieldAccessor::OptionalFile if matches!(field.field.ty, Ty::Array(_)) => {
            FieldAccessor::OptionalFiles
        }
        other => other,
    };
    note_accessor(needs, accessor);
    CliParamField {
        rust_name: field.field.rust_name.clone(),
        accessor,
        flag_id: Text::new(id),
        wire_time: field.field.serde.with.is_some(),
    }
}

/// The `Input` method that reads a params field: by its presence (`T`, `Option<T>`,
/// `Option<Option<T>>`) and whether it is a file.
fn accessor_of(presence: Presence, side: Side, kind: &FlagKind) -> FieldAccessor {
    let optional = !presence.is_plain();
    match kind {
        FlagKind::File if optional => FieldAccessor::OptionalFile,
        FlagKind::File => FieldAccessor::File,
        _ if presence == Presence::OptionalNullable && side == Side::Request => {
            FieldAccessor::Nullable
        }
        _ if optional && !presence.is_required() => FieldAccessor::Optional,
        _ => FieldAccessor::Required,
    }
}

fn note_accessor(needs: &mut CliNeeds, accessor: FieldAccessor) {
    match accessor {
        FieldAccessor::OptionalFile => needs.optional_files = true,
        FieldAccessor::File => needs.required_files = true,
        FieldAccessor::Nullable => needs.nullable_values = true,
        FieldAccessor::Optional => needs.optional_values = true,
        FieldAccessor::Required => needs.required_values = true,
        FieldAccessor::Upload => needs.required_uploads = true,
        FieldAccessor::OptionalUpload => needs.optional_uploads = true,
        FieldAccessor::Files => needs.required_file_lists = true,
        FieldAccessor::OptionalFiles => needs.optional_file_lists = true,
    }
}

/// `ParamLocation` as the prefix of a renamed flag (`--query-format`).
fn location_prefix(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Body => "body",
    }
}

#[cfg(test)]
mod tests {
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
        let flags: Vec<(&str, &FlagKind)> =
            op.flags.iter().map(|f| (f.id.as_str(), &f.kind)).collect();
        let ab = FlagKind::Enum(vec![Text::from("a"), Text::from("b")]);
        assert_eq!(
            flags,
            [
                ("id", &FlagKind::Integer),
                ("query-format", &FlagKind::String),
                ("max-items", &FlagKind::Integer),
                ("body-body", &FlagKind::String),
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
        assert_eq!(op.flags[4].aliases, [Text::from("tags")]);
        assert!(op.flags[4].repeated && op.flags[4].required && op.flags[4].in_body);
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
}
