//! Compile time of what the generator emits (opt-in: `--only compile`): the chat crate, Stripe
//! and the largest document of `tests/real-specs/` are generated into a throwaway workspace
//! (`target/bench-compile/`), their dependencies are built once against an empty `lib.rs`, then
//! `cargo check --lib` and `cargo build --release --lib` of each crate alone are timed under
//! `/usr/bin/time -v` (wall time, CPU time and the peak RSS of the largest process, which is
//! rustc). Wall times move with the machine's load, so the section also records figures that do
//! not: the `cargo llvm-lines` total (the LLVM IR the crate hands to codegen, serde's share
//! split out), the number of Rust types emitted and lines per operation.

use crate::report::{Row, row};
use crate::timing::{Samples, show};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// `BENCH_COMPILE_DOCS=chat,stripe` limits the documents (labels: `chat`, `stripe`, and the
/// largest real document's file stem) and is how the experiment below is asked for;
/// `BENCH_COMPILE_RELEASE_RUNS` / `BENCH_COMPILE_CHECK_RUNS` set the runs per crate (default 1
/// and 3).
const DOCS_ENV: &str = "BENCH_COMPILE_DOCS";

/// A change to the text of a generated `src/models*` file.
type ModelsChange = fn(&str) -> String;

/// Experiments, run only when `BENCH_COMPILE_DOCS` names them: variants of the Stripe crate,
/// measured beside it, each a label and how the text of `src/models*` is changed.
const EXPERIMENTS: [(&str, ModelsChange); 2] = [
    // Without the `#[serde(flatten)]` maps of unknown fields: what keeping them costs.
    ("stripe-without-extra", strip_extra_maps),
    // Every written-out `visit_map` with an empty body: what the struct decoders' own code
    // costs, the most that a decoder shared by all structs could save.
    ("stripe-without-decoders", strip_decoder_bodies),
];

/// An experiment like those above, but of settings: Stripe generated with
/// `crate.compile_operations: in_crate`, every operation compiled in the crate (as before
/// operations were `#[inline]`), to measure what compiling them where they are called saves
/// the crate's own build.
const IN_CRATE: &str = "stripe-in-crate";

/// A generated crate to compile.
struct Subject {
    label: String,
    package: String,
    files: BTreeMap<String, String>,
    operations: usize,
}

/// One timed cargo run: wall time, CPU time (user + system of every process) and peak RSS.
pub struct Measured {
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_kib: u64,
}

/// Generates the crates, builds their dependencies, then measures each crate.
pub fn bench_compile(root: &Path) -> Vec<Row> {
    let dir = root.join("target/bench-compile");
    let subjects = match subjects(root) {
        Ok(subjects) => subjects,
        Err(err) => return vec![failed("compile", "generating the crates", err)],
    };
    if let Err(err) = prepare(root, &dir, &subjects) {
        return vec![failed("compile", "setting up target/bench-compile", err)];
    }
    let release_runs = runs_from_env("BENCH_COMPILE_RELEASE_RUNS", 1);
    let check_runs = runs_from_env("BENCH_COMPILE_CHECK_RUNS", 3);
    let mut rows = Vec::new();
    for subject in &subjects {
        eprintln!("bench: compile · {} …", subject.label);
        rows.extend(measure_subject(&dir, subject, check_runs, release_runs));
    }
    rows
}

/// A positive count from the environment variable `name`, else `default`.
pub fn runs_from_env(name: &str, default: usize) -> usize {
    (std::env::var(name).ok())
        .and_then(|value| value.parse().ok())
        .filter(|&runs| runs > 0)
        .unwrap_or(default)
}

/// The chat crate (with its `sdk.yaml`), Stripe, and the largest file in `tests/real-specs/`.
fn subjects(root: &Path) -> Result<Vec<Subject>, String> {
    let real = root.join("tests/real-specs");
    let largest = largest_document(&real)?;
    let mut inputs: Vec<(String, PathBuf, Option<PathBuf>)> = vec![
        (
            "chat".to_owned(),
            root.join("spec/openapi.yaml"),
            Some(root.join("spec/sdk.yaml")),
        ),
        ("stripe".to_owned(), real.join("stripe.yaml"), None),
    ];
    let stem = (largest.file_stem()).map_or(String::new(), |s| s.to_string_lossy().into_owned());
    if stem != "stripe" {
        inputs.push((stem, largest, None));
    }
    let wanted: Option<Vec<String>> = (std::env::var(DOCS_ENV).ok())
        .map(|list| list.split(',').map(|s| s.trim().to_owned()).collect());
    let named = |label: &str| (wanted.as_ref()).is_some_and(|w| w.iter().any(|l| l == label));
    let experiments: Vec<_> = (EXPERIMENTS.iter())
        .filter(|(label, _)| named(label))
        .collect();
    let in_crate = named(IN_CRATE);
    if let Some(label) = (experiments.first().map(|(label, _)| *label))
        .or(in_crate.then_some(IN_CRATE))
        .filter(|_| !named("stripe"))
    {
        return Err(format!("{label} is measured beside `stripe`: name both"));
    }
    inputs.retain(|(label, _, _)| wanted.as_ref().is_none_or(|w| w.contains(label)));
    let mut subjects: Vec<Subject> = (inputs.into_iter())
        .map(|(label, spec, config)| generate(label, &spec, config.as_deref()))
        .collect::<Result<_, _>>()?;
    if let Some(stripe) = subjects.iter().find(|s| s.label == "stripe") {
        let mut variants: Vec<Subject> = (experiments.iter())
            .map(|(label, change)| variant(stripe, label, *change))
            .collect();
        if in_crate {
            let settings = format!("crate: {{name: {IN_CRATE}, compile_operations: in_crate}}\n");
            let spec = fs::read_to_string(real.join("stripe.yaml")).map_err(|e| e.to_string())?;
            variants.push(generate_text(IN_CRATE.to_owned(), &spec, Some(&settings))?);
        }
        subjects.extend(variants);
    }
    Ok(subjects)
}

/// `stripe` with `change` applied to its models, as its own package named after `label`.
fn variant(stripe: &Subject, label: &str, change: ModelsChange) -> Subject {
    let mut files = stripe.files.clone();
    for (path, text) in files.iter_mut() {
        if path.starts_with("src/models") {
            *text = change(text);
        }
        if path == "Cargo.toml" {
            let name = format!("name = {:?}", stripe.package);
            *text = text.replacen(&name, &format!("name = \"{}-{label}\"", stripe.package), 1);
        }
    }
    Subject {
        label: label.to_owned(),
        package: format!("{}-{label}", stripe.package),
        files,
        operations: stripe.operations,
    }
}

/// Empties each written-out `visit_map` (the models template's layout: the signature ends in a
/// line ending with `{`, the body ends at a `}` as far in as `fn`), leaving an error.
fn strip_decoder_bodies(text: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        kept.push(line.to_owned());
        let Some(at) = line.find("fn visit_map<A: serde::de::MapAccess") else {
            continue;
        };
        let indent = &line[..at];
        let mut signature_end = line.trim_end().ends_with('{');
        while !signature_end && let Some(next) = lines.next() {
            kept.push(next.to_owned());
            signature_end = next.trim_end().ends_with('{');
        }
        lines.by_ref().find(|l| *l == format!("{indent}}}"));
        kept.push(format!("{indent}    let _ = &mut map;"));
        kept.push(format!(
            "{indent}    Err(serde::de::Error::custom(\"stripped\"))"
        ));
        kept.push(format!("{indent}}}"));
    }
    kept.join("\n") + "\n"
}

/// Drops each `#[serde(flatten)]` field and the doc line above it (the models template writes
/// them so: doc, attribute, `pub extra: serde_json::Map<…>`).
fn strip_extra_maps(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[serde(flatten)]" {
            if kept
                .last()
                .is_some_and(|doc| doc.trim_start().starts_with("///"))
            {
                kept.pop();
            }
            lines.next();
            continue;
        }
        kept.push(line);
    }
    kept.join("\n") + "\n"
}

/// The largest `.yaml`/`.json` file of `dir`, by bytes.
fn largest_document(dir: &Path) -> Result<PathBuf, String> {
    let entries = fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    (entries.flatten())
        .map(|entry| entry.path())
        .filter(|path| (path.extension()).is_some_and(|ext| ext == "yaml" || ext == "json"))
        .filter_map(|path| Some((fs::metadata(&path).ok()?.len(), path)))
        .max()
        .map(|(_, path)| path)
        .ok_or_else(|| format!("no document in {}", dir.display()))
}

fn generate(label: String, spec: &Path, config: Option<&Path>) -> Result<Subject, String> {
    let read =
        |path: &Path| fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()));
    let spec_text = read(spec)?;
    let config_text = config.map(read).transpose()?;
    generate_text(label, &spec_text, config_text.as_deref())
}

fn generate_text(label: String, spec_text: &str, config: Option<&str>) -> Result<Subject, String> {
    let sources = generator::Sources {
        spec_path: "openapi.yaml",
        spec_text,
        config_path: "sdk.yaml",
        config_text: config,
    };
    let generated = generator::generate(&sources).map_err(|err| format!("{label}: {err}"))?;
    Ok(Subject {
        label,
        package: generated.crate_name.clone(),
        files: generated.files,
        operations: generated.operations,
    })
}

/// Writes the workspace and the crates, then builds every dependency (check, debug for
/// `cargo llvm-lines`, release) against empty `lib.rs` files, so that the timed runs rebuild
/// nothing but the generated crate.
fn prepare(root: &Path, dir: &Path, subjects: &[Subject]) -> Result<(), String> {
    let io = |err: std::io::Error| err.to_string();
    fs::create_dir_all(dir).map_err(io)?;
    let members: Vec<String> = subjects.iter().map(|s| format!("{:?}", s.label)).collect();
    let manifest = format!(
        "# Written by the bench crate (section `compile`): generated crates alone.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(io)?;
    fs::write(dir.join("Cargo.lock"), lock).map_err(io)?;
    for subject in subjects {
        crate::pipeline::write_crate(&dir.join(&subject.label), &subject.files);
        fs::write(dir.join(&subject.label).join("src/lib.rs"), "").map_err(io)?;
    }
    let started = Instant::now();
    for args in [
        &["check", "--lib", "--workspace"][..],
        &["build", "--lib", "--workspace"],
        &["build", "--release", "--lib", "--workspace"],
    ] {
        cargo(dir, args)?;
    }
    eprintln!(
        "bench: compile · dependencies built in {}",
        show(started.elapsed())
    );
    for subject in subjects {
        let lib = &subject.files["src/lib.rs"];
        fs::write(dir.join(&subject.label).join("src/lib.rs"), lib).map_err(io)?;
    }
    Ok(())
}

/// Runs cargo in the workspace, offline, with the workspace's own target dir.
pub fn cargo(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(cargo_path())
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("CARGO_INCREMENTAL")
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn cargo_path() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// `cargo ARGS -p PACKAGE` in the workspace `dir` under `/usr/bin/time -v`, after touching the
/// package's `src/lib.rs` (in `dir/folder`) so that only the crate is rebuilt.
pub fn timed(dir: &Path, folder: &str, package: &str, args: &[&str]) -> Result<Measured, String> {
    let lib = dir.join(folder).join("src/lib.rs");
    touch(&lib).map_err(|err| err.to_string())?;
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(cargo_path())
        .args(args)
        .args(["--offline", "-p", package])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // A clean build of the crate, as a user's first one: incremental caches from the runs
        // before would make a touched-but-unchanged crate look cheaper than it is.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|err| format!("cannot run /usr/bin/time: {err}"))?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(stderr.into_owned());
    }
    let field = |name: &str| -> f64 {
        (stderr.lines())
            .find_map(|line| line.trim().strip_prefix(name))
            .and_then(|rest| rest.trim().parse().ok())
            .unwrap_or(0.0)
    };
    let cpu = field("User time (seconds):") + field("System time (seconds):");
    Ok(Measured {
        wall,
        cpu: Duration::from_secs_f64(cpu),
        peak_kib: field("Maximum resident set size (kbytes):") as u64,
    })
}

fn touch(path: &Path) -> std::io::Result<()> {
    fs::File::options()
        .append(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

/// The rows of one crate: check and release times, llvm-lines, types and lines.
fn measure_subject(dir: &Path, subject: &Subject, check_runs: usize, release: usize) -> Vec<Row> {
    let area = format!("compile · {}", subject.label);
    let mut rows = vec![size_row(&area, subject)];
    for (what, args, runs) in [
        ("`cargo check --lib`", &["check", "--lib"][..], check_runs),
        (
            "`cargo build --release --lib`",
            &["build", "--release", "--lib"],
            release,
        ),
    ] {
        let mut walls = Samples::default();
        let mut cpus = Samples::default();
        let mut peak = 0;
        for _ in 0..runs {
            match timed(dir, &subject.label, &subject.package, args) {
                Ok(measured) => {
                    walls.push(measured.wall);
                    cpus.push(measured.cpu);
                    peak = peak.max(measured.peak_kib);
                }
                Err(err) => {
                    rows.push(failed(&area, what, err));
                    return rows;
                }
            }
        }
        rows.push(row(
            &area,
            what,
            format!("{} (min {})", show(walls.median()), show(walls.min())),
            format!(
                "CPU {} (median, user + sys); peak RSS {:.0} MiB; {runs} run(s), deps built",
                show(cpus.median()),
                peak as f64 / 1024.0
            ),
        ));
    }
    rows.push(llvm_lines_row(dir, &area, subject));
    rows
}

/// Lines of the library (everything but the CLI), per operation; Rust types emitted, and how
/// many of the models are aliases (of another type, or of an inline schema of the same shape).
fn size_row(area: &str, subject: &Subject) -> Row {
    const TYPES: [&str; 3] = ["pub struct ", "pub enum ", "pub type "];
    let starting = |text: &str, prefixes: &[&str]| {
        (text.lines())
            .filter(|line| prefixes.iter().any(|p| line.trim_start().starts_with(p)))
            .count()
    };
    let library = (subject.files.iter()).filter(|(path, _)| path.ends_with(".rs") && !is_cli(path));
    let (mut lines, mut types) = (0, 0);
    for (_, text) in library {
        lines += text.lines().count();
        types += starting(text, &TYPES);
    }
    let models = subject.files.get("src/models.rs").map_or((0, 0), |text| {
        (starting(text, &TYPES), starting(text, &["pub type "]))
    });
    let per_op = lines / subject.operations.max(1);
    row(
        area,
        "library size (no CLI): Rust types · lines · lines per operation",
        format!(
            "{types} types ({} in models.rs, {} of them aliases) · {lines} lines · {per_op} per op",
            models.0, models.1
        ),
        format!("{} operations", subject.operations),
    )
}

fn is_cli(path: &str) -> bool {
    path.starts_with("src/cli") || path.starts_with("src/bin/")
}

/// `cargo llvm-lines --lib`: the total, and the share of serde's generated code.
fn llvm_lines_row(dir: &Path, area: &str, subject: &Subject) -> Row {
    let measurement = "`cargo llvm-lines --lib`: LLVM IR lines (copies)";
    let output = match cargo(dir, &["llvm-lines", "--lib", "-p", &subject.package]) {
        Ok(output) => output,
        Err(err) => {
            let hint = "needs `cargo install cargo-llvm-lines`";
            return failed(area, measurement, format!("{hint}\n{err}"));
        }
    };
    let _ = fs::write(
        dir.join(format!("llvm-lines-{}.txt", subject.label)),
        &output,
    );
    let mut total = (0, 0);
    let mut serde = (0, 0);
    for line in output.lines() {
        // `  1395 (4.5%,  4.5%)   1 (0.1%,  0.1%)  name`: the two plain integers.
        let mut numbers = (line.split_whitespace()).filter_map(|w| w.parse::<u64>().ok());
        let lines = numbers.next();
        let copies = numbers.next();
        let (Some(lines), Some(copies)) = (lines, copies) else {
            continue;
        };
        if line.contains("(TOTAL)") {
            total = (lines, copies);
        } else if line.contains("serde") {
            serde = (serde.0 + lines, serde.1 + copies);
        }
    }
    row(
        area,
        measurement,
        format!("{} ({})", total.0, total.1),
        format!(
            "functions naming serde: {} lines ({} %); listing in target/bench-compile/llvm-lines-{}.txt",
            serde.0,
            serde.0 * 100 / total.0.max(1),
            subject.label
        ),
    )
}

pub fn failed(area: &str, what: &str, err: String) -> Row {
    let first_lines: Vec<&str> = (err.lines())
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect();
    eprintln!("bench: {what} failed:\n{err}");
    row(
        area,
        &format!("{what}: FAILED"),
        "-".to_owned(),
        first_lines.join(" / "),
    )
}

#[cfg(test)]
mod tests {
    use super::strip_decoder_bodies;

    #[test]
    fn a_decoder_body_is_replaced_by_an_error_and_the_rest_is_kept() {
        let text = "impl X {\n    fn visit_map<A: serde::de::MapAccess<'de>>(\n        self,\n        mut map: A,\n    ) -> Result<Self::Value, A::Error> {\n        let a = 1;\n        if a == 1 {\n            return x;\n        }\n        Ok(y)\n    }\n    fn other() {}\n}\n";
        let stripped = strip_decoder_bodies(text);
        assert_eq!(
            stripped,
            "impl X {\n    fn visit_map<A: serde::de::MapAccess<'de>>(\n        self,\n        mut map: A,\n    ) -> Result<Self::Value, A::Error> {\n        let _ = &mut map;\n        Err(serde::de::Error::custom(\"stripped\"))\n    }\n    fn other() {}\n}\n"
        );
    }
}
