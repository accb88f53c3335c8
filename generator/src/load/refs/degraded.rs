//! Why a `$ref` cannot be followed, and what that costs where it is written.

use super::Place;

/// Why a `$ref` cannot be followed: the warning's kind, message and hint.
pub(super) struct Degraded {
    pub kind: &'static str,
    pub message: String,
    pub hint: &'static str,
}

impl Degraded {
    /// The message completed with what the reference costs where it is written.
    pub fn costing(mut self, place: Place) -> Self {
        self.message.push_str(match place {
            Place::Schema => "; the schema is kept as `serde_json::Value`",
            Place::Other => "; what it refers to is left out",
        });
        self
    }
}

/// A pointer into another file that finds nothing there.
pub(super) fn missing(reference: &str, path: &str) -> Degraded {
    Degraded {
        kind: "unresolved-ref",
        message: format!("dangling $ref `{reference}`: `{path}` has nothing at that pointer"),
        hint: "check the pointer after `#` against the referenced file",
    }
}
