//! A short string that matches a schema's `pattern`, for the generated mock tests (a mock server
//! validating requests rejects `"string"` for `price: {pattern: '^\d+\.\d{2}$'}`). The pattern is
//! parsed with the regex crate's own parser and walked: each repetition its minimum count, the
//! first alternative, a readable character from each class. A pattern it cannot read (another
//! dialect, look-around) gives `None`, and the caller keeps its plain value.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters tried first for a class, so values stay readable (`[^/]` gives `a`, not `\0`).
const PREFERRED: &str = "a1A_-.x0";

/// The longest value built; a pattern asking for more (`.{10000}`) gives `None`.
const MAX_LEN: usize = 256;

/// A string that `pattern` matches, if one can be built.
pub(super) fn matching_string(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write_match(&hir, &mut out)?;
    (out.len() <= MAX_LEN).then_some(out)
}

fn write_match(hir: &Hir, out: &mut String) -> Option<()> {
    if out.len() > MAX_LEN {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => out.push(class_char(class)?),
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min {
                let before = out.len();
                write_match(&repetition.sub, out)?;
                // The walk is deterministic: a round that wrote nothing writes nothing again
                // (`(?:a?){4000000000}` must not loop four billion times).
                if out.len() == before {
                    break;
                }
            }
        }
        HirKind::Capture(capture) => write_match(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write_match(part, out)?;
            }
        }
        HirKind::Alternation(arms) => write_match(arms.first()?, out)?,
    }
    Some(())
}

/// A readable character of `class`: a preferred one it holds, else the first printable one.
fn class_char(class: &Class) -> Option<char> {
    let Class::Unicode(class) = class else {
        return None;
    };
    let holds = |c: char| {
        class
            .ranges()
            .iter()
            .any(|r| r.start() <= c && c <= r.end())
    };
    (PREFERRED.chars().find(|c| holds(*c))).or_else(|| {
        (class.ranges().iter())
            .flat_map(|range| range.start()..=range.end())
            .take(1024)
            .find(|c| !c.is_control() && !c.is_whitespace())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_get_a_short_readable_match() {
        let cases = [
            (r"^\d+.\d{2}$", "1a11"),
            (r"^\d+\.\d{2}$", "1.11"),
            (r"^[A-Z]{3}$", "AAA"),
            (r"^(EUR|USD)$", "EUR"),
            (r"^[^/]+$", "a"),
            (r"^[0-9]+$", "1"),
            (r"^sk_(live|test)_[a-zA-Z0-9]{4,}$", "sk_live_aaaa"),
            (r"^$", ""),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                matching_string(pattern).as_deref(),
                Some(expected),
                "{pattern}"
            );
        }
    }

    #[test]
    fn a_pattern_it_cannot_read_or_build_gives_none() {
        assert_eq!(matching_string(r"(?<=a)b"), None);
        assert_eq!(matching_string(r"a{1000}"), None);
        assert_eq!(matching_string(r"[unclosed"), None);
        let nested_empty = r"(?:(?:a?){4000000000}){4000000000}";
        assert_eq!(matching_string(nested_empty).as_deref(), Some(""));
    }
}
