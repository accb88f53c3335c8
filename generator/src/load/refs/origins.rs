//! Where a piece of the bundled document was written. In: the aliases `refs` recorded while it
//! copied referenced schemas into `#/components/schemas` or in place of a `$ref`, and the
//! position index of every file it read. Out: a diagnostic about the bundled document moved to
//! the file, pointer and line:column its author wrote, so a maintainer of a multi-file
//! description is sent to `schemas/pet.yaml:7:3`, never to a pointer that exists only in memory.

use crate::diagnostics::{Diagnostic, InputFile};
use crate::load::PositionIndex;
use std::collections::BTreeSet;

/// One copied subtree: the pointer it has in the bundled document, and where it came from.
#[derive(Clone, Debug)]
struct Alias {
    bundled: String,
    /// Index into `Origins::files`; `None` for the spec itself.
    file: Option<usize>,
    original: String,
}

/// The aliases of one bundling and the files they point into.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// Path relative to the spec's folder, and the file's position index.
    files: Vec<(String, PositionIndex)>,
    aliases: Vec<Alias>,
    /// Component schema names bundling made up for what it copied (`Tag_allOf_0`, `pet`), as
    /// opposed to the spec's own component keys.
    invented: BTreeSet<String>,
}

impl Origins {
    /// Registers a file read for a `$ref`; returns its index.
    pub(super) fn add_file(&mut self, path: String, positions: PositionIndex) -> usize {
        self.files.push((path, positions));
        self.files.len() - 1
    }

    /// Records that bundling named a copied schema `#/components/schemas/{name}` itself.
    pub(super) fn invent(&mut self, name: &str) {
        self.invented.insert(name.to_owned());
    }

    /// Whether `#/components/schemas/{name}` is a name bundling made up (not the spec's key).
    pub fn is_invented(&self, name: &str) -> bool {
        self.invented.contains(name)
    }

    /// Records that `bundled` holds what `original` holds in `file` (`None`: the spec).
    pub(super) fn alias(&mut self, bundled: &str, file: Option<usize>, original: &str) {
        if file.is_none() && bundled == original {
            return;
        }
        self.aliases.push(Alias {
            bundled: bundled.to_owned(),
            file,
            original: original.to_owned(),
        });
    }

    /// Where the author wrote what `pointer` holds in the bundled document: the pointer in the
    /// spec, or `path#pointer` in another file.
    pub fn written_at(&self, pointer: &str) -> String {
        let mut probe = Diagnostic::new(InputFile::Spec, pointer, "");
        self.relocate(&mut probe);
        probe.pointer
    }

    /// Moves a spec diagnostic whose pointer lies in a copied subtree to where the subtree was
    /// written, with that file's line and column. Other diagnostics are left as they are.
    pub fn relocate(&self, diagnostic: &mut Diagnostic) {
        if diagnostic.file != InputFile::Spec || diagnostic.referenced().is_some() {
            return;
        }
        let pointer = diagnostic.pointer.as_str();
        let inside = |alias: &&Alias| {
            pointer
                .strip_prefix(alias.bundled.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        let Some(alias) = self
            .aliases
            .iter()
            .filter(inside)
            .max_by_key(|alias| alias.bundled.len())
        else {
            return;
        };
        let local = format!("{}{}", alias.original, &pointer[alias.bundled.len()..]);
        if let Some((path, positions)) = alias.file.and_then(|index| self.files.get(index)) {
            diagnostic.line_col = positions.locate(&local);
            diagnostic.pointer = format!("{path}{local}");
        } else {
            diagnostic.pointer = local;
            // Back in the spec: its own index locates the original pointer.
            diagnostic.line_col = None;
        }
    }
}
