//! Old and new surfaces → the `Change`s of authentication: security schemes the client exposes
//! added, removed or changed (where the credential goes, the `ClientBuilder` setter, the
//! environment variable), and an operation's security requirement changed. A surface file
//! before format 4 recorded only the primary scheme, so none of this is compared against one.
//!
//! The wire rule for a requirement: an old client was configured with the credentials of one of
//! the old alternatives (or none, where the operation needed nothing); it still works if each
//! such set of credentials satisfies some new alternative.

use super::behaviour::Finding;
use super::classify::{Change, Group, breaking, compatible};
use super::surface::{OperationSurface, SchemeSurface, Surface};
use super::text::quote;
use crate::diagnostics::Pointer;

/// A requirement in words: `nothing`, or alternatives joined by `or`, each a scheme or several
/// joined by `and` (an empty alternative is `anonymous`).
pub fn requirement_text(requirement: &[Vec<String>]) -> String {
    if requirement.is_empty() {
        return "nothing".to_owned();
    }
    let alternatives: Vec<String> = (requirement.iter())
        .map(|names| {
            let names: Vec<String> = names.iter().map(|n| quote(n)).collect();
            match names.len() {
                0 => "anonymous".to_owned(),
                1 => names[0].clone(),
                _ if requirement.len() == 1 => names.join(" and "),
                _ => format!("({})", names.join(" and ")),
            }
        })
        .collect();
    alternatives.join(" or ")
}

/// The sets of credentials a client may hold and still satisfy `requirement` minimally: its
/// alternatives, or the empty set when it needs nothing.
fn credential_sets(requirement: &[Vec<String>]) -> Vec<Vec<String>> {
    match requirement.is_empty() {
        true => vec![Vec::new()],
        false => requirement.to_vec(),
    }
}

/// The first set of credentials an old client may hold that no new alternative accepts.
fn unsatisfied(old: &[Vec<String>], new: &[Vec<String>]) -> Option<Vec<String>> {
    let new_sets = credential_sets(new);
    credential_sets(old).into_iter().find(|held| {
        !new_sets
            .iter()
            .any(|wanted| wanted.iter().all(|name| held.contains(name)))
    })
}

/// Whether a requirement is met without any credential.
fn needs_nothing(requirement: &[Vec<String>]) -> bool {
    credential_sets(requirement).iter().any(Vec::is_empty)
}

/// An operation's requirement changed (both surfaces recorded it).
pub fn diff_security(old: &OperationSurface, new: &OperationSurface) -> Option<Finding> {
    let (Some(old), Some(new)) = (&old.security, &new.security) else {
        return None;
    };
    if old == new {
        return None;
    }
    let wire = match unsatisfied(old, new) {
        None => compatible(
            "every set of credentials the old requirement accepted still satisfies the new one",
        ),
        Some(held) if held.is_empty() => breaking(
            "old clients may call it without credentials, which the new requirement refuses",
        ),
        Some(held) => breaking(format!(
            "old clients that authenticate with {} no longer satisfy it",
            requirement_text(&[held])
        )),
    };
    Some((
        format!(
            "security changed from {} to {}",
            requirement_text(old),
            requirement_text(new)
        ),
        compatible(
            "the method is unchanged; the new crate sends the credentials the new requirement names",
        ),
        wire,
    ))
}

/// Schemes added, removed or changed, under the crate.
pub fn diff_schemes(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    if old.format < 4 {
        return;
    }
    let mut push = |name: &str, what: String, rust, wire, addition| {
        let pointer = (Pointer::root())
            .join("components")
            .join("securitySchemes")
            .join(name);
        out.push(Change {
            group: Group::Crate,
            about: format!("scheme {}", quote(name)),
            what,
            pointer: Some(pointer.as_str().to_owned()),
            rust,
            wire,
            addition,
        });
    };
    for (name, scheme) in &old.schemes {
        match new.schemes.get(name) {
            None => {
                let (rust, wire) = scheme_removed(name, scheme, new);
                push(name, "scheme removed".to_owned(), rust, wire, false);
            }
            Some(now) => {
                for (what, rust, wire) in scheme_changes(scheme, now) {
                    push(name, what, rust, wire, false);
                }
            }
        }
    }
    for (name, scheme) in &new.schemes {
        if !old.schemes.contains_key(name) {
            let (rust, wire) = scheme_added(name, scheme, old, new);
            let what = format!("scheme added ({})", where_text(scheme));
            push(name, what, rust, wire, true);
        }
    }
}

fn where_text(scheme: &SchemeSurface) -> String {
    match scheme.kind.as_str() {
        "bearer" | "basic" => scheme.kind.clone(),
        kind => format!("{kind} {}", quote(&scheme.param)),
    }
}

fn scheme_removed(
    name: &str,
    scheme: &SchemeSurface,
    new: &Surface,
) -> (super::classify::Verdict, super::classify::Verdict) {
    let setter = &scheme.setter;
    let rust = match new.schemes.values().any(|s| &s.setter == setter) {
        true => compatible(format!(
            "the builder keeps `{setter}`, which now sets another scheme"
        )),
        false => breaking(format!(
            "the builder's `{setter}` setter is gone, so code that calls it stops compiling"
        )),
    };
    let still_needed: Vec<&str> = (new.operations.iter())
        .filter(|(_, op)| mentions(op, name))
        .map(|(path, _)| path.as_str())
        .collect();
    let wire = match still_needed.is_empty() {
        true => compatible(
            "no operation asks for it any more (a requirement that changed is listed under its operation)",
        ),
        false => breaking(format!(
            "{} still ask for it, and the client can no longer send it",
            still_needed.join(", ")
        )),
    };
    (rust, wire)
}

fn scheme_added(
    name: &str,
    scheme: &SchemeSurface,
    old: &Surface,
    new: &Surface,
) -> (super::classify::Verdict, super::classify::Verdict) {
    let rust = compatible(format!(
        "a new builder setter `{}` (read from {} by `from_env`); existing code is unaffected",
        scheme.setter,
        quote(&scheme.env)
    ));
    let newly_required: Vec<&str> = (new.operations.iter())
        .filter(|(path, op)| {
            let was_open = (old.operations.get(*path))
                .and_then(|old_op| old_op.security.as_deref())
                .is_some_and(needs_nothing);
            let closed = op
                .security
                .as_deref()
                .is_some_and(|req| !needs_nothing(req));
            was_open && closed && mentions(op, name)
        })
        .map(|(path, _)| path.as_str())
        .collect();
    let wire = match newly_required.is_empty() {
        true => compatible("no operation that needed nothing before requires it now"),
        false => breaking(format!(
            "{} needed no credential before and now require one, which old clients do not send",
            newly_required.join(", ")
        )),
    };
    (rust, wire)
}

fn mentions(op: &OperationSurface, name: &str) -> bool {
    (op.security.iter().flatten().flatten()).any(|n| n == name)
}

/// What changed in a scheme kept under its name.
fn scheme_changes(old: &SchemeSurface, new: &SchemeSurface) -> Vec<Finding> {
    let mut found = Vec::new();
    if (&old.kind, &old.param) != (&new.kind, &new.param) {
        found.push((
            format!(
                "credential moved from {} to {}",
                where_text(old),
                where_text(new)
            ),
            compatible("the builder's setter keeps its name and type"),
            breaking(format!(
                "old clients send the credential as {}, the server now expects {}",
                where_text(old),
                where_text(new)
            )),
        ));
    }
    if old.setter != new.setter {
        found.push((
            format!("setter renamed from `{}` to `{}`", old.setter, new.setter),
            breaking(format!("code that calls `{}` stops compiling", old.setter)),
            compatible("not on the wire"),
        ));
    }
    if old.env != new.env {
        found.push((
            format!(
                "environment variable changed from {} to {}",
                quote(&old.env),
                quote(&new.env)
            ),
            breaking(format!(
                "same code, new meaning: `from_env` now reads {}, so a deployment that sets only {} is no longer authenticated",
                quote(&new.env),
                quote(&old.env)
            )),
            compatible("not on the wire"),
        ));
    }
    found
}
