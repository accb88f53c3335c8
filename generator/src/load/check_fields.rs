//! The objects around the schemas as hand-written documents spell them. Text fields written as
//! numbers or booleans (YAML reads an unquoted `version: 1.0`, a server variable's `default:
//! 8080` or `tags: [2024]` as numbers); required fields left out (`info`'s `title` and
//! `version`, a response's `description`, a parameter's `in`, an operation's `responses`, its
//! callbacks' operations included, a server's or external document's `url`, a license's
//! `name`); a tag, license or server written as one string; bodies written beside `content`
//! instead of in it. `openapiv3` refused the whole document for most of them, located at its
//! root, and ignored the bodies without a word. Each value is read as its text, each missing
//! field filled (or the object without it left out), each body moved into `content`, with a
//! located warning. (Schemas' keywords are checked in `check`, security schemes and
//! requirements in `check_security`; this covers the other objects around them.)

use super::METHODS;
use super::check::key_text;
use super::check_security::{security_list, security_schemes};
use super::normalize::keywords::note_degradation;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::Value;

/// Where an operation keeps what loading degraded in it (a list of notes), for `lower` to add
/// to the method's docs with its own.
pub const OPERATION_NOTES: &str = "x-sdk-generator-notes";

/// Adds `note` to the operation's `OPERATION_NOTES`.
pub(super) fn note_operation(operation: &mut Value, note: String) {
    let Some(operation) = operation.as_mapping_mut() else {
        return;
    };
    let notes =
        (operation.entry(OPERATION_NOTES.into())).or_insert_with(|| Value::Sequence(Vec::new()));
    if let Value::Sequence(notes) = notes {
        notes.push(Value::from(note));
    }
}

/// Marks a server the document gives no `url` (see `servers`); `lower` leaves it out.
pub const NO_URL: &str = "x-sdk-generator-no-url";

/// The text fields of an operation and of a path item.
const OPERATION_TEXT: [&str; 3] = ["summary", "description", "operationId"];

/// Every text field of the document outside schemas that holds a number or a boolean becomes
/// that value's text; the required fields above are filled. One warning each.
pub(super) fn check_fields(root: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let pointer = Pointer::root();
    info(root, &pointer, &mut warnings);
    servers(root, &pointer, &mut warnings);
    external_docs(root, &pointer, &mut warnings);
    if let Some(Value::Sequence(tags)) = root.get_mut("tags") {
        for (index, tag) in tags.iter_mut().enumerate() {
            let pointer = pointer.join("tags").join(index);
            text_value(tag, &pointer, &mut warnings);
            by_name(tag, ("tag", "name"), &pointer, &mut warnings);
            fields(tag, &["name", "description"], &pointer, &mut warnings);
            external_docs(tag, &pointer, &mut warnings);
        }
    }
    security_list(root, &pointer, &mut warnings);
    let mut templates = Vec::new();
    if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
        templates = paths.keys().map(key_text).collect();
        for (path, item) in paths.iter_mut() {
            let path = key_text(path);
            let pointer = pointer.join("paths").join(&path);
            path_item(item, &path, &pointer, &mut warnings);
        }
    }
    if let Some(components) = root.get_mut("components") {
        let pointer = pointer.join("components");
        // A component may be used by any path: `in: path` when one of them names it.
        let templates: Vec<&str> = templates.iter().map(String::as_str).collect();
        parameter_locations(components, &templates, &pointer, &mut warnings);
        security_schemes(components, &pointer, &mut warnings);
        callbacks(components, &pointer, &mut warnings);
    }
    let responses = (root.get_mut("components")).and_then(|c| c.get_mut("responses"));
    if let Some(Value::Mapping(responses)) = responses {
        let pointer = pointer.join("components").join("responses");
        for (name, response) in responses.iter_mut() {
            let pointer = pointer.join(key_text(name));
            response_description(response, &pointer, &mut warnings);
        }
    }
    warnings
}

/// `info`, created when absent: its required `title` and `version`, its text fields, its contact
/// and its license.
fn info(root: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let pointer = pointer.join("info");
    let Some(info) = root.as_mapping_mut().map(|root| {
        root.entry(Value::from("info"))
            .or_insert_with(|| Value::Mapping(Default::default()))
    }) else {
        return;
    };
    let Some(entries) = info.as_mapping_mut() else {
        return;
    };
    for (key, filler) in [("title", "API"), ("version", "")] {
        if entries.get(key).is_none_or(Value::is_null) {
            warnings.push(warning(
                &pointer,
                format!("`info` has no `{key}`; read as \"{filler}\""),
                match key {
                    "title" => {
                        "add a title: the crate is named after it (or set `crate.name` in sdk.yaml)"
                    }
                    _ => "add the API's version (a string, such as \"1.0\")",
                },
            ));
            entries.insert(Value::from(key), Value::from(filler));
        }
    }
    let text = [
        "title",
        "summary",
        "description",
        "termsOfService",
        "version",
    ];
    fields(info, &text, &pointer, warnings);
    if let Some(license) = info.get_mut("license") {
        by_name(
            license,
            ("license", "name"),
            &pointer.join("license"),
            warnings,
        );
    }
    let message =
        "a license with no `name`; it is left out (the crate's license is not read from it)";
    let hint = "name the license (`name: Apache 2.0`), or set `crate.license` in sdk.yaml";
    drop_incomplete(
        info,
        ("license", "name"),
        &pointer,
        (message, hint),
        warnings,
    );
    for (key, text) in [
        ("contact", &["name", "url", "email"][..]),
        ("license", &["name", "url", "identifier"][..]),
    ] {
        if let Some(owner) = info.get_mut(key) {
            fields(owner, text, &pointer.join(key), warnings);
        }
    }
}

/// A path item's text fields and those of its operations (a 3.1 operation without `responses`
/// was given an empty map by `normalize`: 3.1 made them optional).
fn path_item(item: &mut Value, path: &str, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    fields(item, &OPERATION_TEXT[..2], pointer, warnings);
    servers(item, pointer, warnings);
    parameter_locations(item, &[path], pointer, warnings);
    for method in METHODS {
        let Some(operation) = item.get_mut(method) else {
            continue;
        };
        let pointer = pointer.join(method);
        fields(operation, &OPERATION_TEXT, &pointer, warnings);
        servers(operation, &pointer, warnings);
        parameter_locations(operation, &[path], &pointer, warnings);
        external_docs(operation, &pointer, warnings);
        if let Some(Value::Sequence(tags)) = operation.get_mut("tags") {
            for (index, tag) in tags.iter_mut().enumerate() {
                text_value(tag, &pointer.join("tags").join(index), warnings);
            }
        }
        let answers = operation.get("responses").is_some_and(|r| !r.is_null());
        if let (Some(entries), false) = (operation.as_mapping_mut(), answers) {
            entries.insert(Value::from("responses"), Value::Mapping(Default::default()));
            let message = "an operation with no `responses`; read as answering with no body";
            note_operation(operation, message.to_owned());
            warnings.push(warning(
                &pointer,
                message.to_owned(),
                "list what it answers (`responses: {\"200\": {description: OK}}`)",
            ));
        }
        if let Some(Value::Mapping(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                let pointer = pointer.join("responses").join(key_text(status));
                response_description(response, &pointer, warnings);
            }
        }
        security_list(operation, &pointer, warnings);
        callbacks(operation, &pointer, warnings);
    }
}

/// The path items of an operation's callbacks (or of the components' `callbacks`), checked as
/// the document's own: a callback's operation without `responses` refused the whole document.
fn callbacks(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    for (pointer, expression, item) in callback_items(owner, pointer) {
        path_item(item, &expression, &pointer, warnings);
    }
}

/// The path items under `owner`'s `callbacks` (`{name: {expression: path item}}`), each with its
/// pointer and its expression.
pub(super) fn callback_items<'v>(
    owner: &'v mut Value,
    pointer: &Pointer,
) -> Vec<(Pointer, String, &'v mut Value)> {
    let Some(Value::Mapping(callbacks)) = owner.get_mut("callbacks") else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (name, callback) in callbacks.iter_mut() {
        let pointer = pointer.join("callbacks").join(key_text(name));
        let Value::Mapping(callback) = callback else {
            continue;
        };
        for (expression, item) in callback.iter_mut() {
            let expression = key_text(expression);
            items.push((pointer.join(&expression), expression, item));
        }
    }
    items
}

/// The `parameters` of a path item, an operation or the components (a list, or a map of
/// components): one without `in` is read as a path parameter where one of `paths` names it
/// (`/pets/{id}`), else as a query parameter.
fn parameter_locations(
    owner: &mut Value,
    paths: &[&str],
    pointer: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let pointer = pointer.join("parameters");
    let parameters: Vec<(String, &mut Value)> = match owner.get_mut("parameters") {
        Some(Value::Sequence(list)) => (list.iter_mut().enumerate())
            .map(|(index, parameter)| (index.to_string(), parameter))
            .collect(),
        Some(Value::Mapping(map)) => (map.iter_mut())
            .map(|(name, parameter)| (key_text(name), parameter))
            .collect(),
        _ => return,
    };
    for (key, parameter) in parameters {
        let Some(parameter) = parameter.as_mapping_mut() else {
            continue;
        };
        if parameter.contains_key("$ref") || parameter.contains_key("in") {
            continue;
        }
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let template = format!("{{{name}}}");
        let named_by_path = paths.iter().any(|path| path.contains(&template));
        let location = if named_by_path { "path" } else { "query" };
        let message = format!("a parameter with no `in`; read as `in: {location}`");
        note_degradation(parameter, &[&message]);
        warnings.push(warning(
            &pointer.join(key),
            message,
            "say where it goes: `in: query`, `path`, `header` or `cookie`",
        ));
        parameter.insert(Value::from("in"), Value::from(location));
    }
}

/// A response's `description`, which OpenAPI requires and hand-written documents often leave
/// out (or empty, which YAML reads as `null`): filled with an empty one.
fn response_description(response: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let Some(response) = response.as_mapping_mut() else {
        return;
    };
    if response.contains_key("$ref") {
        return;
    }
    match response.get_mut("description") {
        Some(Value::Null) | None => {}
        Some(description) => {
            return text_value(description, &pointer.join("description"), warnings);
        }
    }
    warnings.push(warning(
        pointer,
        "a response with no `description`; read as an empty one".to_owned(),
        "OpenAPI requires every response to say what it is (`description: The created pet.`)",
    ));
    response.insert(Value::from("description"), Value::from(""));
}

/// The `servers` of the document, a path item or an operation: URLs, descriptions and
/// variables (whose `default` is often a bare port number).
fn servers(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Sequence(servers)) = owner.get_mut("servers") else {
        return;
    };
    let pointer = pointer.join("servers");
    // Text fields first, so that every warning names the server's index as written.
    for (index, server) in servers.iter_mut().enumerate() {
        let pointer = pointer.join(index);
        by_name(server, ("server", "url"), &pointer, warnings);
        fields(server, &["url", "description"], &pointer, warnings);
        let Some(Value::Mapping(variables)) = server.get_mut("variables") else {
            continue;
        };
        for (name, variable) in variables.iter_mut() {
            let pointer = pointer.join("variables").join(key_text(name));
            fields(variable, &["default", "description"], &pointer, warnings);
            if let Some(Value::Sequence(values)) = variable.get_mut("enum") {
                for (index, value) in values.iter_mut().enumerate() {
                    text_value(value, &pointer.join("enum").join(index), warnings);
                }
            }
            default_from_enum(variable, &pointer, warnings);
        }
        // A variable with no default at all is left out: the URL keeps its `{name}`, and
        // `lower` says that the server gives no default base URL.
        variables.retain(|_, variable| variable.get("default").is_some_and(|d| !d.is_null()));
    }
    // A server without `url` stays in the list, marked, so the servers after it keep their
    // indexes (and `lower`'s warnings about them their pointers); `lower` passes over it.
    for (index, server) in servers.iter_mut().enumerate() {
        if server.get("url").is_some_and(|url| !url.is_null()) {
            continue;
        }
        warnings.push(warning(
            &pointer.join(index),
            "a server with no `url`; it is left out".to_owned(),
            "give every server its `url` (`https://api.example.com/v1`)",
        ));
        // (an entry that is no map at all, `- ~`, becomes a marked one)
        let mut marked = serde_yaml::Mapping::new();
        marked.insert("url".into(), "".into());
        marked.insert(NO_URL.into(), true.into());
        *server = Value::Mapping(marked);
    }
}

/// A server variable with no `default` (required: it is the value used when the caller gives
/// none) but an `enum`: read as its first value. The model refused the whole document.
fn default_from_enum(variable: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    if variable.get("default").is_some_and(|d| !d.is_null()) {
        return;
    }
    let first = match variable.get("enum") {
        Some(Value::Sequence(values)) => values.first().and_then(Value::as_str),
        _ => None,
    };
    let Some(first) = first.map(str::to_owned) else {
        return;
    };
    warnings.push(warning(
        pointer,
        format!("a server variable with no `default`; read as its first value `{first}`"),
        "give every server variable its `default`",
    ));
    if let Some(variable) = variable.as_mapping_mut() {
        variable.insert(Value::from("default"), Value::from(first));
    }
}

/// The `externalDocs` of `owner` (the document, a tag, an operation): left out without a `url`.
fn external_docs(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let message = "external documentation with no `url`; it is left out";
    let hint = "give it the `url` of the documentation";
    drop_incomplete(
        owner,
        ("externalDocs", "url"),
        pointer,
        (message, hint),
        warnings,
    );
    let pointer = &pointer.join("externalDocs");
    if let Some(docs) = owner.get_mut("externalDocs") {
        let text = ["url", "description"];
        fields(docs, &text, pointer, warnings);
    }
}

/// Removes `owner`'s `key` when it has no `field` (which its object requires), with a warning
/// at it that says `message` with `hint`.
fn drop_incomplete(
    owner: &mut Value,
    (key, field): (&str, &str),
    pointer: &Pointer,
    (message, hint): (&str, &str),
    warnings: &mut Vec<Diagnostic>,
) {
    let incomplete = owner
        .get(key)
        .is_some_and(|object| object.get(field).is_none());
    if let (true, Some(owner)) = (incomplete, owner.as_mapping_mut()) {
        owner.remove(key);
        warnings.push(warning(&pointer.join(key), message.to_owned(), hint));
    }
}

/// An object written as the one string that names it (a tag's name, a license's `MIT`, a
/// server's URL): read as `{field: text}`, with a warning.
fn by_name(
    value: &mut Value,
    (noun, field): (&str, &str),
    pointer: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let Value::String(text) = value else {
        return;
    };
    warnings.push(warning(
        pointer,
        format!("a {noun} given by its `{field}` alone; read as `{{{field}: {text}}}`"),
        &format!("write it as an object: `{field}: {text}`, with its other fields beside it"),
    ));
    *value = Value::Mapping([(Value::from(field), value.clone())].into_iter().collect());
}

/// The `keys` of `owner` that hold a number or a boolean, as text.
fn fields(owner: &mut Value, keys: &[&str], pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    for key in keys {
        if let Some(value) = owner.get_mut(*key) {
            text_value(value, &pointer.join(key), warnings);
        }
    }
}

/// A number or a boolean where text belongs, replaced by its text.
fn text_value(value: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let (noun, text) = match value {
        Value::Number(number) => ("number", number.to_string()),
        Value::Bool(flag) => ("boolean", flag.to_string()),
        _ => return,
    };
    warnings.push(warning(
        pointer,
        format!("the {noun} {text} where OpenAPI wants a string; read as \"{text}\""),
        "quote it: YAML reads an unquoted `1.10` as the number 1.1, and only quotes keep a \
         value's text as written",
    ));
    *value = Value::String(text);
}

pub(super) fn warning(pointer: &Pointer, message: String, hint: &str) -> Diagnostic {
    Diagnostic::warning(
        InputFile::Spec,
        "invalid-keyword",
        pointer.as_str(),
        message,
    )
    .with_hint(hint)
}

/// The document's `openapi` version; a number (`openapi: 3.0`, which YAML reads as 3.0 and
/// which names no patch release) is read as that release's `.0`, with a warning.
pub(super) fn openapi_version(root: &mut Value, warnings: &mut Vec<Diagnostic>) -> String {
    let Some(field) = root.get_mut("openapi") else {
        return String::new();
    };
    if let Value::Number(number) = field {
        let text = number.to_string();
        let version = match text.as_str() {
            "3" | "3.0" => "3.0.0".to_owned(),
            "3.1" => "3.1.0".to_owned(),
            _ => text.clone(),
        };
        warnings.push(warning(
            &Pointer::root().join("openapi"),
            format!(
                "the number {text} where OpenAPI wants a version string; read as \"{version}\""
            ),
            "write the full version, quoted (`openapi: \"3.0.3\"`)",
        ));
        *field = Value::String(version);
    }
    field.as_str().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::NO_URL;
    use crate::load::load_inputs;

    /// A server without `url`, even one that is no map at all, is left out without moving the
    /// servers after it.
    #[test]
    fn a_server_without_url_keeps_its_place_marked() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n\
             servers: [~, {description: d}, {url: 'https://a.example.com'}]\n",
            None,
        )
        .unwrap();
        let servers = &inputs.document.servers;
        assert_eq!(servers.len(), 3);
        assert!(
            servers[..2]
                .iter()
                .all(|s| s.extensions.contains_key(NO_URL))
        );
        assert_eq!(servers[2].url, "https://a.example.com");
        let pointers: Vec<&str> = inputs.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/servers/0", "#/servers/1"]);
    }

    #[test]
    fn an_operation_without_responses_warns_only_in_3_0() {
        let document = |version: &str| {
            format!(
                "openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{/a: {{get: {{}}}}}}\n"
            )
        };
        let warned = load_inputs(&document("3.0.3"), None).unwrap().warnings;
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert_eq!(warned[0].pointer, "#/paths/~1a/get");
        let inputs = load_inputs(&document("3.1.0"), None).unwrap();
        assert!(inputs.warnings.is_empty(), "{:?}", inputs.warnings);
        let operation = inputs.document.paths.paths["/a"].as_item().unwrap();
        assert!(
            operation
                .get
                .as_ref()
                .unwrap()
                .responses
                .responses
                .is_empty()
        );
    }

    #[test]
    fn objects_given_by_one_string_are_read_as_that_field() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: '1', license: MIT}\n\
             servers: ['https://a.example.com']\ntags: [2024]\npaths: {}\n",
            None,
        )
        .unwrap();
        let document = &inputs.document;
        assert_eq!(document.info.license.as_ref().unwrap().name, "MIT");
        assert_eq!(document.servers[0].url, "https://a.example.com");
        assert_eq!(document.tags[0].name, "2024");
        assert_eq!(inputs.warnings.len(), 4, "{:?}", inputs.warnings);
    }
}
