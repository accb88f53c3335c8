//! Parsed document + SDK settings → `ir::Api`. Resolves references, decides every name and type,
//! groups operations into resources and detects pagination, collecting every problem as a
//! located diagnostic; the IR is returned only when there are none.

mod bodies;
mod cli;
mod docs;
mod models;
mod operations;
mod parameters;
mod resources;
mod responses;
mod schemas;
mod settings;
mod shapes;
mod types;

pub use cli::kebab_name;
pub use docs::{doc_comment, render_doc_lines, rust_literal};

use crate::diagnostics::Diagnostic;
use crate::ir::{Api, RuntimeNeeds};
use crate::load::Inputs;
use operations::{OperationLowerer, collect_operations};
use resources::ResourceBuilder;
use schemas::SchemaLowerer;

/// Lowers the inputs, or returns every problem found.
pub fn lower(inputs: &Inputs) -> Result<Api, Vec<Diagnostic>> {
    let doc = &inputs.document;
    let config = &inputs.config;
    let mut problems = Vec::new();
    let package = settings::lower_package(doc, config, &mut problems);
    let client = settings::lower_client(doc, config, &package, &mut problems);
    let binary_name = cli::binary_name(config, &package.name, &mut problems);

    let mut schemas = SchemaLowerer::new(doc);
    schemas.lower_components();
    schemas.check_alias_cycles();
    let ops = collect_operations(doc, &mut problems);
    // Without configured schemes, cursor pagination is recognised by its usual shapes.
    let conventional = settings::conventional_pagination();
    let schemes = if config.pagination.is_empty() {
        &conventional
    } else {
        &config.pagination
    };
    let lowerer = OperationLowerer {
        doc,
        schemas: &mut schemas,
        schemes,
        problems: Vec::new(),
    };
    let mut builder = ResourceBuilder::new(&ops, lowerer);
    let resources = match &config.resources {
        Some(configured) => builder.configured(configured),
        None => builder.derived(),
    };
    let pages = std::mem::take(&mut builder.pages);
    problems.append(&mut builder.lowerer.problems);
    problems.append(&mut schemas.problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let models = models::finish_models(schemas.models, &pages);
    let needs = RuntimeNeeds::of(&resources);
    let mut api = Api {
        package,
        client,
        resources,
        models,
        needs,
        cli: None,
    };
    api.cli = cli::lower_cli(doc, &api, &binary_name);
    Ok(api)
}
