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
    Presence, Resource, ResponseKind, Side, Text, TextDelta, Ty, model_behind,
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
            let field = model_behind(models, item)?.as_struct()?.fields.first()?;
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
    let accepts = op.other_media.clone();
    let command_flags = [
        (body_document, "body"),
        (paginated, "max-items"),
        (!accepts.is_empty(), "accept"),
    ];
    let command_flags: Vec<&str> = (command_flags.iter())
        .filter_map(|(has, flag)| has.then_some(*flag))
        .collect();
    let mut flags = FlagBuilder::new(&command_flags, models);
    let path_args = path_args(op, &mut flags, needs);
    let shared = shared_wire_names(op);
    let params = op.params.as_ref().map(|params| CliParams {
        type_path: format!("{}::{}", resource.rust_path(), params.type_name),
        fields: params
            .fields
            .iter()
            .map(|field| {
                let shares = shared.contains(field.field.wire_name.as_str());
                param_field(field, body_document, shares, &mut flags, needs)
            })
            .collect(),
    });
    let forwards_body_fields = body_document && op.body_encoding == crate::ir::BodyEncoding::Json;
    needs.body_documents |= body_document;
    needs.forwarded_body_fields |= forwards_body_fields;
    needs.rejected_body_fields |= body_document && !forwards_body_fields;
    let flags = flags.finish(needs);
    let output = output(op, models);
    needs.values |= output != OutputKind::Empty;
    needs.downloads |= output == OutputKind::Download || !accepts.is_empty();
    needs.accepts |= !accepts.is_empty();
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
        accepts,
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
    let ModelKind::TaggedUnion(union) = &model_behind(models, event.model_name()?)?.kind else {
        return None;
    };
    union.variants.iter().find_map(|variant| {
        let value = variant.tag_value.as_str().to_ascii_lowercase();
        if !(value.contains("text") && value.ends_with("delta")) {
            return None;
        }
        let fields = &model_behind(models, &variant.type_name)?
            .as_struct()?
            .fields;
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

/// The wire names more than one of an operation's parameters and body fields have.
fn shared_wire_names(op: &Operation) -> BTreeSet<&str> {
    let mut seen = BTreeSet::new();
    let path = op.path_params.iter().map(|param| param.wire_name.as_str());
    let fields = (op.params.iter()).flat_map(|params| &params.fields);
    path.chain(fields.map(|field| field.field.wire_name.as_str()))
        .filter(|name| !seen.insert(*name))
        .collect()
}

/// A params field's flag, and how the field is read from it.
fn param_field(
    field: &ParamField,
    body_document: bool,
    shares_wire_name: bool,
    flags: &mut FlagBuilder<'_>,
    needs: &mut CliNeeds,
) -> CliParamField {
    let (id, kind) = flags.param_field(field, body_document, shares_wire_name);
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
        wire_time: field.field.serde.timestamp_adapter,
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
mod tests;
