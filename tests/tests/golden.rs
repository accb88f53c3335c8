//! Golden fixtures: small specs under `tests/fixtures/<name>/` (with an optional `sdk.yaml`),
//! each with the crate the generator must make of it checked in under `expected/`. The expected
//! crates are workspace members, so `cargo build --workspace` compiles every one of them and
//! clippy checks them like any other code.

use std::fs;
use tests::snapshot::{check_snapshot, generate_from, repo_root};

const FIX: &str = "UPDATE_SNAPSHOTS=1 cargo test -p tests --test golden";

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo_root().join("tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().join("openapi.yaml").exists())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_generates_its_expected_crate() {
    let names = fixture_names();
    assert!(names.len() >= 5, "fixtures went missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let dir = repo_root().join("tests/fixtures").join(name);
        let config = dir.join("sdk.yaml");
        let generated = generate_from(
            &dir.join("openapi.yaml"),
            config.exists().then_some(config.as_path()),
        );
        if let Err(report) = check_snapshot(&generated, &dir.join("expected"), FIX) {
            failures.push(format!("fixture `{name}`:\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The expected crates are compiled by being workspace members; make sure they still are.
#[test]
fn every_expected_crate_is_a_workspace_member() {
    let manifest = fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\"tests/fixtures/*/expected\""),
        "the workspace no longer builds the golden crates"
    );
    for name in fixture_names() {
        let expected = repo_root()
            .join("tests/fixtures")
            .join(&name)
            .join("expected/Cargo.toml");
        assert!(
            expected.exists(),
            "fixture `{name}` has no expected crate; run {FIX}"
        );
    }
}

/// Without `sdk.yaml`, names come from the spec: crate from the title, resources from tags,
/// methods from operationIds (`listPets` on `GET /pets` is `pets().list()`, `showPetById` on
/// `GET /pets/{petId}` is `pets().get()`).
#[test]
fn defaults_without_settings_follow_the_spec() {
    let dir = repo_root().join("tests/fixtures/petstore");
    assert!(!dir.join("sdk.yaml").exists());
    let generated = generate_from(&dir.join("openapi.yaml"), None);
    assert_eq!(generated.crate_name, "swagger-petstore");
    let pets = &generated.files["src/resources/pets.rs"];
    for method in ["pub fn list(", "pub fn create(", "pub fn get("] {
        assert!(pets.contains(method), "missing {method}");
    }
    assert!(generated.files["src/client.rs"].contains("\"SWAGGER_PETSTORE_BASE_URL\""));
}

/// A parameter in `#/components/parameters` that several operations reference is one type,
/// named after its component (fixture `enums`: `listOrders` and `listReturns` share
/// `direction` and `Priority`). Before, each operation had its own copy (`ListParamsDirection`,
/// `ListParamsDirection2`): PagerDuty's one `Content-Type` header enum was 334 types.
#[test]
fn a_shared_component_parameter_is_one_type() {
    let dir = repo_root().join("tests/fixtures/enums");
    let generated = generate_from(&dir.join("openapi.yaml"), None);
    let models = &generated.files["src/models.rs"];
    assert_eq!(models.matches("pub enum Direction {").count(), 1);
    // The schema `Priority` keeps its name; the parameter's items take the next one.
    assert!(models.contains("pub enum Priority {"));
    assert!(models.contains("pub enum PriorityParameterItem {"));
    assert!(!models.contains("Direction2") && !models.contains("ParamsDirection"));
    for resource in ["orders", "returns"] {
        let source = &generated.files[&format!("src/resources/{resource}.rs")];
        assert!(
            source.contains("pub direction: Option<crate::models::Direction>,")
                && source.contains(
                    "pub min_priority: Option<Vec<crate::models::PriorityParameterItem>>,"
                ),
            "{resource}"
        );
    }
}

/// One Rust type per distinct schema (Figma's shape, fixture `inherited-traits`): an inline
/// object reached through `allOf` is emitted once, named after the schema that writes it, and
/// every inheriting schema reuses it. The spec has 13 components and 11 inline objects and
/// enums; copying each inherited inline object per heir made 55 types.
#[test]
fn an_inline_object_inherited_through_all_of_is_one_type() {
    let dir = repo_root().join("tests/fixtures/inherited-traits");
    let generated = generate_from(&dir.join("openapi.yaml"), None);
    let models = &generated.files["src/models.rs"];
    let types: Vec<&str> = (models.lines())
        .filter_map(|line| {
            ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
        })
        .filter_map(|rest| rest.split([' ', '<', '=']).next())
        .collect();
    assert_eq!(types.len(), 24, "{types:?}");
    for shape in [
        "BoundVariablesIndividualStrokeWeights",
        "BoundVariablesSize",
        "BoundVariables",
        "BlendMode",
        "TraitIndividualStrokeWeights",
    ] {
        let named: Vec<_> = types.iter().filter(|t| t.ends_with(shape)).collect();
        assert_eq!(named.len(), 1, "{shape}: {named:?}");
    }
    // Every heir's field has the parent's type.
    let heirs = ["RectangleNode", "FrameNode", "RectangularShapeTraits"];
    let uses = models
        .matches("Option<IndividualStrokesTraitIndividualStrokeWeights>")
        .count();
    assert_eq!(
        uses,
        heirs.len() + 1,
        "IndividualStrokesTrait and its heirs"
    );
}
