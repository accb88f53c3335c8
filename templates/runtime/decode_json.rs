//! Decoding a buffered JSON body, with the path to the value that failed when it does. The path
//! is found after the fact, from the position serde_json reports, by scanning the body up to it:
//! a path-tracking deserializer would compile a second copy of every response type's
//! `Deserialize`, for the error case only, and slow down every successful decode.

use crate::runtime::call::ResponseMeta;
use crate::runtime::error::Error;
use crate::runtime::request::Exchange;

/// Decodes a buffered JSON body, reporting where decoding failed and a bounded excerpt.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    exchange: &Exchange,
    meta: &ResponseMeta,
    bytes: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(bytes)
        .map_err(|source| {
            Error::Decode(
                Box::new(crate::runtime::error::DecodeError {
                    status: meta.status,
                    method: exchange.request.method.clone(),
                    url: meta.url.clone(),
                    path: path_at(bytes, &source),
                    body_excerpt: crate::runtime::error::excerpt(
                        &String::from_utf8_lossy(bytes),
                    ),
                    source,
                }),
            )
        })
}

/// One step of a path into a JSON value.
enum PathStep {
    Key(String),
    Index(usize),
}

/// A container open at the failure, and the child being read in it (`None`: between keys).
struct OpenContainer {
    object: bool,
    child: Option<PathStep>,
}

/// The path (`items[3].created_at`, `.` for the top level) to the value being read where
/// `error` happened, from the last byte serde_json read before reporting it (the error's
/// position; the JSON is scanned up to it):
/// - broken JSON: the byte it could not take; the path is where scanning stops before it;
/// - a value of the wrong type: the value's last byte; a map or list where another type was
///   expected is reported before its first byte, on the `:`, `,` or `[` (or spaces) ahead of it;
/// - an error about a whole object or list (a missing or repeated field, a wrong length): the
///   object's `}` (a repeated field: its key's closing quote), the list's `]`;
/// - any other error a value's `Deserialize` raises after reading the whole value (a union no
///   variant matches, a tuple of the wrong shape) is placed where the object or list around it
///   stopped: the value's last byte (or spaces after it), a list's `,` after it, or the closing
///   `}` or `]` of the object or list it was last in. That value is the one before.
pub(crate) fn path_at(bytes: &[u8], error: &serde_json::Error) -> String {
    let Some(at) = byte_offset(bytes, error.line(), error.column()) else {
        return ".".to_owned();
    };
    if error.classify() != serde_json::error::Category::Data {
        return path_of(&scan(bytes, at), 0);
    }
    // The last byte that is not a space, at or before the position.
    let last = (0..=at)
        .rev()
        .find(|&index| !bytes[index].is_ascii_whitespace())
        .unwrap_or(at);
    let message = error.to_string();
    let about_container = ["missing field", "duplicate field", "invalid length"]
        .iter()
        .any(|start| message.starts_with(start));
    let before_value = ["invalid type: map", "invalid type: sequence"]
        .iter()
        .any(|start| message.starts_with(start));
    if about_container {
        // The object or list still open before that byte is the one the error is about.
        return path_of(&scan(bytes, last), 1);
    }
    if before_value {
        return path_of(&scan(bytes, last + 1), 0);
    }
    let next = bytes[last + 1..].iter().find(|byte| !byte.is_ascii_whitespace());
    match bytes[last] {
        // A list's `,` after the value (the list ate it while stopping).
        b',' => path_of(&scan(bytes, last), 0),
        // The `}` or `]` of the object or list the value was last in; when a `,` follows, the
        // value's own (its container goes on), which is also read so when ambiguous: the path
        // is then the failing value's container rather than a field inside the value.
        b'}' | b']' if next != Some(&b',') => path_of(&scan(bytes, last), 0),
        _ => path_of(&scan(bytes, last + 1), 0),
    }
}

/// The containers open after reading `bytes[..end]`, each with the child being read in it.
fn scan(bytes: &[u8], end: usize) -> Vec<OpenContainer> {
    let mut open: Vec<OpenContainer> = Vec::new();
    let mut index = 0;
    while index < end {
        match bytes[index] {
            b'{' => {
                open.push(OpenContainer {
                    object: true,
                    child: None,
                })
            }
            b'[' => {
                open.push(OpenContainer {
                    object: false,
                    child: Some(PathStep::Index(0)),
                })
            }
            b'}' | b']' => {
                open.pop();
            }
            b',' => {
                if let Some(top) = open.last_mut() {
                    top.child = match top.child.take() {
                        Some(PathStep::Index(n)) => Some(PathStep::Index(n + 1)),
                        _ => None,
                    };
                }
            }
            b'"' => {
                let closing = string_end(bytes, index);
                // A key read whole (its closing quote before `end`) is the child being read.
                if let Some(top) = open.last_mut() {
                    if top.object && top.child.is_none() && closing < end {
                        let key = serde_json::from_slice(&bytes[index..=closing]);
                        top.child = Some(PathStep::Key(key.unwrap_or_default()));
                    }
                }
                index = closing;
            }
            _ => {}
        }
        index += 1;
    }
    open
}

/// The path of the children being read, leaving out the innermost `drop` containers' own.
fn path_of(open: &[OpenContainer], drop: usize) -> String {
    let kept = &open[..open.len().saturating_sub(drop)];
    let mut path = String::new();
    for step in kept.iter().filter_map(|open| open.child.as_ref()) {
        match step {
            PathStep::Key(key) if path.is_empty() => path.push_str(key),
            PathStep::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            PathStep::Index(n) => path.push_str(&format!("[{n}]")),
        }
    }
    if path.is_empty() { ".".to_owned() } else { path }
}

/// The index of the string's closing quote (the last byte when it has none), for the string
/// whose opening quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut index = start + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return index,
            _ => index += 1,
        }
    }
    bytes.len().saturating_sub(1)
}

/// The last byte serde_json read, from its 1-based line and byte column (column 0: none of the
/// line); `None` when it read none or gave no position.
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        (bytes.iter().enumerate())
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map(|(newline, _)| newline + 1)?
    };
    // Column 0: nothing read on this line yet; the last byte read is the newline before it,
    // or none at all on the first line.
    let read = (line_start + column).min(bytes.len());
    read.checked_sub(1)
}
