//! Text → JSON pointer → (line, column) index, for YAML and JSON documents. In: the text of the
//! spec or of `sdk.yaml`. Out: a `PositionIndex` holding, for every mapping entry, the position
//! of its key, and for every sequence element and the root, the position of the value. One pass
//! over the text with an explicit stack (no recursion), so it is linear in the document and deep
//! nesting cannot overflow the stack. A document the indexer cannot read gives a partial index:
//! positions are a convenience, the parsers that build the tree decide validity.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

/// 1-based line and column.
pub type LineCol = (usize, usize);

/// Where each JSON pointer (`#/paths/~1pets/get`) starts in its file.
#[derive(Clone, Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<String, LineCol>,
}

impl PositionIndex {
    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn locate(&self, pointer: &str) -> Option<LineCol> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            current = &current[..current.rfind('/')?];
        }
    }

    /// The number of indexed pointers.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    pub(super) fn record(&mut self, pointer: String, position: LineCol) {
        self.positions.entry(pointer).or_insert(position);
    }
}

/// Appends one escaped segment (RFC 6901: `~` → `~0`, `/` → `~1`) to a pointer.
pub(super) fn child_pointer(parent: &str, segment: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + segment.len() + 1);
    pointer.push_str(parent);
    pointer.push('/');
    for ch in segment.chars() {
        match ch {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
    pointer
}

/// Indexes a document of either syntax, chosen as the loader chooses its parser.
pub fn index_document(text: &str, is_json: bool) -> PositionIndex {
    if is_json {
        super::json_positions::index_json(text)
    } else {
        index_yaml(text)
    }
}

/// One open collection while walking YAML events.
enum YamlFrame {
    /// `unplaced`: the mapping's own position until its first key is read. A block mapping's
    /// start event is marked after its first key, so the first key's position stands for it.
    Mapping {
        pointer: String,
        next: MappingSlot,
        unplaced: Option<LineCol>,
    },
    Sequence {
        pointer: String,
        next_index: usize,
    },
    /// A collection without a pointer (a mapping key, or the value of one): nothing inside it is
    /// indexed.
    Ignored,
}

/// What the next node in a mapping is.
enum MappingSlot {
    Key,
    /// The value of the entry at this pointer.
    Value(String),
    /// The value of an entry whose key is not a scalar: it has no pointer.
    IgnoredValue,
}

/// Indexes a YAML document from the parser's events (keys, and sequence items).
pub fn index_yaml(text: &str) -> PositionIndex {
    let mut index = PositionIndex::default();
    let mut stack: Vec<YamlFrame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut root_done = false;
    while let Ok((event, marker)) = parser.next_token() {
        // The parser's columns are 0-based, its lines 1-based.
        let position = (marker.line(), marker.col() + 1);
        let (opens_mapping, scalar) = match &event {
            Event::Scalar(value, ..) => (None, Some(value.as_str())),
            Event::Alias(_) => (None, None),
            Event::MappingStart(..) => (Some(true), None),
            Event::SequenceStart(..) => (Some(false), None),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(YamlFrame::Mapping {
                    pointer,
                    unplaced: Some(position),
                    ..
                }) = stack.pop()
                {
                    index.record(pointer, position);
                }
                root_done = stack.is_empty();
                continue;
            }
            Event::StreamEnd => break,
            _ => continue,
        };
        // Only the first document is the spec; the loader rejects a stream of several.
        if stack.is_empty() && root_done {
            break;
        }
        root_done = stack.is_empty() && opens_mapping.is_none();
        let pointer = node_pointer(&mut stack, &mut index, scalar, position);
        if let Some(pointer) = &pointer
            && opens_mapping != Some(true)
        {
            index.record(pointer.clone(), position);
        }
        let frame = match (opens_mapping, pointer) {
            (None, _) => continue,
            (Some(_), None) => YamlFrame::Ignored,
            (Some(true), Some(pointer)) => YamlFrame::Mapping {
                pointer,
                next: MappingSlot::Key,
                unplaced: Some(position),
            },
            (Some(false), Some(pointer)) => YamlFrame::Sequence {
                pointer,
                next_index: 0,
            },
        };
        stack.push(frame);
    }
    index
}

/// The pointer of the node that starts here, or `None` when it has none (a mapping key, which
/// is recorded here as its entry's position, or anything inside an ignored collection).
fn node_pointer(
    stack: &mut [YamlFrame],
    index: &mut PositionIndex,
    scalar: Option<&str>,
    position: LineCol,
) -> Option<String> {
    match stack.last_mut() {
        None => Some("#".to_owned()),
        Some(YamlFrame::Ignored) => None,
        Some(YamlFrame::Sequence {
            pointer,
            next_index,
        }) => {
            let child = child_pointer(pointer, &next_index.to_string());
            *next_index += 1;
            Some(child)
        }
        Some(YamlFrame::Mapping {
            pointer,
            next,
            unplaced,
        }) => {
            if unplaced.take().is_some() {
                index.record(pointer.clone(), position);
            }
            match std::mem::replace(next, MappingSlot::Key) {
                MappingSlot::Value(entry) => Some(entry),
                MappingSlot::IgnoredValue => None,
                MappingSlot::Key => {
                    *next = match scalar {
                        Some(text) => {
                            let entry = child_pointer(pointer, text);
                            index.record(entry.clone(), position);
                            MappingSlot::Value(entry)
                        }
                        None => MappingSlot::IgnoredValue,
                    };
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_items_and_ancestors() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: x\n        - {name: y, in: query}\n";
        let index = index_yaml(text);
        assert_eq!(index.locate("#"), Some((1, 1)));
        assert_eq!(index.locate("#/paths"), Some((2, 1)));
        assert_eq!(index.locate("#/paths/~1a~1{id}/get"), Some((4, 5)));
        assert_eq!(
            index.locate("#/paths/~1a~1{id}/get/parameters/1"),
            Some((7, 12))
        );
        assert_eq!(
            index.locate("#/paths/~1a~1{id}/get/parameters/1/in"),
            Some((7, 21))
        );
        assert_eq!(
            index.locate("#/paths/~1a~1{id}/get/parameters/1/schema/type"),
            Some((7, 12))
        );
        assert_eq!(index.locate("#/nowhere"), Some((1, 1)));
    }

    #[test]
    fn complex_keys_and_aliases_do_not_shift_later_entries() {
        let text = "a: &x {b: 1}\n? [k]\n: {c: 2}\nd: *x\ne: 3\n";
        let index = index_yaml(text);
        assert_eq!(index.locate("#/d"), Some((4, 1)));
        assert_eq!(index.locate("#/e"), Some((5, 1)));
        assert_eq!(index.locate("#/a/b"), Some((1, 8)));
    }

    #[test]
    fn broken_yaml_keeps_what_was_read() {
        let index = index_yaml("a: 1\nb: [\n");
        assert_eq!(index.locate("#/a"), Some((1, 1)));
    }
}
