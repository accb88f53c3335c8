//! Same input → byte-identical output, whatever the order of the YAML's maps: paths, methods,
//! schemas, parameters, responses. (The order of properties within a schema is kept as written,
//! since it is the field order a reader expects; it is a list in spirit, not a lookup.)

use generator::{Generated, Sources, generate};
use serde_yaml::{Mapping, Value};
use std::fs;
use std::path::Path;
use tests::snapshot::repo_root;

/// Reverses the key order of every mapping except `properties` (and `required`, a list), at
/// every depth.
fn reorder(value: &mut Value, parent_key: Option<&str>) {
    match value {
        Value::Mapping(mapping) => {
            let mut entries: Vec<(Value, Value)> = std::mem::take(mapping).into_iter().collect();
            for (key, child) in &mut entries {
                reorder(child, key.as_str());
            }
            if parent_key != Some("properties") {
                entries.reverse();
            }
            *mapping = entries.into_iter().collect::<Mapping>();
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| reorder(item, None)),
        _ => {}
    }
}

fn generate_text(spec_text: &str, config_text: Option<&str>) -> Generated {
    let sources = Sources {
        spec_path: "spec.yaml",
        spec_text,
        config_path: "sdk.yaml",
        config_text,
    };
    generate(&sources).unwrap_or_else(|err| panic!("{err}"))
}

fn assert_order_independent(spec: &Path, config: Option<&Path>) {
    let text = fs::read_to_string(spec).unwrap();
    let config_text = config.map(|c| fs::read_to_string(c).unwrap());
    let original = generate_text(&text, config_text.as_deref());
    let mut value: Value = serde_yaml::from_str(&text).unwrap();
    reorder(&mut value, None);
    let shuffled_text = serde_yaml::to_string(&value).unwrap();
    assert_ne!(shuffled_text, text, "the reordering changed nothing");
    let shuffled = generate_text(&shuffled_text, config_text.as_deref());
    assert_eq!(
        original.files.keys().collect::<Vec<_>>(),
        shuffled.files.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &original.files {
        assert!(
            shuffled.files[path] == *contents,
            "{} differs after reordering the YAML's maps: {path}",
            spec.display()
        );
    }
    let again = generate_text(&text, config_text.as_deref());
    assert_eq!(
        original.files, again.files,
        "two runs on the same input differ"
    );
}

#[test]
fn the_chat_crate_does_not_depend_on_map_order() {
    let root = repo_root();
    assert_order_independent(
        &root.join("spec/openapi.yaml"),
        Some(&root.join("spec/sdk.yaml")),
    );
}

#[test]
fn derived_crates_do_not_depend_on_map_order() {
    for fixture in [
        "petstore",
        "petstore-expanded",
        "wire-formats",
        "tagged-union",
        "cursor-pages",
        "paging-styles",
        "formats",
    ] {
        let dir = repo_root().join("tests/fixtures").join(fixture);
        let config = dir.join("sdk.yaml");
        assert_order_independent(
            &dir.join("openapi.yaml"),
            config.exists().then_some(config.as_path()),
        );
    }
}
