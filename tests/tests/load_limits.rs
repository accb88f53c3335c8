//! Loading never hangs, never panics and never refuses valid input: one bad value under 40
//! nested schemas is located in a moment (it took hours, doubling per level), non-finite numeric
//! keywords are located errors (they panicked inside `openapiv3`), JSON is read as JSON (a
//! surrogate-pair escape was refused by the YAML parser), integer keywords beyond 64 bits load,
//! and every schema on an alias cycle is reported.

use generator::{GenerateError, Generated, Sources, generate};
use std::sync::mpsc;
use std::time::Duration;

fn run(spec_path: &str, spec_text: &str) -> Result<Generated, GenerateError> {
    generate(&Sources {
        spec_path,
        spec_text,
        config_path: "sdk.yaml",
        config_text: None,
    })
}

fn diagnostics_of(spec_path: &str, spec_text: &str) -> String {
    match run(spec_path, spec_text) {
        Err(GenerateError::Invalid(diagnostics)) => diagnostics.to_string(),
        Err(GenerateError::Internal(message)) => panic!("internal error: {message}"),
        Ok(_) => panic!("{spec_path} generated a crate; it must be rejected"),
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
    std::thread::spawn(move || {
        let _ = sender.send(diagnostics_of("deep.yaml", &text));
    });
    // A generous bound: the check takes milliseconds; before, 40 levels took hours.
    let report = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("loading 40 nested schemas did not finish within 60 s");
    assert_eq!(
        report,
        format!(
            "deep.yaml:{line}:{column}: {pointer}: `maxLength` must be a number, found a string\n\
             1 problem found; nothing was written"
        )
    );
}

#[test]
fn non_finite_numeric_keywords_are_located_errors_not_panics() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {type: number, maximum: .inf}\n    \
                B: {type: string, minLength: .nan}\n    \
                C:\n      type: object\n      properties:\n        c: {type: integer, multipleOf: -.inf}\n";
    assert_eq!(
        diagnostics_of("inf.yaml", spec),
        "inf.yaml:6:23: #/components/schemas/A/maximum: `maximum` must be a finite number, found .inf\n  \
         hint: leave the keyword out for no bound\n\
         inf.yaml:7:23: #/components/schemas/B/minLength: `minLength` must be a finite number, found .nan\n  \
         hint: leave the keyword out for no bound\n\
         inf.yaml:11:28: #/components/schemas/C/properties/c/multipleOf: `multipleOf` must be a finite number, found -.inf\n  \
         hint: leave the keyword out for no bound\n\
         3 problems found; nothing was written"
    );
}

#[test]
fn a_schema_the_model_cannot_read_is_located() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A:\n      properties:\n        a: [1, 2]\n";
    let report = diagnostics_of("bad.yaml", spec);
    assert!(
        report
            .starts_with("bad.yaml:8:9: #/components/schemas/A/properties/a: not a valid schema: "),
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

#[test]
fn every_schema_on_an_alias_cycle_is_reported_once() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    \
                B: {allOf: [{$ref: '#/components/schemas/C'}]}\n    \
                C: {allOf: [{$ref: '#/components/schemas/A'}]}\n    \
                D: {allOf: [{$ref: '#/components/schemas/A'}]}\n    \
                E: {allOf: [{$ref: '#/components/schemas/E'}]}\n";
    let report = diagnostics_of("cycle.yaml", spec);
    let pointers: Vec<&str> = report
        .lines()
        .filter(|line| line.contains("is an alias of itself"))
        .filter_map(|line| line.split(": ").nth(1))
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
}
