//! Spec descriptions (untrusted Markdown) → doc comments and string literals that are safe to
//! emit. A doc comment is a block of `///` lines, so a newline in spec text can only ever start
//! another comment line; control and bidirectional-override characters are dropped (rustc denies
//! the latter in comments); code blocks are fenced as `text` so rustdoc never compiles spec text
//! as a doctest. Outside code, raw HTML is neutralised (`<`, `>` and `&` become entity
//! references), so spec text reaches `cargo doc` and the README as text, never as markup; a code
//! span built from spec text (`code_span`) cannot be closed early by backticks in that text.

mod inline;

use inline::escape_table_inline;
pub use inline::{code_span, escape_inline, table_cell_code_span, unescape_inline};

use crate::ir::{Docs, Text};

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

/// The lines of a description as rustdoc should see them, with no way to smuggle in a doctest
/// (rustdoc compiles and runs every Rust code block of a doc comment):
/// - a top-level fenced block is kept, re-tagged `text`, and tracked by its fence character and
///   length exactly as CommonMark closes it, so the sanitiser and rustdoc agree where it ends;
/// - a fence inside a list item or block quote is escaped (shown as literal backticks);
/// - indentation is capped (three spaces at top level, one after list and quote markers), so no
///   line becomes an indented code block;
/// - trailing space and leading/trailing blank lines are dropped;
/// - every other line is `escape_inline`d: text, never HTML.
pub fn doc_lines(text: &str) -> Vec<String> {
    let cleaned = clean_text(text);
    // In a text with a table, code spans stop at cell borders (see `escape_table_inline`).
    let escape = if cleaned.lines().any(is_table_delimiter_row) {
        escape_table_inline
    } else {
        escape_inline
    };
    let mut lines = Vec::new();
    // The open top-level fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for raw in cleaned.lines() {
        let line = raw.trim_end();
        let (prefix, rest) = split_container_prefix(line);
        let content = rest.trim_start();
        let leading = line.len() - line.trim_start().len();
        if let Some((ch, len)) = fence {
            let closes = prefix.is_empty()
                && leading <= 3
                && fence_run(content)
                    .is_some_and(|(c, n, info)| c == ch && n >= len && info.is_empty());
            if closes {
                fence = None;
            }
            // Inside a `text` block every line is inert; it is kept as written.
            lines.push(line.to_owned());
            continue;
        }
        match fence_run(content) {
            Some((ch, len, _)) if prefix.is_empty() && leading <= 3 => {
                fence = Some((ch, len));
                lines.push(format!("{}text", ch.to_string().repeat(len)));
            }
            // The fence character is escaped (`\```` shows three backticks), the rest as text.
            Some((ch, _, _)) => lines.push(format!(
                "{prefix}\\{ch}{}",
                escape(&content[ch.len_utf8()..])
            )),
            None if prefix.is_empty() => {
                lines.push(format!("{}{}", " ".repeat(leading.min(3)), escape(content)))
            }
            None => lines.push(format!("{prefix}{}", escape(content))),
        }
    }
    if let Some((ch, len)) = fence {
        lines.push(ch.to_string().repeat(len));
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// A GFM table's delimiter row (`|---|:--:|`, `--- | ---`): only `|`, `-`, `:` and spaces, with
/// at least one `|` and one `-`. Any such line makes the whole text count as holding a table.
fn is_table_delimiter_row(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A fence opening or closing `text`: its character, run length and info string.
fn fence_run(text: &str) -> Option<(char, usize, &str)> {
    let ch = text.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = text.chars().take_while(|c| *c == ch).count();
    (len >= 3).then(|| (ch, len, text[len..].trim()))
}

/// Splits off the block-quote (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`) that start a
/// line, with their spacing; the rest is the content.
fn split_container_prefix(line: &str) -> (&str, &str) {
    let bytes = line.as_bytes();
    let mut end = 0;
    loop {
        let mut i = end;
        while i < bytes.len() && bytes[i] == b' ' && i - end < 3 {
            i += 1;
        }
        let marker_end = match bytes.get(i) {
            Some(b'>') => Some(i + 1),
            Some(b'-' | b'*' | b'+') if bytes.get(i + 1) == Some(&b' ') => Some(i + 1),
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = i + digits;
                (digits <= 9
                    && matches!(bytes.get(after), Some(b'.' | b')'))
                    && bytes.get(after + 1) == Some(&b' '))
                .then_some(after + 1)
            }
            _ => None,
        };
        match marker_end {
            Some(next) => {
                end = if bytes.get(next) == Some(&b' ') {
                    next + 1
                } else {
                    next
                }
            }
            None => return (&line[..end], &line[end..]),
        }
    }
}

/// A `///` block (each line ending in `\n`) from optional summary and description paragraphs.
/// Empty when there is nothing to say.
pub fn doc_comment(parts: &[Option<&str>]) -> String {
    Docs::new(parts).outer()
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

/// The escaping forms of plain text: the only way spec text reaches a generated file.
impl Text {
    /// A Rust string literal, quotes included.
    pub fn lit(&self) -> String {
        rust_literal(self.as_str())
    }

    /// A TOML basic string, quotes included.
    pub fn toml(&self) -> String {
        toml_literal(self.as_str())
    }

    /// One line of sanitised text.
    pub fn one_line(&self) -> String {
        single_line(self.as_str())
    }

    /// One line of Markdown text (for the README's prose): raw HTML and stray backticks
    /// escaped, as in doc comments.
    pub fn markdown(&self) -> String {
        escape_inline(&self.one_line())
    }

    /// One line as a code span in a README table cell, whatever backticks or `|` it holds.
    pub fn table_code_span(&self) -> String {
        table_cell_code_span(&self.one_line())
    }
}

impl Docs {
    /// The sanitised lines (without a comment prefix), paragraphs separated by a blank line.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for part in self.paragraphs() {
            let part_lines = doc_lines(part);
            if part_lines.is_empty() {
                continue;
            }
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(part_lines);
        }
        lines
    }

    /// A `///` block, each line ending in `\n`; empty when there is nothing to say.
    pub fn outer(&self) -> String {
        render_doc_lines(&self.lines(), "///")
    }

    /// All of it on one line as plain text (for help text): the Markdown escapes of
    /// `escape_inline` read back.
    pub fn one_line(&self) -> String {
        let lines: Vec<String> = self.lines().iter().map(|l| l.trim().to_owned()).collect();
        single_line(&unescape_inline(&lines.join(" ")))
    }
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
    fn no_code_block_can_hide_in_lists_or_quotes() {
        let cases = [
            // The marker-less fence line opens a top-level `text` block (closed at the end).
            (
                "- ```rust\n  fn pwned() {}\n  ```",
                vec!["- \\`\\`\\`rust", "  fn pwned() {}", "```text", "```"],
            ),
            (
                "> ```rust\n> fn pwned() {}\n> ```",
                vec!["> \\`\\`\\`rust", "> fn pwned() {}", "> \\`\\`\\`"],
            ),
            ("-     fn pwned() {}", vec!["- fn pwned() {}"]),
            (">     fn pwned() {}", vec!["> fn pwned() {}"]),
            ("1.      fn pwned() {}", vec!["1. fn pwned() {}"]),
            ("> - > ```\n", vec!["> - > \\`\\`\\`"]),
            ("- ~~~\n", vec!["- \\~~~"]),
        ];
        for (input, expected) in cases {
            assert_eq!(doc_lines(input), expected, "{input:?}");
        }
    }

    #[test]
    fn fences_close_exactly_as_commonmark_closes_them() {
        // A ``` line does not close a ```` block, and a ~~~ line does not close a ``` block:
        // the lines after them are still inside the text block, for rustdoc as for us.
        assert_eq!(
            doc_lines("````rust\n```\n    x\n````\nafter"),
            ["````text", "```", "    x", "````", "after"]
        );
        assert_eq!(
            doc_lines("```\n~~~\n    y\n```\n    z"),
            ["```text", "~~~", "    y", "```", "   z"]
        );
        // Indented four or more, it is not a fence to CommonMark: escaped, flattened, inert.
        assert_eq!(
            doc_lines("    ```rust\nfn x() {}"),
            ["\\`\\`\\`rust", "fn x() {}"]
        );
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
    fn a_backtick_run_that_opens_no_span_cannot_swallow_what_follows() {
        assert_eq!(escape_inline("a ` b <i>"), "a \\` b &lt;i&gt;");
        assert_eq!(escape_inline("a `` b ` c"), "a \\`\\` b \\` c");
        // The next line's backtick no longer closes this one's: each line is settled alone.
        assert_eq!(
            doc_lines("open `code\n<img src=x onerror=alert(1)> close`"),
            [
                "open \\`code",
                "&lt;img src=x onerror=alert(1)&gt; close\\`"
            ]
        );
    }

    #[test]
    fn a_table_limits_code_spans_to_their_cell() {
        let text = "| a | b |\n|---|---|\n| `x | <img src=x onerror=pwned()> | ` |";
        assert_eq!(
            doc_lines(text)[2],
            "| \\`x | &lt;img src=x onerror=pwned()&gt; | \\` |"
        );
        assert_eq!(doc_lines("`x | <b> |`"), ["`x | <b> |`"]);
    }

    #[test]
    fn markdown_blocks_keep_working() {
        assert_eq!(
            doc_lines("# Title\n\n> quoted <b>\n- item `x<y>`\n1. one & two"),
            [
                "# Title",
                "",
                "> quoted &lt;b&gt;",
                "- item `x<y>`",
                "1. one &amp; two"
            ]
        );
        // Inside a fenced block nothing is escaped: rustdoc shows it as text.
        assert_eq!(
            doc_lines("```\n<script>\n```\n<script>"),
            ["```text", "<script>", "```", "&lt;script&gt;"]
        );
    }

    #[test]
    fn code_spans_hold_any_text() {
        let cases = [
            ("GET /pets", "`GET /pets`"),
            ("a`b", "``a`b``"),
            ("a``b`", "``` a``b` ```"),
            ("`start", "`` `start ``"),
            (" both ", "`  both  `"),
            ("   ", "`   `"),
            ("", "` `"),
            ("two\nlines", "`two lines`"),
        ];
        for (input, expected) in cases {
            assert_eq!(code_span(input), expected, "{input:?}");
        }
        // The span survives doc_lines intact, and what follows it is still escaped.
        let line = format!("{} <b>", code_span("https://x/`<img>`"));
        assert_eq!(doc_lines(&line), ["`` https://x/`<img>` `` &lt;b&gt;"]);
        assert_eq!(
            table_cell_code_span("https://x/a|b\\"),
            "`https://x/a\\|b\\\\`"
        );
    }

    #[test]
    fn literals_escape_quotes_and_newlines() {
        assert_eq!(rust_literal("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(toml_literal("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
    }
}
