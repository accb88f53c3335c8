//! Where a checked tree still fails the `openapiv3` model. In: a tree whose schemas all passed
//! `check` and the model's error for the whole document, which carries no path. Out: one
//! diagnostic at the deepest part (path item, operation, parameter, body, response, component)
//! that fails on its own. Each part is read at most once more, and its schemas are already known
//! to be readable, so this costs no more than reading the document again.

use super::METHODS;
use super::check::key_text;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use openapiv3::{
    Callback, Example, Header, Link, Operation, Parameter, PathItem, ReferenceOr, RequestBody,
    Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// Reads one part of the tree as `T`; the model's message on failure.
type PartReader = fn(&Value) -> Result<(), String>;

fn read<T: DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value)
        .map(drop)
        .map_err(|err| err.to_string())
}

const COMPONENTS: [(&str, PartReader); 9] = [
    ("schemas", read::<ReferenceOr<Schema>>),
    ("responses", read::<ReferenceOr<Response>>),
    ("parameters", read::<ReferenceOr<Parameter>>),
    ("examples", read::<ReferenceOr<Example>>),
    ("requestBodies", read::<ReferenceOr<RequestBody>>),
    ("headers", read::<ReferenceOr<Header>>),
    ("securitySchemes", read::<ReferenceOr<SecurityScheme>>),
    ("links", read::<ReferenceOr<Link>>),
    ("callbacks", read::<ReferenceOr<Callback>>),
];

/// The located diagnostic for a document the model rejected with `err`.
pub fn locate_failure(tree: &Value, err: &serde_yaml::Error, label: &str) -> Diagnostic {
    let root = Pointer::root();
    let failure = paths_failure(tree, &root).or_else(|| components_failure(tree, &root));
    let (pointer, message) = failure.unwrap_or_else(|| (root, err.to_string()));
    Diagnostic::new(
        InputFile::Spec,
        pointer.as_str(),
        format!("{label}: {message}"),
    )
}

fn paths_failure(tree: &Value, root: &Pointer) -> Option<(Pointer, String)> {
    let Some(Value::Mapping(paths)) = tree.get("paths") else {
        return None;
    };
    paths.iter().find_map(|(path, item)| {
        let pointer = root.join("paths").join(key_text(path));
        let message = read::<ReferenceOr<PathItem>>(item).err()?;
        Some(operation_failure(item, &pointer).unwrap_or((pointer, message)))
    })
}

/// The failing operation of a failing path item, or its failing parameter, body or response.
fn operation_failure(item: &Value, item_pointer: &Pointer) -> Option<(Pointer, String)> {
    if let Some(found) = list_failure(item, "parameters", item_pointer) {
        return Some(found);
    }
    METHODS.iter().find_map(|method| {
        let operation = item.get(*method)?;
        let pointer = item_pointer.join(method);
        let message = read::<Operation>(operation).err()?;
        let inner = list_failure(operation, "parameters", &pointer)
            .or_else(|| {
                let body = operation.get("requestBody")?;
                let message = read::<ReferenceOr<RequestBody>>(body).err()?;
                Some((pointer.join("requestBody"), message))
            })
            .or_else(|| {
                map_failure(
                    operation,
                    "responses",
                    &pointer,
                    read::<ReferenceOr<Response>>,
                )
            });
        Some(inner.unwrap_or((pointer, message)))
    })
}

fn list_failure(owner: &Value, key: &str, pointer: &Pointer) -> Option<(Pointer, String)> {
    let Some(Value::Sequence(items)) = owner.get(key) else {
        return None;
    };
    items.iter().enumerate().find_map(|(index, item)| {
        let message = read::<ReferenceOr<Parameter>>(item).err()?;
        Some((pointer.join(key).join(index), message))
    })
}

fn map_failure(
    owner: &Value,
    key: &str,
    pointer: &Pointer,
    reader: PartReader,
) -> Option<(Pointer, String)> {
    let Some(Value::Mapping(entries)) = owner.get(key) else {
        return None;
    };
    entries.iter().find_map(|(name, value)| {
        let message = reader(value).err()?;
        Some((pointer.join(key).join(key_text(name)), message))
    })
}

fn components_failure(tree: &Value, root: &Pointer) -> Option<(Pointer, String)> {
    let components = tree.get("components")?;
    let pointer = root.join("components");
    COMPONENTS
        .iter()
        .find_map(|(kind, reader)| map_failure(components, kind, &pointer, *reader))
}
