//! The Markdown audit of doc comments and the README, read as rustdoc reads them: the code
//! blocks it would compile as doctests (each audited as Rust), and the raw HTML it would pass
//! into the rendered page.

use super::audit::Audit;
use super::{Described, TOKEN};
use std::collections::BTreeSet;
use syn::visit::Visit;

/// A code block of a Markdown text.
#[derive(Debug)]
pub struct CodeBlock {
    info: String,
    body: String,
}

impl CodeBlock {
    /// rustdoc compiles a block unless its info string has a word it does not know (`text`).
    fn is_doctest(&self) -> bool {
        const RUSTDOC_WORDS: &[&str] = &[
            "rust",
            "no_run",
            "ignore",
            "should_panic",
            "compile_fail",
            "test_harness",
            "standalone_crate",
            "edition2015",
            "edition2018",
            "edition2021",
            "edition2024",
        ];
        let words: Vec<&str> = self
            .info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        words.contains(&"rust") || words.iter().all(|w| RUSTDOC_WORDS.contains(w))
    }

    /// The code as rustdoc compiles it: `# ` hidden lines shown.
    fn code(&self) -> String {
        self.body
            .lines()
            .map(|line| match line.trim_start().strip_prefix('#') {
                Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                    rest.strip_prefix(' ').unwrap_or(rest)
                }
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Strips Markdown container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) from the start of a line,
/// each with the one space that belongs to it. Returns the rest and how many were stripped.
pub fn strip_containers(line: &str) -> (&str, usize) {
    let mut rest = line;
    let mut depth = 0;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return (rest, depth);
        }
        let marker_len = if trimmed.starts_with(['>', '-', '*', '+']) {
            1
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            let after = trimmed[digits..].chars().next();
            if (1..=9).contains(&digits) && matches!(after, Some('.' | ')')) {
                digits + 1
            } else {
                return (rest, depth);
            }
        };
        let after = &trimmed[marker_len..];
        let is_quote = trimmed.starts_with('>');
        if !(is_quote || after.is_empty() || after.starts_with(' ')) {
            return (rest, depth);
        }
        rest = after.strip_prefix(' ').unwrap_or(after);
        depth += 1;
    }
}

/// Fenced and indented code blocks, also inside block quotes and list items (which a sanitiser
/// that only looks at the start of the line misses).
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    // An open fence: its character, length, container depth, info string and body.
    let mut fence: Option<(char, usize, usize, String, String)> = None;
    let mut indented: Option<String> = None;
    let mut previous_blank = true;
    for line in markdown.lines() {
        let (rest, depth) = strip_containers(line);
        if let Some((ch, len, open_depth, info, mut body)) = fence.take() {
            let content = if open_depth == 0 { line } else { rest };
            let candidate = content.trim_start();
            let closes = candidate.len() >= len
                && candidate.trim_end().chars().all(|c| c == ch)
                && (open_depth == 0 || depth > 0 || line.starts_with(' '));
            let container_ended = open_depth > 0 && depth == 0 && !line.starts_with(' ');
            if closes || (container_ended && !line.trim().is_empty()) {
                blocks.push(CodeBlock { info, body });
                previous_blank = false;
                if closes {
                    continue;
                }
            } else {
                body.push_str(if open_depth == 0 { line } else { candidate });
                body.push('\n');
                fence = Some((ch, len, open_depth, info, body));
                continue;
            }
        }
        let blank = rest.trim().is_empty();
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if let Some(body) = indented.as_mut() {
            if blank || indent >= 4 {
                body.push_str(rest.get(4..).unwrap_or(""));
                body.push('\n');
                previous_blank = blank;
                continue;
            }
            let body = indented.take().unwrap_or_default();
            blocks.push(CodeBlock {
                info: String::new(),
                body,
            });
        }
        let trimmed = rest.trim_start_matches(' ');
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let ch = trimmed.chars().next().unwrap_or('`');
            let len = trimmed.chars().take_while(|&c| c == ch).count();
            let info = trimmed[len..].trim().to_owned();
            fence = Some((ch, len, depth, info, String::new()));
        } else if !blank && indent >= 4 && (previous_blank || depth > 0) {
            indented = Some(format!("{}\n", &rest[4..]));
        }
        previous_blank = blank;
    }
    if let Some((_, _, _, info, body)) = fence {
        blocks.push(CodeBlock { info, body });
    }
    if let Some(body) = indented {
        blocks.push(CodeBlock {
            info: String::new(),
            body,
        });
    }
    blocks
}

/// Audits each doctest of a Markdown text as Rust; `where_` names the text in reports.
pub fn audit_markdown(markdown: &str, where_: &str, described: &Described) -> BTreeSet<String> {
    let mut problems = BTreeSet::new();
    for block in code_blocks(markdown)
        .into_iter()
        .filter(CodeBlock::is_doctest)
    {
        let code = block.code();
        let parsed = syn::parse_file(&code)
            .or_else(|_| syn::parse_file(&format!("fn doctest() {{\n{code}\n}}")));
        match parsed {
            Ok(file) => {
                let mut audit = Audit::new(&format!("doctest in {where_}"), described);
                audit.visit_file(&file);
                problems.extend(audit.problems);
            }
            Err(_) if code.to_lowercase().contains(TOKEN) => {
                problems.insert(format!(
                    "{where_}: a doctest (```{}) carries the token: {code:?}",
                    block.info
                ));
            }
            Err(_) => {}
        }
    }
    problems
}
