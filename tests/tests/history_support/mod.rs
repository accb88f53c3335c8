//! Reading `cargo semver-checks` output, and deciding whether the change report lists what it
//! found. A finding names an item of the generated crate (`field counted of struct
//! ProposalVotesItem`, `variant ScriptType::PlutusV3`, `CardanoAccountsResource::get`); the report
//! names the same things by model (`ProposalVotesItem.counted`) or by operation path
//! (`cardano_accounts.get`, and `cardano_accounts.get.stake_address` for a params field), so a
//! finding is covered when a change that breaks Rust callers names the same item.

use generator::changes::{ChangeReport, Surface};

/// One item a lint failed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The lint's id (`constructible_struct_adds_field`).
    pub lint: String,
    /// The item as cargo-semver-checks names it, without the file position.
    pub item: String,
}

/// Lints that fail a patch release but need only a minor one: marking an item
/// `#[deprecated]` (the spec's `deprecated: true`) makes callers' builds warn, not fail, so it
/// is no Rust-breaking change and the report need not list it as one.
const MINOR_LINT_SUFFIXES: &[&str] = &["_marked_deprecated"];

/// Every item of every failed lint that breaks callers (`--- failure LINT: … ---` then
/// `Failed in:` and one indented line per item), read from cargo-semver-checks' stdout.
/// Warnings and the lints that need only a minor release are left out.
pub fn parse_findings(output: &str) -> Vec<Finding> {
    parse_failed_items(output)
        .into_iter()
        .filter(|finding| {
            !MINOR_LINT_SUFFIXES
                .iter()
                .any(|suffix| finding.lint.ends_with(suffix))
        })
        .collect()
}

/// Every item of every failed lint, whatever the release it needs.
pub fn parse_failed_items(output: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut lint: Option<String> = None;
    let mut in_items = false;
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("--- ") {
            lint = rest
                .strip_prefix("failure ")
                .and_then(|rest| rest.split(':').next())
                .map(str::to_owned);
            in_items = false;
        } else if line.trim() == "Failed in:" {
            in_items = lint.is_some();
        } else if in_items && line.starts_with("  ") && !line.trim().is_empty() {
            let item = strip_position(line.trim());
            findings.push(Finding {
                lint: lint.clone().unwrap_or_default(),
                item,
            });
        } else if line.trim().is_empty() {
            in_items = false;
        }
    }
    findings
}

/// `field x of struct Y, previously in file /…/models.rs:12` → `field x of struct Y`.
fn strip_position(item: &str) -> String {
    let cut = [", previously in file ", " in file ", ", in file ", " in /"]
        .iter()
        .filter_map(|marker| item.find(marker))
        .min()
        .unwrap_or(item.len());
    item[..cut].to_owned()
}

/// Words of a finding that name no item.
const NOISE: &[&str] = &[
    "field",
    "of",
    "struct",
    "enum",
    "variant",
    "mod",
    "fn",
    "function",
    "method",
    "type",
    "trait",
    "no",
    "longer",
    "derives",
    "now",
    "takes",
    "parameters",
    "instead",
    "is",
    "a",
    "the",
    "in",
    "crate",
    "impl",
    "pub",
    "const",
    "static",
    "for",
];

/// The identifiers a finding names, in order (paths split at `::` and `.`), without the crate's
/// module path and the words of the sentence.
fn identifiers(item: &str) -> Vec<String> {
    item.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|word| !NOISE.contains(word))
        .filter(|word| !matches!(*word, "blockfrost" | "models" | "resources"))
        .map(str::to_owned)
        .collect()
}

/// `CardanoAccounts` → `cardano_accounts`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The names a finding's type may have in the report: a model by its name, a params struct
/// by the paths of the operations it belongs to, a resource struct by its path segment.
fn aliases(ty: &str, surfaces: &[&Surface]) -> Vec<String> {
    let mut names = vec![ty.to_owned()];
    for surface in surfaces {
        for (path, op) in &surface.operations {
            if op.params.as_ref().is_some_and(|p| p.type_name == ty) {
                names.push(path.clone());
            }
        }
    }
    if let Some(resource) = ty.strip_suffix("Resource") {
        names.push(snake(resource));
    }
    names
}

/// Whether the report lists, as breaking for Rust callers, the item the finding names.
pub fn covered(finding: &Finding, report: &ChangeReport, surfaces: &[&Surface]) -> bool {
    let ids = identifiers(&finding.item);
    let Some(last) = ids.last() else {
        return false;
    };
    let member = last.strip_suffix("_auto_paging").unwrap_or(last);
    // The type the member belongs to: the identifier before it, when it is a type name.
    let owner = ids
        .iter()
        .rev()
        .skip(1)
        .find(|id| id.starts_with(|c: char| c.is_ascii_uppercase()));
    report
        .changes
        .iter()
        .filter(|change| change.rust.breaking)
        .any(|change| {
            let about = change.about.as_str();
            match owner {
                // A whole type (struct, enum) removed or changed.
                None => aliases(member, surfaces)
                    .iter()
                    .any(|name| about == name || about.starts_with(&format!("{name}."))),
                // A member of a type: a field, a variant, a method.
                Some(owner) => aliases(owner, surfaces).iter().any(|name| {
                    about == format!("{name}.{member}")
                        || about.ends_with(&format!("{name}.{member}"))
                        // A method or params type that went with its whole operation.
                        || about == name.as_str()
                }),
            }
        })
}
