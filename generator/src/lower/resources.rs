//! Operations → the resource tree (`client.beta().chat().list(..)`): exactly as `sdk.yaml`
//! configures it, or derived from tags and paths when it does not. Checks that every configured
//! method names a real operation, that every operation is reachable, and that names are unique.

use super::docs::doc_comment;
use super::operations::{OperationLowerer, SpecOperation};
use crate::config::{MethodConfig, ResourceConfig};
use crate::diagnostics::{Diagnostic, InputFile};
use crate::ir::{Operation, PageImpl, Resource};
use crate::naming::{UniqueNames, module_ident, snake_ident, type_ident, unraw};
use std::collections::{BTreeMap, BTreeSet};

/// Methods every resource handle already has (its constructor, `Clone`, `Debug`): an operation
/// cannot take these names.
const HANDLE_METHODS: &[&str] = &["new", "clone", "fmt"];

/// Methods of the client itself, which top-level resource accessors must not shadow.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt", "new"];

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

/// Builds resources and records page envelopes found on the way.
pub struct ResourceBuilder<'s, 'a> {
    pub ops: &'s [SpecOperation<'a>],
    pub lowerer: OperationLowerer<'s, 'a>,
    pub pages: BTreeMap<String, PageImpl>,
    /// Indexes into `ops` that some method uses.
    used: BTreeSet<usize>,
}

impl<'s, 'a> ResourceBuilder<'s, 'a> {
    pub fn new(ops: &'s [SpecOperation<'a>], lowerer: OperationLowerer<'s, 'a>) -> Self {
        ResourceBuilder {
            ops,
            lowerer,
            pages: BTreeMap::new(),
            used: BTreeSet::new(),
        }
    }

    fn config_problem(&mut self, pointer: &str, message: String, hint: Option<String>) {
        let mut diagnostic = Diagnostic::new(InputFile::Config, pointer, message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.lowerer.problems.push(diagnostic);
    }

    /// The tree exactly as configured; operations left out are errors.
    pub fn configured(&mut self, configs: &[ResourceConfig]) -> Vec<Resource> {
        let resources = self.configured_level(configs, &[]);
        self.check_every_operation_is_reachable();
        resources
    }

    fn configured_level(
        &mut self,
        configs: &[ResourceConfig],
        parent_path: &[String],
    ) -> Vec<Resource> {
        let mut modules = UniqueNames::default();
        let mut accessors = reserved_accessors(parent_path.is_empty());
        configs
            .iter()
            .map(|config| {
                let module = modules.claim(module_ident(&config.name));
                let mut module_path = parent_path.to_vec();
                module_path.push(module);
                let accessor = accessors.claim(snake_ident(&config.name));
                let children = self.configured_level(&config.resources, &module_path);
                let dotted = module_path.join(".");
                self.check_unique_method_names(config, &children);
                let operations = config
                    .methods
                    .iter()
                    .filter_map(|method| self.configured_method(method))
                    .collect();
                let operations = self.name_params(operations);
                Resource {
                    accessor,
                    type_name: type_ident(&format!(
                        "{} resource",
                        module_path.last().map(String::as_str).unwrap_or_default()
                    )),
                    doc_comment: doc_comment(&[Some(&format!("Operations on `{dotted}`."))]),
                    module_path,
                    operations,
                    children,
                }
            })
            .collect()
    }

    /// Method names (after conversion to Rust) and sub-resource accessors share one namespace.
    fn check_unique_method_names(&mut self, config: &ResourceConfig, children: &[Resource]) {
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
                self.lowerer.problems.push(diagnostic);
            }
        }
    }

    /// Without `sdk.yaml` resources: one resource per first tag (or first meaningful path
    /// segment), method names from operationIds (or method + path).
    pub fn derived(&mut self) -> Vec<Resource> {
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
            let operations = indexes
                .into_iter()
                .map(|index| (methods.claim(method_name_from(&self.ops[index])), index))
                .collect();
            let operations = self.name_params(operations);
            let description = self
                .lowerer
                .doc
                .tags
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| t.description.clone());
            resources.push(Resource {
                accessor,
                type_name: type_ident(&format!("{module} resource")),
                doc_comment: doc_comment(&[description
                    .as_deref()
                    .or(Some(&format!("Operations on `{module}`.")))]),
                module_path: vec![module],
                operations,
                children: Vec::new(),
            });
        }
        resources
    }

    /// Lowers each `(method name, operation index)` with a params type unique in its module.
    fn name_params(&mut self, methods: Vec<(String, usize)>) -> Vec<Operation> {
        let mut types = UniqueNames::default();
        methods
            .into_iter()
            .map(|(name, index)| {
                // Derived names arrive as identifiers already (`r#type`): escape them once only.
                let bare = unraw(&name);
                let method_name = snake_ident(bare);
                let params_type = types.claim(type_ident(&format!("{bare} params")));
                self.assemble(method_name, &params_type, index)
            })
            .collect()
    }

    fn assemble(&mut self, method_name: String, params_type: &str, index: usize) -> Operation {
        let op = &self.ops[index];
        let lowered = self.lowerer.lower_operation(op, params_type);
        let pagination = lowered.pagination.map(|(operation_page, page_impl)| {
            self.pages
                .insert(operation_page.page_type.clone(), page_impl);
            operation_page
        });
        Operation {
            method_name,
            doc_comment: lowered.doc_comment,
            deprecated: lowered.deprecated,
            http_method: op.http_method.to_uppercase(),
            endpoint_text: op.endpoint(),
            path_pieces: lowered.path_pieces,
            path_params: lowered.path_params,
            params: lowered.params,
            body_field: lowered.body_field,
            body_encoding: lowered.body_encoding,
            multipart_files: lowered.multipart_files,
            response: lowered.response,
            accept_literal: lowered.accept_literal,
            server_literal: lowered.server_literal,
            pagination,
        }
    }
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
