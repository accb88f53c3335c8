//! The version across runs, end to end through the binary: a breaking change written without a
//! bump is recorded as pending in api.lock, so `--check` still fails after the write; bumping
//! `crate.version` settles it; `crate.bump: auto` bumps by itself and `off` enforces nothing;
//! CHANGELOG.md gets each report under the version that carries it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
    delete:
      operationId: deletePet
      tags: [pets]
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64}
"#;

const DELETE: &str = "    delete:\n      operationId: deletePet\n      tags: [pets]\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: gone}}\n";

struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let dir =
            std::env::temp_dir().join(format!("generator-release-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Project { dir }
    }

    fn write(&self, spec: &str, settings: &str) {
        fs::write(self.dir.join("openapi.yaml"), spec).unwrap();
        fs::write(self.dir.join("sdk.yaml"), settings).unwrap();
    }

    fn run(&self, extra: &[&str]) -> Output {
        let path = |name: &str| self.dir.join(name).to_str().unwrap().to_owned();
        let mut args = vec![
            "--spec".to_owned(),
            path("openapi.yaml"),
            "--config".to_owned(),
            path("sdk.yaml"),
            "--out".to_owned(),
            path("out"),
        ];
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        std::process::Command::new(env!("CARGO_BIN_EXE_generator"))
            .args(args)
            .output()
            .unwrap()
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.dir.join("out").join(file)).unwrap()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_code(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The changelog from its first version heading on (the header is the same in every crate).
fn sections(changelog: &str) -> &str {
    &changelog[changelog.find("\n## ").expect("a version heading") + 1..]
}

const REMOVED_DELETE: &str = r#"Changes since 0.1.0: 1 in all, 1 breaking for Rust callers, 1 on the wire; they need a minor (0.x: a breaking change bumps the minor) release.

### `pets.delete` (DELETE "/pets/{petId}")

- `pets.delete`: operation removed
  - spec: `#/paths/~1pets~1{petId}/delete`
  - Rust: **breaking**: the method is gone, so calls to it stop compiling
  - wire: **breaking**: old clients still call DELETE "/pets/{petId}", which the spec no longer describes
"#;

#[test]
fn a_break_written_without_a_bump_fails_the_check_until_the_version_is_bumped() {
    let project = Project::new("pending");
    project.write(SPEC, "crate: {name: pets, version: 0.1.0}\n");
    assert_code(&project.run(&[]), 0);
    assert_eq!(
        sections(&project.read("CHANGELOG.md")),
        "## 0.1.0\n\nThe first generated version: 3 operations, 1 model.\n"
    );

    project.write(
        &SPEC.replace(DELETE, ""),
        "crate: {name: pets, version: 0.1.0}\n",
    );
    let written = project.run(&[]);
    assert_code(&written, 0);
    assert!(
        text(&written.stderr).contains("bump `crate.version` in sdk.yaml to at least 0.2.0"),
        "{}",
        text(&written.stderr)
    );
    assert!(
        project
            .read("api.lock")
            .contains("\ncrate pets 0.1.0\npending 0.1.0 breaking\n")
    );
    assert_eq!(
        sections(&project.read("CHANGELOG.md")),
        format!(
            "## Unreleased (needs version 0.2.0 or later)\n\n{REMOVED_DELETE}\n## 0.1.0\n\nThe first generated version: 3 operations, 1 model.\n"
        )
    );

    // The write replaced api.lock, yet the check still sees the break it recorded.
    let check = project.run(&["--check"]);
    assert_code(&check, 1);
    assert!(
        text(&check.stdout)
            .contains("api.lock records earlier changes since 0.1.0 that break Rust callers"),
        "{}",
        text(&check.stdout)
    );
    assert!(
        text(&check.stderr).contains("version 0.1.0 is lower than the changes above need (0.2.0)"),
        "{}",
        text(&check.stderr)
    );

    project.write(
        &SPEC.replace(DELETE, ""),
        "crate: {name: pets, version: 0.2.0}\n",
    );
    assert_code(&project.run(&[]), 0);
    assert!(
        project
            .read("api.lock")
            .contains("\ncrate pets 0.2.0\nauth none\n")
    );
    assert!(
        sections(&project.read("CHANGELOG.md"))
            .starts_with(&format!("## 0.2.0\n\n{REMOVED_DELETE}\n## 0.1.0\n")),
        "{}",
        project.read("CHANGELOG.md")
    );
    assert_code(&project.run(&["--check"]), 0);
}

#[test]
fn bump_auto_raises_the_version_and_off_enforces_nothing() {
    let project = Project::new("auto");
    project.write(SPEC, "crate: {name: pets, version: 0.1.0, bump: auto}\n");
    assert_code(&project.run(&[]), 0);

    project.write(
        &SPEC.replace(DELETE, ""),
        "crate: {name: pets, version: 0.1.0, bump: auto}\n",
    );
    assert_code(&project.run(&[]), 0);
    assert!(
        project
            .read("Cargo.toml")
            .contains("\nversion = \"0.2.0\"\n")
    );
    assert!(
        project
            .read("api.lock")
            .contains("\ncrate pets 0.2.0\nauth none\n")
    );
    assert!(
        sections(&project.read("CHANGELOG.md"))
            .starts_with(&format!("## 0.2.0\n\n{REMOVED_DELETE}"))
    );
    // sdk.yaml still says 0.1.0: the version in api.lock is the floor from now on.
    assert_code(&project.run(&["--check"]), 0);

    // An addition (the operation is back) in 0.x bumps the patch.
    project.write(SPEC, "crate: {name: pets, version: 0.1.0, bump: auto}\n");
    assert_code(&project.run(&[]), 0);
    assert!(
        project
            .read("Cargo.toml")
            .contains("\nversion = \"0.2.1\"\n"),
        "{}",
        project.read("Cargo.toml")
    );

    // `off`: the break is reported, written as is, and nothing is pending.
    project.write(
        &SPEC.replace(DELETE, ""),
        "crate: {name: pets, version: 0.2.1, bump: off}\n",
    );
    let written = project.run(&[]);
    assert_code(&written, 0);
    assert!(!project.read("api.lock").contains("\npending "));
    assert_code(&project.run(&["--check"]), 0);
}

#[test]
fn an_unknown_bump_policy_is_a_located_error() {
    let project = Project::new("policy");
    project.write(SPEC, "crate: {name: pets, bump: sometimes}\n");
    let output = project.run(&[]);
    assert_code(&output, 2);
    assert!(
        text(&output.stderr).contains("unknown bump policy `sometimes`"),
        "{}",
        text(&output.stderr)
    );
    assert!(!Path::new(&project.dir.join("out")).exists());
}
