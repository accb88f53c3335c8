//! The `generator` command: regenerate `generated/` from `spec/` (or check that it is current).
//! Exit codes: 0 success / in sync, 1 `--check` found drift, 2 invalid input, 3 internal error.

use clap::Parser;
use generator::{GenerateError, Sources, generate, sync};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Generates a typed Rust client crate from an OpenAPI description.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Args {
    /// The OpenAPI description, 3.0 or 3.1 (YAML or JSON). [default: spec/openapi.yaml in this
    /// repository]
    #[arg(long)]
    spec: Option<PathBuf>,
    /// SDK settings (crate name, resource tree, pagination). [default: sdk.yaml beside the spec,
    /// if present; without it everything is derived from the spec]
    #[arg(long)]
    config: Option<PathBuf>,
    /// The directory of the generated crate. [default: generated/ in this repository]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write nothing; print a diff of what would change and exit 1 if anything would.
    #[arg(long)]
    check: bool,
}

/// The repository root, so that `cargo run -p generator` works from any directory inside it.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A path as the user should see it: relative to the current directory where possible.
fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let root = repo_root();
    let spec = args.spec.unwrap_or_else(|| root.join("spec/openapi.yaml"));
    let config = args
        .config
        .or_else(|| Some(spec.with_file_name("sdk.yaml")).filter(|p| p.exists()));
    let out = args.out.unwrap_or_else(|| root.join("generated"));
    // A panic is a bug: reported once as an internal error (exit 3), never as a trace.
    generator::install_quiet_panic_hook();
    let outcome =
        std::panic::catch_unwind(|| run(&spec, config.as_deref(), &out, args.check, started));
    match outcome.unwrap_or_else(|payload| Err(fail(3, &generator::panic_report(payload.as_ref()))))
    {
        Ok(code) | Err(code) => code,
    }
}

/// Generates and checks or writes; `Err` carries the exit code of a failure already reported.
fn run(
    spec: &Path,
    config: Option<&Path>,
    out: &Path,
    check: bool,
    started: Instant,
) -> Result<ExitCode, ExitCode> {
    let read = |path: &Path, what: &str| {
        std::fs::read_to_string(path)
            .map_err(|err| fail(2, &format!("cannot read {what} {}: {err}", display(path))))
    };
    let spec_text = read(spec, "the spec")?;
    let config_text = config.map(|path| read(path, "the settings")).transpose()?;
    let (spec_path, config_path) = (
        display(spec),
        config.map(display).unwrap_or_else(|| "sdk.yaml".to_owned()),
    );
    let sources = Sources {
        spec_path: &spec_path,
        spec_text: &spec_text,
        config_path: &config_path,
        config_text: config_text.as_deref(),
    };
    let generated = generate(&sources).map_err(|err| match err {
        GenerateError::Invalid(_) => fail(2, &err.to_string()),
        GenerateError::Internal(_) => fail(3, &err.to_string()),
    })?;
    let plan = sync::plan_sync(out, &generated.files)
        .map_err(|err| fail(2, &format!("cannot read {}: {err}", display(out))))?;
    let label = display(out);
    if check {
        return Ok(report_check(&plan, &label, &spec_path));
    }
    let summary = sync::apply_sync(out, &generated.files, &plan)
        .map_err(|err| fail(2, &format!("cannot write {label}: {err}")))?;
    eprintln!(
        "{}: {} operations, {} models; {} files written, {} unchanged, {} deleted in {} ms",
        generated.crate_name,
        generated.operations,
        generated.models,
        summary.written,
        summary.unchanged,
        summary.deleted,
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// `--check`: 0 when in sync, else the diff on stdout, a summary on stderr and 1.
fn report_check(plan: &sync::SyncPlan, label: &str, spec_path: &str) -> ExitCode {
    if plan.is_in_sync() {
        eprintln!(
            "{label} is up to date with {spec_path} ({} files)",
            plan.unchanged
        );
        return ExitCode::SUCCESS;
    }
    print!("{}", sync::check_report(plan, label));
    eprintln!(
        "{label} is out of date: {} changed, {} missing, {} orphaned. Run `cargo run -p generator` to regenerate it.",
        plan.changed.len(),
        plan.missing.len(),
        plan.orphaned.len()
    );
    ExitCode::from(1)
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(code)
}
