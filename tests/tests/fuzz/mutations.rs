//! The fuzzer's mutations: a kind and three numbers that pick nodes and payloads, applied to
//! a parsed spec (a key deleted, a node replaced, a subtree duplicated, a hostile string, a
//! `$ref` bent, a `type` changed, unknown `required` names, a parameter moved, two siblings
//! swapped). The payload lists are the parent file's.

use super::*;

/// A mutation is a kind and three numbers that pick nodes and payloads, so proptest can shrink
/// it towards "fewer mutations, earlier nodes, simpler payloads".
#[derive(Clone, Debug)]
pub(super) struct Mutation {
    pub(super) kind: u8,
    pub(super) at: u32,
    pub(super) to: u32,
    pub(super) pick: u32,
}

pub(super) fn mutation() -> impl Strategy<Value = Mutation> {
    (0u8..9, any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(kind, at, to, pick)| Mutation {
        kind,
        at,
        to,
        pick,
    })
}

#[derive(Clone, Debug)]
enum Step {
    Key(Value),
    Index(usize),
}

/// Every node's path, parents before children (the root is the empty path).
fn paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(path.clone());
        match value {
            Value::Mapping(mapping) => {
                for (key, child) in mapping {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node<'v>(root: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(root, |value, step| match step {
        Step::Key(key) => value.as_mapping()?.get(key),
        Step::Index(index) => value.as_sequence()?.get(*index),
    })
}

fn node_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(root, |value, step| match step {
        Step::Key(key) => value.as_mapping_mut()?.get_mut(key),
        Step::Index(index) => value.as_sequence_mut()?.get_mut(*index),
    })
}

/// Picks one of `items` with `n`.
fn choose<T>(items: &[T], n: u32) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n as usize % items.len()])
}

fn hostile(n: u32) -> Value {
    Value::String(HOSTILE[n as usize % HOSTILE.len()].to_owned())
}

/// A scalar, sequence or mapping.
fn random_value(n: u32) -> Value {
    let mut mapping = Mapping::new();
    match n % 12 {
        0 => Value::Null,
        1 => Value::Bool(n % 24 == 1),
        2 => Value::Number(0.into()),
        3 => Value::Number((-1).into()),
        4 => Value::Number(1.5.into()),
        5 => Value::Number(i64::MAX.into()),
        6 | 7 => hostile(n / 12),
        8 => Value::Sequence(Vec::new()),
        9 => Value::Sequence(vec![hostile(n / 12), Value::Null]),
        10 => Value::Mapping(mapping),
        _ => {
            mapping.insert("type".into(), TYPES[(n / 12) as usize % TYPES.len()].into());
            mapping.insert("description".into(), hostile(n / 7));
            Value::Mapping(mapping)
        }
    }
}

/// Pointers that resolve, dangle, leave the document or are malformed.
fn random_pointer(document: &Value, n: u32) -> Value {
    let mut pointers: Vec<String> = [
        "#/components/schemas/Nope",
        "#/components/parameters/Nope",
        "#/paths/~1nope",
        "#",
        "",
        "#/",
        "other.yaml#/components/schemas/Pet",
        "https://example.com/schemas.json#/Pet",
        "#/components/schemas/\"pwned",
        "#/components/schemas/a~2b",
    ]
    .map(str::to_owned)
    .to_vec();
    if let Some(components) = document.get("components").and_then(Value::as_mapping) {
        for (kind, entries) in components {
            for key in entries.as_mapping().into_iter().flat_map(Mapping::keys) {
                let (Some(kind), Some(key)) = (kind.as_str(), key.as_str()) else {
                    continue;
                };
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers.push(format!("#/components/{kind}/{key}"));
            }
        }
    }
    Value::String(choose(&pointers, n).cloned().unwrap_or_default())
}

/// Paths of the nodes that satisfy `wanted`.
fn select(document: &Value, wanted: impl Fn(&[Step], &Value) -> bool) -> Vec<Vec<Step>> {
    paths(document)
        .into_iter()
        .filter(|path| node(document, path).is_some_and(|value| wanted(path, value)))
        .collect()
}

/// Mapping nodes, preferring those that hold `key` when `prefer` is set and there are any.
fn mappings_with(document: &Value, key: &str, prefer: bool) -> Vec<Vec<Step>> {
    let holding = select(document, |_, v| v.get(key).is_some());
    if prefer && !holding.is_empty() {
        holding
    } else {
        select(document, |_, v| v.is_mapping())
    }
}

fn set(document: &mut Value, path: &[Step], key: &str, value: Value) {
    if let Some(mapping) = node_mut(document, path).and_then(Value::as_mapping_mut) {
        mapping.insert(key.into(), value);
    }
}

pub(super) fn apply(document: &mut Value, m: &Mutation) {
    let prefer = !m.pick.is_multiple_of(4);
    match m.kind {
        0 => delete_key(document, m),
        1 => {
            let all = paths(document);
            if let Some(path) = choose(&all[1.min(all.len())..], m.at).cloned()
                && let Some(target) = node_mut(document, &path)
            {
                *target = random_value(m.pick);
            }
        }
        2 => duplicate_subtree(document, m),
        3 => hostile_string(document, m),
        4 => {
            let targets = select(document, |_, v| v.is_mapping());
            let pointer = random_pointer(document, m.pick);
            if let Some(path) = choose(&targets, m.at) {
                set(document, path, "$ref", pointer);
            }
        }
        5 => {
            let targets = mappings_with(document, "type", prefer);
            let ty = if m.pick.is_multiple_of(9) {
                Value::Sequence(vec!["string".into(), "null".into()])
            } else {
                TYPES[m.to as usize % TYPES.len()].into()
            };
            if let Some(path) = choose(&targets, m.at) {
                set(document, path, "type", ty);
            }
        }
        6 => unknown_required(document, m, prefer),
        7 => parameter_location(document, m, prefer),
        _ => swap_siblings(document, m),
    }
}

fn delete_key(document: &mut Value, m: &Mutation) {
    let keyed = select(document, |path, _| {
        matches!(path.last(), Some(Step::Key(_)))
    });
    let Some(path) = choose(&keyed, m.at) else {
        return;
    };
    let (Some(Step::Key(key)), parent) = (path.last(), &path[..path.len() - 1]) else {
        return;
    };
    if let Some(mapping) = node_mut(document, parent).and_then(Value::as_mapping_mut) {
        mapping.remove(key);
    }
}

fn duplicate_subtree(document: &mut Value, m: &Mutation) {
    let all = paths(document);
    let (Some(source), Some(target)) = (choose(&all, m.at), choose(&all, m.to)) else {
        return;
    };
    let Some(copy) = node(document, source).cloned() else {
        return;
    };
    let key = match source.last() {
        Some(Step::Key(key)) if m.pick.is_multiple_of(2) => key.clone(),
        _ => hostile(m.pick / 2),
    };
    match node_mut(document, target) {
        Some(Value::Mapping(mapping)) => {
            mapping.insert(key, copy);
        }
        Some(Value::Sequence(items)) => items.push(copy),
        Some(other) => *other = copy,
        None => {}
    }
}

fn hostile_string(document: &mut Value, m: &Mutation) {
    let strings = select(document, |_, v| v.is_string());
    let keyed = select(document, |path, _| {
        matches!(path.last(), Some(Step::Key(_)))
    });
    if m.pick.is_multiple_of(2) {
        if let Some(path) = choose(&strings, m.at)
            && let Some(target) = node_mut(document, path)
        {
            *target = hostile(m.to);
        }
        return;
    }
    // Rename a key (a property, path, schema, status code…), keeping its value.
    let Some(path) = choose(&keyed, m.at) else {
        return;
    };
    let (Some(Step::Key(key)), parent) = (path.last(), &path[..path.len() - 1]) else {
        return;
    };
    if let Some(mapping) = node_mut(document, parent).and_then(Value::as_mapping_mut)
        && let Some(value) = mapping.remove(key)
    {
        mapping.insert(hostile(m.to), value);
    }
}

fn unknown_required(document: &mut Value, m: &Mutation, prefer: bool) {
    let targets = mappings_with(document, "properties", prefer);
    let Some(path) = choose(&targets, m.at).cloned() else {
        return;
    };
    let mut names: Vec<Value> = node(document, &path)
        .and_then(|v| v.get("required"))
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    names.push(hostile(m.to));
    names.push("no_such_property".into());
    if let Some(first) = names.first().cloned() {
        names.push(first);
    }
    let value = if m.pick.is_multiple_of(7) {
        Value::Bool(true)
    } else {
        Value::Sequence(names)
    };
    set(document, &path, "required", value);
}

fn parameter_location(document: &mut Value, m: &Mutation, prefer: bool) {
    let location: Value = LOCATIONS[m.to as usize % LOCATIONS.len()].into();
    let parameters = select(document, |_, v| v.get("in").is_some());
    if prefer && let Some(path) = choose(&parameters, m.at) {
        set(document, path, "in", location);
        return;
    }
    // Add a parameter to an operation (a mapping with `responses`).
    let operations = select(document, |_, v| v.get("responses").is_some());
    let Some(path) = choose(&operations, m.at) else {
        return;
    };
    let mut parameter = Mapping::new();
    parameter.insert("name".into(), hostile(m.pick));
    parameter.insert("in".into(), location);
    parameter.insert("required".into(), Value::Bool(m.pick.is_multiple_of(3)));
    parameter.insert("schema".into(), random_value(m.pick / 3));
    if let Some(operation) = node_mut(document, path).and_then(Value::as_mapping_mut) {
        let list = operation
            .entry("parameters".into())
            .or_insert_with(|| Value::Sequence(Vec::new()));
        match list.as_sequence_mut() {
            Some(items) => items.push(Value::Mapping(parameter)),
            None => *list = Value::Sequence(vec![Value::Mapping(parameter)]),
        }
    }
}

fn swap_siblings(document: &mut Value, m: &Mutation) {
    let parents = select(document, |_, v| match v {
        Value::Mapping(mapping) => mapping.len() >= 2,
        Value::Sequence(items) => items.len() >= 2,
        _ => false,
    });
    let Some(path) = choose(&parents, m.at) else {
        return;
    };
    match node_mut(document, path) {
        Some(Value::Sequence(items)) => {
            let (i, j) = (m.to as usize % items.len(), m.pick as usize % items.len());
            items.swap(i, j);
        }
        Some(Value::Mapping(mapping)) => {
            let keys: Vec<Value> = mapping.keys().cloned().collect();
            let (a, b) = (
                keys[m.to as usize % keys.len()].clone(),
                keys[m.pick as usize % keys.len()].clone(),
            );
            let first = mapping.get(&a).cloned().unwrap_or_default();
            let second = mapping.insert(b, first).unwrap_or_default();
            mapping.insert(a, second);
        }
        _ => {}
    }
}
