//! JSON text → `PositionIndex`: a small scanner that records where every object member (its key)
//! and every array element starts. In: JSON text (already accepted by `serde_json`, though
//! nothing here relies on it: malformed input ends the scan early, never panics). One pass over
//! the bytes with an explicit stack, so it is linear and safe on deep nesting. Columns count
//! characters, not bytes, as the YAML parser's do.

use super::positions::{LineCol, PositionIndex};

/// One open container while scanning.
enum JsonFrame {
    /// An object; `member` is the pointer of the member whose value comes next.
    Object {
        pointer: String,
        member: Option<String>,
    },
    Array {
        pointer: String,
        next_index: usize,
    },
}

/// A cursor over the bytes that keeps the line and column of the next byte.
struct Cursor<'t> {
    bytes: &'t [u8],
    text: &'t str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn position(&self) -> LineCol {
        (self.line, self.column)
    }

    fn advance(&mut self) {
        let Some(byte) = self.peek() else { return };
        self.offset += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes of a UTF-8 sequence do not start a new character.
            self.column += 1;
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.advance();
        }
    }

    /// Consumes a string starting at its opening quote; returns its decoded contents.
    fn string(&mut self) -> Option<String> {
        let start = self.offset;
        self.advance();
        let mut escaped = false;
        loop {
            let byte = self.peek()?;
            self.advance();
            match byte {
                b'\\' => {
                    escaped = true;
                    self.advance();
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.text.get(start..self.offset)?;
        if escaped {
            serde_json::from_str(raw).ok()
        } else {
            Some(raw[1..raw.len() - 1].to_owned())
        }
    }

    /// Consumes a number, `true`, `false` or `null`.
    fn bare_word(&mut self) {
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.')
        ) {
            self.advance();
        }
    }
}

/// Indexes a JSON document (object members by key position, array elements by value position).
pub fn index_json(text: &str) -> PositionIndex {
    let mut index = PositionIndex::default();
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        text,
        offset: 0,
        line: 1,
        column: 1,
    };
    let mut stack: Vec<JsonFrame> = Vec::new();
    // Skip a byte-order mark, which `serde_json` is given without.
    if text.starts_with('\u{feff}') {
        cursor.offset = '\u{feff}'.len_utf8();
    }
    let mut root_seen = false;
    loop {
        cursor.skip_whitespace();
        let Some(byte) = cursor.peek() else { break };
        let position = cursor.position();
        match byte {
            b',' | b':' => {
                cursor.advance();
                continue;
            }
            b'}' | b']' => {
                cursor.advance();
                stack.pop();
                if stack.is_empty() {
                    break;
                }
                continue;
            }
            _ => {}
        }
        if stack.is_empty() && root_seen {
            break;
        }
        root_seen = true;
        // An object member's key: record it, and the value that follows belongs to it.
        if let Some(JsonFrame::Object { pointer, member }) = stack.last_mut()
            && member.is_none()
        {
            if byte != b'"' {
                break;
            }
            let Some(key) = cursor.string() else { break };
            let entry = super::positions::child_pointer(pointer, &key);
            index.record(entry.clone(), position);
            *member = Some(entry);
            continue;
        }
        let Some(pointer) = next_value_pointer(&mut stack) else {
            break;
        };
        index.record(pointer.clone(), position);
        if !enter_value(&mut cursor, &mut stack, pointer, byte) {
            break;
        }
        if stack.is_empty() {
            break;
        }
    }
    index
}

/// Reads the value starting at `byte` (whose pointer is `pointer`): an object or array is
/// entered (its members come next), a string or bare word is passed over. `false` when the
/// text is not JSON there, which ends the index.
fn enter_value(cursor: &mut Cursor, stack: &mut Vec<JsonFrame>, pointer: String, byte: u8) -> bool {
    match byte {
        b'{' => {
            cursor.advance();
            stack.push(JsonFrame::Object {
                pointer,
                member: None,
            });
        }
        b'[' => {
            cursor.advance();
            stack.push(JsonFrame::Array {
                pointer,
                next_index: 0,
            });
        }
        b'"' => {
            if cursor.string().is_none() {
                return false;
            }
        }
        _ => {
            let before = cursor.offset;
            cursor.bare_word();
            if cursor.offset == before {
                return false;
            }
        }
    }
    true
}

/// The pointer of the value that starts now, taking the pending member or the next index.
fn next_value_pointer(stack: &mut [JsonFrame]) -> Option<String> {
    match stack.last_mut() {
        None => Some("#".to_owned()),
        Some(JsonFrame::Object { member, .. }) => member.take(),
        Some(JsonFrame::Array {
            pointer,
            next_index,
        }) => {
            let child = super::positions::child_pointer(pointer, &next_index.to_string());
            *next_index += 1;
            Some(child)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_members_elements_and_escapes() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a\": {\"get\": {\"parameters\": [1, {\"in\": \"q\"}]}}},\n  \"x\\ud83d\\udc4d/y\": [],\n  \"é\": true, \"after\": null\n}";
        let index = index_json(text);
        assert_eq!(index.locate("#"), Some((1, 1)));
        assert_eq!(index.locate("#/openapi"), Some((2, 3)));
        assert_eq!(index.locate("#/paths/~1a/get"), Some((3, 20)));
        assert_eq!(index.locate("#/paths/~1a/get/parameters/0"), Some((3, 43)));
        assert_eq!(index.locate("#/paths/~1a/get/parameters/1"), Some((3, 46)));
        assert_eq!(
            index.locate("#/paths/~1a/get/parameters/1/in"),
            Some((3, 47))
        );
        assert_eq!(index.locate("#/x👍~1y"), Some((4, 3)));
        assert_eq!(index.locate("#/after"), Some((5, 14)));
    }

    #[test]
    fn malformed_json_ends_the_scan_without_panicking() {
        for text in [
            "{\"a\": ",
            "{\"a",
            "[1, }",
            "{1: 2}",
            "\"",
            "{\"a\": tru\u{e9}}",
        ] {
            let _ = index_json(text);
        }
        assert_eq!(index_json("{\"a\": [").locate("#/a"), Some((1, 2)));
    }
}
