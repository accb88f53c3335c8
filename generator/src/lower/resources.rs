//! Operations → the plan of the resource tree (`client.beta().chat().list(..)`): which
//! operation becomes which method on which resource, with every name decided — exactly as
//! `sdk.yaml` configures it, or derived from tags and paths when it does not. The plan holds
//! operation indexes, not lowered operations: `lower` attaches those afterwards. Checks that every
//! configured method names a real operation, that every operation is reachable, and that names
//! are unique.

use super::context::SpecOperation;
use super::method_names::{DerivedResource, NamingInput, derive_tree, method_names, resource_name};
use crate::config::{MethodConfig, ResourceConfig};
use crate::diagnostics::{Diagnostic, InputFile, Sink};
use crate::ir::Docs;
use crate::naming::{
    CLIENT_SCOPE_RESERVED, RESOURCE_SCOPE_RESERVED, UniqueNames, module_ident, snake_ident,
    type_ident, unraw,
};
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet};

const HANDLE_METHODS: &[&str] = RESOURCE_SCOPE_RESERVED;
const CLIENT_METHODS: &[&str] = CLIENT_SCOPE_RESERVED;

/// A resource of the tree, its names decided, its operations not yet lowered.
pub struct ResourcePlan {
    pub accessor: String,
    /// Accessors from the client down to this resource.
    pub accessor_path: Vec<String>,
    pub type_name: String,
    pub module_path: Vec<String>,
    pub docs: Docs,
    pub methods: Vec<MethodPlan>,
    pub children: Vec<ResourcePlan>,
}

/// An operation bound to a method: its names and its index among the collected operations.
pub struct MethodPlan {
    pub method_name: String,
    pub params_type: String,
    pub op_index: usize,
}

/// The resource tree of the document: as configured in `sdk.yaml`, or derived.
pub fn plan_resources(
    doc: &OpenAPI,
    ops: &[SpecOperation<'_>],
    configured: Option<&[ResourceConfig]>,
    sink: &mut Sink,
) -> Vec<ResourcePlan> {
    let mut builder = ResourceBuilder {
        ops,
        doc,
        sink,
        used: BTreeSet::new(),
    };
    match configured {
        Some(configured) => builder.configured(configured),
        None => builder.derived(),
    }
}

/// The resource tree as planned for the document (configured or derived), one line per method:
/// `agent_deployments.list  GET /api/v1/projects/{project_id}/agents`. Only collects and names the
/// operations, so it works for documents whose operations do not all lower yet.
pub fn resource_tree_lines(doc: &OpenAPI, configured: Option<&[ResourceConfig]>) -> Vec<String> {
    let mut sink = Sink::new();
    let braced = super::express_paths::braced_paths(doc);
    let ops = super::context::collect_operations(doc, &braced, &mut sink);
    let plans = plan_resources(doc, &ops, configured, &mut sink);
    let mut lines = Vec::new();
    let mut stack: Vec<&ResourcePlan> = plans.iter().rev().collect();
    while let Some(plan) = stack.pop() {
        for method in &plan.methods {
            let op = &ops[method.op_index];
            lines.push(format!(
                "{}.{}  {}",
                plan.accessor_path.join("."),
                method.method_name,
                op.endpoint()
            ));
        }
        stack.extend(plan.children.iter().rev());
    }
    lines
}

/// Module names a resource's module must not take: the module it is declared in (clippy's
/// `module_inception`: a tag `Resources` would be `resources::resources`, a tag `Commands` the
/// CLI's `commands::commands`), i.e. the parent resource's module, or at the top `resources` and
/// the CLI's `commands`.
fn reserved_modules(parent_path: &[String]) -> UniqueNames {
    let mut names = UniqueNames::default();
    match parent_path.last() {
        Some(parent) => names.reserve(parent),
        None => ["resources", "commands"]
            .iter()
            .for_each(|name| names.reserve(name)),
    }
    names
}

/// Accessor names already taken at a level of the tree.
fn reserved_accessors(top_level: bool) -> UniqueNames {
    let mut names = UniqueNames::default();
    for name in if top_level {
        CLIENT_METHODS
    } else {
        HANDLE_METHODS
    } {
        names.reserve(name);
    }
    names
}

/// Plans resources, remembering which operations some method uses.
struct ResourceBuilder<'s, 'a> {
    ops: &'s [SpecOperation<'a>],
    doc: &'a OpenAPI,
    sink: &'s mut Sink,
    /// Indexes into `ops` that some method uses.
    used: BTreeSet<usize>,
}

impl ResourceBuilder<'_, '_> {
    fn config_problem(&mut self, pointer: &str, message: String, hint: Option<String>) {
        self.sink.config(pointer, message, hint);
    }

    /// The tree exactly as configured; operations left out are errors.
    fn configured(&mut self, configs: &[ResourceConfig]) -> Vec<ResourcePlan> {
        let resources = self.configured_level(configs, &[], &[]);
        self.check_every_operation_is_reachable();
        resources
    }

    fn configured_level(
        &mut self,
        configs: &[ResourceConfig],
        parent_path: &[String],
        parent_accessors: &[String],
    ) -> Vec<ResourcePlan> {
        let mut modules = reserved_modules(parent_path);
        let mut accessors = reserved_accessors(parent_path.is_empty());
        configs
            .iter()
            .map(|config| {
                let module = modules.claim(module_ident(&config.name));
                let mut module_path = parent_path.to_vec();
                module_path.push(module);
                let accessor = accessors.claim(snake_ident(&config.name));
                let mut accessor_path = parent_accessors.to_vec();
                accessor_path.push(accessor.clone());
                let children =
                    self.configured_level(&config.resources, &module_path, &accessor_path);
                let dotted = module_path.join(".");
                self.check_unique_method_names(config, &children);
                let methods = config
                    .methods
                    .iter()
                    .filter_map(|method| self.configured_method(method))
                    .collect();
                ResourcePlan {
                    accessor,
                    accessor_path,
                    type_name: type_ident(&format!(
                        "{} resource",
                        module_path.last().map(String::as_str).unwrap_or_default()
                    )),
                    docs: self.configured_docs(parent_path.is_empty(), &config.name, &dotted),
                    module_path,
                    methods: name_params(methods),
                    children,
                }
            })
            .collect()
    }

    /// A configured top-level resource named as a tag (`sign_templates` for "Sign templates") is
    /// described by the tag, as the derived one is, so that `generator init`'s tree round-trips.
    fn configured_docs(&self, top_level: bool, name: &str, dotted: &str) -> Docs {
        let accessor = snake_ident(name);
        let description = self
            .doc
            .tags
            .iter()
            .filter(|_| top_level)
            .find(|tag| snake_ident(&tag.name) == accessor)
            .and_then(|tag| tag.description.as_deref());
        let fallback = format!("Operations on `{dotted}`.");
        Docs::new(&[description.or(Some(&fallback))])
    }

    /// Method names (after conversion to Rust) and sub-resource accessors share one namespace.
    fn check_unique_method_names(&mut self, config: &ResourceConfig, children: &[ResourcePlan]) {
        let mut seen: BTreeMap<String, String> = children
            .iter()
            .map(|c| {
                (
                    unraw(&c.accessor).to_owned(),
                    format!("resource `{}`", c.accessor),
                )
            })
            .collect();
        for name in HANDLE_METHODS {
            seen.insert(
                (*name).to_owned(),
                "a method every resource handle has".to_owned(),
            );
        }
        for method in &config.methods {
            let rust_name = unraw(&snake_ident(&method.name)).to_owned();
            match seen.get(&rust_name) {
                Some(first) => {
                    let message = format!(
                        "method `{}` clashes with {first}: both are `{rust_name}` in Rust",
                        method.name
                    );
                    self.config_problem(
                        &method.pointer,
                        message,
                        Some("give each method and sub-resource a distinct name".to_owned()),
                    );
                }
                None => {
                    seen.insert(rust_name, format!("method `{}`", method.name));
                }
            }
        }
    }

    fn configured_method(&mut self, method: &MethodConfig) -> Option<(String, usize)> {
        let found = self
            .ops
            .iter()
            .position(|op| op.http_method == method.http_method && op.path == method.path);
        let Some(index) = found else {
            let message = format!(
                "no operation `{} {}` in the spec",
                method.http_method.to_uppercase(),
                method.path
            );
            let hint = self.closest_endpoints(&method.path);
            self.config_problem(&method.pointer, message, hint);
            return None;
        };
        if !self.used.insert(index) {
            let message = format!(
                "operation `{}` is bound to more than one method",
                self.ops[index].endpoint()
            );
            self.config_problem(
                &method.pointer,
                message,
                Some("bind each operation to exactly one method".to_owned()),
            );
            return None;
        }
        Some((method.name.clone(), index))
    }

    fn closest_endpoints(&self, path: &str) -> Option<String> {
        let candidates: Vec<String> = self
            .ops
            .iter()
            .filter(|op| op.path == path)
            .map(|op| format!("`{}`", op.endpoint()))
            .collect();
        (!candidates.is_empty())
            .then(|| format!("operations on this path: {}", candidates.join(", ")))
    }

    fn check_every_operation_is_reachable(&mut self) {
        for (index, op) in self.ops.iter().enumerate() {
            if !self.used.contains(&index) {
                let diagnostic = Diagnostic::new(
                    InputFile::Spec,
                    op.pointer.as_str(),
                    format!(
                        "operation `{}` is not bound to any method in sdk.yaml",
                        op.endpoint()
                    ),
                )
                .with_hint(format!(
                    "add it under `resources:` in sdk.yaml, e.g. `{}: {} {}`",
                    method_name_from(op),
                    op.http_method,
                    op.path
                ));
                self.sink.push(diagnostic);
            }
        }
    }

    /// Without `sdk.yaml` resources: one resource per first tag that is not a status (or first
    /// meaningful path segment), method names as `method_names` derives them.
    fn derived(&mut self) -> Vec<ResourcePlan> {
        let inputs: Vec<NamingInput<'_>> = self.ops.iter().map(naming_input).collect();
        let mut modules = reserved_modules(&[]);
        let mut accessors = reserved_accessors(true);
        let mut resources = Vec::new();
        for DerivedResource { name, methods } in derive_tree(&inputs, HANDLE_METHODS) {
            let module = modules.claim(module_ident(&name));
            let accessor = accessors.claim(snake_ident(&name));
            let description = self
                .doc
                .tags
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| t.description.clone());
            let fallback = format!("Operations on `{module}`.");
            resources.push(ResourcePlan {
                accessor_path: vec![accessor.clone()],
                accessor,
                type_name: type_ident(&format!("{module} resource")),
                docs: Docs::new(&[description.as_deref().or(Some(&fallback))]),
                module_path: vec![module],
                methods: name_params(methods),
                children: Vec::new(),
            });
        }
        resources
    }
}

/// Names each `(method name, operation index)`, with a params type unique in its module.
fn name_params(methods: Vec<(String, usize)>) -> Vec<MethodPlan> {
    let mut types = UniqueNames::default();
    methods
        .into_iter()
        .map(|(name, op_index)| {
            // Derived names arrive as identifiers already (`r#type`): escape them once only.
            let bare = unraw(&name);
            MethodPlan {
                method_name: snake_ident(bare),
                params_type: types.claim(type_ident(&format!("{bare} params"))),
                op_index,
            }
        })
        .collect()
}

/// What method naming looks at in an operation.
fn naming_input<'a>(op: &SpecOperation<'a>) -> NamingInput<'a> {
    NamingInput {
        http_method: op.http_method,
        path: op.path,
        operation_id: op.operation.operation_id.as_deref(),
        tags: &op.operation.tags,
    }
}

/// The name the derived tree would give an operation on its own, for hints.
fn method_name_from(op: &SpecOperation<'_>) -> String {
    let input = naming_input(op);
    method_names(&resource_name(&input), &[input], &[])
        .pop()
        .unwrap_or_default()
}
