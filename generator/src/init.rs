//! `generator init`: a starter `sdk.yaml` for a document, with everything the generator would
//! derive spelled out for editing (crate and client settings, how the lists page as
//! `pagination:` schemes, the resource tree with each method's endpoint) and the optional keys
//! shown as comments. Generating
//! with the starter file yields the same crate as without it.

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Resource, Text};
use crate::lower::docs::single_line;
use crate::{GenerateError, Sources, load, lower};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The starter `sdk.yaml` for `sources` (whose `config_text` is ignored: the starter describes
/// what the document alone yields); a `$ref` to another file is read from `files`, as
/// `generate_with` reads it, so a multi-file description's starter sees the whole API.
pub fn starter_config(
    sources: &Sources<'_>,
    files: &dyn load::SpecFiles,
) -> Result<String, GenerateError> {
    let invalid =
        |items| GenerateError::Invalid(Diagnostics::new(items, sources.spec_path, "sdk.yaml"));
    let inputs = load::load_inputs_with(sources.spec_text, None, files).map_err(invalid)?;
    let lowered = lower::lower(&inputs).map_err(|mut items| {
        inputs.locate(&mut items);
        invalid(items)
    })?;
    Ok(render(&lowered.api, sources.spec_path))
}

/// A YAML scalar for any text (quoted where YAML needs it).
pub(crate) fn scalar(text: &str) -> String {
    let value = serde_yaml::Value::String(text.to_owned());
    serde_yaml::to_string(&value)
        .map(|yaml| yaml.trim_end().to_owned())
        .unwrap_or_else(|_| format!("{text:?}"))
}

fn render(api: &Api, spec_path: &str) -> String {
    let package = &api.package;
    let client = &api.client;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# SDK settings for {}, written by `generator init` from {}.\n\
         # Every value below is what the generator derives without this file: edit what you want\n\
         # to change, delete a line to go back to the derived value. Every key is listed, with its\n\
         # default, in the generator's README (\"sdk.yaml reference\").",
        single_line(package.title.as_str()),
        single_line(spec_path),
    );
    render_crate(&mut out, package);
    render_client(&mut out, client);
    let schemes = crate::init_pagination::schemes(api);
    if !schemes.listed.is_empty() {
        out.push_str(
            "# How the lists page, as detected (keys in the README's \"Pagination\"); an operation\n\
             # uses the first scheme that fits its parameters and response. Delete the section to\n\
             # go back to detection.\n\
             pagination:\n",
        );
        for (name, body) in &schemes.listed {
            let _ = writeln!(out, "  {}: {body}", scalar(name));
        }
    }
    out.push_str(
        "# Resources and method names; `# pages` marks methods that get `<name>_auto_paging`.\n\
         resources:",
    );
    // A document without operations has an empty tree (a bare `resources:` would be null).
    out.push_str(if api.resources.is_empty() {
        " {}\n"
    } else {
        "\n"
    });
    for resource in &api.resources {
        render_resource(&mut out, resource, 1, &schemes.of_operation);
    }
    if let Some(cli) = &api.cli {
        let _ = writeln!(out, "cli:\n  binary_name: {}", scalar(&cli.binary_name));
    }
    out
}

/// The `crate:` section: what the package is called and published as.
fn render_crate(out: &mut String, package: &crate::ir::Package) {
    out.push_str("crate:\n");
    let _ = writeln!(out, "  name: {}", scalar(&package.name));
    let _ = writeln!(out, "  version: {}", scalar(&package.version));
    let _ = writeln!(
        out,
        "  description: {}",
        scalar(package.description.as_str())
    );
    match &package.publish.license {
        Some(license) => {
            let _ = writeln!(out, "  license: {}", scalar(license.as_str()));
        }
        None => out.push_str("  # license: MIT OR Apache-2.0\n"),
    }
    out.push_str(
        "  # repository: https://github.com/you/your-sdk\n  \
         # homepage: https://example.com\n  \
         # documentation: https://docs.rs/your-sdk\n  \
         # keywords: [api, client]\n  \
         # categories: [api-bindings]\n  \
         # authors: [\"Your Name <you@example.com>\"]\n  \
         # auto: a member of the workspace around the output folder when it lists the folder in\n  \
         # `members`, else its own workspace; member or standalone: always that.\n  \
         workspace: auto\n  \
         # in_caller: each operation compiles in the crate that calls it (only those used);\n  \
         # in_crate: all of them compile here, once (an application that calls most of them).\n  \
         compile_operations: in_caller\n",
    );
}

/// The `client:` section and the string-format types (listed as comments).
fn render_client(out: &mut String, client: &crate::ir::ClientSettings) {
    out.push_str("client:\n");
    let _ = writeln!(out, "  name: {}", scalar(&client.type_name));
    match &client.default_base_url {
        Some(url) => {
            let _ = writeln!(out, "  default_base_url: {}", scalar(url.as_str()));
        }
        None => out.push_str("  # default_base_url: https://api.example.com\n"),
    }
    out.push_str("  env:\n");
    for (key, value) in [
        ("api_key", &client.env_api_key),
        ("base_url", &client.env_base_url),
        ("custom_headers", &client.env_custom_headers),
    ] {
        let _ = writeln!(out, "    {key}: {}", scalar(value.as_str()));
    }
    out.push_str(
        "# Rust types for string formats (each `string` by default):\n\
         # types:\n\
         #   date-time: chrono        # chrono::DateTime<chrono::Utc>, or time: time::OffsetDateTime\n\
         #   date: chrono             # chrono::NaiveDate, or time: time::Date\n\
         #   date-time-parsing: lenient  # timestamps without a zone read as UTC (default strict)\n\
         #   uuid: uuid               # uuid::Uuid\n\
         #   uri: url                 # url::Url\n\
         #   decimal: rust_decimal    # rust_decimal::Decimal\n",
    );
}

fn render_resource(
    out: &mut String,
    resource: &Resource,
    depth: usize,
    schemes: &BTreeMap<String, String>,
) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(out, "{indent}{}:", scalar(&resource.accessor));
    if !resource.operations.is_empty() {
        let _ = writeln!(out, "{indent}  methods:");
    }
    for op in &resource.operations {
        let endpoint = format!("{} {}", op.http_method, op.path.as_str());
        let pages = match (&op.pagination, schemes.get(&endpoint)) {
            (Some(pagination), Some(scheme)) => format!(
                "  # pages ({scheme}): items of {}",
                pagination.item.qualified()
            ),
            _ => String::new(),
        };
        let summary = op
            .summary
            .as_ref()
            .map(Text::one_line)
            .filter(|summary| !summary.is_empty() && pages.is_empty())
            .map(|summary| format!("  # {summary}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent}    {}: {}{pages}{summary}",
            scalar(&op.method_name),
            scalar(&endpoint)
        );
    }
    if !resource.children.is_empty() {
        let _ = writeln!(out, "{indent}  resources:");
        for child in &resource.children {
            render_resource(out, child, depth + 2, schemes);
        }
    }
}
