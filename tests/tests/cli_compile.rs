//! The command-line tool of every crate the generator makes — each golden fixture and each
//! real-world document — compiled with its `cli` feature: `cargo clippy -D warnings` (no dead code
//! for any mix of flags, bodies and responses) and the crates' own unit test that asks clap to
//! validate the whole command tree (unique names, valid ids), which a debug build of the tool
//! would otherwise only find when run. Slow (Stripe), so ignored by default like `real_specs`:
//! `cargo test -p tests --test cli_compile -- --ignored --nocapture`.

use generator::load::{FolderFiles, NoFiles, SpecFiles};
use generator::{Sources, generate_with, sync};
use std::fs;
use std::path::Path;
use tests::snapshot::repo_root;

/// Real-world documents that generate a crate with operations (see `real_specs.rs`).
const REAL: &[&str] = &[
    "api-with-examples",
    "callback-example",
    "link-example",
    "petstore-expanded",
    "quayio",
    "stripe",
];

#[test]
#[ignore = "slow: compiles every generated CLI; not in CI (time), run it locally"]
fn every_generated_cli_compiles_cleanly_and_has_a_valid_command_tree() {
    let root = repo_root();
    let out = root.join("target/cli-compile");
    let _ = fs::remove_dir_all(out.join("crates"));
    let mut packages = Vec::new();
    let fixtures = root.join("tests/fixtures");
    let mut names: Vec<String> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| fixtures.join(name).join("openapi.yaml").exists())
        .collect();
    names.sort();
    for name in &names {
        let dir = fixtures.join(name);
        let config = fs::read_to_string(dir.join("sdk.yaml")).ok();
        let spec = fs::read_to_string(dir.join("openapi.yaml")).unwrap();
        // A multi-file fixture's other files are read from beside its spec.
        let files = FolderFiles::new(&dir);
        packages.extend(write_crate(
            &out,
            &format!("fixture-{name}"),
            &spec,
            config,
            &files,
        ));
    }
    for name in REAL {
        let spec =
            fs::read_to_string(root.join("tests/real-specs").join(format!("{name}.yaml"))).unwrap();
        packages.extend(write_crate(&out, name, &spec, None, &NoFiles));
    }
    let members: Vec<String> = packages.iter().map(|p| format!("\"crates/{p}\"")).collect();
    fs::write(
        out.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let features: Vec<String> = packages.iter().map(|p| format!("cli-{p}/cli")).collect();
    let features = features.join(",");
    cargo(
        &out,
        &[
            "clippy",
            "--all-targets",
            "--features",
            &features,
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &out,
        &["test", "--lib", "--features", &features, "--", "cli::tests"],
    );
}

/// Generates one crate (named `cli-<dir>` so that names never clash) under `out/crates/<dir>`;
/// `None` when the document has no operations (no CLI).
fn write_crate(
    out: &Path,
    dir: &str,
    spec: &str,
    config: Option<String>,
    files: &dyn SpecFiles,
) -> Option<String> {
    let mut settings: serde_yaml::Value =
        serde_yaml::from_str(config.as_deref().unwrap_or("{}")).unwrap();
    if settings.is_null() {
        settings = serde_yaml::Value::Mapping(Default::default());
    }
    let root = settings.as_mapping_mut().expect("sdk.yaml is a mapping");
    let krate = root
        .entry("crate".into())
        .or_insert_with(|| serde_yaml::Value::Mapping(Default::default()));
    krate
        .as_mapping_mut()
        .expect("`crate` is a mapping")
        .insert("name".into(), format!("cli-{dir}").into());
    let config = serde_yaml::to_string(&settings).unwrap();
    let sources = Sources {
        spec_path: dir,
        spec_text: spec,
        config_path: "sdk.yaml",
        config_text: Some(&config),
    };
    let generated = generate_with(&sources, files).unwrap_or_else(|err| panic!("{dir}: {err}"));
    if !generated.files.contains_key("src/cli.rs") {
        return None;
    }
    let path = out.join("crates").join(dir);
    let plan = sync::plan_sync(&path, &generated.files).unwrap();
    sync::apply_sync(&path, &generated.files, &plan).unwrap();
    Some(dir.to_owned())
}

/// Runs cargo in the scratch workspace with its own target directory (the outer `cargo test`
/// may hold the workspace's).
fn cargo(workspace: &Path, args: &[&str]) {
    let status = tests::scratch::cargo(workspace)
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .status()
        .expect("run cargo");
    assert!(
        status.success(),
        "cargo {} failed (see the output above)",
        args.join(" ")
    );
}
