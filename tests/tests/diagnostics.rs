//! Bad inputs and the exact messages they must produce: errors (nothing generated) or warnings
//! (a crate generated with the affected items degraded). Each case under `tests/diagnostics/`
//! holds an `openapi.yaml`, maybe an `sdk.yaml`, and `expected.txt`; the inputs are shown as
//! `spec/openapi.yaml` and `spec/sdk.yaml`, as a maintainer running the generator would see them;
//! other files beside them are what the spec's relative `$ref`s read.
//! `UPDATE_SNAPSHOTS=1` rewrites the expected texts (review the diff).

use generator::{GenerateError, Sources, generate, generate_with, load::FolderFiles};
use std::fs;
use tests::snapshot::{repo_root, updating};

fn render_case(name: &str) -> String {
    let dir = repo_root().join("tests/diagnostics").join(name);
    let spec_text = fs::read_to_string(dir.join("openapi.yaml")).unwrap();
    let config_text = fs::read_to_string(dir.join("sdk.yaml")).ok();
    let sources = Sources {
        spec_path: "spec/openapi.yaml",
        spec_text: &spec_text,
        config_path: "spec/sdk.yaml",
        config_text: config_text.as_deref(),
    };
    match generate_with(&sources, &FolderFiles::new(&dir)) {
        Err(GenerateError::Invalid(diagnostics)) => format!("{diagnostics}\n"),
        Err(GenerateError::Internal(message)) => {
            panic!("case `{name}` hit an internal error instead of a diagnostic:\n{message}")
        }
        Ok(generated) => {
            assert!(
                generated.warnings.warnings() > 0,
                "case `{name}` generated a crate without a word; a bad input must be reported"
            );
            format!("{}\n", generated.warnings)
        }
    }
}

#[test]
fn every_bad_input_gets_its_exact_messages() {
    let root = repo_root().join("tests/diagnostics");
    let mut names: Vec<String> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 6, "diagnostic cases went missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let actual = render_case(name);
        let expected_path = root.join(name).join("expected.txt");
        if updating() {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "case `{name}`:\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nTo accept the new messages: UPDATE_SNAPSHOTS=1 cargo test -p tests --test diagnostics",
        failures.join("\n")
    );
}

/// The diagnostics (errors, or the warnings of a degraded crate) of generating from
/// `spec_text`, as a maintainer reads them.
fn render_spec(spec_path: &str, spec_text: &str) -> String {
    let sources = Sources {
        spec_path,
        spec_text,
        config_path: "spec/sdk.yaml",
        config_text: None,
    };
    match generate(&sources) {
        Err(GenerateError::Invalid(diagnostics)) => diagnostics.to_string(),
        Err(GenerateError::Internal(message)) => panic!("internal error: {message}"),
        Ok(generated) => generated.warnings.to_string(),
    }
}

/// The same four problems in a YAML and a JSON spec: each line is `file:line:column: pointer:
/// message`, in the order the problems appear in the file (the JSON file puts the components
/// first), not in pointer order.
#[test]
fn yaml_and_json_specs_are_located_by_line_and_column_in_document_order() {
    let yaml = "openapi: 3.0.3\n\
                info: {title: Located, version: '1'}\n\
                paths:\n  \
                  /b/{id}:\n    \
                    get:\n      \
                      parameters:\n        \
                        - {name: other, in: path, required: true, schema: {type: string}}\n      \
                      responses:\n        \
                        '200':\n          \
                          description: ok\n          \
                          content:\n            \
                            application/json:\n              \
                              schema: {$ref: '#/components/schemas/Nope'}\n\
                components:\n  \
                  schemas:\n    \
                    A:\n      \
                      type: object\n      \
                      properties:\n        \
                        b: {$ref: '#/components/schemas/Missing'}\n";
    assert_eq!(
        render_spec("spec/openapi.yaml", yaml),
        "warning: spec/openapi.yaml:5:5: #/paths/~1b~1{id}/get: path template `/b/{id}` has `{id}` but the operation declares no path parameter `id`; it is taken as a string\n  \
         hint: declare it under `parameters` with `in: path`\n\
         warning: spec/openapi.yaml:7:12: #/paths/~1b~1{id}/get/parameters/0: path parameter `other` does not appear in the path template `/b/{id}`; it is left out\n  \
         hint: rename the parameter or add `{name}` to the path\n\
         warning: spec/openapi.yaml:13:15: #/paths/~1b~1{id}/get/responses/200/content/application~1json/schema: dangling $ref `#/components/schemas/Nope`: no such schema in this document\n  \
         hint: the value is kept as `serde_json::Value`\n\
         warning: spec/openapi.yaml:19:9: #/components/schemas/A/properties/b: dangling $ref `#/components/schemas/Missing`: no such schema in this document\n  \
         hint: the value is kept as `serde_json::Value`\n\
         4 warnings: the affected items are degraded and documented (`--deny-warnings` makes them errors; `warnings.acknowledge` in sdk.yaml silences one by pointer)"
    );
    let json = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Located \ud83d\udc4d", "version": "1"},
  "components": {
    "schemas": {
      "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Missing"}}}
    }
  },
  "paths": {
    "/b/{id}": {
      "get": {
        "parameters": [{"name": "other", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}
      }
    }
  }
}
"##;
    assert_eq!(
        render_spec("spec/openapi.json", json),
        "warning: spec/openapi.json:6:46: #/components/schemas/A/properties/b: dangling $ref `#/components/schemas/Missing`: no such schema in this document\n  \
         hint: the value is kept as `serde_json::Value`\n\
         warning: spec/openapi.json:11:7: #/paths/~1b~1{id}/get: path template `/b/{id}` has `{id}` but the operation declares no path parameter `id`; it is taken as a string\n  \
         hint: declare it under `parameters` with `in: path`\n\
         warning: spec/openapi.json:12:24: #/paths/~1b~1{id}/get/parameters/0: path parameter `other` does not appear in the path template `/b/{id}`; it is left out\n  \
         hint: rename the parameter or add `{name}` to the path\n\
         warning: spec/openapi.json:13:85: #/paths/~1b~1{id}/get/responses/200/content/application~1json/schema: dangling $ref `#/components/schemas/Nope`: no such schema in this document\n  \
         hint: the value is kept as `serde_json::Value`\n\
         4 warnings: the affected items are degraded and documented (`--deny-warnings` makes them errors; `warnings.acknowledge` in sdk.yaml silences one by pointer)"
    );
}

/// A JSON syntax error is located by the JSON parser.
#[test]
fn a_json_syntax_error_is_located() {
    let json =
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\" \"version\": \"1\"}\n}\n";
    assert_eq!(
        render_spec("spec/openapi.json", json),
        "spec/openapi.json:3:25: #: invalid JSON: expected `,` or `}`\n\
         1 problem found; nothing was written"
    );
}
