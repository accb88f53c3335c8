//! Operations written as a `$ref` (`post: {$ref: './operations/post.yaml#/post'}`): outside the
//! specification, but common in documents split across files by hand. The model has no
//! reference form for an operation, so the target is inlined wherever it is, among the spec's
//! own components too; a reference that leads to no operation leaves the operation out, with a
//! located warning, instead of stopping the whole document.

use super::{Bundler, Degraded, Place};
use crate::diagnostics::Pointer;
use crate::load::METHODS;
use serde_yaml::Value;

/// Where an operation is written: `#/paths/<path>/<method>`, or under a reusable path item
/// (`#/components/pathItems/<name>/<method>`). A path item inlined from another file is walked
/// at the pointer that refers to it, so this holds for its operations too.
pub(super) fn operation_position(pointer: &Pointer) -> bool {
    let Some((item, method)) = pointer.as_str().rsplit_once('/') else {
        return false;
    };
    METHODS.contains(&method)
        && ["#/paths/", "#/components/pathItems/"]
            .iter()
            .any(|prefix| {
                item.strip_prefix(prefix)
                    .is_some_and(|name| !name.is_empty() && !name.contains('/'))
            })
}

/// A mapping with a `$ref` key.
pub(super) fn is_reference(value: &Value) -> bool {
    matches!(value, Value::Mapping(mapping) if mapping.contains_key("$ref"))
}

impl Bundler<'_> {
    /// The warning for an operation `$ref` that cannot be followed.
    fn leave_out(&mut self, pointer: &Pointer, mut degraded: Degraded) {
        degraded.message.push_str("; the operation is left out");
        self.warn(pointer, degraded);
    }

    /// Replaces the operation `$ref` at `pointer` (written in `document`) by the operation it
    /// points at, the `$ref`'s siblings winning. False, with a warning, when it leads to no
    /// operation: the caller then leaves the operation out.
    pub(super) fn inline_operation(
        &mut self,
        operation: &mut Value,
        document: usize,
        pointer: &Pointer,
    ) -> bool {
        let Value::Mapping(mapping) = operation else {
            return false;
        };
        let reference = match mapping.get("$ref") {
            Some(Value::String(reference)) => reference.clone(),
            _ => String::new(),
        };
        let target = match self.resolve(&reference, document) {
            Ok(target) => target,
            Err(degraded) => {
                self.leave_out(pointer, degraded);
                return false;
            }
        };
        // An empty `$ref` (or one that is not a string) names the whole document it is in.
        let whole_spec = target.document == 0 && target.fragment.is_empty();
        let leads_nowhere = reference.is_empty()
            || whole_spec
            || !matches!(self.lookup(&target), Some(Value::Mapping(_)));
        if leads_nowhere || self.inlining.contains(&target) {
            let message = match leads_nowhere {
                true => format!("operation `$ref` `{reference}` leads to no operation"),
                false => format!("operation `$ref` `{reference}` refers back to itself"),
            };
            let degraded = Degraded {
                kind: "unresolved-ref",
                message,
                hint: "write the operation out here, or point the `$ref` at one",
            };
            self.leave_out(pointer, degraded);
            return false;
        }
        if !self.merge_target(mapping, &target, pointer) {
            return false;
        }
        let target_document = target.document;
        self.inlining.push(target);
        // The operation found may itself be a reference, followed from the file it is in.
        let inlined = match is_reference(operation) {
            true => self.inline_operation(operation, target_document, pointer),
            false => {
                if let Value::Mapping(mapping) = operation {
                    self.walk_entries(mapping, target_document, pointer, Place::Other);
                }
                true
            }
        };
        self.inlining.pop();
        inlined
    }
}
