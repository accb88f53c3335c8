//! Mutation fuzzing: the valid specs of this repository (`spec/openapi.yaml` and every golden
//! fixture), parsed as YAML, get one to five random mutations (a key deleted, a node replaced, a
//! subtree duplicated, a hostile string, a `$ref` bent, a `type` changed, unknown `required`
//! names, a parameter moved to `in: cookie`/`in: body`, two siblings swapped) and go through
//! `generator::generate`. The property: it never panics, and it either succeeds or reports
//! diagnostics; `GenerateError::Internal` means the generator rendered invalid Rust, a bug.
//!
//! Cases are deterministic (a fixed seed per shard) unless `PROPTEST_RNG_SEED` is set;
//! `PROPTEST_CASES` overrides the total number of cases. Failing inputs are shrunk by proptest
//! and reported as YAML; keep each as a regression test at the end of this file.

use generator::{GenerateError, Sources, generate};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde_yaml::{Mapping, Value};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tests::snapshot::repo_root;

/// Cases per run, over all shards (CI runs the debug test profile).
const CASES: u32 = 3000;
/// Shards run on their own threads, each with its own runner and seed.
const SHARDS: u32 = 4;
const SEED: u64 = 0x5eed_0a91;

/// Strings that try to break out of wherever they land.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "*/",
    "/*",
    "\"#",
    "\"]",
    "}",
    "};",
    "\n}\nfn pwned() {}\n",
    "\r\n#[no_mangle] pub extern fn pwned_x(){}",
    "/// pwned",
    "//! pwned",
    "{{ pwned }}",
    "{% for x in y %}",
    "{%- raw -%}",
    "r#\"",
    "\\",
    "\u{0007}",
    "\u{202E}pwned",
    "\u{2066}",
    "a\u{200D}b",
    "名前",
    "naïve",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "new",
    "Option",
    "1st",
    "-1",
    "Unknown",
    "```rust\nfn pwned() {}\n```",
    "- ```rust\n  pwned();\n  ```",
    "~1",
    "{id}",
    "/{id}",
    "$ref",
    "application/json",
    "https://x.example.com/\"pwned",
    "#/components/schemas/",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "", "file", "Pet",
];

const LOCATIONS: &[&str] = &["cookie", "body", "path", "query", "header", "formData", ""];

/// One spec of the corpus: its name, document and settings.
struct Seed {
    name: String,
    document: Value,
    config: Option<String>,
}

fn corpus() -> Vec<Seed> {
    let root = repo_root();
    let mut dirs: Vec<PathBuf> = vec![root.join("spec")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("openapi.yaml").exists())
        .collect();
    fixtures.sort();
    dirs.extend(fixtures);
    dirs.iter()
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("openapi.yaml")).unwrap();
            Seed {
                name: dir.strip_prefix(&root).unwrap().display().to_string(),
                document: serde_yaml::from_str(&text).unwrap(),
                config: std::fs::read_to_string(dir.join("sdk.yaml")).ok(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/// A mutation is a kind and three numbers that pick nodes and payloads, so proptest can shrink
/// it towards "fewer mutations, earlier nodes, simpler payloads".
#[derive(Clone, Debug)]
struct Mutation {
    kind: u8,
    at: u32,
    to: u32,
    pick: u32,
}

fn mutation() -> impl Strategy<Value = Mutation> {
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

fn apply(document: &mut Value, m: &Mutation) {
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

// ---------------------------------------------------------------------------------------------
// The property.

/// How the inputs of a run turned out.
#[derive(Default)]
struct Tally {
    generated: AtomicUsize,
    invalid: AtomicUsize,
}

/// Runs the generator on `spec_text`; `Err` describes a violation of the property.
fn check_spec(spec_text: &str, config_text: Option<&str>) -> Result<bool, String> {
    let sources = Sources {
        spec_path: "fuzz/openapi.yaml",
        spec_text,
        config_path: "fuzz/sdk.yaml",
        config_text,
    };
    match catch_unwind(AssertUnwindSafe(|| generate(&sources))) {
        Ok(Ok(_)) => Ok(true),
        Ok(Err(GenerateError::Invalid(_))) => Ok(false),
        Ok(Err(GenerateError::Internal(message))) => Err(format!("internal error: {message}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("the generator panicked: {message}"))
        }
    }
}

fn mutated(seed: &Seed, mutations: &[Mutation]) -> Value {
    let mut document = seed.document.clone();
    for m in mutations {
        apply(&mut document, m);
    }
    document
}

fn config(shard: u32) -> Config {
    let defaults = Config::default();
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => defaults.cases,
        Err(_) => CASES,
    };
    let seed = match defaults.rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => SEED,
    };
    Config {
        cases: cases.div_ceil(SHARDS),
        rng_seed: RngSeed::Fixed(seed.wrapping_add(u64::from(shard))),
        failure_persistence: None,
        ..defaults
    }
}

fn run_shard(corpus: &[Seed], shard: u32, tally: &Tally) -> Result<(), String> {
    let strategy = (0..corpus.len(), prop::collection::vec(mutation(), 1..=5));
    let mut runner = TestRunner::new(config(shard));
    let result = runner.run(&strategy, |(index, mutations)| {
        let document = mutated(&corpus[index], &mutations);
        let text =
            serde_yaml::to_string(&document).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match check_spec(&text, corpus[index].config.as_deref()) {
            Ok(true) => tally.generated.fetch_add(1, Ordering::Relaxed),
            Ok(false) => tally.invalid.fetch_add(1, Ordering::Relaxed),
            Err(violation) => return Err(TestCaseError::fail(violation)),
        };
        Ok(())
    });
    match result {
        Ok(()) => Ok(()),
        Err(TestError::Fail(reason, (index, mutations))) => {
            let seed = &corpus[index];
            let yaml = serde_yaml::to_string(&mutated(seed, &mutations)).unwrap_or_default();
            Err(format!(
                "shard {shard}: {reason}\nspec: {} (sdk.yaml: {})\nmutations: {mutations:?}\n--- minimal input\n{yaml}",
                seed.name,
                seed.config.is_some()
            ))
        }
        Err(TestError::Abort(reason)) => Err(format!("shard {shard}: aborted: {reason}")),
    }
}

#[test]
fn mutated_specs_never_panic_the_generator() {
    let corpus = corpus();
    assert!(corpus.len() >= 6, "the corpus went missing");
    let tally = Tally::default();
    let started = Instant::now();
    let (corpus, tally) = (&corpus, &tally);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..SHARDS)
            .map(|shard| scope.spawn(move || run_shard(corpus, shard, tally)))
            .collect();
        workers
            .into_iter()
            .filter_map(|worker| worker.join().expect("a shard panicked").err())
            .collect()
    });
    let (generated, invalid) = (
        tally.generated.load(Ordering::Relaxed),
        tally.invalid.load(Ordering::Relaxed),
    );
    eprintln!(
        "fuzz: {} cases in {:.1?}: {generated} generated, {invalid} rejected with diagnostics",
        generated + invalid,
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        generated > 0 && invalid > 0,
        "the mutations stopped mattering"
    );
}

/// The mutations themselves: each kind changes the document, deterministically.
#[test]
fn every_mutation_kind_changes_a_spec() {
    let corpus = corpus();
    let petstore = corpus
        .iter()
        .find(|seed| seed.name.ends_with("petstore"))
        .expect("the petstore fixture");
    for kind in 0..9 {
        let changed = (0..20u32).any(|n| {
            let m = Mutation {
                kind,
                at: n * 7 + 3,
                to: n * 5 + 1,
                pick: n + 1,
            };
            let once = mutated(petstore, std::slice::from_ref(&m));
            let again = mutated(petstore, std::slice::from_ref(&m));
            assert_eq!(once, again, "mutation {m:?} is not deterministic");
            once != petstore.document
        });
        assert!(changed, "mutation kind {kind} never changes the petstore");
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs the fuzzer found, minimised. Each failed before its fix.

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

#[test]
fn component_ref_cycles_degrade_and_do_not_overflow_the_stack() {
    const NAME: &str = "component_ref_cycles_degrade_and_do_not_overflow_the_stack";
    let spec = format!(
        "{HEAD}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/A'}}\n    \
         C: {{type: object, properties: {{a: {{$ref: '#/components/schemas/A'}}}}}}\n"
    );
    if std::env::var_os("FUZZ_REGRESSION_CHILD").is_some() {
        // A loop has no type: it degrades to `serde_json::Value` (warning `ref-cycle`).
        assert_eq!(check_spec(&spec, None), Ok(true), "must generate, degraded");
        return;
    }
    // A stack overflow cannot be caught: run the case in a child process.
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([NAME, "--exact", "--nocapture"])
        .env("FUZZ_REGRESSION_CHILD", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{spec}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_component_that_refers_to_itself_degrades_with_a_warning() {
    let spec =
        format!("{HEAD}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/A'}}\n");
    let sources = Sources {
        spec_path: "fuzz/openapi.yaml",
        spec_text: &spec,
        config_path: "fuzz/sdk.yaml",
        config_text: None,
    };
    let generated = generate(&sources).unwrap_or_else(|err| panic!("{err}"));
    let kinds: Vec<&str> = (generated.warnings.items.iter())
        .map(|warning| warning.kind)
        .collect();
    assert_eq!(kinds, ["ref-cycle"], "{}", generated.warnings);
    assert!(generated.files["src/models.rs"].contains("pub type A = serde_json::Value;"));
}
