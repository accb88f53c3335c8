//! Shared by the CLI tests: the built `llamacloud` binary (built on first use, so that
//! `cargo test -p tests` works without a workspace build first), a way to run it with a clean
//! environment, and a loopback server on its own runtime for the binary to talk to.

#![allow(dead_code)] // each test binary uses a different part of this module

use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use tests::server::{Reply, Request, TestServer};
use tests::snapshot::repo_root;

/// The API key every test passes; no output may ever contain it.
pub const KEY: &str = "sk-test-SECRET-4711";

/// The `llamacloud` binary, built with the `cli` feature into this test's target directory.
///
/// `cargo test` builds the binary too when the whole workspace is tested (the `tests` crate
/// enables the feature), but not for `cargo test -p tests`, and a binary from an earlier build
/// may be stale. A nested `cargo build` is a no-op when the binary is fresh; it does not
/// deadlock, because cargo releases the target directory's lock while tests run.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test's own path");
        // target/<profile>/deps/cli-… → target/<profile>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>");
        let binary = profile_dir.join(format!("llamacloud{}", std::env::consts::EXE_SUFFIX));
        // `cargo build -p llamacloud` resolves features for that package alone, so after a
        // workspace build it compiles a second tokio, hyper, reqwest and llamacloud (most of a
        // minute in CI): a binary newer than everything it is built from is used as it is.
        if built_after_its_sources(&binary) {
            return binary;
        }
        let mut command = Command::new(env!("CARGO"));
        command
            .args(["build", "--quiet", "-p", "llamacloud", "--features", "cli"])
            .args(["--bin", "llamacloud"])
            .current_dir(repo_root());
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            command.arg("--release");
        }
        let output = command.output().expect("run cargo build");
        assert!(
            output.status.success(),
            "cargo build of the llamacloud binary failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(binary.exists(), "no binary at {}", binary.display());
        binary
    })
}

/// Whether `binary` exists and was written after every file of the crate it is built from
/// (`generated/`) and the lock file changed last. Conservative: on any doubt, `false`.
fn built_after_its_sources(binary: &Path) -> bool {
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let Some(built) = modified(binary) else {
        return false;
    };
    let root = repo_root();
    let mut pending = vec![root.join("generated"), root.join("Cargo.lock")];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                return false;
            };
            pending.extend(entries.filter_map(|entry| Some(entry.ok()?.path())));
        } else if modified(&path).is_none_or(|changed| changed > built) {
            return false;
        }
    }
    true
}

/// The binary with `args`, and an environment without the tool's variables (the developer's
/// own key or base URL must not leak into a test) and a fixed help width.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env_remove("LLAMA_CLOUD_API_KEY")
        .env_remove("LLAMA_CLOUD_BASE_URL")
        .env_remove("LLAMA_CLOUD_CUSTOM_HEADERS")
        .env_remove("LINES")
        .env("COLUMNS", "100")
        .stdin(Stdio::null());
    command
}

/// What a run of the binary left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Each non-empty stdout line parsed as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|err| panic!("not JSON ({err}): {line:?}\n{self:?}"))
            })
            .collect()
    }

    /// Asserts the exit code, showing everything when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code:\n{self:#?}");
        assert!(
            !self.stdout.contains(KEY) && !self.stderr.contains(KEY),
            "the API key leaked:\n{self:#?}"
        );
        assert!(!self.stderr.contains("panicked"), "a panic:\n{self:#?}");
        self
    }
}

/// Runs a prepared command, feeding `stdin` when given.
pub fn finish(mut command: Command, stdin: Option<&[u8]>) -> Run {
    if stdin.is_some() {
        command.stdin(Stdio::piped());
    }
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn the binary");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(bytes).expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait for the binary");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Run {
    finish(command(args), None)
}

/// A loopback server on a runtime of its own, so that the test thread can block on the binary.
pub struct Api {
    pub server: TestServer,
    // Dropped after the server (fields drop in order), which stops it first.
    _runtime: tokio::runtime::Runtime,
}

impl Api {
    pub fn start<F>(handler: F) -> Api
    where
        F: Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the test server");
        let server = runtime.block_on(TestServer::start(handler));
        Api {
            server,
            _runtime: runtime,
        }
    }

    /// Runs the binary against this server with the test key.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        finish(self.command(args), stdin)
    }

    /// The binary pointed at this server, with the test key, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let url = self.server.url();
        let mut all = args.to_vec();
        all.extend(["--base-url", url.as_str(), "--api-key", KEY]);
        command(&all)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }
}

/// A `SessionSummary` as the API sends it.
pub fn summary(id: &str) -> Value {
    json!({
        "session_id": id,
        "last_updated_at": "2026-04-22T12:34:41.342245",
        "generated_title": format!("Title of {id}"),
        "index_ids": ["idx-1"],
    })
}

/// One page of sessions.
pub fn page(ids: &[&str], next: Option<&str>) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| summary(id)).collect();
    json!({ "items": items, "next_page_token": next })
}
