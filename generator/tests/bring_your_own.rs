//! The README's "Bring your own API" steps, as a newcomer runs them: the generator binary, run
//! from a scratch folder that is part of an unrelated Cargo workspace, writes a starter `sdk.yaml`
//! (`init`, never over an existing file), generates a crate into a sub-folder, and Cargo accepts
//! that crate where it stands (`cargo metadata`) and packages it for crates.io without a
//! metadata warning (`cargo package --offline`, from the local registry cache; no network).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder holding a workspace (`app/` only) and the user's spec; removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("byo-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let scratch = Scratch(root);
        scratch.write("Cargo.toml", "[workspace]\nmembers = [\"app\"]\n");
        scratch.write(
            "app/Cargo.toml",
            "[package]\nname = \"app\"\nedition = \"2024\"\n",
        );
        scratch.write("app/src/lib.rs", "pub fn app() {}\n");
        let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/petstore-expanded/openapi.yaml");
        scratch.write("api/my.yaml", &fs::read_to_string(spec).unwrap());
        scratch
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.0.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.0.join(path)).unwrap()
    }

    /// The generator binary, run in the scratch folder.
    fn generator(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_generator"))
            .args(args)
            .current_dir(&self.0)
            .output()
            .unwrap()
    }

    /// Cargo, offline, in `dir` of the scratch folder, with a target folder of its own.
    fn cargo(&self, dir: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO"))
            .args(args)
            .arg("--offline")
            .current_dir(self.0.join(dir))
            .env("CARGO_TARGET_DIR", self.0.join("target"))
            .output()
            .unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_writes_a_starter_config_and_never_overwrites_it() {
    let scratch = Scratch::new("init");
    let first = scratch.generator(&["init", "--spec", "api/my.yaml"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let written = scratch.read("api/sdk.yaml");
    for line in [
        "  name: swagger-petstore",
        "  license: Apache-2.0",
        "  workspace: standalone",
        "  default_base_url: http://petstore.swagger.io/api",
        "    api_key: SWAGGER_PETSTORE_API_KEY",
        "  pets:",
        "      list: GET /pets",
        "      get: GET /pets/{id}",
    ] {
        assert!(written.lines().any(|l| l == line), "{line}\n{written}");
    }
    let second = scratch.generator(&["init", "--spec", "api/my.yaml"]);
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("already exists"),
        "{}",
        stderr(&second)
    );
    assert_eq!(scratch.read("api/sdk.yaml"), written);
}

/// The starter settings spell out what is derived: generating with them changes only the
/// workspace table of `Cargo.toml`.
#[test]
fn the_starter_config_generates_the_derived_crate() {
    let scratch = Scratch::new("same");
    let init = scratch.generator(&["init", "--spec", "api/my.yaml", "--out", "starter.yaml"]);
    assert!(init.status.success(), "{}", stderr(&init));
    for (config, out) in [("starter.yaml", "with"), ("/dev/null", "without")] {
        let run = scratch.generator(&["--spec", "api/my.yaml", "--config", config, "--out", out]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    for entry in fs::read_dir(scratch.0.join("without/src/resources")).unwrap() {
        let name = entry.unwrap().file_name();
        let name = format!("src/resources/{}", name.to_string_lossy());
        assert_eq!(
            scratch.read(&format!("with/{name}")),
            scratch.read(&format!("without/{name}")),
            "{name}"
        );
    }
    for file in ["src/lib.rs", "src/client.rs", "src/models.rs", "README.md"] {
        assert_eq!(
            scratch.read(&format!("with/{file}")),
            scratch.read(&format!("without/{file}")),
            "{file}"
        );
    }
}

#[test]
fn a_crate_generated_inside_another_workspace_is_accepted_and_packages_cleanly() {
    let scratch = Scratch::new("workspace");
    let init = scratch.generator(&["init", "--spec", "api/my.yaml"]);
    assert!(init.status.success(), "{}", stderr(&init));
    // The newcomer fills in the commented publish metadata.
    let config = scratch
        .read("api/sdk.yaml")
        .replace("  # repository:", "  repository:")
        .replace("  # homepage:", "  homepage:")
        .replace("  # documentation:", "  documentation:")
        .replace("  # keywords:", "  keywords:")
        .replace("  # categories:", "  categories:")
        .replace("  # authors:", "  authors:");
    scratch.write("api/sdk.yaml", &config);
    let run = scratch.generator(&["--spec", "api/my.yaml", "--out", "clients/petstore"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let manifest = scratch.read("clients/petstore/Cargo.toml");
    assert!(
        manifest.contains("\nlicense = \"Apache-2.0\"\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");

    let metadata = scratch.cargo(
        "clients/petstore",
        &["metadata", "--no-deps", "--format-version", "1"],
    );
    assert!(metadata.status.success(), "{}", stderr(&metadata));
    let package = scratch.cargo(
        "clients/petstore",
        &["package", "--no-verify", "--allow-dirty"],
    );
    assert!(package.status.success(), "{}", stderr(&package));
    assert!(
        !stderr(&package).contains("warning"),
        "{}",
        stderr(&package)
    );
}

/// What the two tests above guard against: a crate without publish metadata draws Cargo's
/// warning, and one that is a plain member is refused by the enclosing workspace.
#[test]
fn without_the_settings_cargo_warns_and_the_workspace_refuses() {
    let scratch = Scratch::new("defaults");
    scratch.write("standalone.yaml", "crate: {workspace: standalone}\n");
    let run = scratch.generator(&[
        "--spec",
        "api/my.yaml",
        "--config",
        "standalone.yaml",
        "--out",
        "bare",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let package = scratch.cargo("bare", &["package", "--no-verify", "--allow-dirty"]);
    assert!(
        stderr(&package).contains("manifest has no documentation, homepage or repository"),
        "{}",
        stderr(&package)
    );
    let run = scratch.generator(&[
        "--spec",
        "api/my.yaml",
        "--config",
        "/dev/null",
        "--out",
        "member",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let metadata = scratch.cargo(
        "member",
        &["metadata", "--no-deps", "--format-version", "1"],
    );
    assert!(!metadata.status.success());
    assert!(
        stderr(&metadata).contains("believes it's in a workspace when it's not"),
        "{}",
        stderr(&metadata)
    );
}
