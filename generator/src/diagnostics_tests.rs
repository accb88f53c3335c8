//! The collector, the rendering (terminal safety, shortening, grouping) and the order of
//! diagnostics, each on small hand-made problems.

use super::*;

#[test]
fn pointer_escapes_slashes_and_tildes() {
    let p = Pointer::root()
        .join("paths")
        .join("/api/v1/chat")
        .join("a~b");
    assert_eq!(p.as_str(), "#/paths/~1api~1v1~1chat/a~0b");
}

#[test]
fn quoted_spec_text_cannot_forge_lines_or_reorder_the_terminal() {
    let cases = [
        ("a\nspec.yaml:1:1: forged", "a\\nspec.yaml:1:1: forged"),
        ("\u{1b}[31mred\u{1b}[0m", "\\u{1b}[31mred\\u{1b}[0m"),
        (
            "csi\u{9b}31m del\u{7f} nul\u{0} cr\r tab\t",
            "csi\\u{9b}31m del\\u{7f} nul\\u{0} cr\\r tab\\t",
        ),
        (
            "a\u{202E}b\u{2066}c\u{2069}d\u{200F}e\u{200E}f\u{061C}g\u{202A}h",
            "a\\u{202e}b\\u{2066}c\\u{2069}d\\u{200f}e\\u{200e}f\\u{61c}g\\u{202a}h",
        ),
        (
            "plain `name` – ünïcode stays",
            "plain `name` – ünïcode stays",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(terminal_text(input), expected, "{input:?}");
    }
    let forged = Diagnostic::new(
        InputFile::Spec,
        "#/components/schemas/a\nb",
        "schema `a\nspec/openapi.yaml:1:1: #/x: forged` is bad",
    )
    .with_hint("rename `\u{1b}[2Ja`");
    let text = forged.render("spec/openapi.yaml", "sdk.yaml");
    assert_eq!(
        text,
        "spec/openapi.yaml: #/components/schemas/a\\nb: schema `a\\nspec/openapi.yaml:1:1: #/x: forged` is bad\n  hint: rename `\\u{1b}[2Ja`"
    );
}

#[test]
fn very_long_names_are_shortened_where_quoted() {
    let long = "N".repeat(10_000);
    let shown = format!("{}…(9920 more)", "N".repeat(80));
    let diagnostic = Diagnostic::new(
        InputFile::Spec,
        format!("#/components/schemas/{long}/properties/id"),
        format!("schema `{long}` and {long} are long"),
    )
    .with_hint(format!("rename `{long} with spaces`"));
    assert_eq!(
        diagnostic.render("s.yaml", "c.yaml"),
        format!(
            "s.yaml: #/components/schemas/{shown}/properties/id: schema `{shown}` and {shown} are long\n  hint: rename `{}…(9932 more)`",
            "N".repeat(80)
        )
    );
    // Names up to the limit, and an unbalanced backtick, are left alone.
    let exact = "x".repeat(80);
    assert_eq!(
        shorten_quoted(&format!("`{exact}` ok `")),
        format!("`{exact}` ok `")
    );
}

#[test]
fn diagnostics_sort_by_position_then_by_pointer_with_numbers_as_numbers() {
    let items = vec![
        Diagnostic::new(InputFile::Spec, "#/paths/~1a/get/parameters/10", "ten"),
        Diagnostic::new(InputFile::Spec, "#/paths/~1a/get/parameters/2", "two"),
        Diagnostic::new(
            InputFile::Spec,
            "#/paths/~1a/get/parameters/2/schema",
            "two deeper",
        ),
        Diagnostic::new(InputFile::Spec, "#/z", "later column").at(4, 9),
        Diagnostic::new(InputFile::Spec, "#/a", "earlier column").at(4, 3),
        Diagnostic::new(InputFile::Spec, "#/b", "earlier line").at(2, 20),
    ];
    let messages: Vec<_> = Diagnostics::new(items, "s", "c")
        .items
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "earlier line",
            "earlier column",
            "later column",
            "two",
            "two deeper",
            "ten"
        ]
    );
}

#[test]
fn errors_of_one_rule_are_grouped_like_warnings() {
    let mut items: Vec<Diagnostic> = (1..=7)
        .map(|n| {
            Diagnostic::new(
                InputFile::Config,
                format!("#/k{n}"),
                format!("unknown key `k{n}`"),
            )
            .at(n, 1)
        })
        .collect();
    items.push(Diagnostic::new(InputFile::Config, "#/z", "something else").at(9, 1));
    let text = Diagnostics::new(items, "s", "c.yaml").to_string();
    assert_eq!(
        text,
        "c.yaml:1:1: #/k1: unknown key `k1`\n\
         c.yaml:2:1: #/k2: unknown key `k2`\n\
         c.yaml:3:1: #/k3: unknown key `k3`\n\
         c.yaml:4:1: #/k4: unknown key `k4`\n\
         c.yaml:5:1: #/k5: unknown key `k5`\n\
         c.yaml:9:1: #/z: something else\n\
         … and 2 more like this (unknown key `…`)\n\
         8 problems found; nothing was written"
    );
}

#[test]
fn diagnostics_sort_by_file_then_line_and_render_hints() {
    let items = vec![
        Diagnostic::new(InputFile::Config, "#/resources", "bad config"),
        Diagnostic::new(InputFile::Spec, "#/paths", "no line"),
        Diagnostic::new(InputFile::Spec, "#/info", "with line")
            .at(3, 1)
            .with_hint("try this"),
    ];
    let text = Diagnostics::new(items, "spec/openapi.yaml", "spec/sdk.yaml").to_string();
    assert_eq!(
        text,
        "spec/openapi.yaml:3:1: #/info: with line\n  hint: try this\n\
         spec/openapi.yaml: #/paths: no line\n\
         spec/sdk.yaml: #/resources: bad config\n\
         3 problems found; nothing was written"
    );
}
