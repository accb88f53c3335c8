//! The resource tree → `ir::Cli`, the generated command-line tool: one command per resource with
//! operations (`beta:chat`), one subcommand per operation (`get-summary`), one flag per parameter
//! and body field. Every name is decided here and made unique within its command — global flags
//! and the commands the tool adds itself (`completion`, `help`) included — so the clap command
//! tree is valid for any spec; spec text reaches the tool only as escaped string literals.

mod flags;
mod help;

use super::docs::{rust_literal, single_line};
use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, InputFile};
use crate::ir::{
    Api, Cli, CliNeeds, CliOperation, CliParamField, CliParams, CliPathArg, CliResource, Model,
    ModelKind, Operation, ParamField, ParamLocation, Resource, ResponseKind,
};
use crate::naming::{UniqueNames, unraw};
use flags::{FlagBuilder, ValueKind};
use help::{SpecFacts, SpecOperationFacts, about, after_help, doc_text, examples, long_about};
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet};

pub use flags::kebab_name;

/// Commands the tool adds at the top level; a resource of the same name is renamed.
const RESERVED_COMMANDS: &[&str] = &["completion", "help"];

/// The exit code of configuration errors (no API key, a bad base URL): `EX_CONFIG` of BSD's
/// `sysexits.h`, apart from API errors (1) and usage errors (2, clap's).
pub const CONFIG_EXIT_CODE: u8 = 78;

/// The binary name from `sdk.yaml` (`cli.binary_name`), else the package name. Checked here, with
/// the other settings, so that a bad name stops the run before anything is lowered further.
pub fn binary_name(
    config: &SdkConfig,
    package_name: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let name = config
        .cli_binary_name
        .clone()
        .unwrap_or_else(|| package_name.to_owned());
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if !valid {
        problems.push(
            Diagnostic::new(
                InputFile::Config,
                "#/cli/binary_name",
                format!("`{name}` is not a valid binary name"),
            )
            .with_hint("use ASCII letters, digits, `-` and `_`, starting with a letter"),
        );
    }
    name
}

/// The command-line tool of a lowered API; `None` when the API has no operations.
pub fn lower_cli(doc: &OpenAPI, api: &Api, binary_name: &str) -> Option<Cli> {
    if !api.needs.operations {
        return None;
    }
    let models: BTreeMap<&str, &Model> = api
        .models
        .iter()
        .map(|m| (m.type_name.as_str(), m))
        .collect();
    let spec = SpecFacts::of(doc);
    let mut needs = CliNeeds::default();
    let mut commands = UniqueNames::default();
    let mut command_names: BTreeSet<String> =
        RESERVED_COMMANDS.iter().map(|c| (*c).to_owned()).collect();
    let mut resources = Vec::new();
    for resource in api.resources.iter().flat_map(Resource::walk) {
        if resource.operations.is_empty() {
            continue;
        }
        let accessors = accessors_of(&api.resources, &resource.module_path);
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
        let lowering = OperationCli {
            models: &models,
            spec: &spec,
        };
        let operations = resource
            .operations
            .iter()
            .map(|op| lowering.lower(op, resource, &mut names, &mut needs))
            .collect();
        let operations: Vec<CliOperation> = operations;
        resources.push(CliResource {
            module_doc: format!(
                "`{binary_name} {command} …`: the operations on `{}`.",
                resource.module_path.join(".")
            ),
            has_flags: operations.iter().any(|op| !op.flags.is_empty()),
            command_literal: rust_literal(&command),
            module_name: commands.claim(resource.module_path.join("_")),
            accessors,
            about_literal: rust_literal(&doc_text(&resource.doc_comment)),
            operations,
        });
    }
    let examples = examples(binary_name, &resources);
    Some(Cli {
        binary_name: binary_name.to_owned(),
        binary_name_literal: rust_literal(binary_name),
        about_literal: rust_literal(&format!("Command-line tool for the {}.", api.package.title)),
        after_help_literal: rust_literal(&after_help(&examples)),
        has_api_key: api.client.auth.has_key(),
        resources,
        readme_examples: examples,
        config_exit_code: CONFIG_EXIT_CODE,
        needs,
    })
}

/// The accessor chain from the client to the resource at `module_path`.
fn accessors_of(roots: &[Resource], module_path: &[String]) -> Vec<String> {
    let mut accessors = Vec::new();
    let mut level = roots;
    for module in module_path {
        let Some(node) = level.iter().find(|r| r.module_name() == module) else {
            break;
        };
        accessors.push(node.accessor.clone());
        level = &node.children;
    }
    accessors
}

/// `name`, or `name-2`, `name-3`… when taken.
fn claim_kebab(taken: &mut BTreeSet<String>, name: &str) -> String {
    if taken.insert(name.to_owned()) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}-{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("an unbounded range always yields a free name")
}

/// Names taken within one resource's command and module.
struct OperationNames {
    commands: BTreeSet<String>,
    consts: UniqueNames,
    run_fns: UniqueNames,
}

/// Lowers one operation's subcommand.
struct OperationCli<'a> {
    models: &'a BTreeMap<&'a str, &'a Model>,
    spec: &'a SpecFacts,
}

impl OperationCli<'_> {
    fn lower(
        &self,
        op: &Operation,
        resource: &Resource,
        names: &mut OperationNames,
        needs: &mut CliNeeds,
    ) -> CliOperation {
        let OperationNames {
            commands: op_names,
            consts,
            run_fns,
        } = names;
        let facts = self.spec.operations.get(&op.endpoint_text);
        let body_document = op.has_body() && op.body_field.is_none();
        let paginated = op.pagination.is_some();
        let mut flags = FlagBuilder::new(body_document, paginated, self.models);
        let path_args = path_args(op, facts, &mut flags, needs);
        let params = op.params.as_ref().map(|params| CliParams {
            type_path: format!("{}::{}", resource.rust_path(), params.type_name),
            fields: params
                .fields
                .iter()
                .map(|field| param_field(field, body_document, &mut flags, needs))
                .collect(),
        });
        let forwards_body_fields =
            body_document && op.body_encoding == crate::ir::BodyEncoding::Json;
        needs.body_documents |= body_document;
        needs.forwarded_body_fields |= forwards_body_fields;
        needs.rejected_body_fields |= body_document && !forwards_body_fields;
        let flags = flags.finish(needs);
        let (output_fn, output_args) = self.output(op);
        needs.values |= output_fn != "print_empty";
        CliOperation {
            command_literal: rust_literal(&claim_kebab(op_names, &kebab_name(&op.method_name))),
            method_name: op.method_name.clone(),
            run_fn: run_fns.claim(format!(
                "run_{}",
                unraw(&op.method_name).trim_start_matches('_')
            )),
            flags_const: consts.claim(format!(
                "{}_FLAGS",
                unraw(&op.method_name).to_ascii_uppercase()
            )),
            about_literal: rust_literal(&about(op, facts)),
            long_about_literal: rust_literal(&long_about(op, facts)),
            flags,
            path_args,
            params,
            body_document,
            paginated,
            forwards_body_fields,
            output_fn: output_fn.to_owned(),
            output_args,
        }
    }

    /// The output function for the operation's response, and its extra arguments.
    fn output(&self, op: &Operation) -> (&'static str, Vec<String>) {
        if op.pagination.is_some() {
            return ("print_pages", vec!["matches".to_owned()]);
        }
        match &op.response {
            ResponseKind::Json { .. } => ("print_value", Vec::new()),
            ResponseKind::OptionalJson { .. } => ("print_optional", Vec::new()),
            ResponseKind::Empty => ("print_empty", Vec::new()),
            ResponseKind::EventStream { event_type } => {
                let text = self.text_delta(event_type).map_or_else(
                    || "None".to_owned(),
                    |(tag, value, field)| format!("Some(({tag}, {value}, {field}))"),
                );
                ("print_events", vec![text])
            }
        }
    }

    /// For an event union discriminated by a tag, the variant that carries a piece of the
    /// answer's text (`text_delta` with `content`, `response.output_text.delta` with `delta`):
    /// `(tag property, tag value, text field)` as literals. `--format pretty` prints those
    /// pieces as plain text.
    fn text_delta(&self, event_type: &str) -> Option<(String, String, String)> {
        let name = event_type.strip_prefix("crate::models::")?;
        let ModelKind::TaggedUnion(union) = &self.models.get(name)?.kind else {
            return None;
        };
        union.variants.iter().find_map(|variant| {
            let value = syn::parse_str::<syn::LitStr>(&variant.tag_value_literal)
                .ok()?
                .value()
                .to_ascii_lowercase();
            if !(value.contains("text") && value.ends_with("delta")) {
                return None;
            }
            let fields = &self
                .models
                .get(variant.type_name.as_str())?
                .as_struct()?
                .fields;
            let field = ["content", "delta", "text"].iter().find_map(|wanted| {
                fields
                    .iter()
                    .find(|f| f.wire_name == *wanted && f.rust_type == "String")
            })?;
            Some((
                union.tag_literal.clone(),
                variant.tag_value_literal.clone(),
                rust_literal(&field.wire_name),
            ))
        })
    }
}

/// The path parameters, read into locals from their flags (or positional twins).
fn path_args(
    op: &Operation,
    facts: Option<&SpecOperationFacts>,
    flags: &mut FlagBuilder<'_>,
    needs: &mut CliNeeds,
) -> Vec<CliPathArg> {
    let mut path_args = Vec::new();
    for (index, param) in op.path_params.iter().enumerate() {
        let help = facts
            .and_then(|f| f.path_params.get(&param.wire_name))
            .map(|text| single_line(text))
            .unwrap_or_default();
        let (id, owned_type, pass_expr) = flags.path_param(param, &help);
        needs.required_values = true;
        let binding = format!("path_{index}");
        path_args.push(CliPathArg {
            pass_expr: pass_expr.replace("{}", &binding),
            binding,
            owned_type,
            flag_id_literal: rust_literal(&id),
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
    let accessor = accessor_of(&field.field.rust_type, field.field.required, &kind);
    note_accessor(needs, accessor);
    CliParamField {
        rust_name: field.field.rust_name.clone(),
        accessor: accessor.to_owned(),
        flag_id_literal: rust_literal(&id),
    }
}

/// The `Input` method that reads a params field: by its presence (`T`, `Option<T>`,
/// `Option<Option<T>>`) and whether it is a file.
fn accessor_of(rust_type: &str, required: bool, kind: &ValueKind) -> &'static str {
    let optional = rust_type.starts_with("Option<");
    match kind {
        ValueKind::File if optional => "optional_file",
        ValueKind::File => "file",
        _ if rust_type.starts_with("Option<Option<") => "nullable",
        _ if optional && !required => "optional",
        _ => "required",
    }
}

fn note_accessor(needs: &mut CliNeeds, accessor: &str) {
    match accessor {
        "optional_file" => needs.optional_files = true,
        "file" => needs.required_files = true,
        "nullable" => needs.nullable_values = true,
        "optional" => needs.optional_values = true,
        _ => needs.required_values = true,
    }
}

/// `ParamLocation` as the prefix of a renamed flag (`--query-format`).
fn location_prefix(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Body => "body",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_names_are_checked() {
        let mut problems = Vec::new();
        let config = SdkConfig {
            cli_binary_name: Some("my tool".into()),
            ..SdkConfig::default()
        };
        assert_eq!(binary_name(&config, "x", &mut problems), "my tool");
        assert_eq!(problems[0].pointer, "#/cli/binary_name");
        let mut problems = Vec::new();
        assert_eq!(
            binary_name(&SdkConfig::default(), "llamacloud", &mut problems),
            "llamacloud"
        );
        assert!(problems.is_empty());
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
        let text = ValueKind::String;
        assert_eq!(accessor_of("String", true, &text), "required");
        assert_eq!(accessor_of("Option<String>", true, &text), "required");
        assert_eq!(accessor_of("Option<String>", false, &text), "optional");
        assert_eq!(
            accessor_of("Option<Option<Vec<String>>>", false, &text),
            "nullable"
        );
        assert_eq!(
            accessor_of("Option<crate::FilePart>", false, &ValueKind::File),
            "optional_file"
        );
        assert_eq!(
            accessor_of("crate::FilePart", true, &ValueKind::File),
            "file"
        );
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
        let api = crate::lower::lower(&inputs).unwrap();
        api.cli.unwrap()
    }

    #[test]
    fn names_avoid_the_tools_own_commands_and_flags() {
        let cli = lowered();
        assert_eq!(cli.binary_name_literal, "\"demo\"");
        let resource = &cli.resources[0];
        assert_eq!(resource.command_literal, "\"completion-2\"");
        assert_eq!(resource.accessors, ["completion"]);
        let op = &resource.operations[0];
        assert_eq!(op.command_literal, "\"help-2\"");
        assert_eq!(op.run_fn, "run_help");
        let flags: Vec<(&str, &str)> = op
            .flags
            .iter()
            .map(|f| (f.id_literal.as_str(), f.kind_expr.as_str()))
            .collect();
        assert_eq!(
            flags,
            [
                ("\"id\"", "Kind::Integer"),
                ("\"query-format\"", "Kind::String"),
                ("\"max-items\"", "Kind::Integer"),
                ("\"body-body\"", "Kind::String"),
                ("\"tag\"", "Kind::String"),
                ("\"kind\"", "Kind::Enum(&[\"a\", \"b\"])"),
                ("\"extra\"", "Kind::Json"),
            ]
        );
        assert_eq!(op.flags[0].help_literal, "\"The id. Second line.\"");
        assert_eq!(
            op.flags[0].positional_literal.as_deref(),
            Some("\"id:positional\"")
        );
        assert_eq!(op.flags[4].alias_literals, ["\"tags\""]);
        assert!(op.flags[4].repeated && op.flags[4].required && op.flags[4].in_body);
        assert!(op.body_document && op.forwards_body_fields && !op.paginated);
        assert_eq!(op.path_args[0].owned_type, "i64");
        assert_eq!(op.path_args[0].pass_expr, "path_0");
    }

    #[test]
    fn event_streams_know_their_text_deltas() {
        let op = &lowered().resources[0].operations[0];
        assert_eq!(op.output_fn, "print_events");
        assert_eq!(
            op.output_args,
            ["Some((\"type\", \"text_delta\", \"content\"))"]
        );
    }
}
