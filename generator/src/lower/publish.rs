//! The generated `Cargo.toml`'s publish metadata: `sdk.yaml`'s `crate:` keys, the license taken
//! from the document's `info.license` when `sdk.yaml` names none. crates.io's rules that `cargo
//! publish` would only report after a build (keyword shape and count, URLs) are errors here; a
//! license that is not a known SPDX expression is a warning, since crates.io accepts some others.

use super::settings::is_http_url;
use crate::config::{CompileOperations, PublishConfig, SdkConfig, Workspace};
use crate::diagnostics::{Diagnostic, InputFile, Pointer, Sink};
use crate::ir::{CrateWorkspace, Publish, Text};
use openapiv3::OpenAPI;

/// SPDX identifiers common for API clients; an identifier outside this list is warned about, not
/// refused (the full SPDX list has hundreds, and crates.io checks it at publish time).
const SPDX_IDS: &[&str] = &[
    "0BSD",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "EPL-2.0",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LLVM-exception",
    "MIT",
    "MIT-0",
    "MPL-2.0",
    "OFL-1.1",
    "PostgreSQL",
    "Unicode-3.0",
    "Unlicense",
    "Zlib",
];

/// The package's publish metadata; problems go to `sink`.
pub fn lower_publish(doc: &OpenAPI, config: &SdkConfig, sink: &mut Sink) -> Publish {
    let given = &config.publish;
    let crate_pointer = Pointer::root().join("crate");
    for (key, value) in [
        ("repository", &given.repository),
        ("homepage", &given.homepage),
        ("documentation", &given.documentation),
    ] {
        if let Some(url) = value.as_deref().filter(|url| !is_http_url(url)) {
            sink.config(
                crate_pointer.join(key).as_str(),
                format!("`{url}` is not an http(s) URL"),
                Some("Cargo and crates.io link to it; write the full URL".to_owned()),
            );
        }
    }
    check_keywords(given, sink);
    check_categories(given, sink);
    Publish {
        license: license(doc, given, sink).map(Text::new),
        repository: given.repository.clone().map(Text::new),
        homepage: given.homepage.clone().map(Text::new),
        documentation: given.documentation.clone().map(Text::new),
        keywords: given.keywords.iter().cloned().map(Text::new).collect(),
        categories: given.categories.iter().cloned().map(Text::new).collect(),
        authors: given.authors.iter().cloned().map(Text::new).collect(),
        workspace: match config.workspace {
            Some(Workspace::Member) => CrateWorkspace::Member,
            Some(Workspace::Standalone) => CrateWorkspace::Standalone,
            Some(Workspace::Auto) | None => CrateWorkspace::default(),
        },
        inline_operations: config.compile_operations != Some(CompileOperations::InCrate),
    }
}

/// `crate.license`, else the document's license (3.1 `identifier`, else `name` when it is an SPDX
/// expression). A document license that is no SPDX expression is left out, with a warning.
fn license(doc: &OpenAPI, given: &PublishConfig, sink: &mut Sink) -> Option<String> {
    if let Some(license) = &given.license {
        if !is_spdx_expression(license) {
            sink.push(
                Diagnostic::warning(
                    InputFile::Config,
                    "license",
                    "#/crate/license",
                    format!("`{license}` is not a known SPDX license expression"),
                )
                .with_hint("crates.io wants an SPDX expression such as `MIT OR Apache-2.0`"),
            );
        }
        return Some(license.clone());
    }
    let spec = doc.info.license.as_ref()?;
    let identifier = spec
        .extensions
        .get("x-identifier")
        .and_then(|value| value.as_str());
    let candidate = identifier.unwrap_or(&spec.name).trim();
    if is_spdx_expression(candidate) {
        return Some(candidate.to_owned());
    }
    if let Some(id) = spdx_for_name(candidate) {
        return Some(id.to_owned());
    }
    sink.warn(
        &Pointer::root().join("info").join("license"),
        "license",
        format!(
            "the license `{}` is not an SPDX expression; the crate's Cargo.toml names no license",
            spec.name
        ),
        Some("set `crate.license` in sdk.yaml (an SPDX expression such as `MIT`)"),
    );
    None
}

/// The SPDX identifier of a license written by name as documents usually do (`Apache 2.0`,
/// `Apache License, Version 2.0`, `MIT License`, `mit`).
fn spdx_for_name(name: &str) -> Option<&'static str> {
    let key: String = name
        .to_ascii_lowercase()
        .replace("license", "")
        .replace("version", "")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let aliases = [
        ("apache2.0", "Apache-2.0"),
        ("apache2", "Apache-2.0"),
        ("bsd3clause", "BSD-3-Clause"),
        ("bsd2clause", "BSD-2-Clause"),
        ("mpl2.0", "MPL-2.0"),
    ];
    aliases
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|(_, id)| *id)
        .or_else(|| {
            SPDX_IDS
                .iter()
                .copied()
                .find(|id| id.to_ascii_lowercase().replace(['-', ' '], "") == key.replace('-', ""))
        })
}

/// An SPDX expression of known identifiers: `MIT`, `MIT OR Apache-2.0`,
/// `(Apache-2.0 WITH LLVM-exception) OR MIT`. Cargo also accepts the deprecated `/`.
fn is_spdx_expression(text: &str) -> bool {
    let spaced = text.replace(['(', ')'], " ").replace('/', " OR ");
    let mut expect_id = true;
    let mut any = false;
    for token in spaced.split_whitespace() {
        let is_operator = matches!(token, "OR" | "AND" | "WITH");
        if expect_id {
            let id = token.strip_suffix('+').unwrap_or(token);
            if is_operator || !SPDX_IDS.contains(&id) {
                return false;
            }
            any = true;
        } else if !is_operator {
            return false;
        }
        expect_id = !expect_id;
    }
    any && !expect_id
}

/// crates.io: at most five keywords of at most 20 ASCII letters, digits, `_`, `-` or `+`,
/// starting with a letter.
fn check_keywords(given: &PublishConfig, sink: &mut Sink) {
    let pointer = Pointer::root().join("crate").join("keywords");
    if given.keywords.len() > 5 {
        sink.config(
            pointer.as_str(),
            format!(
                "{} keywords; crates.io takes at most 5",
                given.keywords.len()
            ),
            None,
        );
    }
    for (index, keyword) in given.keywords.iter().enumerate() {
        let valid = keyword.len() <= 20
            && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
            && keyword
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c));
        if !valid {
            sink.config(
                pointer.join(index).as_str(),
                format!("`{keyword}` is not a crates.io keyword"),
                Some(
                    "up to 20 ASCII letters, digits, `_`, `-` or `+`, starting with a letter"
                        .to_owned(),
                ),
            );
        }
    }
}

/// crates.io: at most five category slugs (`api-bindings`, `web-programming::http-client`).
fn check_categories(given: &PublishConfig, sink: &mut Sink) {
    let pointer = Pointer::root().join("crate").join("categories");
    if given.categories.len() > 5 {
        sink.config(
            pointer.as_str(),
            format!(
                "{} categories; crates.io takes at most 5",
                given.categories.len()
            ),
            None,
        );
    }
    for (index, slug) in given.categories.iter().enumerate() {
        let valid = !slug.is_empty()
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-:".contains(c));
        if !valid {
            sink.config(
                pointer.join(index).as_str(),
                format!("`{slug}` is not a crates.io category slug"),
                Some("see https://crates.io/category_slugs, e.g. `api-bindings`".to_owned()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_http_url, is_spdx_expression, spdx_for_name};

    #[test]
    fn urls_with_whitespace_or_control_characters_are_not_http_urls() {
        assert!(is_http_url("https://example.com/docs"));
        assert!(!is_http_url("ftp://example.com"));
        assert!(!is_http_url("https://example.com/a b"));
        assert!(!is_http_url("https://example.com/\u{1b}[31m"));
        assert!(!is_http_url("https://example.com/\u{7f}"));
    }

    #[test]
    fn license_names_documents_use() {
        let cases = [
            ("Apache 2.0", Some("Apache-2.0")),
            ("Apache License, Version 2.0", Some("Apache-2.0")),
            ("MIT License", Some("MIT")),
            ("mit", Some("MIT")),
            ("BSD 3-Clause", Some("BSD-3-Clause")),
            ("Proprietary", None),
            ("", None),
        ];
        for (name, id) in cases {
            assert_eq!(spdx_for_name(name), id, "{name}");
        }
    }

    #[test]
    fn spdx_expressions() {
        for good in [
            "MIT",
            "MIT OR Apache-2.0",
            "(Apache-2.0 WITH LLVM-exception) OR MIT",
            "MIT/Apache-2.0",
            "GPL-2.0+",
        ] {
            assert!(is_spdx_expression(good), "{good}");
        }
        for bad in [
            "",
            "Apache 2.0",
            "MIT OR",
            "OR MIT",
            "Proprietary",
            "MIT MIT",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }
}
