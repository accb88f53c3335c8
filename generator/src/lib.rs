//! An OpenAPI → Rust SDK generator. The pipeline, one module per stage:
//! `load` (text → parsed spec + settings) → `lower` (→ `ir::Api`, with every problem located) →
//! `render` (askama templates → text) → `format` (syn + prettyplease, `@generated` header) →
//! `sync` (compare with or write to the output directory). Nothing is written unless every stage
//! succeeded.

pub mod config;
pub mod diagnostics;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod render;
pub mod sync;

use diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::fmt;

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
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// Problems in the spec or the settings (the user's to fix).
    Invalid(Diagnostics),
    /// A template failed to render or rendered invalid Rust (a generator bug).
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
/// `sync` tell the generator's files from everyone else's.
pub fn generate(sources: &Sources<'_>) -> Result<Generated, GenerateError> {
    let invalid = |items| {
        GenerateError::Invalid(Diagnostics::new(
            items,
            sources.spec_path,
            sources.config_path,
        ))
    };
    let inputs = load::load_inputs(sources.spec_text, sources.config_text).map_err(invalid)?;
    let lower::Lowered { api, warnings } = lower::lower(&inputs).map_err(invalid)?;
    let rendered = render::render_crate(&api).map_err(|err| {
        GenerateError::Internal(format!(
            "internal error: template {} failed to render: {}",
            err.template, err.message
        ))
    })?;
    let mut files =
        format::format_files(rendered).map_err(|err| GenerateError::Internal(err.to_string()))?;
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
    })
}
