//! The real documents' generated `tests/mock/` (and, with the `cli` feature, the library's own
//! tests, among them clap's check of the command tree) run against `prism mock --errors` of each
//! document (the Prism binary in `PRISM`, set by `.ci/run` after `npm ci`): per document, served or
//! not (with Prism's reason), and which operations' tests pass. The failures that are known
//! (Prism's limits, or the document contradicting itself) are listed in `KNOWN_FAILURES` with
//! their reason; any other failure, or a known one that now passes, fails the run.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};
use tests::scratch::cargo;

mod known_failures;
pub use known_failures::KNOWN_FAILURES;

/// The documents run against Prism. The others (box, datadog-v1, discord, openai, pagerduty,
/// plaid, stripe, twilio-api-v2010) are left out for time: each is a crate of 600 to
/// 3 000 models whose debug test build takes minutes on 2 cores, where `clippy` only checks.
/// Two cannot be run at all: Prism refuses `petstore.yaml` (it refers to three schemas it never
/// defines: "token \"PetByAge\" … does not exist"), and `petstore-discriminated.yaml` has no
/// operation to call.
pub const PRISM_DOCUMENTS: &[&str] = &[
    "api-with-examples",
    "callback-example",
    "e2b",
    "link-example",
    "llamacloud-platform",
    "museum",
    "ory-kratos",
    "petstore-expanded",
    "petstore-v3",
    "quayio",
    "radarr",
    "qdrant",
    "resend",
    "spotify",
    "supabase-auth",
    "svix",
    "text-generation-inference",
    "together",
    "typesense",
];

/// What one document's run gave.
pub struct PrismResult {
    pub document: String,
    /// `None` when Prism served it; else Prism's reason.
    pub not_served: Option<String>,
    pub passed: usize,
    /// Each failed test, with the one-line reason its output gave.
    pub failed: BTreeMap<String, String>,
}

/// Builds every selected crate's mock tests at once, then runs each against its own Prism.
pub fn run_all(
    prism: &Path,
    workspace: &Path,
    documents: &[(String, PathBuf)],
) -> Vec<PrismResult> {
    let started = Instant::now();
    // A document without operations has no mock tests (and no `testing` feature).
    let documents: Vec<&(String, PathBuf)> = (documents.iter())
        .filter(|(name, _)| {
            workspace
                .join("crates")
                .join(name)
                .join("tests/mock")
                .exists()
        })
        .collect();
    let mut build = cargo(workspace);
    build.args(["test", "--offline", "--no-run", "--lib", "--test", "mock"]);
    for (name, _) in &documents {
        build.args(["-p", &format!("real-{name}")]);
        build.args(["--features", &features(workspace, name)]);
    }
    let status = build.status().expect("run cargo");
    println!(
        "building the mock tests: {status} in {:?}",
        started.elapsed()
    );
    assert!(status.success(), "the generated mock tests do not build");
    let results: Vec<PrismResult> = (documents.iter())
        .map(|(name, spec)| run_one(prism, workspace, name, spec))
        .collect();
    println!(
        "Prism runs (building included) took {:?}",
        started.elapsed()
    );
    println!("| document | Prism | passed | failed |\n|---|---|---|---|");
    for result in &results {
        let served = result.not_served.as_deref().unwrap_or("served");
        let failed: Vec<&str> = result.failed.keys().map(String::as_str).collect();
        println!(
            "| {} | {served} | {} | {} {} |",
            result.document,
            result.passed,
            failed.len(),
            failed.join(", ")
        );
    }
    for result in &results {
        for (test, reason) in &result.failed {
            println!("{}: {test}: {reason}", result.document);
        }
    }
    results
}

/// The unexpected: a document Prism did not serve, failures not listed as known, and known
/// failures that passed.
pub fn surprises(results: &[PrismResult]) -> Vec<String> {
    let mut out = Vec::new();
    for result in results {
        if let Some(reason) = &result.not_served {
            out.push(format!("{}: {reason}", result.document));
        }
        let known: BTreeSet<&str> = (KNOWN_FAILURES.iter())
            .filter(|(document, _, _)| *document == result.document)
            .map(|(_, test, _)| *test)
            .collect();
        for (test, reason) in &result.failed {
            if !known.contains(test.as_str()) {
                out.push(format!(
                    "{}: `{test}` failed against Prism: {reason}",
                    result.document
                ));
            }
        }
        for test in known {
            if result.not_served.is_none() && !result.failed.contains_key(test) {
                out.push(format!(
                    "{}: `{test}` is listed as a known failure but passed",
                    result.document
                ));
            }
        }
    }
    out
}

fn run_one(prism: &Path, workspace: &Path, name: &str, spec: &Path) -> PrismResult {
    let mut result = PrismResult {
        document: name.to_owned(),
        not_served: None,
        passed: 0,
        failed: BTreeMap::new(),
    };
    let crate_dir = workspace.join("crates").join(name);
    let mock_rs =
        fs::read_to_string(crate_dir.join("tests/mock/operations.rs")).unwrap_or_default();
    let Some(variable) = mock_url_variable(&mock_rs) else {
        result.not_served = Some("no operation could be called".to_owned());
        return result;
    };
    let port = free_port();
    let log = crate_dir.join("prism.log");
    let mut server = Command::new(prism)
        .args([
            "mock",
            "--errors",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .arg(spec)
        .stdout(Stdio::from(fs::File::create(&log).unwrap()))
        // Node's own crash report goes to stderr: into the same log, for the reason below.
        .stderr(Stdio::from(
            fs::OpenOptions::new().append(true).open(&log).unwrap(),
        ))
        .spawn()
        .expect("start prism");
    if let Err(reason) = wait_until_listening(&mut server, port, &log) {
        let _ = server.kill();
        let _ = server.wait();
        result.not_served = Some(reason);
        return result;
    }
    let mut tests = cargo(workspace);
    tests
        .args([
            "test",
            "--offline",
            "--lib",
            "--test",
            "mock",
            "-p",
            &format!("real-{name}"),
            "--features",
            &features(workspace, name),
        ])
        .env(variable, format!("http://127.0.0.1:{port}"))
        .env("RUST_BACKTRACE", "0");
    let output = output_within(
        &mut tests,
        &crate_dir.join("mock-tests.out"),
        TEST_TIME_LIMIT,
    );
    let _ = server.kill();
    let _ = server.wait();
    let stdout = match output {
        Ok(stdout) => stdout,
        Err(reason) => {
            result.failed.insert(HARNESS.to_owned(), reason);
            return result;
        }
    };
    // Two test binaries (the library's tests and `tests/mock`), each ending in a summary; one
    // that aborted (a stack overflow, a signal) leaves its tests unreported, not passed.
    let summaries = stdout.matches("\ntest result: ").count();
    if summaries < 2 {
        let reason = format!("{summaries} of the 2 test binaries finished (one aborted?)");
        result.failed.insert(HARNESS.to_owned(), reason);
    }
    for line in stdout.lines() {
        let outcome = line
            .strip_prefix("test ")
            .and_then(|t| t.rsplit_once(" ... "));
        match outcome {
            Some((_, "ok")) => result.passed += 1,
            Some((test, _)) => {
                result
                    .failed
                    .insert(test.to_owned(), failure_reason(&stdout, test));
            }
            None => {}
        }
    }
    result
}

/// A bound on one document's mock tests, so that a hang fails the run instead of stalling CI:
/// the largest document's run takes seconds once built.
const TEST_TIME_LIMIT: Duration = Duration::from_secs(600);

/// The name under which a run that did not complete is reported (never a test's name).
const HARNESS: &str = "(the test run itself)";

/// Runs `command` with its output in `out`, and returns that output, or why there is none:
/// it could not start, or it was killed after `limit`.
fn output_within(command: &mut Command, out: &Path, limit: Duration) -> Result<String, String> {
    let file =
        fs::File::create(out).map_err(|err| format!("cannot write {}: {err}", out.display()))?;
    let mut child = command
        .stdout(Stdio::from(file))
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot run cargo test: {err}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() < limit => sleep(Duration::from_millis(200)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "killed after {} s: the mock tests hung",
                    limit.as_secs()
                ));
            }
        }
    }
    fs::read_to_string(out).map_err(|err| format!("cannot read {}: {err}", out.display()))
}

/// The mock tests need the crate's `testing` feature (`required-features`); with `cli` too, the
/// library's own tests include the one that has clap check the whole command tree (unique names,
/// valid ids), which `clippy` cannot.
fn features(workspace: &Path, name: &str) -> String {
    let has_cli = workspace
        .join("crates")
        .join(name)
        .join("src/cli.rs")
        .exists();
    let cli = if has_cli {
        format!(",real-{name}/cli")
    } else {
        String::new()
    };
    format!("real-{name}/testing{cli}")
}

/// `LLAMA_CLOUD_MOCK_URL` from `const MOCK_URL: &str = "…";`.
fn mock_url_variable(mock_rs: &str) -> Option<String> {
    let rest = mock_rs.split("const MOCK_URL: &str = \"").nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Prism listens only once the document is loaded; it exits when it cannot load it.
fn wait_until_listening(server: &mut Child, port: u16, log: &Path) -> Result<(), String> {
    // A bound on start-up, not a timing claim: Prism loads the largest documents in seconds.
    for _ in 0..600 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = server.try_wait() {
            let mut text = String::new();
            let _ = fs::File::open(log).and_then(|mut f| f.read_to_string(&mut text));
            // Prism's own `fatal` line says why (a usage text and a stack trace follow it);
            // else the last line, such as Node's crash message.
            let reason = (text.lines())
                .find(|line| line.contains("fatal"))
                .or_else(|| text.lines().rev().find(|line| !line.trim().is_empty()))
                .unwrap_or("no output");
            return Err(format!(
                "not served: Prism exited ({status}): {}",
                reason.trim()
            ));
        }
        sleep(Duration::from_millis(200));
    }
    Err("not served: Prism did not listen within 120 s".to_owned())
}

/// Why `test` failed, in one line: Prism's validation messages when it answered with its
/// violations (the `sl-violations` header, which `{error:?}` prints whole where the body excerpt
/// may be cut), else the first line of the panic message.
pub fn failure_reason(stdout: &str, test: &str) -> String {
    let Some(section) = stdout.split(&format!("---- {test} stdout ----\n")).nth(1) else {
        return "no output".to_owned();
    };
    let section = section.split("\n---- ").next().unwrap_or(section);
    let message: Vec<&str> = (section.lines())
        .skip_while(|line| !line.contains("panicked at"))
        .skip(1)
        .take_while(|line| !line.starts_with("note: ") && !line.starts_with("stack backtrace"))
        .collect();
    let first = message.first().copied().unwrap_or("no panic message");
    let violations = violations(&message.join("\n"));
    let status_line: String = first.chars().take(160).collect();
    if violations.is_empty() {
        status_line
    } else {
        format!(
            "{} [{}]",
            status_line.split(": {").next().unwrap_or(&status_line),
            violations.join("; ")
        )
    }
}

/// `location: message` of each violation in a Debug-printed `sl-violations` header.
fn violations(text: &str) -> Vec<String> {
    let Some(rest) = text.split("\"sl-violations\": \"").nth(1) else {
        return Vec::new();
    };
    // The header value is Debug-escaped JSON, ending at the first unescaped quote.
    let mut json = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => json.extend(chars.next()),
            '"' => break,
            c => json.push(c),
        }
    }
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(&json)
    else {
        return vec![json.chars().take(300).collect()];
    };
    (items.iter())
        .map(|item| {
            let location: Vec<String> = (item["location"].as_array().into_iter().flatten())
                .map(|part| {
                    part.as_str()
                        .map_or_else(|| part.to_string(), str::to_owned)
                })
                .collect();
            let message: String = item["message"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(200)
                .collect();
            format!("{}: {message}", location.join("."))
        })
        .collect()
}
