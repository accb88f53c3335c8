//! The README's "Bring your own API" steps, as a newcomer runs them: the generator binary, run
//! from a scratch folder that is part of an unrelated Cargo workspace, writes a starter `sdk.yaml`
//! (`init`, never over an existing file), generates a crate into a sub-folder, and Cargo accepts
//! that crate where it stands (`cargo metadata`) and packages it for crates.io without a
//! metadata warning (`cargo package --offline`, from the local registry cache; no network), and
//! the default `crate.workspace: auto` joins the enclosing workspace only where it lists the crate.
//! One ignored test goes all the way: it builds the client offline and calls it on 127.0.0.1.

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
        "  workspace: auto",
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

/// The starter settings spell out what is derived: generating with them changes nothing.
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
    for file in [
        "src/lib.rs",
        "src/client.rs",
        "src/models.rs",
        "README.md",
        "Cargo.toml",
    ] {
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

/// What the tests above guard against: a crate without publish metadata draws Cargo's warning.
#[test]
fn without_publish_metadata_cargo_warns() {
    let scratch = Scratch::new("defaults");
    let run = scratch.generator(&[
        "--spec",
        "api/my.yaml",
        "--config",
        "/dev/null",
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
}

/// Without settings (`crate.workspace: auto`), the crate joins the workspace around its folder
/// when that workspace lists it (here by a glob), and is its own workspace when it does not, so
/// both build; `--check` decides the same as the write. `member` asks for the first whatever
/// the folder, which the workspace refuses where it does not list the crate.
#[test]
fn the_default_workspace_setting_follows_the_enclosing_workspace() {
    let scratch = Scratch::new("auto");
    scratch.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\", \"listed/*\"]\n",
    );
    let generate = |out: &str, config: &str, check: bool| {
        let mut args = vec!["--spec", "api/my.yaml", "--config", config, "--out", out];
        if check {
            args.push("--check");
        }
        let run = scratch.generator(&args);
        assert!(run.status.success(), "{out} {config}: {}", stderr(&run));
    };
    for out in ["listed/petstore", "elsewhere/petstore"] {
        generate(out, "/dev/null", false);
        generate(out, "/dev/null", true);
    }
    let listed = scratch.read("listed/petstore/Cargo.toml");
    assert!(!listed.contains("\n[workspace]\n"), "{listed}");
    assert!(listed.contains("(`crate.workspace: auto`, the default): the workspace around"));
    let elsewhere = scratch.read("elsewhere/petstore/Cargo.toml");
    assert!(elsewhere.contains("\n[workspace]\n"), "{elsewhere}");
    let root = scratch.cargo(".", &["metadata", "--no-deps", "--format-version", "1"]);
    assert!(root.status.success(), "{}", stderr(&root));
    let members = String::from_utf8_lossy(&root.stdout);
    assert!(members.contains("listed/petstore/Cargo.toml"), "{members}");
    assert!(!members.contains("elsewhere/petstore"), "{members}");
    let alone = scratch.cargo(
        "elsewhere/petstore",
        &["metadata", "--no-deps", "--format-version", "1"],
    );
    assert!(alone.status.success(), "{}", stderr(&alone));

    scratch.write("member.yaml", "crate: {workspace: member}\n");
    generate("member", "member.yaml", false);
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

/// One HTTP exchange on 127.0.0.1: answers the first request with `body` (JSON) and hands back
/// its request line.
fn serve_once(body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        request_line.trim_end().to_owned()
    });
    (url, handle)
}

/// The README's step 4, all the way: a crate of the enclosing workspace depends on the
/// generated client by path (the workspace lists both), builds offline with this repository's
/// `Cargo.lock` (the target folder under this repository's target folder is kept, so only the
/// first run compiles the dependencies) and calls one operation against a loopback server.
/// Ignored: it builds reqwest, tokio and the rest, minutes on a cold target folder; run it with
/// `cargo test -p generator --test bring_your_own -- --ignored`.
#[test]
#[ignore]
fn a_newcomer_builds_the_client_and_calls_it() {
    let scratch = Scratch::new("build");
    scratch.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\", \"clients/*\"]\nresolver = \"3\"\n",
    );
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    scratch.write("Cargo.lock", &fs::read_to_string(lock).unwrap());
    scratch.write(
        "app/Cargo.toml",
        "[package]\nname = \"app\"\nedition = \"2024\"\n\n[dependencies]\n\
         swagger-petstore = { path = \"../clients/petstore\" }\n\
         tokio = { version = \"1\", features = [\"rt\"] }\n",
    );
    scratch.write(
        "app/src/main.rs",
        "fn main() {\n    let base_url = std::env::args().nth(1).unwrap();\n    \
         let client = swagger_petstore::Client::builder().base_url(base_url).build().unwrap();\n    \
         let params = swagger_petstore::resources::pets::ListParams { limit: Some(2), ..Default::default() };\n    \
         let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();\n    \
         let call = std::future::IntoFuture::into_future(client.pets().list(params));\n    \
         let pets = runtime.block_on(call).unwrap();\n    \
         println!(\"{} {}\", pets.len(), pets[0].name);\n}\n",
    );
    let run = scratch.generator(&["--spec", "api/my.yaml", "--out", "clients/petstore"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bring-your-own");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--offline", "-p", "app"])
        .current_dir(&scratch.0)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let (url, server) = serve_once(r#"[{"id": 1, "name": "rex"}, {"id": 2, "name": "tom"}]"#);
    let call = Command::new(target.join("debug/app"))
        .arg(&url)
        .output()
        .unwrap();
    assert!(call.status.success(), "{}", stderr(&call));
    assert_eq!(String::from_utf8_lossy(&call.stdout), "2 rex\n");
    assert_eq!(server.join().unwrap(), "GET /pets?limit=2 HTTP/1.1");
}
