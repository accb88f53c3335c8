//! `$ref`s beyond `#/components/<section>/<name>`, resolved on the untyped tree before anything
//! typed reads it. In: the spec's tree and a source of its sibling files (`SpecFiles`). Out: one
//! bundled tree in which every schema `$ref` names `#/components/schemas/<name>` (a schema found
//! at a deeper JSON pointer, or in another file, is copied there once under a name of its own,
//! so cycles across files close on that name), every other `$ref` into another file or to a
//! deep pointer (or to a reusable path item) is replaced by what it points at, plus the `Origins` that send diagnostics about
//! the copies back to the file, pointer and line:column where they were written. What cannot be
//! followed (a URL: nothing is fetched; a path leaving the spec's folder; an unreadable file) is a
//! located warning, and a schema there becomes `{}` (`serde_json::Value`). A local reference to a
//! missing pointer is left for `lower`, which reports it as dangling.

mod children;
mod degraded;
mod files;
mod operations;
mod origins;
mod paths;
#[cfg(test)]
mod tests;

pub use files::{FolderFiles, NoFiles, SpecFiles};
pub use origins::Origins;

use super::METHODS;
use super::positions::index_document;
use super::tree::{is_json, parse_tree};
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use children::{Child, NAMED_MAPS, child_kind};
use degraded::{Degraded, missing};
use operations::{is_reference, operation_position};
use paths::{is_url, join_relative, percent_decode};
use serde_yaml::{Mapping, Value};
use std::collections::{HashMap, HashSet};

/// Bundles `root` in place; returns where the copies came from and what was degraded.
pub fn bundle(root: &mut Value, files: &dyn SpecFiles) -> (Origins, Vec<Diagnostic>) {
    // Most documents are one file whose references all name a component: nothing to do, and
    // the walk below (a copy of the whole document, a pointer per node) would be a sixth of
    // loading a big one.
    if only_component_refs(root) {
        return (Origins::default(), Vec::new());
    }
    let mut bundler = Bundler {
        files,
        documents: vec![Document {
            path: String::new(),
            tree: root.clone(),
            origin: None,
        }],
        by_path: HashMap::new(),
        hoisted: HashMap::new(),
        taken: component_schemas(root).keys().map(key_text).collect(),
        queue: Vec::new(),
        done: Vec::new(),
        inlining: Vec::new(),
        origins: Origins::default(),
        warnings: Vec::new(),
    };
    bundler.seed_aliases(root);
    bundler.walk(root, 0, &Pointer::root(), Place::Other);
    while let Some((name, target)) = bundler.queue.pop() {
        bundler.copy_component(name, target);
    }
    let done = std::mem::take(&mut bundler.done);
    if !done.is_empty()
        && let Some(schemas) = component_schemas_mut(root)
    {
        for (name, mut schema) in done {
            // A component that was `{$ref: …, description: …}` keeps its own annotations, over
            // the target's (as the siblings of an inlined `$ref` win).
            let key = Value::String(name);
            if let (Some(Value::Mapping(written)), Value::Mapping(copy)) =
                (schemas.get(&key), &mut schema)
            {
                for (keyword, value) in written {
                    if keyword.as_str() != Some("$ref") {
                        copy.insert(keyword.clone(), value.clone());
                    }
                }
            }
            schemas.insert(key, schema);
        }
    }
    (bundler.origins, bundler.warnings)
}

/// True when bundling would leave `root` as it is: every `$ref` anywhere in it names a local
/// component, no component schema is an alias of another section's component (`seed_aliases`
/// copies those), and no operation is written as a `$ref` (`inline_operation`). Conservative:
/// it also reads literal values the walk skips, where a `$ref` key is data.
fn only_component_refs(root: &Value) -> bool {
    fn refs_are_local(value: &Value) -> bool {
        match value {
            Value::Mapping(mapping) => mapping.iter().all(|(key, child)| match key.as_str() {
                // `%2F` may hide a deeper pointer (`Pet%2Fproperties%2Ftag`): left to the walk.
                Some("$ref") => {
                    (child.as_str()).is_some_and(|r| is_local_component(r) && !r.contains('%'))
                }
                _ => refs_are_local(child),
            }),
            Value::Sequence(items) => items.iter().all(refs_are_local),
            Value::Tagged(tagged) => refs_are_local(&tagged.value),
            _ => true,
        }
    }
    let schema_aliases_stay = component_schemas(root).values().all(|schema| {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference.starts_with("#/components/schemas/"),
            None => true,
        }
    });
    let components = root.get("components");
    let path_items = [
        root.get("paths"),
        components.and_then(|c| c.get("pathItems")),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_mapping)
    .flat_map(Mapping::values);
    let no_operation_refs = path_items.filter_map(Value::as_mapping).all(|item| {
        METHODS
            .iter()
            .all(|method| item.get(*method).is_none_or(|op| !is_reference(op)))
    });
    schema_aliases_stay && no_operation_refs && refs_are_local(root)
}

/// A document a `$ref` may lead into: the spec (index 0) or a file beside it.
struct Document {
    /// Relative to the spec's folder; empty for the spec.
    path: String,
    /// As written: targets are copied from here, so a copy never sees another's rewriting.
    tree: Value,
    /// Index into `Origins`' files; `None` for the spec.
    origin: Option<usize>,
}

/// Where a `$ref` leads: a document and an escaped JSON pointer into it (`""` or `/a/b`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Target {
    document: usize,
    fragment: String,
}

/// What a value in the tree is, so a `$ref` in it is followed the right way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Schema,
    Other,
}

struct Bundler<'a> {
    files: &'a dyn SpecFiles,
    documents: Vec<Document>,
    /// Each file read once; a failure is remembered with its reason.
    by_path: HashMap<String, Result<usize, String>>,
    /// The component name each copied schema has.
    hoisted: HashMap<Target, String>,
    taken: HashSet<String>,
    /// Copies named but not made yet (made after the walk, so a chain of files is a loop, not
    /// a recursion).
    queue: Vec<(String, Target)>,
    done: Vec<(String, Value)>,
    /// The non-schema targets being inlined, outermost first: a loop among them is refused.
    inlining: Vec<Target>,
    origins: Origins,
    warnings: Vec<Diagnostic>,
}

impl Bundler<'_> {
    /// A component schema that is nothing but a `$ref` elsewhere (`Pet: {$ref: pet.yaml}`, the
    /// usual shape of a multi-file description) takes that target's place under its own name.
    fn seed_aliases(&mut self, root: &Value) {
        for (key, schema) in component_schemas(root) {
            let Some(Value::String(reference)) = schema.get("$ref") else {
                continue;
            };
            let Ok(target) = self.resolve(reference, 0) else {
                continue;
            };
            let name = key_text(key);
            if plain_component(&target, "schemas").is_some()
                || self.hoisted.contains_key(&target)
                || self.lookup(&target).is_none()
            {
                continue;
            }
            self.hoisted.insert(target.clone(), name.clone());
            self.queue.push((name, target));
        }
    }

    /// Makes the copy of one schema named `name` and rewrites the references inside it.
    fn copy_component(&mut self, name: String, target: Target) {
        let Some(mut content) = self.lookup(&target).cloned() else {
            return;
        };
        let pointer = Pointer::root()
            .join("components")
            .join("schemas")
            .join(&name);
        let origin = self.documents[target.document].origin;
        let original = format!("#{}", target.fragment);
        self.origins.alias(pointer.as_str(), origin, &original);
        self.walk(&mut content, target.document, &pointer, Place::Schema);
        self.done.push((name, content));
    }

    /// Follows every `$ref` under `value`, which lies in `document` at `pointer`.
    fn walk(&mut self, value: &mut Value, document: usize, pointer: &Pointer, place: Place) {
        let mapping = match value {
            Value::Mapping(mapping) => mapping,
            Value::Sequence(items) if place == Place::Other => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, document, &pointer.join(index), place);
                }
                return;
            }
            _ => return,
        };
        if let Some(Value::String(reference)) = mapping.get("$ref") {
            let reference = reference.clone();
            self.follow(mapping, &reference, document, pointer, place);
            return;
        }
        self.walk_entries(mapping, document, pointer, place);
    }

    fn walk_entries(
        &mut self,
        mapping: &mut Mapping,
        document: usize,
        pointer: &Pointer,
        place: Place,
    ) {
        let at_components = document == 0 && pointer.as_str() == "#/components";
        // In a map of named things (`parameters`, `paths`), a key is a name, never a keyword.
        let named = NAMED_MAPS
            .iter()
            .any(|map| pointer.as_str().ends_with(&format!("/{map}")));
        let mut dropped = Vec::new();
        for (key, child) in mapping.iter_mut() {
            let key = key_text(key);
            let pointer = pointer.join(&key);
            let kind = match named && place == Place::Other {
                true => Child::Other,
                false => child_kind(place, &key, at_components),
            };
            if operation_position(&pointer) && is_reference(child) {
                if !self.inline_operation(child, document, &pointer) {
                    dropped.push(key);
                }
                continue;
            }
            match kind {
                Child::Schema => self.walk(child, document, &pointer, Place::Schema),
                Child::SchemaList | Child::SchemaMap => {
                    self.walk_schemas(child, document, &pointer)
                }
                Child::Other => self.walk(child, document, &pointer, Place::Other),
                Child::Skip => {}
            }
        }
        for key in dropped {
            mapping.shift_remove(key.as_str());
        }
    }

    /// Each element of a list or map of schemas (`allOf`, `properties`).
    fn walk_schemas(&mut self, value: &mut Value, document: usize, pointer: &Pointer) {
        match value {
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, document, &pointer.join(index), Place::Schema);
                }
            }
            Value::Mapping(entries) => {
                for (key, item) in entries.iter_mut() {
                    let pointer = pointer.join(key_text(key));
                    self.walk(item, document, &pointer, Place::Schema);
                }
            }
            _ => {}
        }
    }

    /// One `$ref`: a schema's becomes a component reference, any other's is inlined.
    fn follow(
        &mut self,
        mapping: &mut Mapping,
        reference: &str,
        document: usize,
        pointer: &Pointer,
        place: Place,
    ) {
        if document == 0 && is_local_component(reference) {
            return;
        }
        let target = match self.resolve(reference, document) {
            Ok(target) => target,
            Err(degraded) => {
                self.warn(pointer, degraded.costing(place));
                if place == Place::Schema {
                    mapping.remove("$ref");
                }
                return;
            }
        };
        if self.lookup(&target).is_none() {
            // The spec's own dangling pointers are `lower`'s to report, where it reports the rest.
            if target.document != 0 {
                let path = self.documents[target.document].path.clone();
                self.warn(pointer, missing(reference, &path).costing(place));
                if place == Place::Schema {
                    mapping.remove("$ref");
                }
            }
            return;
        }
        match place {
            Place::Schema => {
                let name = self.hoist(target);
                let reference = Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(name);
                mapping.insert("$ref".into(), reference.as_str().into());
            }
            Place::Other => self.inline(mapping, reference, target, pointer),
        }
    }

    /// The component name of a schema target, copying it there the first time.
    fn hoist(&mut self, target: Target) -> String {
        if let Some(name) = plain_component(&target, "schemas") {
            return name;
        }
        if let Some(name) = self.hoisted.get(&target) {
            return name.clone();
        }
        let base = suggested_name(&target, &self.documents[target.document].path);
        let mut name = base.clone();
        let mut counter = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        self.taken.insert(name.clone());
        self.origins.invent(&name);
        self.hoisted.insert(target.clone(), name.clone());
        self.queue.push((name.clone(), target));
        name
    }

    /// Replaces a non-schema `$ref` (a parameter, a response, a path item) by what it points
    /// at; the `$ref`'s siblings win, as they would in a 3.1 document.
    fn inline(&mut self, mapping: &mut Mapping, reference: &str, target: Target, at: &Pointer) {
        // The spec's own components are read by `lower`'s resolver where they are, except path
        // items, which it cannot read by reference.
        if plain_component(&target, "").is_some() && plain_component(&target, "pathItems").is_none()
        {
            return;
        }
        if self.inlining.contains(&target) {
            let message = format!("`{reference}` refers back to itself; it is left out");
            let hint = "break the loop of references";
            self.warn(
                at,
                Degraded {
                    kind: "unresolved-ref",
                    message,
                    hint,
                },
            );
            return;
        }
        if !self.merge_target(mapping, &target, at) {
            return;
        }
        let document = target.document;
        self.inlining.push(target);
        // What was inlined may itself be a reference (`/b: {$ref: '#/paths/~1a'}` to a `/a`
        // that refers to another file): followed from the file it was written in.
        match mapping.get("$ref") {
            Some(Value::String(next)) => {
                let next = next.clone();
                self.follow(mapping, &next, document, at, Place::Other);
            }
            _ => self.walk_entries(mapping, document, at, Place::Other),
        }
        self.inlining.pop();
    }

    /// Replaces the `$ref` in `mapping` (at `at`) by the mapping `target` holds, the `$ref`'s
    /// siblings winning, and sends diagnostics about it to where it is written; false when the
    /// target is not a mapping.
    fn merge_target(&mut self, mapping: &mut Mapping, target: &Target, at: &Pointer) -> bool {
        let Some(Value::Mapping(content)) = self.lookup(target).cloned() else {
            return false;
        };
        mapping.remove("$ref");
        for (key, value) in content {
            if !mapping.contains_key(&key) {
                mapping.insert(key, value);
            }
        }
        let origin = self.documents[target.document].origin;
        self.origins
            .alias(at.as_str(), origin, &format!("#{}", target.fragment));
        true
    }

    /// Where `reference`, written in `document`, leads.
    fn resolve(&mut self, reference: &str, document: usize) -> Result<Target, Degraded> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return Err(Degraded {
                kind: "unresolved-ref",
                message: format!("`{reference}` names an anchor, not a JSON pointer"),
                hint: "refer to the schema by its JSON pointer (`file.yaml#/components/schemas/Name`)",
            });
        }
        if path.is_empty() {
            return Ok(Target { document, fragment });
        }
        if is_url(path) {
            return Err(Degraded {
                kind: "external-ref",
                message: format!("`{reference}` is a URL; the generator never fetches the network"),
                hint: "save the file beside the spec and refer to it by a relative path",
            });
        }
        let base = &self.documents[document].path;
        let Some(joined) = join_relative(base, &percent_decode(path)) else {
            return Err(Degraded {
                kind: "external-ref",
                message: format!(
                    "`{reference}` leads outside the spec's folder, which the generator does not read"
                ),
                hint: "copy the file into the spec's folder and refer to it there",
            });
        };
        match self.document(&joined) {
            Ok(document) => Ok(Target { document, fragment }),
            Err(reason) => Err(Degraded {
                kind: "unresolved-ref",
                message: format!("cannot read `{joined}` for `{reference}`: {reason}"),
                hint: "referenced files are read relative to the file that refers to them",
            }),
        }
    }

    /// The index of the document at `path`, reading and parsing it the first time.
    fn document(&mut self, path: &str) -> Result<usize, String> {
        if let Some(known) = self.by_path.get(path) {
            return known.clone();
        }
        let loaded = self.files.read(path).and_then(|text| {
            let tree =
                parse_tree(&text, InputFile::Spec).map_err(|problem| match problem.line_col {
                    Some((line, column)) => format!("{} at {line}:{column}", problem.message),
                    None => problem.message,
                })?;
            let positions = index_document(&text, is_json(&text));
            let origin = self.origins.add_file(path.to_owned(), positions);
            self.documents.push(Document {
                path: path.to_owned(),
                tree,
                origin: Some(origin),
            });
            Ok(self.documents.len() - 1)
        });
        self.by_path.insert(path.to_owned(), loaded.clone());
        loaded
    }

    /// The value a target points at, in its document as written.
    fn lookup(&self, target: &Target) -> Option<&Value> {
        let mut value = &self.documents[target.document].tree;
        for segment in target.fragment.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            value = match value {
                Value::Mapping(mapping) => mapping
                    .iter()
                    .find(|(key, _)| key_text(key) == segment)
                    .map(|(_, value)| value)?,
                Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    fn warn(&mut self, pointer: &Pointer, degraded: Degraded) {
        self.warnings.push(
            Diagnostic::warning(
                InputFile::Spec,
                degraded.kind,
                pointer.as_str(),
                degraded.message,
            )
            .with_hint(degraded.hint),
        );
    }
}

/// `#/components/<section>/<name>`: read where it is by `lower`'s resolver. Reusable path items
/// (3.1's `#/components/pathItems/<name>`) are not: the model has no place for them, so they
/// are inlined where they are used.
fn is_local_component(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .is_some_and(|rest| rest.split('/').count() == 2 && !rest.starts_with("pathItems/"))
}

/// The component name of a target that is `#/components/<section>/<name>` of the spec itself
/// (any section when `section` is empty).
fn plain_component(target: &Target, section: &str) -> Option<String> {
    if target.document != 0 {
        return None;
    }
    let mut segments = target.fragment.strip_prefix("/components/")?.split('/');
    let (found, name) = (segments.next()?, segments.next()?);
    (segments.next().is_none() && (section.is_empty() || found == section))
        .then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// A component name for a copied schema: its pointer's meaningful segments
/// (`#/components/schemas/Tag/allOf/0` → `Tag_allOf_0`), or the file's stem for a whole file.
fn suggested_name(target: &Target, path: &str) -> String {
    const STRUCTURE: [&str; 12] = [
        "components",
        "schemas",
        "properties",
        "items",
        "schema",
        "content",
        "paths",
        "definitions",
        "$defs",
        "parameters",
        "responses",
        "requestBodies",
    ];
    let segments: Vec<String> = target
        .fragment
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .filter(|segment| !STRUCTURE.contains(&segment.as_str()))
        .collect();
    if !segments.is_empty() {
        return segments.join("_");
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    if stem.is_empty() { "Schema" } else { stem }.to_owned()
}

fn component_schemas(root: &Value) -> &Mapping {
    static EMPTY: std::sync::LazyLock<Mapping> = std::sync::LazyLock::new(Mapping::new);
    root.get("components")
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_mapping)
        .unwrap_or(&EMPTY)
}

/// The spec's `components.schemas`, created when a copy needs it; `None` when the document
/// holds something else there (the checks after bundling report that).
fn component_schemas_mut(root: &mut Value) -> Option<&mut Mapping> {
    let empty = || Value::Mapping(Mapping::new());
    let components = root
        .as_mapping_mut()?
        .entry("components".into())
        .or_insert_with(empty);
    components
        .as_mapping_mut()?
        .entry("schemas".into())
        .or_insert_with(empty)
        .as_mapping_mut()
}

fn key_text(key: &Value) -> String {
    super::check::key_text(key)
}
