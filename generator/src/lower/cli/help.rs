//! Help text of the command-line tool: what the spec says about each operation that the IR does
//! not keep (summary, description, path parameter descriptions), each subcommand's one-line and
//! long help, and the root command's examples and trailer. Text is sanitised here (one line, or
//! paragraphs without control characters) and becomes a literal in the caller.

use super::CONFIG_EXIT_CODE;
use crate::ir::{CliResource, Operation};
use crate::lower::docs::{clean_text, single_line, unescape_inline};
use crate::lower::operations::collect_operations;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use std::collections::BTreeMap;

/// The text of a `///` block, on one line, as plain text (Markdown escapes decoded).
pub fn doc_text(doc_comment: &str) -> String {
    let lines: Vec<&str> = doc_comment
        .lines()
        .map(|line| line.trim_start_matches("///").trim())
        .collect();
    single_line(&unescape_inline(&lines.join(" ")))
}

/// What the spec says about its operations that the IR does not keep: summaries, descriptions
/// and path parameter descriptions, by endpoint (`GET /pets/{id}`).
pub struct SpecFacts {
    pub operations: BTreeMap<String, SpecOperationFacts>,
}

#[derive(Default)]
pub struct SpecOperationFacts {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path parameter name → description.
    pub path_params: BTreeMap<String, String>,
}

impl SpecFacts {
    pub fn of(doc: &OpenAPI) -> Self {
        let resolve = |parameter: &ReferenceOr<Parameter>| -> Option<Parameter> {
            match parameter {
                ReferenceOr::Item(parameter) => Some(parameter.clone()),
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/parameters/")?;
                    match doc.components.as_ref()?.parameters.get(key)? {
                        ReferenceOr::Item(parameter) => Some(parameter.clone()),
                        ReferenceOr::Reference { .. } => None,
                    }
                }
            }
        };
        let mut operations = BTreeMap::new();
        for op in collect_operations(doc, &mut Vec::new()) {
            let mut facts = SpecOperationFacts {
                summary: op.operation.summary.clone(),
                description: op.operation.description.clone(),
                path_params: BTreeMap::new(),
            };
            let parameters = op
                .path_item
                .parameters
                .iter()
                .chain(&op.operation.parameters);
            for parameter in parameters.filter_map(resolve) {
                if let Parameter::Path { parameter_data, .. } = parameter
                    && let Some(description) = parameter_data.description
                {
                    facts.path_params.insert(parameter_data.name, description);
                }
            }
            operations.insert(op.endpoint(), facts);
        }
        SpecFacts { operations }
    }
}

/// One line: the summary, else the first line of the description, else the endpoint.
pub fn about(op: &Operation, facts: Option<&SpecOperationFacts>) -> String {
    let summary = facts.and_then(|f| f.summary.as_deref()).map(single_line);
    let description = facts.and_then(|f| f.description.as_deref()).and_then(|d| {
        clean_text(d)
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(single_line)
    });
    summary
        .filter(|s| !s.is_empty())
        .or(description)
        .unwrap_or_else(|| single_line(&op.endpoint_text))
}

/// Summary, description and endpoint as paragraphs, for `--help`.
pub fn long_about(op: &Operation, facts: Option<&SpecOperationFacts>) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = facts.and_then(|f| f.summary.as_deref()) {
        parts.push(single_line(summary));
    }
    if let Some(description) = facts.and_then(|f| f.description.as_deref()) {
        parts.push(clean_text(description).trim().to_owned());
    }
    parts.push(single_line(&op.endpoint_text));
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Example invocations: a list, an operation with a path parameter, shell completion.
pub fn examples(binary: &str, resources: &[CliResource]) -> Vec<String> {
    let unquote = |literal: &str| {
        syn::parse_str::<syn::LitStr>(literal)
            .map(|l| l.value())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let all = || {
        resources
            .iter()
            .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
    };
    if let Some((resource, op)) = all().find(|(_, op)| op.output_fn == "print_pages") {
        out.push(format!(
            "{binary} {} {} --max-items 5",
            unquote(&resource.command_literal),
            unquote(&op.command_literal)
        ));
    }
    if let Some((resource, op)) = all().find(|(_, op)| !op.path_args.is_empty()) {
        let value_names: Vec<String> = op
            .flags
            .iter()
            .filter(|f| f.positional_literal.is_some())
            .map(|f| unquote(&f.value_name_literal))
            .collect();
        out.push(format!(
            "{binary} {} {} {} --format yaml",
            unquote(&resource.command_literal),
            unquote(&op.command_literal),
            value_names.join(" ")
        ));
    }
    if out.is_empty()
        && let Some((resource, op)) = all().next()
    {
        out.push(format!(
            "{binary} {} {} --help",
            unquote(&resource.command_literal),
            unquote(&op.command_literal)
        ));
    }
    out.push(format!(
        "{binary} completion bash > ~/.local/share/bash-completion/completions/{binary}"
    ));
    out
}

/// The root command's help trailer.
pub fn after_help(examples: &[String]) -> String {
    let mut text = String::from("Examples:\n");
    for example in examples {
        text.push_str(&format!("  {example}\n"));
    }
    text.push_str(
        "\nOutput (--format): auto is pretty on a terminal and jsonl otherwise; json and yaml print \
         each value as a document, jsonl one compact line each; pretty prints strings as plain \
         text (and an event stream's text as it arrives); raw prints the response body as \
         received. Lists print one item at a time across pages (--max-items N bounds them).\n",
    );
    text.push_str(&format!(
        "\nExit codes: 0 success, 1 API or network error, 2 usage error, {CONFIG_EXIT_CODE} \
         configuration error (no API key, a bad base URL).",
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_become_one_line() {
        assert_eq!(doc_text("/// One\n///\n/// two `x`.\n"), "One two `x`.");
    }
}
