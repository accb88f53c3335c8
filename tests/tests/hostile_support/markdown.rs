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
    read_blocks(markdown).code
}

/// A Markdown text split into code blocks and the prose around them.
struct Blocks {
    code: Vec<CodeBlock>,
    /// The lines outside code blocks, container markers stripped; an empty line where a
    /// paragraph ends (a blank line or a code block).
    prose: Vec<String>,
}

/// The lines of a Markdown text outside code blocks, container markers stripped.
pub fn prose_lines(markdown: &str) -> Vec<String> {
    read_blocks(markdown).prose
}

fn read_blocks(markdown: &str) -> Blocks {
    let mut blocks = Vec::new();
    let mut prose = Vec::new();
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
            prose.push(String::new());
        } else if !blank && indent >= 4 && (previous_blank || depth > 0) {
            indented = Some(format!("{}\n", &rest[4..]));
            prose.push(String::new());
        } else {
            prose.push(if blank {
                String::new()
            } else {
                rest.to_owned()
            });
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
    Blocks {
        code: blocks,
        prose,
    }
}

/// Audits a Markdown text: each doctest as Rust, and the raw HTML and broken table rows rustdoc
/// would render; `where_` names the text in reports.
pub fn audit_markdown(markdown: &str, where_: &str, described: &Described) -> BTreeSet<String> {
    let mut problems = BTreeSet::new();
    // The generator's own `@generated` comment line (atop the README, under the CHANGELOG's
    // title) is the one piece of HTML a Markdown file may hold.
    let prose: String = markdown
        .lines()
        .filter(|line| !(line.starts_with("<!-- @generated") && line.ends_with("-->")))
        .map(|line| format!("{line}\n"))
        .collect();
    let prose = prose.as_str();
    for excerpt in raw_html(prose) {
        problems.insert(format!(
            "{where_}: raw HTML in the rendered docs: {excerpt:?}"
        ));
    }
    for row in broken_table_rows(prose) {
        problems.insert(format!(
            "{where_}: a table row with a cell too many: {row:?}"
        ));
    }
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

/// Raw HTML that rustdoc would pass into the rendered page: a `<` that starts a tag, comment,
/// declaration or processing instruction in prose, outside every code span. Code spans are found
/// as CommonMark finds them (leftmost first, across the lines of a paragraph), so a span that
/// backticks in spec text closed early leaves what follows it exposed. Autolinks to http(s) and
/// mailto are links, not HTML. A link's destination is read before code spans, as CommonMark
/// does, and a link to a script URL (`javascript:`, …) counts as HTML too. Each finding is an
/// excerpt.
pub fn raw_html(markdown: &str) -> Vec<String> {
    let prose = read_blocks(markdown).prose;
    let mut found = Vec::new();
    for paragraph in prose.split(|line| line.trim().is_empty()) {
        // A link reference definition to a script URL (label and destination may be on
        // different lines).
        let text = paragraph.join("\n");
        for (at, _) in text.match_indices("]:") {
            if is_script_url(&text[at + 2..]) {
                found.push(text[at..].chars().take(40).collect());
            }
        }
        // In a table, GFM splits each row into cells before it reads code spans.
        let is_table = paragraph.iter().any(|line| is_delimiter_row(line));
        let texts: Vec<String> = if is_table {
            paragraph.iter().flat_map(|line| cells(line)).collect()
        } else {
            vec![paragraph.join("\n")]
        };
        for text in texts {
            found.extend(raw_html_inline(&text));
        }
    }
    found
}

/// Raw HTML in one stretch of inline Markdown (a paragraph or a table cell).
fn raw_html_inline(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b'\\' => at + 2,
            b'`' => code_span_end(text, at).unwrap_or(at + backtick_run(&text[at..])),
            b']' if text[at + 1..].starts_with('(') => {
                let destination = &text[at + 2..];
                if is_script_url(destination) {
                    found.push(destination.chars().take(40).collect());
                }
                at + 2 + destination_len(destination)
            }
            b'<' => {
                let rest = &text[at..];
                let starts_markup =
                    rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c));
                if autolink_len(rest).is_none() && starts_markup {
                    found.push(rest.chars().take(40).collect());
                }
                at + autolink_len(rest).unwrap_or(1)
            }
            _ => at + 1,
        };
    }
    found
}

fn is_delimiter_row(line: &str) -> bool {
    line.contains('|') && line.contains('-') && line.chars().all(|c| "|-: ".contains(c))
}

/// A table row's cells, split at every `|` a backslash does not escape.
fn cells(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let (mut cells, mut start, mut at) = (Vec::new(), 0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'|' => {
                cells.push(line[start..at].to_owned());
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    cells.push(line[start.min(line.len())..].to_owned());
    cells
}

/// The contents of the code spans of one line, as CommonMark shows them (one space of padding
/// stripped from each side when both have one and the content is not all spaces).
pub fn code_spans(line: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b'\\' => at + 2,
            b'`' => {
                let run = backtick_run(&line[at..]);
                match code_span_end(line, at) {
                    Some(end) => {
                        let content = &line[at + run..end - run];
                        let padded = content.starts_with(' ') && content.ends_with(' ');
                        let strip = padded && !content.trim().is_empty() && content.len() >= 2;
                        let shown = if strip {
                            &content[1..content.len() - 1]
                        } else {
                            content
                        };
                        spans.push(shown.to_owned());
                        end
                    }
                    None => at + run,
                }
            }
            _ => at + 1,
        };
    }
    spans
}

/// Table rows whose cell count differs from their table's header row: a `|` from spec text
/// that ended a cell early (GFM splits a row into cells before it reads code spans).
pub fn broken_table_rows(markdown: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let mut header_cells = None;
    for line in read_blocks(markdown).prose {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        let cells = unescaped_pipes(&line);
        match header_cells {
            None => header_cells = Some(cells),
            Some(expected) if expected != cells => broken.push(line),
            Some(_) => {}
        }
    }
    broken
}

fn unescaped_pipes(line: &str) -> usize {
    let bytes = line.as_bytes();
    let (mut at, mut pipes) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'|' => {
                pipes += 1;
                at += 1;
            }
            _ => at += 1,
        }
    }
    pipes
}

/// The length of a link destination and title up to and including its `)` (balanced
/// parentheses, backslash pairs literal), or to the end of the paragraph.
fn destination_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut at, mut depth) = (0, 0_usize);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => return at + 1,
            b')' => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    bytes.len()
}

/// Whether a link destination runs script when followed, as a browser reads it: entities
/// decoded (`&#x6A;`), spaces and `<` ignored, any case.
fn is_script_url(destination: &str) -> bool {
    let decoded = destination
        .replace("&#x6A;", "j")
        .replace("&#x6a;", "j")
        .replace("&#106;", "j");
    let compact: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '<')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

fn backtick_run(text: &str) -> usize {
    text.len() - text.trim_start_matches('`').len()
}

/// Where the code span opened by the backtick run at `at` ends (after its closing run): at the
/// next run of exactly the same length, if there is one.
fn code_span_end(text: &str, at: usize) -> Option<usize> {
    let run = backtick_run(&text[at..]);
    let mut next = at + run;
    while let Some(offset) = text[next..].find('`') {
        let start = next + offset;
        let len = backtick_run(&text[start..]);
        if len == run {
            return Some(start + len);
        }
        next = start + len;
    }
    None
}

/// The length of an autolink (`<https://…>`, `<mailto:…>`) at the start of `text`.
fn autolink_len(text: &str) -> Option<usize> {
    let scheme = ["<http:", "<https:", "<mailto:"]
        .into_iter()
        .find(|scheme| {
            text.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        })?;
    let end =
        1 + text[1..].find(|c: char| "<>".contains(c) || c.is_whitespace() || c.is_control())?;
    (end >= scheme.len() && text[end..].starts_with('>')).then_some(end + 1)
}
