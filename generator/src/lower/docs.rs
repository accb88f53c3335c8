//! Spec descriptions (untrusted Markdown) → doc comments and string literals that are safe to
//! emit. A doc comment is a block of `///` lines, so a newline in spec text can only ever start
//! another comment line; control and bidirectional-override characters are dropped (rustc denies
//! the latter in comments); code blocks are fenced as `text` so rustdoc never compiles spec text
//! as a doctest.

/// Characters that would change how the surrounding source reads or lexes.
fn is_unsafe_char(ch: char) -> bool {
    matches!(ch,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
        || (ch.is_control() && ch != '\n' && ch != '\t')
}

/// Normalises line endings and drops unsafe characters; tabs become spaces.
pub fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|&ch| !is_unsafe_char(ch))
        .collect()
}

/// The lines of a description as rustdoc should see them: trailing space trimmed, leading and
/// trailing blank lines removed, fenced code blocks re-tagged `text`, and indentation outside
/// fences capped at three spaces so no line becomes an indented (doctest) code block.
pub fn doc_lines(text: &str) -> Vec<String> {
    let cleaned = clean_text(text);
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw in cleaned.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            lines.push(if in_fence {
                fence.to_owned()
            } else {
                format!("{fence}text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            let indent = (line.len() - trimmed.len()).min(3);
            lines.push(format!("{}{}", " ".repeat(indent), trimmed));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A `///` block (each line ending in `\n`) from optional summary and description paragraphs.
/// Empty when there is nothing to say.
pub fn doc_comment(parts: &[Option<&str>]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for part in parts.iter().flatten() {
        let part_lines = doc_lines(part);
        if part_lines.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(part_lines);
    }
    render_doc_lines(&lines, "///")
}

/// Prefixes each line (`///` or `//!`).
pub fn render_doc_lines(lines: &[String], prefix: &str) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(prefix);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// One line of plain text for titles and Markdown headings.
pub fn single_line(text: &str) -> String {
    clean_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Rust string literal for `text`, quotes included, escaped by `proc_macro2`.
pub fn rust_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// A TOML basic string for `text`, quotes included.
pub fn toml_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in clean_text(text).chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            ch if ch.is_control() => out.push_str(&format!("\\u{:04X}", ch as u32)),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_cannot_escape_the_comment() {
        let doc = doc_comment(&[Some("Nice.\n}\nfn evil() {}\r\n*/ pub struct X;")]);
        assert_eq!(
            doc,
            "/// Nice.\n/// }\n/// fn evil() {}\n/// */ pub struct X;\n"
        );
    }

    #[test]
    fn bidi_and_control_characters_are_dropped() {
        assert_eq!(clean_text("a\u{202E}b\u{2066}c\u{0007}d\u{2028}e"), "abcde");
    }

    #[test]
    fn code_blocks_become_text_and_indented_blocks_are_flattened() {
        let lines = doc_lines("Example:\n```\nlet x = 1;\n```\n\n        indented code\n  - item");
        assert_eq!(
            lines,
            [
                "Example:",
                "```text",
                "let x = 1;",
                "```",
                "",
                "   indented code",
                "  - item"
            ]
        );
        assert_eq!(
            doc_lines("```rust\nfn x() {}"),
            ["```text", "fn x() {}", "```"]
        );
    }

    #[test]
    fn summary_and_description_become_paragraphs() {
        assert_eq!(
            doc_comment(&[Some("List"), None, Some("\nAll of them.\n")]),
            "/// List\n///\n/// All of them.\n"
        );
        assert_eq!(doc_comment(&[None, Some("  ")]), "");
    }

    #[test]
    fn literals_escape_quotes_and_newlines() {
        assert_eq!(rust_literal("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(toml_literal("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
    }
}
