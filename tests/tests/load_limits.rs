//! Loading never hangs, never panics and never refuses valid input: one bad value under 40
//! nested schemas is located in a moment (it took hours, doubling per level), non-finite numeric
//! keywords are located warnings and dropped (they panicked inside `openapiv3`), JSON is read as JSON (a
//! surrogate-pair escape was refused by the YAML parser), integer keywords beyond 64 bits load,
//! and every schema on an alias cycle is reported and kept as `serde_json::Value`.

use generator::{GenerateError, Generated, Sources, generate};
use std::sync::mpsc;
use std::time::Duration;

/// The summary line after the warnings of a run that generated.
const SUMMARY: &str = ": the affected items are degraded and documented (`--deny-warnings` makes them errors; `warnings.acknowledge` in sdk.yaml silences one by pointer)";

fn run(spec_path: &str, spec_text: &str) -> Result<Generated, GenerateError> {
    generate(&Sources {
        spec_path,
        spec_text,
        config_path: "sdk.yaml",
        config_text: None,
    })
}

/// The warnings of a crate generated with degraded items, as a maintainer reads them.
fn warnings_of(spec_path: &str, spec_text: &str) -> String {
    match run(spec_path, spec_text) {
        Ok(generated) => generated.warnings.to_string(),
        Err(err) => panic!("{spec_path} was refused: {err}"),
    }
}

/// `levels` schemas nested alternately through `allOf` and `properties`, with a string for
/// `maxLength` at the bottom; returns the text and the pointer of the bad value.
fn nested_spec(levels: usize) -> (String, String) {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n",
    );
    let mut pointer = String::from("#/components/schemas/Deep");
    let mut indent = 6;
    for level in 0..levels {
        let pad = " ".repeat(indent);
        if level % 2 == 0 {
            text += &format!("{pad}allOf:\n{pad}  - properties:\n{pad}      p{level}:\n");
            pointer += &format!("/allOf/0/properties/p{level}");
            indent += 8;
        } else {
            text += &format!("{pad}properties:\n{pad}  q{level}:\n");
            pointer += &format!("/properties/q{level}");
            indent += 4;
        }
    }
    let pad = " ".repeat(indent);
    text += &format!("{pad}type: string\n{pad}maxLength: many\n");
    (text, format!("{pointer}/maxLength"))
}

#[test]
fn one_bad_value_under_forty_nested_schemas_is_located_without_hanging() {
    let (text, pointer) = nested_spec(40);
    let line = text.lines().count();
    let column = text.lines().last().unwrap().find("maxLength").unwrap() + 1;
    let (sender, receiver) = mpsc::channel();
    // The document now generates, and lowering 40 nested inline models recurses deeper than a
    // spawned thread's default 2 MiB stack allows in a debug build (the main thread has 8 MiB).
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let _ = sender.send(warnings_of("deep.yaml", &text));
        })
        .unwrap();
    // A generous bound: the check takes milliseconds; before, 40 levels took hours.
    let report = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("loading 40 nested schemas did not finish within 60 s");
    assert_eq!(
        report,
        format!(
            "warning: deep.yaml:{line}:{column}: {pointer}: `maxLength` must be a number, found a string; the keyword is ignored\n  \
             hint: see the OpenAPI 3.0 Schema Object for the keyword's type\n\
             1 warning{SUMMARY}"
        )
    );
}

#[test]
fn non_finite_numeric_keywords_are_located_warnings_not_panics() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {type: number, maximum: .inf}\n    \
                B: {type: string, minLength: .nan}\n    \
                C:\n      type: object\n      properties:\n        c: {type: integer, multipleOf: -.inf}\n";
    assert_eq!(
        warnings_of("inf.yaml", spec),
        format!(
            "warning: inf.yaml:6:23: #/components/schemas/A/maximum: `maximum` must be a finite number, found .inf; the keyword is ignored\n  \
             hint: leave the keyword out for no bound\n\
             warning: inf.yaml:7:23: #/components/schemas/B/minLength: `minLength` must be a finite number, found .nan; the keyword is ignored\n  \
             hint: see the OpenAPI 3.0 Schema Object for the keyword's type\n\
             warning: inf.yaml:11:28: #/components/schemas/C/properties/c/multipleOf: `multipleOf` must be a finite number, found -.inf; the keyword is ignored\n  \
             hint: leave the keyword out for no bound\n\
             3 warnings{SUMMARY}"
        )
    );
}

#[test]
fn a_schema_the_model_cannot_read_is_located_and_kept_as_json() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A:\n      properties:\n        a: [1, 2]\n";
    let report = warnings_of("bad.yaml", spec);
    assert!(
        report.starts_with(
            "warning: bad.yaml:8:9: #/components/schemas/A/properties/a: not a valid schema: "
        ),
        "{report}"
    );
}

#[test]
fn json_is_read_with_a_json_parser() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "Thumbs \ud83d\udc4d", "version": "1.0.0"},
      "paths": {}, "components": {"schemas": {"Id": {"type": "integer", "minimum": -9223372036854775808}}}}"#;
    let generated = run("thumbs.json", spec).unwrap_or_else(|err| panic!("{err}"));
    assert!(generated.files["README.md"].contains("Thumbs 👍"));
}

#[test]
fn integer_keywords_beyond_64_bits_are_clamped() {
    let yaml = "openapi: 3.0.3\ninfo: {title: Big, version: '1.0.0'}\npaths: {}\ncomponents:\n  schemas:\n    \
                Id: {type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999}\n    \
                Name: {type: string, maxLength: 99999999999999999999, minLength: -1}\n    \
                Holder:\n      type: object\n      properties: {id: {$ref: '#/components/schemas/Id'}}\n";
    let generated = run("big.yaml", yaml).unwrap_or_else(|err| panic!("{err}"));
    let models = &generated.files["src/models.rs"];
    // The bounds still fit the integer model: the type stays `i64`, not `serde_json::Value`.
    assert!(models.contains("pub type Id = i64;"), "{models}");
    let json = r#"{"openapi": "3.0.3", "info": {"title": "Big", "version": "1.0.0"}, "paths": {},
      "components": {"schemas": {"Id": {"type": "integer", "maximum": 99999999999999999999}}}}"#;
    run("big.json", json).unwrap_or_else(|err| panic!("{err}"));
}

/// pydantic writes `minimum: 0.0` on integers; the model reads integer bounds as `i64`, and a
/// float there used to turn the whole field into `serde_json::Value`, without a word.
#[test]
fn float_bounds_of_an_integer_schema_keep_it_an_integer() {
    let yaml = "openapi: 3.1.0\ninfo: {title: Sizes, version: '1.0.0'}\npaths: {}\ncomponents:\n  schemas:\n    \
                File:\n      type: object\n      properties:\n        \
                size: {anyOf: [{type: integer, minimum: 0.0}, {type: 'null'}]}\n        \
                count: {type: integer, exclusiveMinimum: 0.5, maximum: 10.5}\n        \
                step: {type: integer, multipleOf: 0.5}\n";
    let generated = run("sizes.yaml", yaml).unwrap_or_else(|err| panic!("{err}"));
    let models = &generated.files["src/models.rs"];
    for field in [
        "pub size: Option<i64>,",
        "pub count: Option<i64>,",
        "pub step: Option<i64>,",
    ] {
        assert!(models.contains(field), "no `{field}` in {models}");
    }
    // The bounds round to the integers they admit; a fractional `multipleOf` has no integer
    // form, and is dropped with a located warning.
    let report = generated.warnings.to_string();
    assert_eq!(generated.warnings.warnings(), 1, "{report}");
    assert!(
        report.contains("`multipleOf` of an integer schema must be a whole number, found 0.5"),
        "{report}"
    );
}

#[test]
fn every_schema_on_an_alias_cycle_is_reported_once_and_kept_as_json() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    \
                B: {allOf: [{$ref: '#/components/schemas/C'}]}\n    \
                C: {allOf: [{$ref: '#/components/schemas/A'}]}\n    \
                D: {allOf: [{$ref: '#/components/schemas/A'}]}\n    \
                E: {allOf: [{$ref: '#/components/schemas/E'}]}\n";
    let generated = run("cycle.yaml", spec).unwrap_or_else(|err| panic!("{err}"));
    let report = generated.warnings.to_string();
    let pointers: Vec<&str> = report
        .lines()
        .filter(|line| line.contains("is an alias of itself"))
        .filter_map(|line| line.split(": ").nth(2))
        .collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/A",
            "#/components/schemas/B",
            "#/components/schemas/C",
            "#/components/schemas/E"
        ],
        "{report}"
    );
    // Each degrades to any JSON value, and its docs say why; `D` only refers to the cycle.
    let models = &generated.files["src/models.rs"];
    assert!(
        models.contains("/// - schema `E` is an alias of itself through other schemas; it is kept as `serde_json::Value`\npub type E = serde_json::Value;"),
        "{models}"
    );
    assert!(models.contains("pub type D = A;"), "{models}");
}

#[test]
fn repeated_all_of_parts_naming_themselves_do_not_make_lowering_exponential() {
    // Each component names itself (and the other) three times: walked part by part to the depth
    // cap, that was 3^16 merges (over 40 s for `A` alone); each `$ref` is now merged once per struct.
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A:\n      allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/A'}]\n      \
                properties: {a: {type: string}}\n    \
                B:\n      allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n      \
                properties: {b: {type: string}}\n    \
                U:\n      oneOf: [{allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/A'}]}]\n      \
                discriminator: {propertyName: kind}\n";
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let _ = sender.send(run("repeat.yaml", spec).map(|g| g.files["src/models.rs"].clone()));
        })
        .unwrap();
    // A generous bound against a hang, not a timing claim: it takes milliseconds.
    let models = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("lowering repeated allOf parts did not finish within 60 s")
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(models.contains("pub struct B"), "{models}");
}
