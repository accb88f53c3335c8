//! Operations → the names a person would give them, without `sdk.yaml`: which resource an
//! operation belongs to (its first tag that is not a status like "Beta", else its path), and its
//! method name there (the operationId with framework noise removed, the resource's own name not
//! repeated, and `list`/`create`/`get`/`update`/`delete` where the HTTP method and path make the
//! meaning obvious). Pure functions of (HTTP method, path, operationId, tags, the other operations
//! of the group): the same document always gives the same names, and names within one resource are
//! unique — a name that would collide falls back to a longer, more specific one before any number
//! is appended.

use crate::naming::{UniqueNames, snake_ident};
use heck::ToSnakeCase;
use std::collections::{BTreeMap, BTreeSet};

/// What naming looks at in one operation.
#[derive(Debug, Clone, Copy)]
pub struct NamingInput<'a> {
    /// Lowercase HTTP method.
    pub http_method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    pub tags: &'a [String],
}

/// One derived resource: its name as found (a tag or a path segment, not yet an identifier) and
/// its methods as `(identifier, index into the input operations)`, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedResource {
    pub name: String,
    pub methods: Vec<(String, usize)>,
}

/// Tags that say how stable an operation is, not what it is about.
const STATUS_TAGS: &[&str] = &[
    "deprecated",
    "beta",
    "alpha",
    "internal",
    "experimental",
    "preview",
];

/// Groups operations into resources (in name order) and names every method, avoiding `reserved`
/// (methods a resource handle already has).
pub fn derive_tree(ops: &[NamingInput<'_>], reserved: &[&str]) -> Vec<DerivedResource> {
    // Names that differ only in case or punctuation ("Parsing" from a tag, `parsing` from a
    // path) are one resource, shown by its tag's spelling when one has it.
    let mut display: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, op) in ops.iter().enumerate() {
        let name = resource_name(op);
        let words = words_of(&name);
        // A name without ASCII words stays apart (its identifier is numbered later).
        let key = if words.is_empty() {
            name.clone()
        } else {
            words.join("_")
        };
        let from_tag = op.tags.contains(&name);
        let shown = display
            .entry(key.clone())
            .or_insert_with(|| (name.clone(), from_tag));
        if from_tag && !shown.1 {
            *shown = (name, true);
        }
        members.entry(key).or_default().push(index);
    }
    // In the order of the resources' identifiers (`agent_data` before `api_keys`).
    members
        .into_iter()
        .map(|(key, indexes)| (display[&key].0.clone(), indexes))
        .map(|(name, indexes)| {
            let members: Vec<NamingInput<'_>> = indexes.iter().map(|&i| ops[i]).collect();
            let names = method_names(&name, &members, reserved);
            DerivedResource {
                name,
                methods: names.into_iter().zip(indexes).collect(),
            }
        })
        .collect()
}

/// The resource an operation belongs to: its first tag that is not a status tag; else the first
/// meaningful path segment (not `api`, `v1` or a status word); else its first tag; else `root`.
pub fn resource_name(op: &NamingInput<'_>) -> String {
    // A tag with no ASCII letter or digit (`用户`) would name the resource `value`, `value2`, …:
    // the path says more.
    let names_something = |tag: &&String| tag.chars().any(|c| c.is_ascii_alphanumeric());
    if let Some(tag) = (op.tags.iter()).find(|tag| !is_status_tag(tag) && names_something(tag)) {
        return tag.clone();
    }
    let from_path = op
        .path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .find(|segment| !is_prefix_segment(segment) && !is_status_tag(segment));
    match (from_path, op.tags.first()) {
        (Some(segment), _) => segment.to_owned(),
        (None, Some(tag)) => tag.clone(),
        (None, None) => "root".to_owned(),
    }
}

fn is_status_tag(tag: &str) -> bool {
    STATUS_TAGS.contains(&tag.trim().to_ascii_lowercase().as_str())
}

/// `api`, `v1`, `v2beta`…: path segments that version or mount an API rather than name a thing.
pub fn is_prefix_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let is_version = lower.strip_prefix('v').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    });
    lower == "api" || is_version
}

/// Unique method names for the operations of one resource, in their order. Each operation has a
/// ladder of candidates, shortest first; while names collide, the colliding operations climb to
/// their next candidate. Within a collision an operation whose own operationId gives it the name
/// keeps it against those that reach it only by convention, and one whose status tag was dropped
/// ("Deprecated") takes the status as a suffix rather than push out one without. Numbers are the
/// last resort.
pub fn method_names(resource: &str, ops: &[NamingInput<'_>], reserved: &[&str]) -> Vec<String> {
    let resource_words = words_of(resource);
    // Paths with an item path below them in this resource: `/movie` for `/movie/{id}`.
    let item_parents: BTreeSet<&str> = ops
        .iter()
        .filter_map(|op| {
            let (parent, last) = op.path.trim_end_matches('/').rsplit_once('/')?;
            last.starts_with('{').then_some(parent)
        })
        .collect();
    let mut state = Ladders {
        rungs: ops
            .iter()
            .map(|op| {
                let has_items = item_parents.contains(op.path.trim_end_matches('/'));
                candidate_ladder(op, &resource_words, has_items)
            })
            .collect(),
        own: ops
            .iter()
            .map(|op| {
                // A HEAD that shares its GET's id mirrors it: the GET keeps the name.
                if op.http_method == "head" {
                    return None;
                }
                let words = operation_id_words(op.operation_id?, op.http_method, op.path);
                let words = without_leading_resource(&words, &resource_words);
                Some(without_resource(&words, &resource_words).join("_"))
            })
            .collect(),
        statuses: ops.iter().map(dropped_status).collect(),
        level: vec![0; ops.len()],
        qualified: vec![false; ops.len()],
    };
    // Each round strictly advances some operation's (level, qualified) state, which is bounded,
    // so this terminates.
    while state.resolve_round(reserved) {}
    let mut unique = UniqueNames::default();
    for name in reserved {
        unique.reserve(name);
    }
    (0..ops.len())
        .map(|i| unique.claim(snake_ident(&state.name(i))))
        .collect()
}

/// Where each operation of a resource stands on its ladder of candidate names.
struct Ladders {
    rungs: Vec<Vec<String>>,
    own: Vec<Option<String>>,
    statuses: Vec<Option<String>>,
    level: Vec<usize>,
    qualified: Vec<bool>,
}

impl Ladders {
    fn name(&self, i: usize) -> String {
        let base = &self.rungs[i][self.level[i]];
        match (&self.statuses[i], self.qualified[i]) {
            (Some(status), true) => format!("{base}_{status}"),
            _ => base.clone(),
        }
    }

    fn owns(&self, i: usize) -> bool {
        self.own[i].as_deref() == Some(self.rungs[i][self.level[i]].as_str())
    }

    /// Moves every operation that should give way in a collision; whether any moved.
    fn resolve_round(&mut self, reserved: &[&str]) -> bool {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in 0..self.rungs.len() {
            by_name.entry(self.name(i)).or_default().push(i);
        }
        let mut advanced = false;
        for (name, members) in by_name {
            let taken = reserved.contains(&name.as_str());
            if members.len() < 2 && !taken {
                continue;
            }
            let mixed_status = members.iter().any(|&i| self.statuses[i].is_none())
                && members.iter().any(|&i| self.statuses[i].is_some());
            let owned: Vec<bool> = members.iter().map(|&i| self.owns(i)).collect();
            let mixed_claims = !taken && owned.contains(&true) && owned.contains(&false);
            for (&i, owns) in members.iter().zip(owned) {
                advanced |= if mixed_status {
                    self.qualify(i)
                } else if mixed_claims && owns {
                    false
                } else {
                    self.climb(i)
                };
            }
        }
        advanced
    }

    fn qualify(&mut self, i: usize) -> bool {
        let can = self.statuses[i].is_some() && !self.qualified[i];
        self.qualified[i] |= can;
        can
    }

    fn climb(&mut self, i: usize) -> bool {
        if self.level[i] + 1 < self.rungs[i].len() {
            self.level[i] += 1;
            true
        } else {
            self.qualify(i)
        }
    }
}

/// The status tag (`deprecated`) an operation carries when its resource is not named after it.
fn dropped_status(op: &NamingInput<'_>) -> Option<String> {
    let status = op.tags.iter().find(|tag| is_status_tag(tag))?;
    let resource = resource_name(op);
    (resource != *status).then(|| status.trim().to_ascii_lowercase())
}

/// Candidate names for one operation, shortest and most conventional first, without repeats.
fn candidate_ladder(op: &NamingInput<'_>, resource: &[String], has_items: bool) -> Vec<String> {
    let mut ladder = Vec::new();
    let id_words = op
        .operation_id
        .map(|id| operation_id_words(id, op.http_method, op.path))
        .filter(|words| !words.is_empty());
    let action_words = (id_words.as_deref()).map(|words| without_leading_resource(words, resource));
    if let Some(verb) = conventional_verb(op, action_words.as_deref(), resource, has_items) {
        ladder.push(verb.to_owned());
    }
    if let (Some(words), Some(action)) = (&id_words, &action_words) {
        ladder.push(without_resource(action, resource).join("_"));
        ladder.push(words.join("_"));
    }
    ladder.push(path_name(op, resource, true));
    ladder.push(path_name(op, resource, false));
    let mut seen = Vec::new();
    ladder.retain(|name| {
        let fresh = !name.is_empty() && !seen.contains(name);
        seen.push(name.clone());
        fresh
    });
    ladder
}

/// Lowercase words of any text: `Data Sinks` → `data sinks`, `getUserById` → `get user by id`.
fn words_of(text: &str) -> Vec<String> {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words of an operationId with what frameworks add removed: springfox's `UsingGET`,
/// numbering suffixes (`_1`), `Controller_`/`Service.` prefixes, Azure's `Tag_` prefix, and
/// FastAPI's `_{path}_{method}` suffix.
pub fn operation_id_words(operation_id: &str, http_method: &str, path: &str) -> Vec<String> {
    let id = strip_springfox_suffix(operation_id.trim());
    let id = strip_numbering(id);
    let id = strip_owner_prefix(id);
    let words = words_of(id);
    let words = strip_fastapi_suffix(words, http_method, path);
    if words.is_empty() {
        words_of(operation_id)
    } else {
        words
    }
}

/// springfox names every operation `{name}Using{METHOD}` (and `…UsingGET_1` for duplicates).
fn strip_springfox_suffix(id: &str) -> &str {
    const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let without_number = strip_numbering(id);
    for method in METHODS {
        if let Some(stem) = without_number.strip_suffix(&format!("Using{method}"))
            && !stem.is_empty()
        {
            return stem;
        }
    }
    id
}

/// springdoc and NSwag number duplicates: `getUser_1`.
fn strip_numbering(id: &str) -> &str {
    match id.rsplit_once('_') {
        Some((stem, digits))
            if !stem.is_empty()
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit()) =>
        {
            stem
        }
        _ => id,
    }
}

/// `UserService.GetUser` → `GetUser`; `domains/update` → `update`; `UsersController_findAll` → `findAll`; Azure's and
/// NSwag's `Users_GetById` → `GetById`. A snake_case id (`list_users`) is left alone: there the
/// underscore separates words, not an owner from an action.
fn strip_owner_prefix(id: &str) -> &str {
    const OWNER_SUFFIXES: &[&str] = &["Controller", "Service", "Api", "API", "Resource", "Handler"];
    if let Some((owner, action)) = id.rsplit_once(['.', '/'])
        && !owner.is_empty()
        && !action.is_empty()
    {
        return action;
    }
    let Some((owner, action)) = id.split_once('_') else {
        return id;
    };
    if owner.is_empty() || action.is_empty() || action.contains('_') {
        return id;
    }
    let owner_like = OWNER_SUFFIXES.iter().any(|s| owner.ends_with(s));
    let tag_style = owner.starts_with(|c: char| c.is_ascii_uppercase())
        && action.starts_with(|c: char| c.is_ascii_alphabetic());
    if owner_like || tag_style { action } else { id }
}

/// FastAPI's default operationId is `{function}{path with non-word characters as _}_{method}`.
/// Word by word, so camelCase path segments and doubled underscores match too.
fn strip_fastapi_suffix(words: Vec<String>, http_method: &str, path: &str) -> Vec<String> {
    let mut suffix = words_of(path);
    suffix.push(http_method.to_ascii_lowercase());
    if words.len() > suffix.len() && words.ends_with(&suffix) {
        let mut stem = words[..words.len() - suffix.len()].to_vec();
        // FastAPI function names often end in a word that says "this is a route".
        if stem.len() > 1
            && matches!(
                stem.last().map(String::as_str),
                Some("api" | "endpoint" | "handler" | "route")
            )
        {
            stem.pop();
        }
        return stem;
    }
    words
}

/// Verbs an operationId may start with for each conventional name.
const LIST_VERBS: &[&str] = &[
    "list", "get", "find", "fetch", "query", "all", "index", "read",
];
const CREATE_VERBS: &[&str] = &["create", "add", "post", "new", "insert"];
const GET_VERBS: &[&str] = &[
    "get", "retrieve", "read", "fetch", "find", "show", "describe",
];
const UPDATE_VERBS: &[&str] = &["update", "patch", "put", "modify", "edit", "replace", "set"];
const DELETE_VERBS: &[&str] = &["delete", "remove", "destroy", "del"];
/// Words that add nothing once the verb and resource are known (`findAll`, `getOneById`).
const FILLER_WORDS: &[&str] = &["all", "one", "existing", "single", "specific", "by", "id"];

/// `list`, `create`, `get`, `update` or `delete` when the HTTP method and the path's shape say
/// so, and the operationId (if any) says nothing more than that verb and the resource's name.
/// `get` rather than `retrieve`: it is what operationIds say far more often, so the conventional
/// name agrees with the one the API's authors chose.
fn conventional_verb(
    op: &NamingInput<'_>,
    id_words: Option<&[String]>,
    resource: &[String],
    has_items: bool,
) -> Option<&'static str> {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let on_item = segments.last().is_some_and(|s| s.starts_with('{'));
    let (verb, verbs) = match (op.http_method, on_item) {
        ("get", false) => ("list", LIST_VERBS),
        ("post", false) => ("create", CREATE_VERBS),
        ("get", true) => ("get", GET_VERBS),
        ("put" | "patch", true) => ("update", UPDATE_VERBS),
        ("delete", true) => ("delete", DELETE_VERBS),
        _ => return None,
    };
    let collection = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{'))
        .map(|s| words_of(s))
        .unwrap_or_default();
    // `GET /health` reads one thing: `list` only for a plural path, a path with items below it
    // in this resource (`/movie` and `/movie/{id}`), or an id that says "list".
    let says_list = id_words
        .and_then(<[String]>::first)
        .is_some_and(|w| w == "list");
    let plural = collection.last().is_some_and(|w| singular(w) != *w);
    if verb == "list" && !plural && !says_list && !has_items {
        return None;
    }
    match id_words {
        None => is_resource_phrase(&collection, resource).then_some(verb),
        Some(words) => {
            let (first, rest) = words.split_first()?;
            if !verbs.contains(&first.as_str()) {
                return None;
            }
            // Stripe's `DeleteCustomersCustomer` repeats the resource; any order will do.
            let says_more = rest.iter().any(|w| {
                !FILLER_WORDS.contains(&w.as_str())
                    && !resource.iter().any(|r| singular(r) == singular(w))
            });
            (!says_more).then_some(verb)
        }
    }
}

/// Whether `words` name the resource: all of its words or its last ones (`deployments` for
/// "Agent Deployments"), singular or plural.
fn is_resource_phrase(words: &[String], resource: &[String]) -> bool {
    if words.is_empty() || words.len() > resource.len() {
        return false;
    }
    let tail = &resource[resource.len() - words.len()..];
    let same = |a: &[String], b: &[String]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .enumerate()
                .all(|(k, (x, y))| x == y || (k + 1 == a.len() && singular(x) == singular(y)))
    };
    same(words, tail)
}

/// `pipelines` → `pipeline`, `policies` → `policy`, `statuses` → `status`; leaves `status`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies")
        && stem.len() > 1
    {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "uses"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && stem.len() > 1 => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// The method's words without the resource's name: right after the verb
/// (`list_organization_users` → `list_users`), or at the end with its preposition
/// (`add_users_to_organization` → `add_users`). Unchanged when nothing would be left.
fn without_resource(words: &[String], resource: &[String]) -> Vec<String> {
    for len in (1..=resource.len().min(words.len().saturating_sub(1))).rev() {
        if is_resource_phrase(&words[1..1 + len], resource) {
            let mut out = vec![words[0].clone()];
            out.extend_from_slice(&words[1 + len..]);
            return out;
        }
        // At the end only after a preposition: `create_special_event` on "Events" keeps its
        // `event`, or `special` would be left hanging.
        let start = words.len() - len;
        if start > 1
            && is_preposition(&words[start - 1])
            && is_resource_phrase(&words[start..], resource)
        {
            return words[..start - 1].to_vec();
        }
    }
    words.to_vec()
}

/// The words after the resource's whole name, word for word: drf-spectacular names operations
/// resource first (`leads_create`, `leads_partial_update` on "leads"). Only the exact name: a
/// singular would take verbs (`invite_user` on "invites", `list_…` on "… lists"). Kept whole when
/// nothing, or only a preposition's phrase (`pets_by_owner`), would be left.
fn without_leading_resource(words: &[String], resource: &[String]) -> Vec<String> {
    let len = resource.len();
    match words.len() > len && words[..len] == *resource && !is_preposition(&words[len]) {
        true => words[len..].to_vec(),
        false => words.to_vec(),
    }
}

fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "to" | "from" | "in" | "for" | "of" | "on" | "by" | "into" | "with"
    )
}

/// A name from the HTTP method and the path (`get_pets_by_id`), for operations without an
/// operationId and as the longest fallback. `short` leaves out the resource's own segment.
fn path_name(op: &NamingInput<'_>, resource: &[String], short: bool) -> String {
    let mut words = vec![op.http_method.to_ascii_lowercase()];
    for segment in op.path.split('/').filter(|s| !s.is_empty()) {
        // The version stays in the longest form: it tells `/v2/things` from `/v1/things`.
        if is_prefix_segment(segment) && (short || segment.eq_ignore_ascii_case("api")) {
            continue;
        }
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push("by".to_owned());
            words.extend(words_of(param));
            continue;
        }
        let segment_words = words_of(segment);
        if short && is_resource_phrase(&segment_words, resource) {
            continue;
        }
        words.extend(segment_words);
    }
    words.join("_")
}

#[cfg(test)]
#[path = "method_names_tests.rs"]
mod tests;
