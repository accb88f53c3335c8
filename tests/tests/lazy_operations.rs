//! Every operation method is `#[inline]` (`crate.compile_operations: in_caller`, the default),
//! so that rustc compiles an operation, with the request and decoding code of its types, in the
//! crate that calls it: an application builds only the operations it uses, and the generated
//! crate's own build shrinks (bench/README.md, "Compile time beside openapi-generator",
//! measures it); with `in_crate` none is. Held here for the chat spec and every fixture, since
//! the attribute changes nothing a behaviour test would see.

use std::fs;
use tests::snapshot::{generate_from, repo_root};

#[test]
fn every_operation_method_is_compiled_where_it_is_called() {
    let root = repo_root();
    let mut specs = vec![(
        root.join("spec/openapi.yaml"),
        Some(root.join("spec/sdk.yaml")),
    )];
    for entry in fs::read_dir(root.join("tests/fixtures")).unwrap().flatten() {
        let spec = entry.path().join("openapi.yaml");
        let config = entry.path().join("sdk.yaml");
        if spec.exists() {
            specs.push((spec, config.exists().then_some(config)));
        }
    }
    let (mut checked, mut missing) = (0, Vec::new());
    for (spec, config) in &specs {
        let generated = generate_from(spec, config.as_deref());
        let resources =
            (generated.files.iter()).filter(|(path, _)| path.starts_with("src/resources"));
        let before = checked;
        for (path, text) in resources {
            for name in operations_without_inline(text, &mut checked) {
                missing.push(format!("{}: {path}: {name}", spec.display()));
            }
        }
        // Each operation has its method (and maybe an `_auto_paging` twin): fewer methods
        // found than operations means one returns something this test does not look for.
        let found = checked - before;
        assert!(
            found >= generated.operations,
            "{}: {found} operation methods found for {} operations",
            spec.display(),
            generated.operations
        );
    }
    assert!(checked > 50, "only {checked} operation methods found");
    assert!(
        missing.is_empty(),
        "without #[inline]:\n{}",
        missing.join("\n")
    );
}

#[test]
fn in_crate_compiles_every_operation_in_the_generated_crate() {
    let root = repo_root();
    let spec = fs::read_to_string(root.join("spec/openapi.yaml")).unwrap();
    let config = "crate: {compile_operations: in_crate}\n";
    let sources = generator::Sources {
        spec_path: "openapi.yaml",
        spec_text: &spec,
        config_path: "sdk.yaml",
        config_text: Some(config),
    };
    let generated = generator::generate(&sources).unwrap_or_else(|err| panic!("{err}"));
    let mut checked = 0;
    for (path, text) in &generated.files {
        if path.starts_with("src/resources") {
            let before = checked;
            let missing = operations_without_inline(text, &mut checked);
            assert_eq!(
                missing.len(),
                checked - before,
                "{path}: an operation is #[inline]"
            );
        }
    }
    assert!(checked >= 6, "only {checked} operation methods found");
    assert!(!generated.files["README.md"].contains("`#[inline]`"));
}

/// The operation methods (those returning a `Call` or an `AutoPager`) of one resource file not
/// marked `#[inline]`; `checked` counts the operation methods seen.
fn operations_without_inline(text: &str, checked: &mut usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("pub fn ") else {
            continue;
        };
        // The signature: from `pub fn` to the line that opens the body.
        let end = (index..lines.len())
            .find(|&i| lines[i].trim_end().ends_with('{'))
            .unwrap_or(index);
        let signature = lines[index..=end].join(" ");
        if !signature.contains("-> crate::Call<") && !signature.contains("-> crate::AutoPager<") {
            continue;
        }
        *checked += 1;
        let attributes = (lines[..index].iter().rev())
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("#["));
        if !attributes.into_iter().any(|l| l == "#[inline]") {
            missing.push(rest.split('(').next().unwrap_or(rest).to_owned());
        }
    }
    missing
}
