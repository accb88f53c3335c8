//! The hostile-input audit, shared by `hostile.rs`: what the spec describes (the names and
//! strings the generated crate may carry the token in), the Rust audit that walks every
//! generated file (`audit`), and the Markdown audit of docs and the README (`markdown`).

pub mod audit;
pub mod markdown;

use generator::naming::{module_ident, snake_ident, type_ident, unraw};
use serde_yaml::Value;
use std::collections::BTreeSet;

/// The marker every injection attempt in the fixture carries.
pub const TOKEN: &str = "pwned";

/// Attributes the templates emit (plus `cfg(test)` and `forbid(unsafe_code)`); anything else in
/// the output came from somewhere else.
pub const ALLOWED_ATTRIBUTES: &str =
    "doc derive serde allow deprecated must_use non_exhaustive rustfmt::skip test";

/// Names the generated code uses unqualified (prelude items); a model of that name would shadow
/// them for the whole module.
pub const PRELUDE_NAMES: &str = "Option Some None Result Ok Err String Vec Box From Into TryFrom \
    TryInto ToString ToOwned Default Clone Copy PartialEq Eq PartialOrd Ord Iterator IntoIterator \
    AsRef Send Sync Sized Fn FnMut FnOnce";

/// Methods of traits the generated types implement or derive; an inherent method of the same
/// name silently wins over the trait method at every call site.
pub const TRAIT_METHOD_NAMES: &str = "clone clone_from fmt eq ne default serialize deserialize \
    to_string to_owned into from into_future";

pub fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|listed| listed == name)
}

// ---------------------------------------------------------------------------------------------
// What the spec describes.

/// The spec facts the audit compares the output with.
pub struct Described {
    /// Sanitised spec names that contain the token, lowercased without `_`.
    pub name_fragments: Vec<String>,
    /// Every string in the spec (keys and scalars), `plain`, for literal checks.
    pub strings: Vec<String>,
}

impl Described {
    pub fn of(spec_text: &str) -> Self {
        let spec: Value = serde_yaml::from_str(spec_text).expect("the spec is YAML");
        let mut names = BTreeSet::new();
        collect_names(&spec, &mut names);
        let mut fragments = BTreeSet::new();
        for name in &names {
            for ident in [snake_ident(name), type_ident(name), module_ident(name)] {
                let fragment = normalise(&ident);
                if fragment.contains(TOKEN) {
                    fragments.insert(fragment);
                }
            }
        }
        let mut strings = Vec::new();
        collect_strings(&spec, &mut strings);
        Described {
            name_fragments: fragments.into_iter().collect(),
            strings: strings.iter().map(|s| plain(s)).collect(),
        }
    }

    /// Whether an identifier is free of the token or derived from a spec name that has it.
    pub fn allows_ident(&self, ident: &str) -> bool {
        let ident = normalise(ident);
        !ident.contains(TOKEN) || self.name_fragments.iter().any(|f| ident.contains(f))
    }

    /// Whether a string literal carries the token only as spec text: inside a sanitised name
    /// (`pets-pwned-tag`, `X_FN_PWNED`), or with at least 12 bytes (or all of the literal) around
    /// it copied from one spec string. Literals may join and clean spec strings (a server URL
    /// with its variables, a description on one line), so the comparison is `plain`.
    pub fn allows_literal(&self, value: &str) -> bool {
        let value = plain(value);
        let needed = value.len().min(12);
        let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        value.match_indices(TOKEN).all(|(at, _)| {
            let start = value[..at]
                .char_indices()
                .rfind(|&(_, c)| !is_name_char(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = value[at..]
                .find(|c| !is_name_char(c))
                .map_or(value.len(), |i| at + i);
            self.allows_ident(&value[start..end].replace('-', "_"))
                || self
                    .strings
                    .iter()
                    .any(|s| verbatim_window(&value, at, s) >= needed)
        })
    }
}

/// Text as the generator may pass it on: lowercase, without control and bidi characters, runs of
/// whitespace as one space, backticks as quotes.
pub fn plain(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_whitespace() || !is_sneaky_char(c))
        .map(|c| if c == '`' { '\'' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest stretch of `literal` around the token at `at` that `spec` contains as is.
pub fn verbatim_window(literal: &str, at: usize, spec: &str) -> usize {
    let (literal, spec_bytes) = (literal.as_bytes(), spec.as_bytes());
    spec.match_indices(TOKEN)
        .map(|(p, _)| {
            let left = (0..=at.min(p))
                .take_while(|&k| literal[at - k..at] == spec_bytes[p - k..p])
                .last()
                .unwrap_or(0);
            let right = (0..)
                .take_while(|&k| {
                    at + k <= literal.len()
                        && p + k <= spec_bytes.len()
                        && literal[at..at + k] == spec_bytes[p..p + k]
                })
                .last()
                .unwrap_or(0);
            left + right
        })
        .max()
        .unwrap_or(0)
}

/// `r#Type_Name_2` → `typename2`: what survives of a name through the generator's sanitiser.
pub fn normalise(ident: &str) -> String {
    unraw(ident).replace('_', "").to_lowercase()
}

/// The strings the generator turns into identifiers: schema and property names, operationIds,
/// tags, parameter names, enum values, discriminator property names and tags.
pub fn collect_names(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                match key.as_str().unwrap_or_default() {
                    "properties" | "schemas" | "mapping" => {
                        if let Some(children) = child.as_mapping() {
                            out.extend(children.keys().filter_map(|k| k.as_str()).map(Into::into));
                        }
                    }
                    "operationId" | "name" | "propertyName" => {
                        out.extend(child.as_str().map(Into::into));
                    }
                    "tags" | "enum" => {
                        for item in child.as_sequence().into_iter().flatten() {
                            out.extend(item.as_str().map(Into::into));
                        }
                    }
                    _ => {}
                }
                collect_names(child, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_names(item, out)),
        Value::Tagged(tagged) => collect_names(&tagged.value, out),
        _ => {}
    }
}

pub fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                collect_strings(key, out);
                collect_strings(child, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Tagged(tagged) => collect_strings(&tagged.value, out),
        _ => {}
    }
}

/// Characters that rustc rejects in comments or that make source read differently than it
/// compiles; generated text must have none of them raw (string literals escape them).
pub fn is_sneaky_char(ch: char) -> bool {
    matches!(ch,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
        || (ch.is_control() && ch != '\n')
}
