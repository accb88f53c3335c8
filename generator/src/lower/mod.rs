//! Parsed document + SDK settings → `ir::Api`. Resolves references, decides every name and type,
//! groups operations into resources and detects pagination, collecting every problem in one
//! diagnostics sink; the IR is returned only when there are none.
//!
//! The order: settings (`settings`), component schemas (`schemas`, `shapes`), the operations as
//! found (`context`), the resource tree's names (`resources`), then each operation lowered and
//! attached to its resource (`operations` with `parameters`, `bodies`, `responses`), the models
//! finished (`models`), inline copies of one shape made aliases of one type (`shared_shapes`),
//! the README's examples chosen (`examples`) and the CLI lowered from the IR
//! alone (`cli`). `context` is the leaf; nothing imports `operations` but this module.

mod all_of;
mod all_of_unions;
mod bodies;
mod checks;
mod cli;
#[cfg(test)]
mod content_types_tests;
mod context;
pub mod docs;
mod examples;
mod express_paths;
mod inheritance;
#[cfg(test)]
mod inheritance_tests;
pub mod method_names;
mod mock_patterns;
mod mock_values;
mod models;
mod one_type;
mod operations;
mod pagination;
mod pagination_shapes;
mod parameters;
#[cfg(test)]
mod path_styles_tests;
mod pending;
mod publish;
mod resources;
mod responses;
mod schemas;
mod serde_needs;
mod settings;
mod shapes;
mod shared_shapes;
mod tagged_unions;
#[cfg(test)]
mod tagged_unions_tests;
mod tagged_variants;
mod timestamps;
mod tuples;

pub use cli::kebab_name;
pub use resources::resource_tree_lines;

use crate::config::PaginationScheme;
use crate::diagnostics::{Diagnostic, InputFile, Sink};
use crate::ir::{Api, PageImpl, Resource, RuntimeNeeds};
use crate::load::{Inputs, Origins};
use context::{SpecOperation, collect_operations};
use operations::{LoweredOperation, lower_operation};
use resources::{ResourcePlan, plan_resources};
use schemas::SchemaLowerer;
use std::collections::BTreeMap;

/// A lowered API and the warnings about what in it is degraded.
#[derive(Debug)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers the inputs, or returns every problem found (errors and warnings) when any is an
/// error.
pub fn lower(inputs: &Inputs) -> Result<Lowered, Vec<Diagnostic>> {
    let doc = &inputs.document;
    let config = &inputs.config;
    let mut sink = Sink::new();
    let mut package = settings::lower_package(doc, config, &mut sink);
    let client = settings::lower_client(doc, config, &package, &mut sink);
    let binary_name = cli::binary_name(config, &package.name, &mut sink);

    let mut schemas = SchemaLowerer::new(doc, sink);
    schemas.types = config.types;
    schemas.lower_components();
    schemas.check_alias_cycles();
    let braced = express_paths::braced_paths(doc);
    let ops = collect_operations(doc, &braced, &mut schemas.sink);
    let plans = plan_resources(doc, &ops, config.resources.as_deref(), &mut schemas.sink);
    // Without configured schemes, every style is recognised by its usual shapes.
    let schemes = &config.pagination;
    let mut attach = Attach {
        ops: &ops,
        schemas: &mut schemas,
        schemes,
        pages: BTreeMap::new(),
    };
    let resources = attach.resources(plans);
    let pages = attach.pages;
    let SchemaLowerer {
        models,
        sink,
        scalars,
        ..
    } = schemas;
    package.type_dependencies = scalars.iter().filter_map(|s| s.dependency()).collect();
    package.type_dependencies.dedup();
    // Loading's warnings go through the same acknowledgement as lowering's own.
    let found = inputs.warnings.iter().cloned().chain(sink.into_items());
    let problems = acknowledge(
        found.collect(),
        &config.acknowledged_warnings,
        &inputs.origins,
    );
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let mut models = models::finish_models(models, &pages);
    shared_shapes::share_shapes(&mut models, &inputs.origins);
    let mut needs = RuntimeNeeds::of(&resources);
    needs.header_key = client.has_header_key();
    needs.string_enums = (models.iter())
        .filter_map(|model| model.as_string_enum())
        .any(|model| model.takes_scalars);
    let mut api = Api {
        package,
        client,
        resources,
        models,
        needs,
        examples: Default::default(),
        cli: None,
    };
    timestamps::attach_adapters(&mut api, config.types.lenient_date_times);
    api.examples = examples::choose_examples(&api);
    api.cli = cli::lower_cli(&api, &binary_name);
    serde_needs::decide(&mut api, config.models_serde_both);
    api.needs.struct_decoding = serde_needs::struct_decoding(&api);
    (api.needs.timestamp_writes, api.needs.timestamp_reads) = serde_needs::timestamp_uses(&api);
    Ok(Lowered {
        api,
        warnings: problems,
    })
}

/// Drops the warnings `sdk.yaml` acknowledges; an acknowledgement that matches no warning is
/// itself a warning, so stale entries do not pile up. A warning about a schema another file holds
/// is matched by the pointer the maintainer is shown (`schemas/pet.yaml#/properties/id`) as well
/// as by where bundling copied it in this run.
fn acknowledge(
    problems: Vec<Diagnostic>,
    acknowledged: &[String],
    origins: &Origins,
) -> Vec<Diagnostic> {
    let mut used = vec![false; acknowledged.len()];
    let shown_pointer = |problem: &Diagnostic| {
        let mut shown = problem.clone();
        origins.relocate(&mut shown);
        shown.pointer
    };
    let mut kept: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|problem| {
            let position = (!problem.is_error() && !acknowledged.is_empty())
                .then(|| {
                    let shown = shown_pointer(problem);
                    acknowledged
                        .iter()
                        .position(|p| *p == problem.pointer || *p == shown)
                })
                .flatten();
            if let Some(index) = position {
                used[index] = true;
            }
            position.is_none()
        })
        .collect();
    for (index, pointer) in acknowledged.iter().enumerate() {
        if !used[index] {
            kept.push(
                Diagnostic::warning(
                    InputFile::Config,
                    "stale-acknowledgement",
                    format!("#/warnings/acknowledge/{index}"),
                    format!("no warning is reported at `{pointer}` any more"),
                )
                .with_hint("remove the entry"),
            );
        }
    }
    kept
}

/// Lowers the operations of a planned resource tree and attaches them, recording page
/// envelopes on the way.
struct Attach<'s, 'a> {
    ops: &'s [SpecOperation<'a>],
    schemas: &'s mut SchemaLowerer<'a>,
    schemes: &'s [PaginationScheme],
    pages: BTreeMap<String, PageImpl>,
}

impl Attach<'_, '_> {
    /// Children are lowered before their parent's own operations, so inline models are named
    /// in the same order the tree is read.
    fn resources(&mut self, plans: Vec<ResourcePlan>) -> Vec<Resource> {
        plans
            .into_iter()
            .map(|plan| {
                let children = self.resources(plan.children);
                let operations = plan
                    .methods
                    .into_iter()
                    .map(|method| {
                        let LoweredOperation { operation, page } = lower_operation(
                            self.schemas,
                            self.schemes,
                            &self.ops[method.op_index],
                            method.method_name,
                            &method.params_type,
                        );
                        if let (Some(pagination), Some(page)) = (&operation.pagination, page) {
                            self.pages.insert(pagination.page_type.clone(), page);
                        }
                        operation
                    })
                    .collect();
                Resource {
                    accessor: plan.accessor,
                    accessor_path: plan.accessor_path,
                    type_name: plan.type_name,
                    module_path: plan.module_path,
                    docs: plan.docs,
                    operations,
                    children,
                }
            })
            .collect()
    }
}
