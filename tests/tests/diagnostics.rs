//! Bad inputs and the exact messages they must produce: errors (nothing generated) or warnings
//! (a crate generated with the affected items degraded). Each case under `tests/diagnostics/`
//! holds an `openapi.yaml`, maybe an `sdk.yaml`, and `expected.txt`; the inputs are shown as
//! `spec/openapi.yaml` and `spec/sdk.yaml`, as a maintainer running the generator would see them.
//! `UPDATE_SNAPSHOTS=1` rewrites the expected texts (review the diff).

use generator::{GenerateError, Sources, generate};
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
    match generate(&sources) {
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
