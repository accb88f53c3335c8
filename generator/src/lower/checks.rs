//! The settings' rules, one `check_*` function each, every one with its reason: a name or value
//! that reaches Rust or Cargo is checked here before anything is generated from it, so a run
//! never reports success for a crate that cannot build. Derived names are made safe in `naming`;
//! these checks reject what the user configured explicitly, with a located hint.

use crate::diagnostics::{Diagnostic, InputFile, Sink};
use crate::naming::{
    BINARY_NAMES_RESERVED, CLIENT_TYPE_RESERVED, MODELS_SCOPE_RESERVED, is_reserved_crate_path,
    type_ident,
};

fn config_problem(sink: &mut Sink, pointer: &str, message: String, hint: String) {
    sink.push(Diagnostic::new(InputFile::Config, pointer, message).with_hint(hint));
}

/// Cargo package names are ASCII letters, digits, `-` and `_`; and the crate's path name must not
/// be a keyword (`self`, `gen`) or a crate the generated code names by path (`serde`), which it
/// would shadow.
pub fn check_crate_name(name: &str, sink: &mut Sink) {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if !valid {
        config_problem(
            sink,
            "#/crate/name",
            format!("`{name}` is not a valid crate name"),
            "use ASCII letters, digits, `-` and `_`, starting with a letter".to_owned(),
        );
    } else if is_reserved_crate_path(&name.replace('-', "_")) {
        config_problem(
            sink,
            "#/crate/name",
            format!("`{name}` is a Rust keyword or the name of a crate the generated code uses"),
            format!("choose another name, e.g. `{name}-api`"),
        );
    }
}

/// Cargo reads the version as SemVer 2.0: no leading zeros, no empty pre-release or build parts.
pub fn check_crate_version(version: &str, sink: &mut Sink) {
    if let Err(err) = semver::Version::parse(version) {
        config_problem(
            sink,
            "#/crate/version",
            format!("`{version}` is not a semantic version: {err}"),
            "write it as MAJOR.MINOR.PATCH, e.g. 0.1.0".to_owned(),
        );
    }
}

/// The client type shares the crate root and the runtime modules with the types they define or
/// import (`Error`, `Call`, `Page`) and with the prelude (`Option`): it must be a distinct
/// UpperCamelCase identifier.
pub fn check_client_name(type_name: &str, sink: &mut Sink) {
    if type_ident(type_name) != type_name {
        config_problem(
            sink,
            "#/client/name",
            format!("`{type_name}` is not a valid Rust type name"),
            format!("an UpperCamelCase name such as `{}`", type_ident(type_name)),
        );
    } else if CLIENT_TYPE_RESERVED.contains(&type_name)
        || MODELS_SCOPE_RESERVED.contains(&type_name)
    {
        config_problem(
            sink,
            "#/client/name",
            format!("`{type_name}` is already a type of the generated crate or the Rust prelude"),
            format!("choose another name, e.g. `{type_name}Client`"),
        );
    }
}

/// Environment variable names are ASCII letters, digits and `_`, so a shell can set them.
pub fn check_env_names(names: &[(&str, &str)], sink: &mut Sink) {
    for (key, value) in names {
        if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            config_problem(
                sink,
                &format!("#/client/env/{key}"),
                format!("`{value}` is not a usable environment variable name"),
                "use ASCII letters, digits and `_`".to_owned(),
            );
        }
    }
}

/// A binary name is a file name Cargo must accept for a target, which excludes the folders it
/// keeps in its target directory (`build`, `deps`, `examples`, `incremental`).
pub fn check_binary_name(name: &str, sink: &mut Sink) {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if !valid {
        config_problem(
            sink,
            "#/cli/binary_name",
            format!("`{name}` is not a valid binary name"),
            "use ASCII letters, digits, `-` and `_`, starting with a letter".to_owned(),
        );
    } else if BINARY_NAMES_RESERVED.contains(&name) {
        config_problem(
            sink,
            "#/cli/binary_name",
            format!("`{name}` is a name Cargo reserves in its target directory"),
            format!("choose another name, e.g. `{name}-cli`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(check: impl FnOnce(&mut Sink)) -> Vec<String> {
        let mut sink = Sink::new();
        check(&mut sink);
        sink.into_items().into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn names_that_cannot_build_are_rejected() {
        for name in [
            "self", "crate", "super", "std", "gen", "try", "serde", "tokio", "reqwest",
        ] {
            assert_eq!(problems(|s| check_crate_name(name, s)).len(), 1, "{name}");
        }
        assert!(problems(|s| check_crate_name("my-api", s)).is_empty());
        for client in [
            "Error",
            "Result",
            "Option",
            "ClientBuilder",
            "Call",
            "Page",
            "RequestOptions",
        ] {
            assert_eq!(
                problems(|s| check_client_name(client, s)).len(),
                1,
                "{client}"
            );
        }
        assert!(problems(|s| check_client_name("Acme", s)).is_empty());
        for binary in ["build", "deps", "examples", "incremental", "my tool"] {
            assert_eq!(
                problems(|s| check_binary_name(binary, s)).len(),
                1,
                "{binary}"
            );
        }
    }

    #[test]
    fn versions_are_semver() {
        for bad in ["01.2.3", "1.0.0-", "1.0", "1.0.0+", "v1.0.0"] {
            assert_eq!(problems(|s| check_crate_version(bad, s)).len(), 1, "{bad}");
        }
        for good in ["0.1.0", "1.2.3-beta.1", "1.0.0+build.5"] {
            assert!(
                problems(|s| check_crate_version(good, s)).is_empty(),
                "{good}"
            );
        }
    }
}
