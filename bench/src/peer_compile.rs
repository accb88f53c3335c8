//! Compile time of our crates beside openapi-generator's (`--only peer-compile`, opt-in): both
//! generators run on the same documents into one throwaway workspace
//! (`target/bench-peer-compile/`), the dependencies of every crate are built once against empty
//! `lib.rs` files, then `cargo check --lib` and `cargo build --release --lib` of each crate alone
//! are timed, ours and theirs in alternating order, as in the `compile` section. Their crates
//! need dependencies our lock file does not hold (`serde_repr`, `url`, …), so this section
//! fetches them from crates.io the first time and keeps the workspace's lock file from then on;
//! every timed run is offline. Per document it also builds ours with a crate that references
//! every operation, as an application calling all of them would (operations are `#[inline]`:
//! they compile in the crate that calls them), and that crate rebuilt alone.
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

/// Documents both generators' crates compile on: of the 29 in `tests/real-specs/`,
/// openapi-generator 7.26's crate compiles on these eleven (bench/README.md lists the others).
pub const DEFAULT_DOCS: &str = "api-with-examples,callback-example,e2b,link-example,museum,\
                                ory-kratos,petstore-discriminated,petstore-expanded,petstore-v3,\
                                quayio,spotify";

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
    let (pairs, failures) = match write_workspace(root, &dir, &peer, &ours, documents) {
        Ok(generated) => generated,
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
    rows.extend(failures);
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
        rows.extend(caller_rows(&dir, pair, release_runs));
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
    let resources = src.join("resources");
    method_paths(&src, &resources, &mut paths)
        .map_err(|err| format!("{}: {err}", resources.display()))?;
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

/// `resources::…::Type::method` of every `pub fn` in an `impl Type {` block under `dir` (none
/// when there is no such folder: a document without operations makes a models-only crate).
fn method_paths(src: &Path, dir: &Path, paths: &mut Vec<String>) -> std::io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
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
                let head = line
                    .strip_prefix("impl ")
                    .and_then(|rest| rest.strip_suffix(" {"));
                owner = head.filter(|name| !name.contains(' '));
            } else if let (Some(owner), Some(rest)) = (owner, line.strip_prefix("    pub fn ")) {
                let name = rest.split(['(', '<']).next().unwrap_or(rest);
                paths.push(format!("{module}::{owner}::{name}"));
            }
        }
    }
    Ok(())
}

/// Ours with an application that calls every operation, in release: both crates built after
/// a `touch` of ours (against ours alone in the rows above), and the application rebuilt alone
/// after a `touch` of its own (what each release rebuild of such an application costs, now
/// that it compiles the operations).
fn caller_rows(dir: &Path, pair: &Pair, runs: usize) -> Vec<Row> {
    let area = format!("{AREA} · {}", pair.label);
    let release = ["build", "--release", "--lib"];
    let cases = [
        ("ours + an application calling every operation", &pair.ours),
        ("the application alone, rebuilt", &pair.caller),
    ];
    let mut rows = Vec::new();
    for (what, touched) in cases {
        let what = format!("{what}: `cargo build --release`");
        let (mut walls, mut cpus) = (Samples::default(), Samples::default());
        for _ in 0..runs {
            let folder = format!("crates/{touched}");
            match compile::timed(dir, &folder, &pair.caller, &release) {
                Ok(measured) => {
                    walls.push(measured.wall);
                    cpus.push(measured.cpu);
                }
                Err(err) => {
                    rows.push(compile::failed(&area, &what, err));
                    return rows;
                }
            }
        }
        rows.push(row(
            &area,
            &what,
            show(walls.median()),
            format!(
                "wall, median of {runs}; CPU {}; `{}` takes the address of each method of ours",
                show(cpus.median()),
                pair.caller
            ),
        ));
    }
    rows
}

/// Generates both crates of every document into `dir` and writes the workspace around them;
/// a document either generator fails on is left out, with a row that says why.
fn write_workspace(
    root: &Path,
    dir: &Path,
    peer: &Peer,
    ours: &Path,
    documents: &[RealDocument],
) -> Result<(Vec<Pair>, Vec<Row>), String> {
    let io = |err: std::io::Error| err.to_string();
    let _ = fs::remove_dir_all(dir.join("crates"));
    fs::create_dir_all(dir.join("specs")).map_err(io)?;
    let (mut pairs, mut failures) = (Vec::new(), Vec::new());
    for document in documents {
        let pair = Pair {
            label: document.stem.clone(),
            ours: format!("ours-{}", document.stem),
            theirs: format!("theirs-{}", document.stem),
            caller: format!("calls-all-{}", document.stem),
        };
        match generate_pair(dir, peer, ours, document, &pair) {
            Ok(()) => pairs.push(pair),
            Err(err) => failures.push(compile::failed(
                &format!("{AREA} · {}", pair.label),
                "generating the crates",
                err,
            )),
        }
    }
    let members: Vec<String> = (pairs.iter())
        .flat_map(|pair| [&pair.ours, &pair.theirs, &pair.caller])
        .map(|name| format!("\"crates/{name}\""))
        .collect();
    let manifest = format!(
        "# Written by the bench crate (section `peer-compile`).\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    // Seeded from ours once, then kept: their dependencies stay at the versions first fetched.
    if !dir.join("Cargo.lock").exists() {
        let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(io)?;
        fs::write(dir.join("Cargo.lock"), lock).map_err(io)?;
    }
    Ok((pairs, failures))
}

/// Both generators on one document, and the crate calling every operation of ours.
fn generate_pair(
    dir: &Path,
    peer: &Peer,
    ours: &Path,
    document: &RealDocument,
    pair: &Pair,
) -> Result<(), String> {
    let io = |err: std::io::Error| err.to_string();
    let (specs, crates) = (dir.join("specs"), dir.join("crates"));
    let spec = specs.join(document.file_name());
    fs::write(&spec, &document.text).map_err(io)?;
    let config = specs.join(format!("{}.sdk.yaml", document.stem));
    let settings = format!("crate:\n  name: {}\n  workspace: member\n", pair.ours);
    fs::write(&config, settings).map_err(io)?;
    let mut command = Command::new(ours);
    command
        .arg("--spec")
        .arg(&spec)
        .arg("--config")
        .arg(&config);
    command.arg("--out").arg(crates.join(&pair.ours));
    run(&mut command).map_err(|err| format!("ours failed: {err}"))?;
    let mut command = Command::new(&peer.command);
    command.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"]);
    command.arg(&spec).arg("-o").arg(crates.join(&pair.theirs));
    command.arg(format!(
        "--additional-properties=packageName={},packageVersion=1.0.0",
        pair.theirs
    ));
    run(&mut command).map_err(|err| format!("theirs failed: {err}"))?;
    let manifest = crates.join(&pair.theirs).join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(io)?;
    let native = "default = [\"native-tls\"]";
    if !text.contains(native) {
        return Err(format!(
            "their Cargo.toml has no `{native}` to make `rustls`: both sides must build the same TLS"
        ));
    }
    fs::write(&manifest, text.replace(native, "default = [\"rustls\"]")).map_err(io)?;
    write_caller(&crates, pair)
}

/// Runs a generator; the last lines of its output when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let output = (command.stdin(Stdio::null()).output()).map_err(|err| err.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    // A Java stack trace's head names the exception; our diagnostics say `error`.
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let telling: Vec<&str> = (lines.iter().copied())
        .filter(|l| l.contains("rror") || l.contains("xception"))
        .take(5)
        .collect();
    let shown = match telling.is_empty() {
        true => &lines[lines.len().saturating_sub(5)..],
        false => &telling[..],
    };
    Err(shown.join("\n"))
}

/// Fetches what the lock file lacks (online, the first time), then builds every dependency for
/// check and release against empty `lib.rs` files, package by package: a timed `-p` run builds
/// with that package's features alone, so a `--workspace` build (all features merged) would
/// leave it dependencies to rebuild inside the timing.
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
    let packages: Vec<&String> = (pairs.iter())
        .flat_map(|pair| [&pair.ours, &pair.theirs, &pair.caller])
        .collect();
    let libs: Vec<PathBuf> = (packages.iter())
        .map(|name| dir.join("crates").join(name).join("src/lib.rs"))
        .collect();
    let kept: Vec<String> = (libs.iter())
        .map(|lib| fs::read_to_string(lib).map_err(io))
        .collect::<Result<_, _>>()?;
    for lib in &libs {
        fs::write(lib, "").map_err(io)?;
    }
    let built = (packages.iter()).try_for_each(|package| {
        compile::cargo(dir, &["check", "--lib", "-p", package])?;
        compile::cargo(dir, &["build", "--release", "--lib", "-p", package]).map(drop)
    });
    for (lib, text) in libs.iter().zip(&kept) {
        fs::write(lib, text).map_err(io)?;
    }
    built
}

/// Library lines (ours without the CLI) and the ratio.
fn size_row(dir: &Path, pair: &Pair) -> Row {
    let ours = library_lines(&dir.join("crates").join(&pair.ours).join("src"), true);
    let theirs = library_lines(&dir.join("crates").join(&pair.theirs).join("src"), false);
    row(
        &format!("{AREA} · {}", pair.label),
        "library lines",
        format!(
            "ours {ours} · theirs {theirs} · ours / theirs {:.2}",
            ours as f64 / theirs.max(1) as f64
        ),
        "`.rs` files under src/, ours without src/cli, src/cli.rs and src/bin".to_owned(),
    )
}

/// Lines of the `.rs` files under `dir`; `without_cli` leaves out `cli`, `cli.rs` and `bin`
/// directly in it (our CLI, off by default).
fn library_lines(dir: &Path, without_cli: bool) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut lines = 0;
    for path in entries.flatten().map(|entry| entry.path()) {
        let name = (path.file_name()).map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if without_cli && ["cli", "cli.rs", "bin"].contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            lines += library_lines(&path, false);
        } else if name.ends_with(".rs") {
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
