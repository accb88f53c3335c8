//! The `generator` command: regenerate `generated/` from `spec/` (or check that it is current).
//! Every default path is relative to the current directory, never to where the binary was built.
//! Exit codes: 0 success / in sync, 1 `--check` found drift, 2 invalid input or refused output,
//! 3 internal error. `generator init` writes a starter `sdk.yaml` instead (never over a file).

use clap::{Parser, Subcommand};
use generator::{GenerateError, Generated, Sources, changes, generate_into, load, sync};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Generating allocates millions of small strings and trees, freed in bulk; with glibc's
/// allocator that (and the page faults it takes growing its heaps) was a third of a Stripe run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_SPEC: &str = "spec/openapi.yaml";
const DEFAULT_OUT: &str = "generated";

/// Generates a typed Rust client crate from an OpenAPI description.
///
/// Default paths are relative to the current directory, so `cargo run -p generator` from the
/// repository root regenerates generated/ from spec/. The generator overwrites or deletes only
/// files listed in the output folder's manifest (.generated) and unchanged since it wrote them;
/// anything else in the way stops the run (exit 2) until you move it or pass --force.
#[derive(Parser, Debug)]
#[command(version, about, long_about, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The OpenAPI description, 3.0 or 3.1 (YAML or JSON). [default: spec/openapi.yaml in the
    /// current directory]
    #[arg(long)]
    spec: Option<PathBuf>,
    /// SDK settings (crate name, resource tree, pagination). [default: sdk.yaml beside the spec,
    /// if present; without it everything is derived from the spec]
    #[arg(long)]
    config: Option<PathBuf>,
    /// The folder of the generated crate: created if missing; otherwise it must hold the
    /// generator's manifest (.generated). [default: generated/ in the current directory]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write nothing; print a diff of what would change (and any file in the way) and exit 1 if
    /// anything would.
    #[arg(long, conflicts_with = "force")]
    check: bool,
    /// Take over files in the way: overwrite files the manifest does not list or that were
    /// edited by hand. Never follows links, never writes into a folder holding other crates.
    #[arg(long)]
    force: bool,
    /// Treat warnings (constructs degraded to a less precise type) as errors: exit 2 and write
    /// nothing.
    #[arg(long)]
    deny_warnings: bool,
    /// Write nothing; print what changed for the crate's users since the surface file in the
    /// output (`api.lock`), each change classified for Rust callers and on the wire, and the
    /// version bump the changes need.
    #[arg(long, conflicts_with_all = ["check", "force"])]
    changes: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a starter sdk.yaml for a spec: the crate and client settings, resource tree, method
    /// names and pagination the generator derives, spelled out for editing. Never overwrites.
    Init {
        /// The OpenAPI description, 3.0 or 3.1 (YAML or JSON).
        #[arg(long)]
        spec: PathBuf,
        /// Where to write the settings. [default: sdk.yaml beside the spec, where generating
        /// with the same --spec finds it]
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `path` relative to the current directory where it lies inside it (`.` for the directory
/// itself), so that messages show the path as the user would type it.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match path.strip_prefix(&cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// A path as the user should see it.
fn display(path: &Path) -> String {
    relative_to_cwd(path).display().to_string()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    if let Some(Command::Init { spec, out }) = args.command {
        generator::install_quiet_panic_hook();
        let out = out.unwrap_or_else(|| spec.with_file_name("sdk.yaml"));
        let outcome = std::panic::catch_unwind(|| init(&spec, &out));
        return match outcome
            .unwrap_or_else(|payload| Err(fail(3, &generator::panic_report(payload.as_ref()))))
        {
            Ok(code) | Err(code) => code,
        };
    }
    let spec = args.spec.unwrap_or_else(|| PathBuf::from(DEFAULT_SPEC));
    let config = args
        .config
        .or_else(|| Some(spec.with_file_name("sdk.yaml")).filter(|p| p.exists()));
    let out = args.out.unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let mode = match (args.check, args.force, args.changes) {
        (_, _, true) => Mode::Changes,
        (true, _, _) => Mode::Check,
        (false, true, _) => Mode::Force,
        (false, false, _) => Mode::Write,
    };
    let options = RunOptions {
        mode,
        deny_warnings: args.deny_warnings,
    };
    // A panic is a bug: reported once as an internal error (exit 3), never as a trace.
    generator::install_quiet_panic_hook();
    let outcome =
        std::panic::catch_unwind(|| run(&spec, config.as_deref(), &out, options, started));
    match outcome.unwrap_or_else(|payload| Err(fail(3, &generator::panic_report(payload.as_ref()))))
    {
        Ok(code) | Err(code) => code,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Write,
    Force,
    /// `--changes`: report what the spec changed for the crate's users; write nothing.
    Changes,
}

/// What the flags ask of a run besides its paths.
#[derive(Clone, Copy)]
struct RunOptions {
    mode: Mode,
    deny_warnings: bool,
}

/// Generates and checks or writes; `Err` carries the exit code of a failure already reported.
fn run(
    spec: &Path,
    config: Option<&Path>,
    out: &Path,
    options: RunOptions,
    started: Instant,
) -> Result<ExitCode, ExitCode> {
    let (spec_text, config_text) = read_inputs(spec, config)?;
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
    let files = spec_folder_files(spec);
    let mut generated = generate_into(&sources, &files, out).map_err(|err| match err {
        GenerateError::Invalid(_) => fail(2, &err.to_string()),
        GenerateError::Internal(_) => fail(3, &err.to_string()),
    })?;
    let warnings = generated.warnings.warnings();
    if warnings > 0 {
        eprintln!("{}", generated.warnings);
        if options.deny_warnings {
            return Err(fail(2, "--deny-warnings: nothing was written"));
        }
    }
    // Before any write: the old surface file is about to be replaced.
    let evolution = evolve(&mut generated, out, options.mode)?;
    if options.mode == Mode::Changes {
        return match evolution {
            Some(evolution) => {
                print!("{}", evolution.report.text());
                Ok(ExitCode::SUCCESS)
            }
            None => Err(fail(
                2,
                &format!(
                    "cannot read {}: a crate generated before the surface file existed has none, so regenerate it once first",
                    display(&out.join(changes::SURFACE_FILE))
                ),
            )),
        };
    }
    let label = display(out);
    let shown_out = relative_to_cwd(out);
    let plan = sync::plan_sync(&shown_out, &generated.files).map_err(sync_failure)?;
    let plan = match options.mode {
        Mode::Check => {
            let code = report_check(&plan, &label, &spec_path);
            return Ok(match evolution {
                Some(evolution) if evolution.fails_check() => report_version(&evolution),
                _ => code,
            });
        }
        Mode::Force => plan.take_over(),
        Mode::Write | Mode::Changes => plan,
    };
    let summary = sync::apply_sync(&shown_out, &generated.files, &plan).map_err(sync_failure)?;
    print_summary(&generated, warnings, &summary, started);
    if let Some(paragraph) = evolution.and_then(|evolution| evolution.report.summary()) {
        eprintln!("{paragraph}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The spec's text and the settings' (when a settings file is given).
fn read_inputs(spec: &Path, config: Option<&Path>) -> Result<(String, Option<String>), ExitCode> {
    let spec_text = read_spec(spec)?;
    let config_text = config
        .map(|path| {
            std::fs::read_to_string(path).map_err(|err| {
                fail(
                    2,
                    &format!("cannot read the settings {}: {err}", display(path)),
                )
            })
        })
        .transpose()?;
    Ok((spec_text, config_text))
}

/// The run's one-line summary on stderr: what was generated, and what the sync did.
fn print_summary(
    generated: &Generated,
    warnings: usize,
    summary: &sync::SyncSummary,
    started: Instant,
) {
    let count = generator::diagnostics::counted;
    eprintln!(
        "{}: {}, {}, {}; {} files written, {} unchanged, {} deleted in {} ms",
        generated.crate_name,
        count(generated.operations, "operation"),
        count(generated.models, "model"),
        count(warnings, "warning"),
        summary.written,
        summary.unchanged,
        summary.deleted,
        started.elapsed().as_millis()
    );
}

/// A `$ref` to another file is read from the spec's folder, and from nowhere else.
fn spec_folder_files(spec: &Path) -> load::FolderFiles {
    let folder = spec
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    load::FolderFiles::new(folder.unwrap_or(Path::new(".")))
}

/// `generator init`: the starter settings for `spec`, written to `out` unless something is there.
fn init(spec: &Path, out: &Path) -> Result<ExitCode, ExitCode> {
    let spec_text = read_spec(spec)?;
    let spec_path = display(spec);
    let sources = Sources {
        spec_path: &spec_path,
        spec_text: &spec_text,
        config_path: "sdk.yaml",
        config_text: None,
    };
    let text = generator::init::starter_config(&sources, &spec_folder_files(spec)).map_err(
        |err| match err {
            GenerateError::Invalid(_) => fail(2, &err.to_string()),
            GenerateError::Internal(_) => fail(3, &err.to_string()),
        },
    )?;
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    match written {
        Ok(()) => {
            eprintln!(
                "wrote {}: edit it, then run `generator --spec {spec_path} --config {} --out <folder>`",
                display(out),
                display(out)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Err(fail(
            2,
            &format!(
                "{} already exists; init never overwrites it\n  hint: move it away, or pass --out with another path",
                display(out)
            ),
        )),
        Err(err) => Err(fail(2, &format!("cannot write {}: {err}", display(out)))),
    }
}

/// `changes::evolve` against the output folder: the report since its surface file, with the
/// version, surface file and changelog carried forward. An old surface file that does not read
/// stops `--changes`; other modes go on without a report (the sync guard protects the file).
fn evolve(
    generated: &mut generator::Generated,
    out: &Path,
    mode: Mode,
) -> Result<Option<changes::Evolution>, ExitCode> {
    match changes::evolve(&mut generated.files, out, generated.bump) {
        Ok(evolution) => Ok(evolution),
        Err(err) if mode == Mode::Changes => Err(fail(2, &err)),
        Err(err) => {
            eprintln!("warning: no change report: {err}");
            Ok(None)
        }
    }
}

/// `--check` with `crate.bump: check` when the version is lower than the changes need: the
/// report on stdout, what to do on stderr, and 1.
fn report_version(evolution: &changes::Evolution) -> ExitCode {
    print!("{}", evolution.report.text());
    let required = evolution
        .report
        .bump()
        .map(|bump| bump.required)
        .unwrap_or_default();
    eprintln!(
        "version {} is lower than the changes above need ({required}): bump `crate.version` in sdk.yaml and regenerate, or set `crate.bump: auto` (the generator bumps) or `off` (nothing is enforced).",
        evolution.report.new_version
    );
    ExitCode::from(1)
}

/// Reads the spec; when the default is missing, says that defaults follow the current directory.
fn read_spec(spec: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(spec).map_err(|err| {
        let mut message = format!("cannot read the spec {}: {err}", display(spec));
        if spec == Path::new(DEFAULT_SPEC) {
            message.push_str(
                "\n  hint: the default paths (spec/openapi.yaml, generated/) are relative to the \
                 current directory: run from the repository root, or pass --spec and --out",
            );
        }
        fail(2, &message)
    })
}

/// A refused or failed sync is the user's to fix (2); a bad file set is a generator bug (3).
fn sync_failure(err: sync::SyncError) -> ExitCode {
    match err {
        sync::SyncError::Internal(_) => fail(3, &err.to_string()),
        _ => fail(2, &err.to_string()),
    }
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
    if plan.is_blocked() {
        eprintln!(
            "A regeneration would refuse to start: files listed above are in the way (not the generator's, hand-edited, or links). Move them away, or pass --force to take them over."
        );
    }
    ExitCode::from(1)
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(code)
}
