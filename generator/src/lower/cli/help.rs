//! Help text of the command-line tool: each subcommand's one-line and long help (from the
//! operation's summary, description and endpoint in the IR), and the root command's examples and
//! trailer. Text is sanitised here (one line, or paragraphs without control characters) and is
//! escaped into literals by `render`.

use super::CONFIG_EXIT_CODE;
use crate::ir::Operation;
use crate::ir::{CliResource, OutputKind};
use crate::lower::docs::{clean_text, single_line};

/// One line: the summary, else the first line of the description, else the endpoint.
pub fn about(op: &Operation) -> String {
    let summary = op.summary.as_ref().map(|s| single_line(s.as_str()));
    let description = op.description.as_ref().and_then(|d| {
        clean_text(d.as_str())
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(single_line)
    });
    summary
        .filter(|s| !s.is_empty())
        .or(description)
        .unwrap_or_else(|| single_line(&op.endpoint()))
}

/// Summary, description and endpoint as paragraphs, for `--help`.
pub fn long_about(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(single_line(summary.as_str()));
    }
    if let Some(description) = &op.description {
        parts.push(clean_text(description.as_str()).trim().to_owned());
    }
    parts.push(single_line(&op.endpoint()));
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Example invocations: a list, an operation with a path parameter, shell completion.
pub fn examples(binary: &str, resources: &[CliResource]) -> Vec<String> {
    let mut out = Vec::new();
    let all = || {
        resources
            .iter()
            .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
    };
    if let Some((resource, op)) = all().find(|(_, op)| op.output == OutputKind::Pages) {
        out.push(format!(
            "{binary} {} {} --max-items 5",
            resource.command.as_str(),
            op.command.as_str()
        ));
    }
    if let Some((resource, op)) = all().find(|(_, op)| !op.path_args.is_empty()) {
        let value_names: Vec<&str> = op
            .flags
            .iter()
            .filter(|f| f.positional.is_some())
            .map(|f| f.value_name.as_str())
            .collect();
        out.push(format!(
            "{binary} {} {} {} --format yaml",
            resource.command.as_str(),
            op.command.as_str(),
            value_names.join(" ")
        ));
    }
    if out.is_empty()
        && let Some((resource, op)) = all().next()
    {
        out.push(format!(
            "{binary} {} {} --help",
            resource.command.as_str(),
            op.command.as_str()
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
         received. Values are printed as the server sent them: key order and nulls kept. \
         --transform selects parts of each value (no match prints it whole), -r prints strings \
         without quotes. Lists print one item at a time across pages (--max-items N bounds \
         them).\n",
    );
    text.push_str(
        "\nInput: an operation that takes a body reads it from stdin when stdin is a pipe or a \
         file and no --body is given; a terminal is never read, and a pipe that sends nothing \
         for 1 s is ignored (--body - waits for it). Flags override the body's fields. A string \
         flag's value @FILE is the file's content, @- is stdin, @@text is @text.\n",
    );
    text.push_str(
        "\nNo pager and no colour: output is meant for pipes and scripts, and stays the same on \
         a terminal; pipe it to `less` or `jq -C` for those.\n",
    );
    text.push_str(&format!(
        "\nExit codes: 0 success, 1 API or network error, 2 usage error, {CONFIG_EXIT_CODE} \
         configuration error (no API key, a bad base URL).",
    ));
    text
}

#[cfg(test)]
mod tests {
    use crate::ir::Docs;

    #[test]
    fn docs_become_one_line() {
        let docs = Docs::new(&[Some("One"), Some("two `x`.")]);
        assert_eq!(docs.one_line(), "One two `x`.");
    }
}
