//! `sdk.yaml` → `SdkConfig`: the user's SDK settings that the API description does not carry
//! (crate name, client name, environment variables, resource tree, pagination schemes). The
//! reader is strict — unknown keys and wrong types are located diagnostics — and it reports every
//! problem, not the first. Every setting is optional; `lower` derives defaults for what is absent.
//! Settings of the generated command-line tool live under `cli:` (its binary name). Publish
//! metadata, workspace membership and the format → type map are read in `config/package.rs`;
//! `key_paths` lists every key the reader accepts (the README's reference documents each).

mod package;

pub use package::{CompileOperations, DateCrate, FormatTypes, PublishConfig, Workspace, key_paths};

use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

mod pagination;
pub use pagination::{PageKind, PaginationScheme};

/// Settings from `sdk.yaml`, as the user wrote them (nothing derived yet).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SdkConfig {
    pub crate_name: Option<String>,
    pub crate_version: Option<String>,
    pub crate_description: Option<String>,
    /// `crate.bump`: what a change that needs a newer version than `crate.version` does.
    pub crate_bump: BumpPolicy,
    pub client_name: Option<String>,
    pub default_base_url: Option<String>,
    pub env_api_key: Option<String>,
    pub env_base_url: Option<String>,
    pub env_custom_headers: Option<String>,
    /// `None`: derive resources from tags / paths. `Some`: exactly this tree.
    pub resources: Option<Vec<ResourceConfig>>,
    pub pagination: Vec<PaginationScheme>,
    /// `cli: {binary_name: …}`: the name of the generated command-line tool.
    pub cli_binary_name: Option<String>,
    /// `warnings: {acknowledge: [pointer, …]}`: warnings the maintainer has read and accepts,
    /// by the spec pointer they are reported at; they are not printed or counted again.
    pub acknowledged_warnings: Vec<String>,
    /// `crate: {license, repository, …}`: what `cargo publish` wants in `Cargo.toml`.
    pub publish: PublishConfig,
    /// `crate: {workspace: auto | member | standalone}`; `None` is `auto`.
    pub workspace: Option<Workspace>,
    /// `crate: {compile_operations: in_caller | in_crate}`; `None` is `in_caller`.
    pub compile_operations: Option<CompileOperations>,
    /// `types: {date-time: chrono, uuid: uuid, …}`: Rust types for string formats.
    pub types: FormatTypes,
    /// `models: {serde: both}`: every model derives `Serialize` and `Deserialize` in every
    /// build (default `needed`: only the directions the operations use, the other one under the
    /// `serde-both` feature; see `lower/serde_needs.rs`).
    pub models_serde_both: bool,
}

/// `crate.bump`: how the version follows the changes the spec makes to the crate's surface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BumpPolicy {
    /// `check` (the default): `--check` fails with the change report while the configured
    /// version is lower than the changes need.
    #[default]
    Check,
    /// `auto`: the generator raises the crate's version itself to the lowest one the changes
    /// need; `crate.version` is the floor.
    Auto,
    /// `off`: the report names the bump, nothing enforces it.
    Off,
}

/// A configured resource: `beta: { resources: { chat: { methods: { … } } } }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceConfig {
    pub name: String,
    pub pointer: String,
    pub methods: Vec<MethodConfig>,
    pub resources: Vec<ResourceConfig>,
}

/// `list: get /api/v1/chat` — a method name bound to an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodConfig {
    pub name: String,
    pub pointer: String,
    /// Lowercase HTTP method.
    pub http_method: String,
    pub path: String,
}

/// Parses `sdk.yaml` text. YAML syntax errors and every schema violation become diagnostics.
pub fn parse_config(text: &str) -> Result<SdkConfig, Vec<Diagnostic>> {
    let root: Value =
        crate::load::parse_tree(text, InputFile::Config).map_err(|problem| vec![problem])?;
    let mut reader = Reader::default();
    let config = reader.read_root(&root);
    if reader.problems.is_empty() {
        Ok(config)
    } else {
        Err(reader.problems)
    }
}

/// A YAML parse error as a diagnostic, with the parser's line and column.
pub fn yaml_error(file: InputFile, err: &serde_yaml::Error) -> Diagnostic {
    // serde_yaml appends " at line L column C" to its message; the location is reported apart.
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    };
    let diagnostic = Diagnostic::new(file, "#", message);
    match err.location() {
        Some(location) => diagnostic.at(location.line(), location.column()),
        None => diagnostic,
    }
}

/// The top-level keys of `sdk.yaml`.
const ROOT_KEYS: &[&str] = &[
    "crate",
    "client",
    "pagination",
    "resources",
    "cli",
    "warnings",
    "types",
    "models",
];
pub(super) const MODELS_KEYS: &[&str] = &["serde"];
const CLIENT_KEYS: &[&str] = &["name", "default_base_url", "env"];
const ENV_KEYS: &[&str] = &["api_key", "base_url", "custom_headers"];
const SCHEME_KEYS: &[&str] = &["type", "request", "response", "first_page"];
const SCHEME_REQUEST_KEYS: &[&str] = &["cursor", "after", "before", "offset", "page", "page_size"];
const SCHEME_RESPONSE_KEYS: &[&str] = &["items", "next_cursor", "next_url", "has_more", "total"];
const RESOURCE_KEYS: &[&str] = &["methods", "resources"];
const CLI_KEYS: &[&str] = &["binary_name"];
const WARNINGS_KEYS: &[&str] = &["acknowledge"];

#[derive(Default)]
struct Reader {
    problems: Vec<Diagnostic>,
}

impl Reader {
    fn problem(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(
            InputFile::Config,
            pointer.as_str(),
            message,
        ));
    }

    /// The mapping at `pointer`, with every key outside `allowed` reported.
    fn mapping<'v>(
        &mut self,
        value: &'v Value,
        pointer: &Pointer,
        allowed: &[&str],
    ) -> Option<&'v Mapping> {
        let Some(mapping) = value.as_mapping() else {
            self.problem(
                pointer,
                format!("expected a mapping, found {}", kind(value)),
            );
            return None;
        };
        for key in mapping.keys() {
            match key.as_str() {
                Some(name) if allowed.contains(&name) => {}
                Some(name) => {
                    let hint = format!("allowed keys here: {}", allowed.join(", "));
                    self.problems.push(
                        Diagnostic::new(
                            InputFile::Config,
                            pointer.join(name).as_str(),
                            format!("unknown key `{name}`"),
                        )
                        .with_hint(hint),
                    );
                }
                None => self.problem(
                    pointer,
                    format!("keys must be strings, found {}", kind(key)),
                ),
            }
        }
        Some(mapping)
    }

    fn string(&mut self, mapping: &Mapping, key: &str, pointer: &Pointer) -> Option<String> {
        let value = mapping.get(key)?;
        match value.as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                self.problem(
                    &pointer.join(key),
                    format!("expected a string, found {}", kind(value)),
                );
                None
            }
        }
    }

    /// `crate.bump`: `check`, `auto` or `off`; anything else is a located problem.
    fn bump_policy(&mut self, mapping: &Mapping, pointer: &Pointer) -> BumpPolicy {
        match self.string(mapping, "bump", pointer).as_deref() {
            None | Some("check") => BumpPolicy::Check,
            Some("auto") => BumpPolicy::Auto,
            Some("off") => BumpPolicy::Off,
            Some(other) => {
                self.problems.push(
                    Diagnostic::new(
                        InputFile::Config,
                        pointer.join("bump").as_str(),
                        format!("unknown bump policy `{other}`"),
                    )
                    .with_hint("one of: check (the default), auto, off"),
                );
                BumpPolicy::Check
            }
        }
    }

    /// `models.serde`: `needed` (the default) or `both`; whether every model derives both.
    fn models_serde(&mut self, mapping: &Mapping, pointer: &Pointer) -> bool {
        match self.string(mapping, "serde", pointer).as_deref() {
            None | Some("needed") => false,
            Some("both") => true,
            Some(other) => {
                self.problems.push(
                    Diagnostic::new(
                        InputFile::Config,
                        pointer.join("serde").as_str(),
                        format!("unknown `models.serde` value `{other}`"),
                    )
                    .with_hint("one of: needed (the default), both"),
                );
                false
            }
        }
    }

    fn required_string(&mut self, mapping: &Mapping, key: &str, pointer: &Pointer) -> String {
        if !mapping.contains_key(key) {
            self.problem(pointer, format!("missing required key `{key}`"));
        }
        self.string(mapping, key, pointer).unwrap_or_default()
    }

    fn read_root(&mut self, root: &Value) -> SdkConfig {
        let mut config = SdkConfig::default();
        let pointer = Pointer::root();
        if root.is_null() {
            return config;
        }
        let Some(map) = self.mapping(root, &pointer, ROOT_KEYS) else {
            return config;
        };
        if let Some(value) = map.get("crate") {
            let p = pointer.join("crate");
            if let Some(m) = self.mapping(value, &p, package::CRATE_KEYS) {
                config.crate_name = self.string(m, "name", &p);
                config.crate_version = self.string(m, "version", &p);
                config.crate_description = self.string(m, "description", &p);
                self.read_publish(m, &p, &mut config);
                config.crate_bump = self.bump_policy(m, &p);
            }
        }
        if let Some(value) = map.get("types") {
            config.types = self.read_types(value, &pointer.join("types"));
        }
        if let Some(value) = map.get("client") {
            self.read_client(value, &pointer.join("client"), &mut config);
        }
        if let Some(value) = map.get("pagination") {
            config.pagination = self.read_pagination_schemes(value, &pointer.join("pagination"));
        }
        if let Some(value) = map.get("resources") {
            config.resources = Some(self.read_resources(value, &pointer.join("resources")));
        }
        if let Some(value) = map.get("cli") {
            let p = pointer.join("cli");
            if let Some(m) = self.mapping(value, &p, CLI_KEYS) {
                config.cli_binary_name = self.string(m, "binary_name", &p);
            }
        }
        if let Some(value) = map.get("models") {
            let p = pointer.join("models");
            if let Some(m) = self.mapping(value, &p, MODELS_KEYS) {
                config.models_serde_both = self.models_serde(m, &p);
            }
        }
        if let Some(value) = map.get("warnings") {
            let p = pointer.join("warnings");
            if let Some(m) = self.mapping(value, &p, WARNINGS_KEYS) {
                config.acknowledged_warnings = self.string_list(m, "acknowledge", &p);
            }
        }
        config
    }

    /// A list of strings (JSON pointers into the spec, for `warnings.acknowledge`).
    fn string_list(&mut self, mapping: &Mapping, key: &str, pointer: &Pointer) -> Vec<String> {
        let Some(value) = mapping.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.as_sequence() else {
            self.problem(
                &pointer.join(key),
                format!("expected a list of JSON pointers, found {}", kind(value)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                // `#/…` in the spec, or `file.yaml#/…` in a file it refers to.
                Some(text) if text.starts_with('#') || text.contains("#/") => {
                    out.push(text.to_owned())
                }
                _ => self.problem(
                    &pointer.join(key).join(index),
                    format!(
                        "expected a JSON pointer such as `#/paths/~1pets/get` (or `schemas/pet.yaml#/properties/id` in another file), found {}",
                        kind(item)
                    ),
                ),
            }
        }
        out
    }

    fn read_client(&mut self, value: &Value, p: &Pointer, config: &mut SdkConfig) {
        let Some(m) = self.mapping(value, p, CLIENT_KEYS) else {
            return;
        };
        config.client_name = self.string(m, "name", p);
        config.default_base_url = self.string(m, "default_base_url", p);
        if let Some(env) = m.get("env") {
            let p = p.join("env");
            if let Some(m) = self.mapping(env, &p, ENV_KEYS) {
                config.env_api_key = self.string(m, "api_key", &p);
                config.env_base_url = self.string(m, "base_url", &p);
                config.env_custom_headers = self.string(m, "custom_headers", &p);
            }
        }
    }

    fn read_resources(&mut self, value: &Value, p: &Pointer) -> Vec<ResourceConfig> {
        let mut out = Vec::new();
        let Some(map) = value.as_mapping() else {
            self.problem(
                p,
                format!(
                    "expected a mapping of resource names to resources, found {}",
                    kind(value)
                ),
            );
            return out;
        };
        for (key, resource) in map {
            let Some(name) = key.as_str() else {
                self.problem(p, "resource names must be strings");
                continue;
            };
            let rp = p.join(name);
            let mut config = ResourceConfig {
                name: name.to_owned(),
                pointer: rp.to_string(),
                methods: Vec::new(),
                resources: Vec::new(),
            };
            if let Some(m) = self.mapping(resource, &rp, RESOURCE_KEYS) {
                if let Some(methods) = m.get("methods") {
                    config.methods = self.read_methods(methods, &rp.join("methods"));
                }
                if let Some(children) = m.get("resources") {
                    config.resources = self.read_resources(children, &rp.join("resources"));
                }
            }
            out.push(config);
        }
        out
    }

    fn read_methods(&mut self, value: &Value, p: &Pointer) -> Vec<MethodConfig> {
        let mut out = Vec::new();
        let Some(map) = value.as_mapping() else {
            self.problem(
                p,
                format!(
                    "expected a mapping of method names to endpoints, found {}",
                    kind(value)
                ),
            );
            return out;
        };
        for (key, endpoint) in map {
            let Some(name) = key.as_str() else {
                self.problem(p, "method names must be strings");
                continue;
            };
            let mp = p.join(name);
            let Some(text) = endpoint.as_str() else {
                self.problem(
                    &mp,
                    format!(
                        "expected an endpoint such as `get /pets/{{id}}`, found {}",
                        kind(endpoint)
                    ),
                );
                continue;
            };
            match text.split_once(' ') {
                Some((method, path)) if is_http_method(method) && path.trim().starts_with('/') => {
                    out.push(MethodConfig {
                        name: name.to_owned(),
                        pointer: mp.to_string(),
                        http_method: method.to_ascii_lowercase(),
                        path: path.trim().to_owned(),
                    });
                }
                _ => self.problems.push(
                    Diagnostic::new(InputFile::Config, mp.as_str(), format!("malformed endpoint `{text}`"))
                        .with_hint("write the HTTP method and the path as in the spec, e.g. `get /api/v1/chat/{session_id}`"),
                ),
            }
        }
        out
    }
}

fn is_http_method(text: &str) -> bool {
    [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ]
    .contains(&text.to_ascii_lowercase().as_str())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a sequence",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let text = "crate: {name: demo, version: 1.2.3}\n\
                    client: {name: Demo, env: {api_key: DEMO_KEY}}\n\
                    pagination:\n  cursor:\n    type: cursor\n    request: {cursor: page_token}\n    response: {items: items, next_cursor: next}\n\
                    resources:\n  pets:\n    methods:\n      list: get /pets\n\
                    cli: {binary_name: demo-cli}\n";
        let config = parse_config(text).unwrap();
        assert_eq!(config.cli_binary_name.as_deref(), Some("demo-cli"));
        assert_eq!(config.crate_name.as_deref(), Some("demo"));
        assert_eq!(config.env_api_key.as_deref(), Some("DEMO_KEY"));
        assert_eq!(config.pagination[0].next_cursor_field, "next");
        let resources = config.resources.unwrap();
        assert_eq!(resources[0].methods[0].path, "/pets");
        assert_eq!(
            resources[0].methods[0].pointer,
            "#/resources/pets/methods/list"
        );
    }

    #[test]
    fn reports_every_problem() {
        let text = "crate: {nam: demo}\nclient: {name: 3}\nresources:\n  pets:\n    methods:\n      list: fetch /pets\n    extra: 1\ncli: {binary: x, binary_name: [1]}\n";
        let problems = parse_config(text).unwrap_err();
        let rendered: Vec<_> = problems
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect();
        assert_eq!(
            rendered,
            [
                "#/crate/nam: unknown key `nam`",
                "#/client/name: expected a string, found a number",
                "#/resources/pets/extra: unknown key `extra`",
                "#/resources/pets/methods/list: malformed endpoint `fetch /pets`",
                "#/cli/binary: unknown key `binary`",
                "#/cli/binary_name: expected a string, found a sequence",
            ]
        );
    }

    #[test]
    fn empty_file_is_all_defaults() {
        assert_eq!(parse_config("").unwrap(), SdkConfig::default());
    }
}
