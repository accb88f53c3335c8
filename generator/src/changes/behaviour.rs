//! Changes of how the crate behaves rather than of its types: the event that ends a stream's
//! turn (`x-terminal-event`), how an auto-pager asks for the next page, and which models are
//! `#[non_exhaustive]`. A surface file of format 1 did not record these, so nothing is
//! compared against one (the report cannot know what the old crate did). Also which serde
//! traits a model derives: a file without `serde` lines was written when every model derived
//! both, which is what it is compared as.

use super::classify::{Change, Group, Verdict, breaking, compatible};
use super::surface::{ModelSurface, PaginationSurface, Surface, TerminalSurface};
use super::text::quote;
use crate::ir::SerdeUse;

/// What a change is, with its two verdicts.
pub type Finding = (String, Verdict, Verdict);

/// The terminal event of an operation's stream, added, removed or changed.
pub fn diff_terminal(
    old: Option<&TerminalSurface>,
    new: Option<&TerminalSurface>,
) -> Option<Finding> {
    let text = |t: &TerminalSurface| match &t.property {
        Some(property) => format!("{} (by {})", quote(&t.kind), quote(property)),
        None => quote(&t.kind),
    };
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (None, Some(b)) => Some((
            format!("terminal event {} added", text(b)),
            breaking(format!(
                "same types, new meaning: a stream that ends before {} now yields an error where it ended quietly",
                quote(&b.kind)
            )),
            compatible("old clients do not wait for it"),
        )),
        (Some(a), None) => Some((
            format!("terminal event {} removed", text(a)),
            compatible("a stream that ends early now ends quietly instead of with an error"),
            breaking(format!(
                "the server no longer promises {}, so old clients may report a complete turn as cut short",
                quote(&a.kind)
            )),
        )),
        // Same event, read from another property of the data.
        (Some(a), Some(b)) if a.kind == b.kind => Some((
            format!("terminal event changed from {} to {}", text(a), text(b)),
            breaking(format!(
                "same types, new meaning: the turn's end is now read from {} instead of {}",
                property_text(&b.property),
                property_text(&a.property)
            )),
            breaking(format!(
                "old clients look for {} in {}, where the server no longer sends it",
                quote(&a.kind),
                property_text(&a.property)
            )),
        )),
        (Some(a), Some(b)) => Some((
            format!("terminal event changed from {} to {}", text(a), text(b)),
            breaking(format!(
                "same types, new meaning: a turn now ends at {} instead of {}",
                quote(&b.kind),
                quote(&a.kind)
            )),
            breaking(format!(
                "old clients wait for {}, which the server no longer promises",
                quote(&a.kind)
            )),
        )),
    }
}

/// Where a terminal event's kind is read: a property of the data, or the SSE `event:` field.
fn property_text(property: &Option<String>) -> String {
    match property {
        Some(property) => quote(property),
        None => "the SSE `event:` field".to_owned(),
    }
}

/// How the next page is asked for changed while the operation stays paginated (a change of
/// page or item type is reported as a pagination change of its own).
pub fn diff_paging(old: &PaginationSurface, new: &PaginationSurface) -> Option<Finding> {
    let (Some(a), Some(b)) = (&old.style, &new.style) else {
        return None;
    };
    (a != b).then(|| {
        (
            format!("paging changed from {} to {}", quote(a), quote(b)),
            compatible("the pager's methods and types stay the same"),
            breaking(format!(
                "old clients' auto-pagers still ask for the next page as {}",
                quote(a)
            )),
        )
    })
}

/// Models that became or stopped being `#[non_exhaustive]` (models added or removed are
/// reported on their own, and so is an alias on either side: it is what its type is).
pub fn diff_non_exhaustive(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    if old.format < 2 {
        return;
    }
    let alias = |model: &ModelSurface| matches!(model, ModelSurface::Alias(_));
    for (name, model) in &new.models {
        if old.models.get(name).is_none_or(alias) || alias(model) {
            continue;
        }
        let (was, is) = (
            old.non_exhaustive.contains(name),
            new.non_exhaustive.contains(name),
        );
        let (what, rust) = match (was, is) {
            (false, true) => (
                "now #[non_exhaustive]",
                breaking(if model.kind_name() == "struct" {
                    "struct literals of it stop compiling outside the crate"
                } else {
                    "matches over it without a wildcard arm stop compiling"
                }),
            ),
            (true, false) => (
                "no longer #[non_exhaustive]",
                compatible(
                    "existing code still compiles (a wildcard arm becomes unreachable); from now on an added value or field breaks callers",
                ),
            ),
            _ => continue,
        };
        out.push(Change {
            group: Group::Models,
            about: name.clone(),
            what: what.to_owned(),
            pointer: new.model_pointers.get(name).cloned(),
            rust,
            wire: compatible("not on the wire"),
            addition: false,
        });
    }
}

/// Models that stopped deriving a serde trait (derives by use, `lower/serde_needs.rs`): code of
/// the caller's own that serialises or deserialises the model stops compiling. A trait gained
/// breaks nothing; neither is on the wire.
pub fn diff_serde(old: &Surface, new: &Surface, out: &mut Vec<Change>) {
    let traits = |surface: &Surface, name: &str| match surface
        .serde_one_way
        .get(name)
        .copied()
        .unwrap_or(SerdeUse::Both)
    {
        SerdeUse::Both => (true, true),
        SerdeUse::SentOnly => (true, false),
        SerdeUse::ReceivedOnly => (false, true),
    };
    for name in new
        .models
        .keys()
        .filter(|name| old.models.contains_key(*name))
    {
        let ((old_ser, old_de), (ser, de)) = (traits(old, name), traits(new, name));
        let lost: Vec<&str> = [
            (old_ser && !ser, "Serialize"),
            (old_de && !de, "Deserialize"),
        ]
        .into_iter()
        .filter_map(|(lost, name)| lost.then_some(name))
        .collect();
        let gained: Vec<&str> = [
            (!old_ser && ser, "Serialize"),
            (!old_de && de, "Deserialize"),
        ]
        .into_iter()
        .filter_map(|(gained, name)| gained.then_some(name))
        .collect();
        let (what, rust) = match (lost.is_empty(), gained.is_empty()) {
            (true, true) => continue,
            (false, _) => (
                format!("no longer derives {} in a library build", lost.join(" or ")),
                breaking(format!(
                    "code that uses {name}'s {} itself stops compiling, unless it enables the crate's `serde-both` feature (`testing` and `cli` enable it), or sdk.yaml sets `models.serde: both`",
                    lost.join(" or ")
                )),
            ),
            (true, false) => (
                format!("now derives {}", gained.join(" and ")),
                compatible("a trait added breaks no code"),
            ),
        };
        out.push(Change {
            group: Group::Models,
            about: name.clone(),
            what,
            pointer: new.model_pointers.get(name).cloned(),
            rust,
            wire: compatible("not on the wire"),
            addition: false,
        });
    }
}
