//! Our generator next to openapi-generator (`-g rust`) on the same documents, side by side in one
//! run: both as the processes a user starts (our release binary, their `openapi-generator-cli`,
//! JVM start included), interleaved per round, the median of the paired ratios per document.
//! The peer is found as `$OPENAPI_GENERATOR_CLI` or `openapi-generator-cli` on `PATH` (the PyPI
//! package of that name bundles the jar; it needs Java); without it the section is one row that
//! says so. Only generation is timed here: compiling their crates needs their dependencies,
//! which the repository's lock file does not hold.

use crate::real_docs::RealDocument;
use crate::report::{Row, row};
use crate::timing::{Samples, median_f64, show};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Documents compared when `--docs` names none: the chat spec, and real documents from small
/// to large (their generator takes seconds on each).
pub const DEFAULT_DOCS: &str = "chat,petstore-v3,quayio,spotify,discord,stripe";

/// Rounds per document; each round runs both, in alternating order.
const ROUNDS: usize = 3;

/// The rows of the peer section; `documents` are the real ones chosen, `chat` the chat spec's
/// paths (spec, config) when chosen.
pub fn bench_peer(root: &Path, chat: bool, documents: &[RealDocument], scratch: &Path) -> Vec<Row> {
    let area = "peer · openapi-generator";
    let Some(peer) = find_peer() else {
        return vec![skipped_row(area)];
    };
    let ours = match our_binary(root) {
        Ok(path) => path,
        Err(message) => return vec![row(area, "skipped", message, String::new())],
    };
    let _ = std::fs::create_dir_all(scratch);
    let mut inputs: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    if chat {
        let spec = root.join("spec/openapi.yaml");
        inputs.push(("chat".into(), spec, root.join("spec/sdk.yaml")));
    }
    for document in documents {
        let spec = scratch.join(document.file_name());
        let config = scratch.join(format!("{}.sdk.yaml", document.stem));
        std::fs::write(&spec, &document.text).expect("scratch spec");
        std::fs::write(&config, document.config()).expect("scratch config");
        inputs.push((document.stem.clone(), spec, config));
    }
    let mut rows = vec![row(
        area,
        "peer",
        peer.version.clone(),
        format!(
            "`{}`; ours: the release `generator` binary; both wall time of the process, \
             {ROUNDS} rounds in alternating order",
            peer.command
        ),
    )];
    for (label, spec, config) in &inputs {
        eprintln!("bench: peer {label} …");
        rows.push(compare(&peer, &ours, label, spec, config, scratch));
    }
    rows
}

/// The row a section gives when the peer is not installed.
pub fn skipped_row(area: &str) -> Row {
    row(
        area,
        "skipped",
        "openapi-generator not found".to_owned(),
        "set OPENAPI_GENERATOR_CLI or put `openapi-generator-cli` on PATH (`pip install \
         openapi-generator-cli==7.26.0`, needs Java 11+); nothing else in this run depends on it"
            .to_owned(),
    )
}

/// The peer's command and the version it reports.
pub struct Peer {
    pub command: String,
    pub version: String,
}

pub fn find_peer() -> Option<Peer> {
    let command =
        std::env::var("OPENAPI_GENERATOR_CLI").unwrap_or_else(|_| "openapi-generator-cli".into());
    let output = Command::new(&command)
        .arg("version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    output.status.success().then(|| Peer {
        command,
        version: format!("openapi-generator {version}"),
    })
}

/// The release `generator` binary next to this one, built if it is not there yet.
pub fn our_binary(root: &Path) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|err| err.to_string())?;
    let path = exe.with_file_name("generator");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--quiet", "-p", "generator", "--bin"])
        .arg("generator")
        .current_dir(root)
        .status()
        .map_err(|err| format!("cargo build of the generator binary: {err}"))?;
    if status.success() && path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "could not build the release generator binary at {}",
            path.display()
        ))
    }
}

/// The wall time of one generator run into the empty folder `out` (removed afterwards), or
/// the last line it wrote to stderr when it failed.
fn time_generation(command: &mut Command, out: &Path) -> Result<std::time::Duration, String> {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let result = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(out);
    match result {
        Ok(output) if output.status.success() => Ok(elapsed),
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(stderr.lines().last().unwrap_or("").to_owned())
        }
        Err(err) => Err(err.to_string()),
    }
}

/// Both generators on one document, `ROUNDS` times each in alternating order.
fn compare(
    peer: &Peer,
    ours: &Path,
    label: &str,
    spec: &Path,
    config: &Path,
    scratch: &Path,
) -> Row {
    let (mut our_times, mut their_times, mut ratios) =
        (Samples::default(), Samples::default(), Vec::new());
    let mut failure = None;
    for round in 0..ROUNDS {
        let out_ours = scratch.join(format!("ours-{label}"));
        let out_theirs = scratch.join(format!("theirs-{label}"));
        let mut ours_cmd = Command::new(ours);
        ours_cmd
            .arg("--spec")
            .arg(spec)
            .arg("--config")
            .arg(config)
            .arg("--out")
            .arg(&out_ours)
            .arg("--force");
        let mut theirs_cmd = Command::new(&peer.command);
        theirs_cmd
            .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
            .arg(spec)
            .arg("-o")
            .arg(&out_theirs);
        let mut pair = [(&mut ours_cmd, &out_ours), (&mut theirs_cmd, &out_theirs)];
        if round % 2 == 1 {
            pair.reverse();
        }
        let mut times = [None, None];
        for (command, out) in pair {
            let is_ours = out == &out_ours;
            match time_generation(command, out) {
                Ok(elapsed) => times[usize::from(!is_ours)] = Some(elapsed),
                Err(err) => {
                    let who = if is_ours { "ours" } else { "theirs" };
                    failure = Some(format!("{who} failed: {err}"));
                }
            }
        }
        if let [Some(a), Some(b)] = times {
            our_times.push(a);
            their_times.push(b);
            ratios.push(b.as_secs_f64() / a.as_secs_f64());
        }
    }
    if our_times.len() == 0 {
        return row(
            "peer · openapi-generator",
            label,
            "not compared".to_owned(),
            failure.unwrap_or_default(),
        );
    }
    row(
        "peer · openapi-generator",
        label,
        format!(
            "ours {} · theirs {} · theirs / ours {:.1}×",
            show(our_times.median()),
            show(their_times.median()),
            median_f64(&ratios)
        ),
        format!(
            "generation, median of {} paired rounds{}",
            ratios.len(),
            failure.map_or(String::new(), |f| format!("; a round failed: {f}"))
        ),
    )
}
