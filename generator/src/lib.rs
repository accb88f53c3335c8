//! An OpenAPI → Rust SDK generator. The pipeline, one module per stage:
//! `load` (text → parsed spec + settings) → `lower` (→ `ir::Api`, with every problem located) →
//! `render` (askama templates → text) → `format` (syn + prettyplease, `@generated` header) →
//! `sync` (compare with or write to the output directory). Nothing is written unless every stage
//! succeeded. Beside the pipeline, `changes` writes the crate's surface file (`api.lock`) and
//! reports what changed for the crate's users between it and a new spec.

pub mod changes;
pub mod config;
pub mod diagnostics;
pub mod format;
pub mod init;
mod init_pagination;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod render;
pub mod sync;

use diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

/// Where the last panic happened, kept by the hook `install_quiet_panic_hook` installs.
static LAST_PANIC_LOCATION: Mutex<Option<String>> = Mutex::new(None);

/// Replaces the default panic hook (which prints a message and maybe a backtrace) with one that
/// only remembers where the panic happened, for `panic_report`. For the binary: a caught panic is
/// then reported once, as an internal error, and never as a trace.
pub fn install_quiet_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(ToString::to_string);
        if let Ok(mut last) = LAST_PANIC_LOCATION.lock() {
            *last = location;
        }
    }));
}

/// The report of a caught panic: its message, where it happened when known, and a hint to
/// report it. Control characters in the message (which may quote the spec) are escaped.
pub fn panic_report(payload: &(dyn std::any::Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    let message: String = message
        .chars()
        .map(|ch| match ch.is_control() {
            true => ch.escape_default().to_string(),
            false => ch.to_string(),
        })
        .collect();
    let location = LAST_PANIC_LOCATION
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .map(|location| format!(" at {location}"))
        .unwrap_or_default();
    format!(
        "internal error: the generator panicked{location}: {message}\n  \
         hint: this is a bug in the generator, not in your input; please report it with the spec \
         and sdk.yaml that caused it"
    )
}

/// The inputs of one run: file contents plus the paths to show in diagnostics.
pub struct Sources<'a> {
    pub spec_path: &'a str,
    pub spec_text: &'a str,
    pub config_path: &'a str,
    /// `None` when there is no `sdk.yaml`: everything is derived from the spec.
    pub config_text: Option<&'a str>,
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    /// Crate-relative path → contents.
    pub files: BTreeMap<String, String>,
    pub crate_name: String,
    pub operations: usize,
    pub models: usize,
    /// What is degraded, and how (located, sorted); empty when the spec maps exactly.
    pub warnings: Diagnostics,
    /// `crate.bump` of `sdk.yaml`: how `changes::evolve` treats a version the changes outgrow.
    pub bump: config::BumpPolicy,
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// Problems in the spec or the settings (the user's to fix).
    Invalid(Diagnostics),
    /// A template failed to render, rendered invalid Rust, or the generator panicked (a bug).
    Internal(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Invalid(diagnostics) => write!(f, "{diagnostics}"),
            GenerateError::Internal(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Runs load → lower → render → format, in memory; the files include the manifest that lets
/// `sync` tell the generator's files from everyone else's. A panic anywhere inside, a
/// dependency's included, is caught and returned as an internal error with a bug-report hint.
pub fn generate(sources: &Sources<'_>) -> Result<Generated, GenerateError> {
    generate_with(sources, &load::NoFiles)
}

/// `generate` for a multi-file description: a `$ref` to another file (`schemas/pet.yaml`) is
/// read from `files`, relative to the spec's folder (`load::FolderFiles` reads the disk).
pub fn generate_with(
    sources: &Sources<'_>,
    files: &dyn load::SpecFiles,
) -> Result<Generated, GenerateError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        generate_unguarded(sources, files, None)
    }))
    .unwrap_or_else(|payload| Err(GenerateError::Internal(panic_report(payload.as_ref()))))
}

/// `generate_with` for the crate's output folder `out`, which decides `crate.workspace: auto`
/// (`sync::is_listed_member`); writing and `--check` both generate this way, so they agree.
/// In memory (`generate_with`), `auto` makes a member.
pub fn generate_into(
    sources: &Sources<'_>,
    files: &dyn load::SpecFiles,
    out: &std::path::Path,
) -> Result<Generated, GenerateError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        generate_unguarded(sources, files, Some(out))
    }))
    .unwrap_or_else(|payload| Err(GenerateError::Internal(panic_report(payload.as_ref()))))
}

fn generate_unguarded(
    sources: &Sources<'_>,
    files: &dyn load::SpecFiles,
    out: Option<&std::path::Path>,
) -> Result<Generated, GenerateError> {
    let invalid = |items| {
        GenerateError::Invalid(Diagnostics::new(
            items,
            sources.spec_path,
            sources.config_path,
        ))
    };
    let inputs =
        load::load_inputs_with(sources.spec_text, sources.config_text, files).map_err(invalid)?;
    let lower::Lowered {
        mut api,
        mut warnings,
    } = lower::lower(&inputs).map_err(|mut items| {
        inputs.locate(&mut items);
        invalid(items)
    })?;
    let workspace = &mut api.package.publish.workspace;
    if let (Some(out), ir::CrateWorkspace::Auto { .. }) = (out, *workspace) {
        *workspace = ir::CrateWorkspace::Auto {
            member: sync::is_listed_member(out),
        };
    }
    inputs.locate(&mut warnings);
    let bump = inputs.config.crate_bump;
    let rendered = render::render_crate(&api).map_err(|err| {
        GenerateError::Internal(format!(
            "internal error: template {} failed to render: {}",
            err.template, err.message
        ))
    })?;
    let mut files =
        format::format_files(rendered).map_err(|err| GenerateError::Internal(err.to_string()))?;
    files.insert(
        changes::SURFACE_FILE.to_owned(),
        changes::surface_file(&api),
    );
    files.insert(
        changes::CHANGELOG_FILE.to_owned(),
        changes::first_changelog(&api),
    );
    // Last: the manifest lists every other file, the surface file included.
    sync::add_manifest(&mut files);
    let operations = api
        .resources
        .iter()
        .flat_map(ir::Resource::walk)
        .map(|r| r.operations.len())
        .sum();
    Ok(Generated {
        files,
        crate_name: api.package.name,
        operations,
        models: api.models.len(),
        warnings: Diagnostics::new(warnings, sources.spec_path, sources.config_path),
        bump,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_reported_with_its_message_and_a_bug_report_hint() {
        let payload = std::panic::catch_unwind(|| panic!("boom \u{1b}[31m")).unwrap_err();
        let report = panic_report(payload.as_ref());
        assert!(
            report.starts_with("internal error: the generator panicked"),
            "{report}"
        );
        assert!(
            report.contains(": boom \\u{1b}[31m\n  hint: this is a bug"),
            "{report}"
        );
        let payload = std::panic::catch_unwind(|| panic!("{}", 7)).unwrap_err();
        assert!(panic_report(payload.as_ref()).contains("panicked: 7\n"));
    }
}
