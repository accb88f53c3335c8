//! The `sdk.yaml` keys about the package rather than the API: publish metadata under `crate:`
//! (license, repository, …), how the crate relates to an enclosing Cargo workspace, and `types:`,
//! which Rust types string formats become. Also `key_paths`, every key the reader accepts, for
//! the test that the README's reference documents each one.

use super::{
    CLI_KEYS, CLIENT_KEYS, ENV_KEYS, MODELS_KEYS, RESOURCE_KEYS, ROOT_KEYS, Reader, SCHEME_KEYS,
    SCHEME_REQUEST_KEYS, SCHEME_RESPONSE_KEYS, SdkConfig, WARNINGS_KEYS, kind,
};
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::{Mapping, Value};

pub(super) const CRATE_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "bump",
    "license",
    "repository",
    "homepage",
    "documentation",
    "keywords",
    "categories",
    "authors",
    "workspace",
    "compile_operations",
];

pub(super) const TYPES_KEYS: &[&str] = &[
    "date-time",
    "date",
    "uuid",
    "uri",
    "decimal",
    "date-time-parsing",
];

/// What `cargo publish` reads from `Cargo.toml` beyond name, version and description.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublishConfig {
    pub license: Option<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub documentation: Option<String>,
    pub keywords: Vec<String>,
    pub categories: Vec<String>,
    pub authors: Vec<String>,
}

/// Where rustc compiles the operation methods (`crate.compile_operations`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompileOperations {
    /// The default: each operation is `#[inline]`, so it compiles in the crate that calls it; a
    /// build of the generated crate compiles none, an application only those it calls, at each
    /// of its own builds.
    InCaller,
    /// Every operation compiles in the generated crate, once per build of it: for an
    /// application that calls most of them and is rebuilt often in release.
    InCrate,
}

/// How the generated `Cargo.toml` relates to a Cargo workspace above its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workspace {
    /// The default: decided when the crate is written, from the output folder: `Member` when
    /// the nearest workspace around it lists it in `members`, `Standalone` otherwise
    /// (`sync::workspace`).
    Auto,
    /// No `[workspace]` table: the crate joins the enclosing workspace, which must list it in
    /// `members`.
    Member,
    /// An empty `[workspace]` table: the crate is its own workspace and builds inside any other
    /// workspace's folder without being listed there.
    Standalone,
}

/// Which string formats become real Rust types; each `None`/`false` keeps `String` (the default,
/// since servers in the wild send values a strict type would reject for the whole response).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormatTypes {
    /// `date-time: chrono` → `chrono::DateTime<chrono::Utc>`; `time` → `time::OffsetDateTime`.
    pub date_time: Option<DateCrate>,
    /// `date: chrono` → `chrono::NaiveDate`; `time` → `time::Date`.
    pub date: Option<DateCrate>,
    /// `uuid: uuid` → `uuid::Uuid`.
    pub uuid: bool,
    /// `uri: url` → `url::Url`.
    pub uri: bool,
    /// `decimal: rust_decimal` → `rust_decimal::Decimal`.
    pub decimal: bool,
    /// `date-time-parsing: lenient`: timestamps without a zone (`2024-05-01T12:00:00`, or with a
    /// space for the `T`) are read as UTC instead of failing the response (`strict`, the default).
    pub lenient_date_times: bool,
}

/// The crate whose date and timestamp types a format becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateCrate {
    Chrono,
    Time,
}

/// Every key `sdk.yaml` accepts, dotted (`crate.license`); `<name>` stands for a name the user
/// chooses (a pagination scheme, a resource, a method).
pub fn key_paths() -> Vec<String> {
    let mut out: Vec<String> = ROOT_KEYS.iter().map(|key| (*key).to_owned()).collect();
    let mut under = |prefix: &str, keys: &[&str]| {
        out.extend(keys.iter().map(|key| format!("{prefix}.{key}")));
    };
    under("crate", CRATE_KEYS);
    under("client", CLIENT_KEYS);
    under("client.env", ENV_KEYS);
    under("pagination.<name>", SCHEME_KEYS);
    under("pagination.<name>.request", SCHEME_REQUEST_KEYS);
    under("pagination.<name>.response", SCHEME_RESPONSE_KEYS);
    under("resources.<name>", RESOURCE_KEYS);
    under("resources.<name>.methods", &["<name>"]);
    under("cli", CLI_KEYS);
    under("warnings", WARNINGS_KEYS);
    under("types", TYPES_KEYS);
    under("models", MODELS_KEYS);
    out
}

impl Reader {
    /// The publish metadata, `workspace` and `compile_operations` keys of the `crate:` mapping
    /// `m`.
    pub(super) fn read_publish(&mut self, m: &Mapping, p: &Pointer, config: &mut SdkConfig) {
        let publish = &mut config.publish;
        publish.license = self.string(m, "license", p);
        publish.repository = self.string(m, "repository", p);
        publish.homepage = self.string(m, "homepage", p);
        publish.documentation = self.string(m, "documentation", p);
        publish.keywords = self.plain_list(m, "keywords", p);
        publish.categories = self.plain_list(m, "categories", p);
        publish.authors = self.plain_list(m, "authors", p);
        config.workspace = match self.string(m, "workspace", p).as_deref() {
            None => None,
            Some("auto") => Some(Workspace::Auto),
            Some("member") => Some(Workspace::Member),
            Some("standalone") => Some(Workspace::Standalone),
            Some(other) => {
                self.problems.push(
                    Diagnostic::new(
                        InputFile::Config,
                        p.join("workspace").as_str(),
                        format!("unknown workspace setting `{other}`"),
                    )
                    .with_hint(
                        "auto: decided from the output folder; member: the enclosing workspace \
                         lists the crate; standalone: the crate is its own workspace",
                    ),
                );
                None
            }
        };
        config.compile_operations = match self.string(m, "compile_operations", p).as_deref() {
            None => None,
            Some("in_caller") => Some(CompileOperations::InCaller),
            Some("in_crate") => Some(CompileOperations::InCrate),
            Some(other) => {
                self.problems.push(
                    Diagnostic::new(
                        InputFile::Config,
                        p.join("compile_operations").as_str(),
                        format!("unknown compile_operations setting `{other}`"),
                    )
                    .with_hint(
                        "in_caller (the default): each operation compiles in the crate that \
                         calls it; in_crate: all of them compile in the generated crate",
                    ),
                );
                None
            }
        };
    }

    /// A list of plain strings (`keywords: [chat, llm]`).
    fn plain_list(&mut self, m: &Mapping, key: &str, p: &Pointer) -> Vec<String> {
        let Some(value) = m.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.as_sequence() else {
            self.problem(
                &p.join(key),
                format!("expected a list of strings, found {}", kind(value)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => self.problem(
                    &p.join(key).join(index),
                    format!("expected a string, found {}", kind(item)),
                ),
            }
        }
        out
    }

    /// `types:`: each format names the crate whose type it becomes, or `string`.
    pub(super) fn read_types(&mut self, value: &Value, p: &Pointer) -> FormatTypes {
        let mut types = FormatTypes::default();
        let Some(m) = self.mapping(value, p, TYPES_KEYS) else {
            return types;
        };
        let dates = [("chrono", DateCrate::Chrono), ("time", DateCrate::Time)];
        types.date_time = self.type_choice(m, "date-time", &dates, p);
        types.date = self.type_choice(m, "date", &dates, p);
        types.uuid = self.type_choice(m, "uuid", &[("uuid", ())], p).is_some();
        types.uri = self.type_choice(m, "uri", &[("url", ())], p).is_some();
        types.decimal = self
            .type_choice(m, "decimal", &[("rust_decimal", ())], p)
            .is_some();
        types.lenient_date_times = self.date_time_parsing(m, types.date_time.is_some(), p);
        types
    }

    /// Which of `typed` `key` chooses, or `None` for `string` (also when absent).
    fn type_choice<T: Copy>(
        &mut self,
        m: &Mapping,
        key: &str,
        typed: &[(&str, T)],
        p: &Pointer,
    ) -> Option<T> {
        let choice = self.string(m, key, p)?;
        if choice == "string" {
            return None;
        }
        if let Some((_, value)) = typed.iter().find(|(name, _)| *name == choice) {
            return Some(*value);
        }
        let names: Vec<&str> = typed.iter().map(|(name, _)| *name).collect();
        self.problems.push(
            Diagnostic::new(
                InputFile::Config,
                p.join(key).as_str(),
                format!("unsupported type `{choice}` for format `{key}`"),
            )
            .with_hint(format!(
                "supported: string (the default), {}",
                names.join(", ")
            )),
        );
        None
    }

    /// `date-time-parsing: strict | lenient`; lenient needs `date-time` mapped to a type (a
    /// `String` is never parsed), so it is refused rather than silently ignored.
    fn date_time_parsing(&mut self, m: &Mapping, typed: bool, p: &Pointer) -> bool {
        let key = "date-time-parsing";
        let (message, hint) = match self.string(m, key, p).as_deref() {
            None | Some("strict") => return false,
            Some("lenient") if typed => return true,
            Some("lenient") => (
                "`date-time-parsing: lenient` without a `date-time` type".to_owned(),
                "set `date-time: chrono` or `date-time: time`; strings are never parsed",
            ),
            Some(other) => (
                format!("unknown date-time parsing `{other}`"),
                "strict (the default): RFC 3339 only; lenient: a timestamp without a zone is UTC",
            ),
        };
        self.problems.push(
            Diagnostic::new(InputFile::Config, p.join(key).as_str(), message).with_hint(hint),
        );
        false
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{CompileOperations, DateCrate, Workspace, key_paths, parse_config};

    /// The README's reference has a row for every key the reader accepts, and no other rows.
    #[test]
    fn the_readme_documents_every_key() {
        let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
        let readme = std::fs::read_to_string(readme).unwrap();
        let reference = readme
            .split("## `sdk.yaml` reference")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README has a `sdk.yaml` reference section");
        let documented: Vec<&str> = reference
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|line| line.split_once("` |").map(|(key, _)| key))
            .collect();
        let accepted = key_paths();
        let missing: Vec<_> = accepted
            .iter()
            .filter(|key| !documented.contains(&key.as_str()))
            .collect();
        assert!(missing.is_empty(), "keys without a README row: {missing:?}");
        let stale: Vec<_> = documented
            .iter()
            .filter(|key| !accepted.iter().any(|accepted| accepted == *key))
            .collect();
        assert!(
            stale.is_empty(),
            "README rows for keys the reader rejects: {stale:?}"
        );
    }

    #[test]
    fn reads_publish_metadata_workspace_and_types() {
        let text = "crate:\n  license: MIT\n  keywords: [chat, llm]\n  authors: [Ann <a@b.c>]\n  workspace: standalone\n\
                    types: {date-time: time, date: chrono, uuid: uuid, uri: string, date-time-parsing: lenient}\n";
        let config = parse_config(text).unwrap();
        assert_eq!(config.publish.license.as_deref(), Some("MIT"));
        assert_eq!(config.publish.keywords, ["chat", "llm"]);
        assert_eq!(config.publish.authors, ["Ann <a@b.c>"]);
        assert_eq!(config.workspace, Some(Workspace::Standalone));
        let auto = parse_config("crate: {workspace: auto}\n").unwrap();
        assert_eq!(auto.workspace, Some(Workspace::Auto));
        assert_eq!(config.compile_operations, None);
        for (value, expected) in [
            ("in_caller", CompileOperations::InCaller),
            ("in_crate", CompileOperations::InCrate),
        ] {
            let text = format!("crate: {{compile_operations: {value}}}\n");
            let config = parse_config(&text).unwrap();
            assert_eq!(config.compile_operations, Some(expected));
        }
        assert_eq!(config.types.date_time, Some(DateCrate::Time));
        assert_eq!(config.types.date, Some(DateCrate::Chrono));
        assert!(config.types.uuid && config.types.lenient_date_times);
        assert!(!config.types.uri);
    }

    #[test]
    fn reports_bad_choices() {
        let text = "crate: {workspace: inside, keywords: chat, compile_operations: lazy}\ntypes: {date-time: jiff, uuid: 1, date-time-parsing: lenient}\n";
        let problems = parse_config(text).unwrap_err();
        let rendered: Vec<_> = problems.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            rendered,
            [
                "#/crate/keywords",
                "#/crate/workspace",
                "#/crate/compile_operations",
                "#/types/date-time",
                "#/types/uuid",
                "#/types/date-time-parsing"
            ]
        );
    }
}
