//! Request paths of an API whose paths have no parameters: the path is its literal pieces, joined.

/// One piece of a path template.
pub(crate) enum PathPart<'a> {
    Literal(&'a str),
}

/// The path as sent, and why it cannot be sent (never, for literal pieces).
pub(crate) fn path_text(parts: &[PathPart<'_>]) -> (String, Option<String>) {
    let text = parts.iter().map(|PathPart::Literal(literal)| *literal).collect();
    (text, None)
}
