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
/// `error` happened. serde_json reports the last byte it read: for a value of the wrong type
/// or a missing field, the value's last byte or the object's `}`, which belong to the failure
/// and are scanned too; for broken JSON, the byte it could not take, which is not.
pub(crate) fn path_at(bytes: &[u8], error: &serde_json::Error) -> String {
    let Some(at) = byte_offset(bytes, error.line(), error.column()) else {
        return ".".to_owned();
    };
    let end = match error.classify() {
        serde_json::error::Category::Data => at + 1,
        _ => at,
    };
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
                // A key whose closing quote is the failure (a repeated field) is the object's.
                if let Some(top) = open.last_mut() && top.object && top.child.is_none()
                    && closing + 1 < end
                {
                    let key = serde_json::from_slice(&bytes[index..=closing]);
                    top.child = Some(PathStep::Key(key.unwrap_or_default()));
                }
                index = closing;
            }
            _ => {}
        }
        index += 1;
    }
    let mut path = String::new();
    for step in open.iter().filter_map(|open| open.child.as_ref()) {
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

/// The byte that serde_json's 1-based line and byte column name, if any.
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
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
    Some((line_start + column - 1).min(bytes.len().checked_sub(1)?))
}
