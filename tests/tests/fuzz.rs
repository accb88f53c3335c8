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

// The mutations (a file of their own for length; a crate root's modules sit beside it, hence
// the path).
#[path = "fuzz/mutations.rs"]
mod mutations;
use mutations::{Mutation, apply, mutation};

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
