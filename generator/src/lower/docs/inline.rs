//! Markdown inline text from the spec → the same text safe for rustdoc and the README: raw HTML
//! neutralised (`<`, `>`, `&` outside code spans become entity references), backtick runs
//! settled per line so no code span can swallow what follows, links that never run script, and
//! code spans that hold any text (`code_span`). `unescape_inline` reads the result back as plain
//! text for command-line help.

use super::clean_text;
use std::collections::HashMap;

/// One line of Markdown outside code blocks, with raw HTML neutralised and every backtick run
/// settled on this line, as rustdoc (CommonMark) reads it from left to right:
/// - `<`, `>` and `&` become `&lt;`, `&gt;` and `&amp;`, so no tag, comment (`<!--`) or HTML
///   block can start; a well-formed entity reference and an `<http(s)://…>` autolink are kept,
///   as both render as text or a plain link;
/// - a code span (a backtick run and the next run of the same length) is kept verbatim, since
///   rustdoc already shows it as text;
/// - a backtick run that opens no code span on this line is escaped (`` \` ``), so it cannot pair
///   with a run on a later line and swallow the text between them;
/// - backslash escapes are kept (`\<` is already text);
/// - a link's destination and title are read as CommonMark reads them, before code spans
///   (`escape_destination`), and a link to a `javascript:`, `vbscript:` or `data:` URL is
///   broken into text (`]\(`, `]\:`), so following a link from the docs never runs script.
pub fn escape_inline(line: &str) -> String {
    escape_line(line, false)
}

/// `escape_inline` for a line of a text that holds a GFM table (a delimiter row such as
/// `|---|---|`): there a row is split into cells at each unescaped `|` before code spans are
/// read, so no code span may reach past one, or text after the `|` would be read unescaped.
pub fn escape_table_inline(line: &str) -> String {
    escape_line(line, true)
}

fn escape_line(line: &str, in_table: bool) -> String {
    let index = LineIndex::of(line);
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        let taken = match ch {
            '`' => settle_backtick_run(line, rest, &index, in_table, &mut out),
            '\\' => {
                let escaped = rest[1..].starts_with(|c: char| c.is_ascii_punctuation());
                let taken = if escaped { 2 } else { 1 };
                out.push_str(&rest[..taken]);
                taken
            }
            '<' => match autolink_len(rest) {
                Some(len) => {
                    out.push_str(&rest[..len]);
                    len
                }
                None => {
                    out.push_str("&lt;");
                    1
                }
            },
            '>' => {
                out.push_str("&gt;");
                1
            }
            // A link reference definition (`[a]: javascript:…`; its label may start on an
            // earlier line, its destination on the next) to a script URL is not one any more.
            ']' if rest[1..].starts_with(':') => {
                let destination = &rest[2..];
                let suspect = destination.trim().is_empty() || is_script_url(destination);
                out.push_str(if suspect { "]\\:" } else { "]:" });
                2
            }
            ']' if rest[1..].starts_with('(') => {
                let (destination, len, closed) = escape_destination(&rest[2..]);
                // A destination or title left open at the end of the line would continue on the
                // next one, where our per-line reading of code spans no longer holds: not a link.
                let broken = !closed || is_script_url(&rest[2..]);
                out.push_str(if broken { "]\\(" } else { "](" });
                out.push_str(&destination);
                2 + len
            }
            '&' => match entity_len(rest) {
                Some(len) => {
                    out.push_str(&rest[..len]);
                    len
                }
                None => {
                    out.push_str("&amp;");
                    1
                }
            },
            other => {
                out.push(other);
                other.len_utf8()
            }
        };
        rest = &rest[taken..];
    }
    out
}

/// The backtick run at the start of `rest` (a suffix of `line`): the code span it opens, kept
/// verbatim, or, when no run of its length closes it on this line (in this table cell), the
/// run escaped. Returns the bytes taken.
fn settle_backtick_run(
    line: &str,
    rest: &str,
    index: &LineIndex,
    in_table: bool,
    out: &mut String,
) -> usize {
    let run = rest.len() - rest.trim_start_matches('`').len();
    let start = line.len() - rest.len();
    let reach = if in_table {
        index.cell_end(start + run)
    } else {
        line.len()
    };
    match index
        .next_run(run, start + run)
        .filter(|&closer| closer < reach)
    {
        Some(closer) => {
            let span = closer + run - start;
            out.push_str(&rest[..span]);
            span
        }
        None => {
            out.push_str(&"\\`".repeat(run));
            run
        }
    }
}

/// The destination and title of an inline link or image, from just after `](` to its `)` (or
/// the end of the line). CommonMark reads them before any code span in them, so every backtick
/// here is escaped (it must not pair with one after the link); `<`, `>` and every `&` become
/// entity references, which the link's href decodes, so it still works and no entity can spell
/// a scheme. Returns the escaped text, the bytes it consumed, and whether its `)` was found.
fn escape_destination(text: &str) -> (String, usize, bool) {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0_usize;
    let mut chars = text.char_indices();
    while let Some((at, ch)) = chars.next() {
        match ch {
            // A backslash pair is literal in a destination: `\)` does not close it.
            '\\' => {
                out.push('\\');
                out.extend(chars.next().map(|(_, next)| next));
            }
            '(' => {
                depth += 1;
                out.push('(');
            }
            ')' if depth == 0 => {
                out.push(')');
                return (out, at + 1, true);
            }
            ')' => {
                depth -= 1;
                out.push(')');
            }
            '`' => out.push_str("\\`"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            ch => out.push(ch),
        }
    }
    (out, text.len(), false)
}

/// Whether a link destination (the text after `](` or `]:`) is a URL that runs script when
/// followed: `javascript:`, `vbscript:` or `data:`, in any case, spaces and `<` ignored.
fn is_script_url(destination: &str) -> bool {
    let compact: String = destination
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '<')
        .take(16)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// Where the backtick runs and table cell borders of a line are, found in one pass, so that
/// looking up a code span's closer or a cell's end costs a binary search, not a rescan of the
/// rest of the line (which made a line of many unclosed runs quadratic).
struct LineIndex {
    /// Start of every maximal backtick run, by run length, in order.
    runs: HashMap<usize, Vec<usize>>,
    /// Every `|` that a backslash does not escape: where GFM ends a table cell.
    cell_borders: Vec<usize>,
}

impl LineIndex {
    fn of(line: &str) -> Self {
        let bytes = line.as_bytes();
        let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            while at < bytes.len() && bytes[at] == b'`' {
                at += 1;
            }
            if at > start {
                runs.entry(at - start).or_default().push(start);
            } else {
                at += 1;
            }
        }
        let mut cell_borders = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'\\' => at += 2,
                b'|' => {
                    cell_borders.push(at);
                    at += 1;
                }
                _ => at += 1,
            }
        }
        LineIndex { runs, cell_borders }
    }

    /// Where the first run of exactly `len` backticks at or after `from` starts.
    fn next_run(&self, len: usize, from: usize) -> Option<usize> {
        let starts = self.runs.get(&len)?;
        starts
            .get(starts.partition_point(|&start| start < from))
            .copied()
    }

    /// Where the table cell holding byte `from` ends (its next border, or the line's end).
    fn cell_end(&self, from: usize) -> usize {
        let borders = &self.cell_borders;
        borders
            .get(borders.partition_point(|&border| border < from))
            .copied()
            .unwrap_or(usize::MAX)
    }
}

/// The length of an `<http://…>` or `<https://…>` autolink at the start of `text`: no space,
/// control character, `<` or backtick before its `>`.
fn autolink_len(text: &str) -> Option<usize> {
    let scheme = ["<http://", "<https://"]
        .into_iter()
        .find(|scheme| {
            text.get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        })?
        .len();
    let end = scheme
        + text[scheme..].find(|c: char| {
            c == '>' || c == '<' || c == '`' || c.is_whitespace() || c.is_control()
        })?;
    (end > scheme && text[end..].starts_with('>')).then_some(end + 1)
}

/// The length of a well-formed entity reference at the start of `text` (`&amp;`, `&#123;`,
/// `&#x1F;`): CommonMark shows it as the character it names, never as markup.
fn entity_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('&')?;
    let (marker, max, is_name_char): (usize, usize, fn(&char) -> bool) =
        if body.starts_with("#x") || body.starts_with("#X") {
            (2, 6, char::is_ascii_hexdigit)
        } else if body.starts_with('#') {
            (1, 7, char::is_ascii_digit)
        } else if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            (0, 32, char::is_ascii_alphanumeric)
        } else {
            return None;
        };
    let name = &body[marker..];
    let len = name.chars().take_while(is_name_char).count();
    ((1..=max).contains(&len) && name[len..].starts_with(';')).then_some(1 + marker + len + 1)
}

/// A code span showing `text` verbatim on one line, which no backtick in `text` can close early:
/// delimited by a backtick run longer than any inside (CommonMark's rule), with a space of
/// padding when the text starts or ends with a backtick or space (CommonMark strips one space
/// from each side of such a span). Line breaks become spaces.
pub fn code_span(text: &str) -> String {
    // An empty span is no span at all (two backticks are one run): show one space instead.
    let text = match clean_text(text).replace('\n', " ") {
        empty if empty.is_empty() => " ".to_owned(),
        text => text,
    };
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let edges = ['`', ' '];
    let pad = !text.trim().is_empty() && (text.starts_with(edges) || text.ends_with(edges));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A code span for a GFM table cell: a `|` would end the cell even inside the span, so it is
/// escaped (`\|`, which GFM turns back into `|`), and backslashes are doubled so that none can
/// pair with the escape of a `|` after it.
pub fn table_cell_code_span(text: &str) -> String {
    code_span(text).replace('\\', "\\\\").replace('|', "\\|")
}

/// Markdown this module escaped, as plain text for places that are not Markdown (command-line
/// help): the entity references and backtick escapes `escape_inline` writes are decoded.
pub fn unescape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let decoded = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&amp;", '&'),
            ("\\`", '`'),
            ("\\(", '('),
            ("\\:", ':'),
        ]
        .into_iter()
        .find(|(escaped, _)| rest.starts_with(escaped));
        let (taken, shown) = decoded.map_or((ch.len_utf8(), ch), |(e, c)| (e.len(), c));
        out.push(shown);
        rest = &rest[taken..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_outside_code_becomes_text() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("Hidden? <!-- the rest", "Hidden? &lt;!-- the rest"),
            ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
            ("`<b>` stays code", "`<b>` stays code"),
            ("``a ` <b>`` then <b>", "``a ` <b>`` then &lt;b&gt;"),
            (
                "&amp; &#123; &#x1F; &copy; kept",
                "&amp; &#123; &#x1F; &copy; kept",
            ),
            (
                "&; &#; &#x; &1a; &#12345678; escaped",
                "&amp;; &amp;#; &amp;#x; &amp;1a; &amp;#12345678; escaped",
            ),
            (
                "see <https://example.com/a?b=c>",
                "see <https://example.com/a?b=c>",
            ),
            (
                "<javascript:alert(1)> <https://x y>",
                "&lt;javascript:alert(1)&gt; &lt;https://x y&gt;",
            ),
            (
                "\\<b> and \\` stay escaped",
                "\\<b&gt; and \\` stay escaped",
            ),
            (
                "*emphasis*, [a link](https://x.example), - item",
                "*emphasis*, [a link](https://x.example), - item",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_inline(input), expected, "{input:?}");
        }
    }

    #[test]
    fn links_keep_working_and_never_run_script() {
        let cases = [
            (
                "[docs](https://x.example/a_(b)) <b>",
                "[docs](https://x.example/a_(b)) &lt;b&gt;",
            ),
            (
                "[x](crate::Foo) and ![img](a.png \"t\")",
                "[x](crate::Foo) and ![img](a.png \"t\")",
            ),
            // CommonMark reads the destination first: its backtick must not open a span that
            // would leave `<b>` unescaped.
            (
                "[a](http://x/`) <b>hi</b> `y`",
                "[a](http://x/\\`) &lt;b&gt;hi&lt;/b&gt; `y`",
            ),
            (
                "[a](http://x/?a=1&b=<2>)",
                "[a](http://x/?a=1&amp;b=&lt;2&gt;)",
            ),
            ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
            (
                "[x](<JavaScript:alert(1)>)",
                "[x]\\(&lt;JavaScript:alert(1)&gt;)",
            ),
            (
                "[x]( data:text/html,<b>)",
                "[x]\\( data:text/html,&lt;b&gt;)",
            ),
            (
                "[x](&#x6A;avascript:alert(1))",
                "[x](&amp;#x6A;avascript:alert(1))",
            ),
            ("[a]: javascript:alert(1)", "[a]\\: javascript:alert(1)"),
            ("[a]: https://x.example", "[a]: https://x.example"),
            ("b]: javascript:alert(1)", "b]\\: javascript:alert(1)"),
            ("[a]:", "[a]\\:"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_inline(input), expected, "{input:?}");
        }
    }

    #[test]
    fn in_a_table_no_code_span_reaches_past_a_cell() {
        let row = "| `x | <img src=x onerror=pwned()> | ` | `a\\|b` |";
        assert_eq!(
            escape_table_inline(row),
            "| \\`x | &lt;img src=x onerror=pwned()&gt; | \\` | `a\\|b` |"
        );
        // Outside a table the same line is one code span, as CommonMark reads it.
        assert_eq!(escape_inline("`x | <b> |`"), "`x | <b> |`");
    }

    #[test]
    fn a_link_left_open_at_the_end_of_the_line_is_text() {
        assert_eq!(escape_inline("[a](http://x \"t"), "[a]\\(http://x \"t");
    }

    #[test]
    fn many_unclosed_runs_are_settled_in_one_pass() {
        // Runs of 1, 2, 3, … backticks: none has a closer, and each used to rescan the line.
        let line: String = (1..=2_000)
            .map(|n| format!("{} <b>", "`".repeat(n)))
            .collect();
        let escaped = escape_inline(&line);
        assert!(!escaped.contains("<b>"));
        assert_eq!(escaped.matches("\\`").count(), 2_000 * 2_001 / 2);
    }

    #[test]
    fn escaped_markdown_reads_back_as_plain_text() {
        let text = "a < b && `c` ` <i> [x](javascript:y) [z]: javascript:w";
        assert_eq!(unescape_inline(&escape_inline(text)), text);
    }
}
