//! The spec side of lowering, a leaf the rest of `lower` builds on: the operations as found in
//! the document (sorted, so derived names do not depend on YAML order), the one `$ref` resolver
//! (JSON-pointer unescaping included), and media-type helpers. Nothing here names or types
//! anything.

use super::express_paths::BracedPaths;
use crate::diagnostics::{Pointer, Sink};
use indexmap::IndexMap;
use openapiv3::{Components, MediaType, OpenAPI, PathItem, ReferenceOr, Schema};
use std::collections::BTreeSet;

/// The prefix of a local reference to a component schema.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// One operation as found in the spec, before it is named.
pub struct SpecOperation<'a> {
    /// Lowercase HTTP method.
    pub http_method: &'static str,
    /// The path template as read (`/users/{id}` for `/users/:id`, see `express_paths`).
    pub path: &'a str,
    /// The path as the document writes it: the key of `#/paths`.
    pub written_path: &'a str,
    pub operation: &'a openapiv3::Operation,
    pub path_item: &'a PathItem,
    /// `#/paths/~1pets/get`
    pub pointer: Pointer,
    /// `#/paths/~1pets`
    pub path_pointer: Pointer,
}

impl SpecOperation<'_> {
    /// `GET /api/v1/chat`
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.http_method.to_uppercase(), self.path)
    }
}

/// Every operation of the document, sorted by path then method.
/// Paths in `braced` are read as written there (`express_paths`); pointers keep the path as
/// the document writes it.
pub fn collect_operations<'a>(
    doc: &'a OpenAPI,
    braced: &'a BracedPaths,
    sink: &mut Sink,
) -> Vec<SpecOperation<'a>> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.iter() {
        let pointer = Pointer::root().join("paths").join(path);
        // Loading inlined every path item `$ref` it could follow; what is left leads nowhere.
        let ReferenceOr::Item(item) = item else {
            let ReferenceOr::Reference { reference } = item else {
                continue;
            };
            sink.warn(
                &pointer.join("$ref"),
                "path-item-ref",
                format!("path item `$ref` `{reference}` leads to no path item; the path's operations are left out"),
                Some("refer to a path item in #/components/pathItems or #/paths, or write it out here"),
            );
            continue;
        };
        let template = braced.get(path).map_or(path.as_str(), String::as_str);
        for (method, operation) in item.iter() {
            let http_method = [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .into_iter()
            .find(|m| *m == method)
            .unwrap_or("get");
            out.push(SpecOperation {
                http_method,
                path: template,
                written_path: path,
                operation,
                path_item: item,
                pointer: pointer.join(method),
                path_pointer: pointer.clone(),
            });
        }
    }
    out.sort_by(|a, b| (a.path, a.http_method).cmp(&(b.path, b.http_method)));
    out
}

/// Resolves local `$ref`s: the only place that reads `#/components/…` references.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    pub doc: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    /// The component schema a reference points at, following `$ref` chains, with its key;
    /// `None` for a dangling reference or a chain that loops (`A: {$ref: A}`).
    pub fn schema(&self, reference: &str) -> Option<(String, &'a Schema)> {
        let schemas = &self.doc.components.as_ref()?.schemas;
        let mut seen = BTreeSet::new();
        let mut reference = reference;
        loop {
            let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
            match schemas.get(&key)? {
                ReferenceOr::Item(schema) => return Some((key, schema)),
                ReferenceOr::Reference { reference: next } if seen.insert(key) => reference = next,
                ReferenceOr::Reference { .. } => return None,
            }
        }
    }

    /// An inline schema, or the component schema a reference points at (see `schema`).
    pub fn schema_of(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(inline) => Some(inline),
            ReferenceOr::Reference { reference } => self.schema(reference).map(|(_, s)| s),
        }
    }

    /// The object behind a `$ref` into `#/components/{section}/…` (or the inline object); a
    /// dangling reference is a located error.
    pub fn component<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        noun: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &Pointer,
        sink: &mut Sink,
    ) -> Option<&'a T> {
        let found = self.find_component(item, section, map);
        match item {
            // Loading inlined every reference into another file it could follow and warned about
            // each it could not: the same reference needs no second warning.
            ReferenceOr::Reference { reference }
                if found.is_none() && reference.starts_with('#') =>
            {
                sink.warn(
                    pointer,
                    "unresolved-ref",
                    format!("dangling $ref `{reference}`: no such {noun} in this document; it is left out"),
                    None,
                );
            }
            _ => {}
        }
        found
    }

    /// The object behind a `$ref` into `#/components/{section}/…` (or the inline object), or
    /// `None` when it dangles: for the passes that read what `component`'s callers reported.
    pub fn find_component<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        match component_key(reference, section)
            .and_then(|key| map(self.doc.components.as_ref()?).get(&key))
        {
            Some(ReferenceOr::Item(found)) => Some(found),
            _ => None,
        }
    }
}

/// The key a local `$ref` names in `#/components/{section}` (`#/components/parameters/a~1b` →
/// `a/b`); `None` for any other reference.
pub fn component_key(reference: &str, section: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .map(unescape)
}

/// The JSON media type of a content map: `application/json`, any `+json`
/// (`application/problem+json`), or the non-standard `text/json` some servers declare.
pub fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let plain = |media_type: &&String| essence(media_type) == "application/json";
    content
        .iter()
        .find(|(media_type, _)| plain(media_type))
        .or_else(|| {
            content.iter().find(|(media_type, _)| {
                let essence = essence(media_type);
                essence.ends_with("+json") || essence == "text/json"
            })
        })
}

/// A media type read as text: `text/*` (other than the JSON and event-stream ones, which have
/// their own handling) and XML, which the client does not parse.
pub fn is_text_media(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

/// A media type as it can go in a header: its essence and parameters (`application/json;
/// datetime-format=rfc3339`, which asks some servers for another format), token characters
/// only, since spec text is untrusted and the runtime takes these as static headers. A parameter
/// that is not a plain token is left out, and so is `charset`, which says nothing to ask for.
pub fn header_media(media_type: &str) -> Option<String> {
    let mut parts = media_type.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    if !(is_token(kind) && is_token(subtype)) {
        return None;
    }
    let mut header = essence.clone();
    for parameter in parts {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if name != "charset" && is_token(&name) && is_token(value) {
            header.push_str(&format!("; {name}={value}"));
        }
    }
    Some(header)
}

/// An HTTP token (RFC 9110) of the characters that are also inert in Markdown and Rust docs
/// (no backtick, `|` or quote), where media types are listed.
fn is_token(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-*".contains(&b))
}

/// `application/json; charset=utf-8` → `application/json`
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// JSON-pointer escaping of one segment (`a/b` → `a~1b`), as a reference writes a key.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes JSON-pointer escaping in one reference segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
