//! Operations → the plan of the resource tree (`client.beta().chat().list(..)`): which
//! operation becomes which method on which resource, with every name decided — exactly as
//! `sdk.yaml` configures it, or derived from tags and paths when it does not. The plan holds
//! operation indexes, not lowered operations: `lower` attaches those afterwards. Checks that every
//! configured method names a real operation, that every operation is reachable, and that names
//! are unique.

use super::context::SpecOperation;
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
        let mut modules = UniqueNames::default();
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
                    docs: Docs::text(format!("Operations on `{dotted}`.")),
                    module_path,
                    methods: name_params(methods),
                    children,
                }
            })
            .collect()
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

    /// Without `sdk.yaml` resources: one resource per first tag (or first meaningful path
    /// segment), method names from operationIds (or method + path).
    fn derived(&mut self) -> Vec<ResourcePlan> {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, op) in self.ops.iter().enumerate() {
            groups
                .entry(resource_name_from(op))
                .or_default()
                .push(index);
        }
        let mut modules = UniqueNames::default();
        let mut accessors = reserved_accessors(true);
        let mut resources = Vec::new();
        for (name, indexes) in groups {
            let module = modules.claim(module_ident(&name));
            let accessor = accessors.claim(snake_ident(&name));
            let mut methods = UniqueNames::default();
            for reserved in HANDLE_METHODS {
                methods.reserve(reserved);
            }
            let methods = indexes
                .into_iter()
                .map(|index| (methods.claim(method_name_from(&self.ops[index])), index))
                .collect();
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

/// The first tag, else the first path segment that is not a prefix like `api` or `v1`.
fn resource_name_from(op: &SpecOperation<'_>) -> String {
    if let Some(tag) = op.operation.tags.first() {
        return tag.clone();
    }
    op.path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .find(|segment| !is_prefix_segment(segment))
        .unwrap_or("root")
        .to_owned()
}

fn is_prefix_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    lower == "api"
        || (lower.starts_with('v')
            && lower.len() > 1
            && lower[1..].chars().all(|c| c.is_ascii_digit()))
}

/// The operationId in snake case, else `get_pets_by_id`-style from the method and path.
fn method_name_from(op: &SpecOperation<'_>) -> String {
    if let Some(id) = &op.operation.operation_id {
        return snake_ident(id);
    }
    let words: Vec<String> = op
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !is_prefix_segment(s))
        .map(|s| {
            if s.starts_with('{') {
                format!("by_{}", s.trim_matches(|c| c == '{' || c == '}'))
            } else {
                s.to_owned()
            }
        })
        .collect();
    snake_ident(&format!("{} {}", op.http_method, words.join(" ")))
}
