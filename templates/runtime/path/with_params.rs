//! Request paths with parameters: literal pieces, and parameter values percent-encoded so that
//! a value can never change the path's shape.

/// One piece of a path template.
pub(crate) enum PathPart<'a> {
    Literal(&'a str),
    /// A path parameter: its wire name (for errors) and value (percent-encoded here).
    Param(&'static str, &'a str),
}

/// The path as sent, and why it cannot be sent (the first parameter no encoding can make safe).
pub(crate) fn path_text(parts: &[PathPart<'_>]) -> (String, Option<String>) {
    let mut invalid: Option<String> = None;
    let mut text = String::new();
    for part in parts {
        match part {
            PathPart::Literal(literal) => text.push_str(literal),
            PathPart::Param(name, value) => {
                match encode_path_segment(value) {
                    Some(encoded) => text.push_str(&encoded),
                    None => {
                        invalid
                            .get_or_insert(
                                format!(
                                    "path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"
                                ),
                            );
                    }
                }
            }
        }
    }
    (text, invalid)
}

/// Percent-encodes everything but RFC 3986 unreserved characters. `None` for values that would
/// change the path's shape (empty, `.`, `..`), which no encoding can make safe.
fn encode_path_segment(value: &str) -> Option<String> {
    if value.is_empty() || value == "." || value == ".." {
        return None;
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}
