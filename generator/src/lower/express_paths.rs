//! Express's `/users/:id`, a common slip for OpenAPI's `/users/{id}`. A whole segment `:name`
//! of a path's template (before any `?` or `#`) that names a path parameter one of the path's
//! operations declares is read as `{name}`, with a warning at each of its operations (written
//! by `parameters`). Every later stage (method names, docs, the surface file, the URL sent)
//! sees the braced path. A `:name` that no parameter declares stays literal: LlamaCloud's
//! `/agent-data/:search`, in the style of Google's custom methods.

use super::context::Resolver;
use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

/// Path templates read with their Express segments braced, by the path as written.
pub type BracedPaths = BTreeMap<String, String>;

/// The paths of `doc` that have Express segments naming declared path parameters, braced.
pub fn braced_paths(doc: &OpenAPI) -> BracedPaths {
    let resolver = Resolver { doc };
    let mut braced = BracedPaths::new();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        if !path.contains("/:") {
            continue;
        }
        let declared = declared_path_parameters(resolver, item);
        if let Some(rewritten) = brace(path, &declared) {
            braced.insert(path.clone(), rewritten);
        }
    }
    braced
}

/// The warning (and docs note) of an operation whose path `written` is read as `read`.
pub fn express_warning(written: &str, read: &str) -> (String, &'static str) {
    let message = format!(
        "path template `{written}` writes path parameters in Express's form (`:name`); it is read as `{read}`"
    );
    let hint = "write path parameters in braces: OpenAPI's path templates have no `:name`";
    (message, hint)
}

/// The names of the path parameters the path item and its operations declare (a dangling
/// `$ref` declares nothing; lowering reports it).
fn declared_path_parameters(resolver: Resolver<'_>, item: &PathItem) -> BTreeSet<String> {
    let lists = std::iter::once(&item.parameters)
        .chain(item.iter().map(|(_, operation)| &operation.parameters));
    let mut names = BTreeSet::new();
    for entry in lists.flatten() {
        let found = resolver.find_component(entry, "parameters", |c| &c.parameters);
        if let Some(Parameter::Path { parameter_data, .. }) = found {
            names.insert(parameter_data.name.clone());
        }
    }
    names
}

/// `path` with each segment `:name` that names a `declared` parameter written `{name}`;
/// `None` when there is none. Only the template before `?` or `#` (a fixed query or a
/// fragment is literal), and only names a template can hold (no `{` or `}`) that the path
/// does not brace already.
fn brace(path: &str, declared: &BTreeSet<String>) -> Option<String> {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let (template, rest) = path.split_at(end);
    let mut changed = false;
    let segments: Vec<String> = (template.split('/'))
        .map(|segment| match segment.strip_prefix(':') {
            Some(name)
                if declared.contains(name)
                    && !name.contains(['{', '}'])
                    && !path.contains(&format!("{{{name}}}")) =>
            {
                changed = true;
                format!("{{{name}}}")
            }
            _ => segment.to_owned(),
        })
        .collect();
    changed.then(|| format!("{}{rest}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::brace;
    use std::collections::BTreeSet;

    #[test]
    fn only_whole_segments_naming_declared_parameters_are_braced() {
        let declared: BTreeSet<String> = ["id", "x", "a}b"].map(str::to_owned).into();
        let read = |path: &str| brace(path, &declared);
        assert_eq!(read("/users/:id").as_deref(), Some("/users/{id}"));
        assert_eq!(read("/a/:x/b/:x/").as_deref(), Some("/a/{x}/b/{x}/"));
        // Named by no parameter, part of a segment, braced already, not a template's name.
        assert_eq!(read("/agent-data/:search"), None);
        assert_eq!(read("/files/{file}:copy/id:id"), None);
        assert_eq!(read("/pets/{id}/:id"), None);
        assert_eq!(read("/weird/:a}b"), None);
        // A fixed query or a fragment is not the template.
        assert_eq!(read("/q?next=/:id"), None);
        assert_eq!(read("/users/:id#x/:x").as_deref(), Some("/users/{id}#x/:x"));
    }
}
