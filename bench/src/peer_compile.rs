//! Compile time of our crates beside openapi-generator's (`--only peer-compile`, opt-in): both
//! generators run on the same documents into one throwaway workspace
//! (`target/bench-peer-compile/`), the dependencies of every crate are built once against empty
//! `lib.rs` files, then `cargo check --lib` and `cargo build --release --lib` of each crate alone
//! are timed, ours and theirs in alternating order, as in the `compile` section. Their crates
//! need dependencies our lock file does not hold (`serde_repr`, `url`, …), so this section
//! fetches them from crates.io once; every timed run is offline.
//!
//! Two changes are made to their output, neither of which touches the code that is compiled:
//! the crate's version is set to `1.0.0` (`packageVersion`; documents whose `info.version` is
//! `2020-09-14_1.697.4` or `master` otherwise give a manifest cargo refuses) and its default TLS
//! feature becomes `rustls`, the backend ours builds with, so that neither side builds OpenSSL.

use crate::compile::{self, Measured};
use crate::peer::{self, Peer};
use crate::real_docs::RealDocument;
use crate::report::{Row, row};
use crate::timing::{Samples, median_f64, show};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Documents both generators' crates compile on (openapi-generator 7.26's do not compile for
/// the other real documents of `tests/real-specs/`: see bench/README.md).
pub const DEFAULT_DOCS: &str = "petstore-v3,quayio,spotify,e2b,museum,ory-kratos";

const AREA: &str = "peer-compile · ours / openapi-generator";

/// A document's two crates, as workspace members.
struct Pair {
    label: String,
    ours: String,
    theirs: String,
    /// A crate referencing every method of ours (`write_caller`).
    caller: String,
}

/// The rows of the section.
pub fn bench_peer_compile(root: &Path, documents: &[RealDocument]) -> Vec<Row> {
    let Some(peer) = peer::find_peer() else {
        return vec![peer::skipped_row(AREA)];
    };
    let ours = match peer::our_binary(root) {
        Ok(path) => path,
        Err(message) => return vec![row(AREA, "skipped", message, String::new())],
    };
    let dir = root.join("target/bench-peer-compile");
    let pairs = match write_workspace(root, &dir, &peer, &ours, documents) {
        Ok(pairs) => pairs,
        Err(err) => return vec![compile::failed(AREA, "generating the crates", err)],
    };
    if let Err(err) = build_dependencies(&dir, &pairs) {
        return vec![compile::failed(AREA, "building the dependencies", err)];
    }
    let check_runs = compile::runs_from_env("BENCH_PEER_CHECK_RUNS", 3);
    let release_runs = compile::runs_from_env("BENCH_PEER_RELEASE_RUNS", 1);
    let mut rows = vec![row(
        AREA,
        "peer",
        peer.version.clone(),
        format!(
            "library only (`--lib`), dependencies built, `CARGO_INCREMENTAL=0`; \
             {check_runs} check and {release_runs} release run(s) each, in alternating order"
        ),
    )];
    for pair in &pairs {
        eprintln!("bench: peer-compile · {} …", pair.label);
        rows.push(size_row(&dir, pair));
        for (what, args, runs) in [
            ("`cargo check --lib`", &["check", "--lib"][..], check_runs),
            (
                "`cargo build --release --lib`",
                &["build", "--release", "--lib"],
                release_runs,
            ),
        ] {
            rows.push(compare(&dir, pair, what, args, runs));
        }
        rows.push(caller_row(&dir, pair, release_runs));
    }
    rows
}

/// A crate `crates/{caller}` whose one function takes the address of every public method of
/// ours' resources, so that rustc compiles each there (operations are `#[inline]`): the build
/// of an application that calls every operation.
fn write_caller(crates: &Path, pair: &Pair) -> Result<(), String> {
    let io = |err: std::io::Error| err.to_string();
    let src = crates.join(&pair.ours).join("src");
    let mut paths = Vec::new();
    method_paths(&src, &src.join("resources"), &mut paths).map_err(io)?;
    let root = crates.join(&pair.caller);
    fs::create_dir_all(root.join("src")).map_err(io)?;
    let manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\n{} = {{ path = \"../{}\" }}\n",
        pair.caller, pair.ours, pair.ours
    );
    fs::write(root.join("Cargo.toml"), manifest).map_err(io)?;
    let krate = pair.ours.replace('-', "_");
    let items: String = (paths.iter())
        .map(|path| format!("        {krate}::{path} as usize,\n"))
        .collect();
    let lib = format!(
        "//! Every method of `{}`'s resources, referenced.\n\
         pub fn all() -> Vec<usize> {{\n    vec![\n{items}    ]\n}}\n",
        pair.ours
    );
    fs::write(root.join("src/lib.rs"), lib).map_err(io)
}

/// `resources::…::Type::method` of every `pub fn` in an `impl Type {` block under `dir`.
fn method_paths(src: &Path, dir: &Path, paths: &mut Vec<String>) -> std::io::Result<()> {
    for path in fs::read_dir(dir)?.flatten().map(|entry| entry.path()) {
        if path.is_dir() {
            method_paths(src, &path, paths)?;
            continue;
        }
        let relative = path.strip_prefix(src).unwrap_or(&path).with_extension("");
        let module = relative.to_string_lossy().replace('/', "::");
        let mut owner = None;
        for line in fs::read_to_string(&path)?.lines() {
            if line.starts_with("impl") {
                let head = line.strip_prefix("impl ").and_then(|rest| rest.strip_suffix(" {"));
                owner = head.filter(|name| !name.contains(' '));
            } else if let (Some(owner), Some(rest)) = (owner, line.strip_prefix("    pub fn ")) {
                let name = rest.split(['(', '<']).next().unwrap_or(rest);
                paths.push(format!("{module}::{owner}::{name}"));
            }
        }
    }
    Ok(())
}

/// Ours with an application that calls every operation: the release build of both crates
/// after a `touch` of ours, against ours alone in the rows above.
fn caller_row(dir: &Path, pair: &Pair, runs: usize) -> Row {
    let area = format!("{AREA} · {}", pair.label);
    let what = "ours + an application calling every operation: `cargo build --release`";
    let mut walls = Samples::default();
    let mut cpus = Samples::default();
    for _ in 0..runs {
        let folder = format!("crates/{}", pair.ours);
        match compile::timed(dir, &folder, &pair.caller, &["build", "--release", "--lib"]) {
            Ok(measured) => {
                walls.push(measured.wall);
                cpus.push(measured.cpu);
            }
            Err(err) => return compile::failed(&area, what, err),
        }
    }
    row(
        &area,
        what,
        show(walls.median()),
        format!(
            "wall, median of {runs}; CPU {}; `{}` takes the address of each method",
            show(cpus.median()),
            pair.caller
        ),
    )
}

/// Generates both crates of every document into `dir` and writes the workspace around them.
fn write_workspace(
    root: &Path,
    dir: &Path,
    peer: &Peer,
    ours: &Path,
    documents: &[RealDocument],
) -> Result<Vec<Pair>, String> {
    let io = |err: std::io::Error| err.to_string();
    let _ = fs::remove_dir_all(dir.join("crates"));
    fs::create_dir_all(dir.join("specs")).map_err(io)?;
    let mut pairs = Vec::new();
    for document in documents {
        let pair = Pair {
            label: document.stem.clone(),
            ours: format!("ours-{}", document.stem),
            theirs: format!("theirs-{}", document.stem),
            caller: format!("calls-all-{}", document.stem),
        };
        let spec = dir.join("specs").join(document.file_name());
        fs::write(&spec, &document.text).map_err(io)?;
        let config = dir
            .join("specs")
            .join(format!("{}.sdk.yaml", document.stem));
        let settings = format!("crate:\n  name: {}\n  workspace: member\n", pair.ours);
        fs::write(&config, settings).map_err(io)?;
        let mut command = Command::new(ours);
        command
            .arg("--spec")
            .arg(&spec)
            .arg("--config")
            .arg(&config);
        command
            .arg("--out")
            .arg(dir.join("crates").join(&pair.ours));
        run(&mut command).map_err(|err| format!("ours on {}: {err}", pair.label))?;
        let mut command = Command::new(&peer.command);
        command.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"]);
        command
            .arg(&spec)
            .arg("-o")
            .arg(dir.join("crates").join(&pair.theirs));
        command.arg(format!(
            "--additional-properties=packageName={},packageVersion=1.0.0",
            pair.theirs
        ));
        run(&mut command).map_err(|err| format!("theirs on {}: {err}", pair.label))?;
        let manifest = dir.join("crates").join(&pair.theirs).join("Cargo.toml");
        let text = fs::read_to_string(&manifest).map_err(io)?;
        let text = text.replace("default = [\"native-tls\"]", "default = [\"rustls\"]");
        fs::write(&manifest, text).map_err(io)?;
        write_caller(&dir.join("crates"), &pair)?;
        pairs.push(pair);
    }
    let members: Vec<String> = (pairs.iter())
        .flat_map(|pair| [&pair.ours, &pair.theirs, &pair.caller])
        .map(|name| format!("\"crates/{name}\""))
        .collect();
    let manifest = format!(
        "# Written by the bench crate (section `peer-compile`).\n\
         [workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(io)?;
    fs::write(dir.join("Cargo.lock"), lock).map_err(io)?;
    Ok(pairs)
}

/// Runs a generator; the last line of its output when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let output = (command.stdin(Stdio::null()).output()).map_err(|err| err.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    Err(text.lines().last().unwrap_or("").to_owned())
}

/// Fetches what the lock file lacks (online, once), then builds every dependency for check and
/// release against empty `lib.rs` files, so that the timed runs rebuild the crate alone.
fn build_dependencies(dir: &Path, pairs: &[Pair]) -> Result<(), String> {
    let io = |err: std::io::Error| err.to_string();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["fetch", "--quiet"])
        .current_dir(dir)
        .status()
        .map_err(|err| format!("cannot run cargo fetch: {err}"))?;
    if !status.success() {
        return Err("`cargo fetch` failed: their dependencies come from crates.io".to_owned());
    }
    let libs: Vec<PathBuf> = (pairs.iter())
        .flat_map(|pair| [&pair.ours, &pair.theirs, &pair.caller])
        .map(|name| dir.join("crates").join(name).join("src/lib.rs"))
        .collect();
    let kept: Vec<String> = (libs.iter())
        .map(|lib| fs::read_to_string(lib).map_err(io))
        .collect::<Result<_, _>>()?;
    for lib in &libs {
        fs::write(lib, "").map_err(io)?;
    }
    let built = ["check", "build --release"]
        .into_iter()
        .try_for_each(|what| {
            let mut args: Vec<&str> = what.split(' ').collect();
            args.extend(["--lib", "--workspace"]);
            compile::cargo(dir, &args).map(drop)
        });
    for (lib, text) in libs.iter().zip(&kept) {
        fs::write(lib, text).map_err(io)?;
    }
    built
}

/// Library lines (ours without the CLI) and the ratio.
fn size_row(dir: &Path, pair: &Pair) -> Row {
    let ours = library_lines(&dir.join("crates").join(&pair.ours).join("src"));
    let theirs = library_lines(&dir.join("crates").join(&pair.theirs).join("src"));
    row(
        &format!("{AREA} · {}", pair.label),
        "library lines",
        format!(
            "ours {ours} · theirs {theirs} · ours / theirs {:.2}",
            ours as f64 / theirs.max(1) as f64
        ),
        "`.rs` files under src/, ours without src/cli and src/bin".to_owned(),
    )
}

fn library_lines(src: &Path) -> usize {
    let Ok(entries) = fs::read_dir(src) else {
        return 0;
    };
    let mut lines = 0;
    for path in entries.flatten().map(|entry| entry.path()) {
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if path.is_dir() && name != "cli" && name != "bin" {
            lines += library_lines(&path);
        } else if name.ends_with(".rs") && name != "cli.rs" {
            lines += fs::read_to_string(&path).map_or(0, |text| text.lines().count());
        }
    }
    lines
}

/// One cargo command on both crates, `runs` times in alternating order: the medians and the
/// median of the paired ratios ours / theirs.
fn compare(dir: &Path, pair: &Pair, what: &str, args: &[&str], runs: usize) -> Row {
    let area = format!("{AREA} · {}", pair.label);
    let (mut ours, mut theirs, mut ratios) = (Samples::default(), Samples::default(), Vec::new());
    let (mut ours_cpu, mut theirs_cpu) = (Samples::default(), Samples::default());
    for round in 0..runs {
        let mut order = [&pair.ours, &pair.theirs];
        if round % 2 == 1 {
            order.reverse();
        }
        let mut walls = [Duration::ZERO; 2];
        for name in order {
            let folder = format!("crates/{name}");
            let measured: Measured = match compile::timed(dir, &folder, name, args) {
                Ok(measured) => measured,
                Err(err) => return compile::failed(&area, &format!("{what} of {name}"), err),
            };
            let is_ours = name == &pair.ours;
            walls[usize::from(!is_ours)] = measured.wall;
            let (wall, cpu) = if is_ours {
                (&mut ours, &mut ours_cpu)
            } else {
                (&mut theirs, &mut theirs_cpu)
            };
            wall.push(measured.wall);
            cpu.push(measured.cpu);
        }
        ratios.push(walls[0].as_secs_f64() / walls[1].as_secs_f64());
    }
    row(
        &area,
        what,
        format!(
            "ours {} · theirs {} · ours / theirs {:.2}",
            show(ours.median()),
            show(theirs.median()),
            median_f64(&ratios)
        ),
        format!(
            "wall, median of {runs}; CPU ours {} · theirs {}",
            show(ours_cpu.median()),
            show(theirs_cpu.median())
        ),
    )
}
