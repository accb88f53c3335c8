//! The resource tree (resources and method names, one line each, marked where the method
//! auto-pages) derived without `sdk.yaml` for
//! real documents, compared with a golden file beside the document, so that a naming change is
//! reviewed as a diff. `UPDATE_SNAPSHOTS=1` rewrites the golden files.
//!
//! The tree comes from the planning step of lowering (`generator::lower::resource_tree_lines`),
//! which names every operation before any is lowered, so a tree shows naming alone, whatever
//! the rest of lowering makes of each operation.

use generator::ir::Resource;
use generator::load::load_inputs;
use generator::lower::{lower, resource_tree_lines};
use std::collections::BTreeMap;
use std::fs;
use tests::snapshot::{repo_root, updating};

/// Documents in `tests/real-specs/` whose derived tree is pinned in `<name>.tree`.
const DOCUMENTS: &[&str] = &["llamacloud-platform.json"];

#[test]
fn derived_resource_trees_match_their_golden_files() {
    let dir = repo_root().join("tests/real-specs");
    let mut failures = Vec::new();
    for document in DOCUMENTS {
        let text = fs::read_to_string(dir.join(document)).unwrap();
        let inputs = load_inputs(&text, None).unwrap_or_else(|e| panic!("{document}: {e:?}"));
        let paged = paged_methods(&inputs);
        let mut tree = (resource_tree_lines(&inputs.document, None).into_iter())
            .map(|line| {
                let method = line.split_whitespace().next().unwrap_or_default();
                match paged.get(method) {
                    Some(style) => format!("{line}  (auto-paging: {style})"),
                    None => line,
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        tree.push('\n');
        let stem = document
            .rsplit_once('.')
            .map_or(*document, |(stem, _)| stem);
        let golden = dir.join(format!("{stem}.tree"));
        let recorded = fs::read_to_string(&golden).unwrap_or_default();
        if recorded == tree {
            continue;
        }
        if updating() {
            fs::write(&golden, &tree).unwrap();
            continue;
        }
        failures.push(format!(
            "{} changed:\n{}",
            golden.display(),
            line_diff(&recorded, &tree)
        ));
    }
    assert!(
        failures.is_empty(),
        "{}\nTo accept the new trees, run: UPDATE_SNAPSHOTS=1 cargo test -p tests --test resource_tree",
        failures.join("\n")
    );
}

/// `resource.method` → pagination style of every operation that auto-pages, from the lowered
/// API (the style's word of `tests/real-specs/pagination.txt`), so the tree shows which lists page.
fn paged_methods(inputs: &generator::load::Inputs) -> BTreeMap<String, String> {
    fn walk(resources: &[Resource], out: &mut BTreeMap<String, String>) {
        for resource in resources {
            for op in &resource.operations {
                if let Some(page) = &op.pagination {
                    let style = page.summary.split_whitespace().next().unwrap_or_default();
                    let method = format!("{}.{}", resource.accessor_path.join("."), op.method_name);
                    out.insert(method, style.to_owned());
                }
            }
            walk(&resource.children, out);
        }
    }
    let api = lower(inputs).unwrap_or_else(|e| panic!("{e:?}")).api;
    let mut out = BTreeMap::new();
    walk(&api.resources, &mut out);
    out
}

/// Lines only in the recorded tree (`-`) and only in the new one (`+`), in order. Each line
/// names one method, so a set difference reads as well as a positional diff here.
fn line_diff(recorded: &str, now: &str) -> String {
    let old: Vec<&str> = recorded.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    let removed = old
        .iter()
        .filter(|l| !new.contains(l))
        .map(|l| format!("- {l}"));
    let added = new
        .iter()
        .filter(|l| !old.contains(l))
        .map(|l| format!("+ {l}"));
    removed.chain(added).collect::<Vec<_>>().join("\n")
}

/// `sdk.yaml`'s `resources:` still decides every name when present: the derived names are only
/// the default.
#[test]
fn configured_resources_override_the_derived_names() {
    let spec = r#"
openapi: 3.0.3
info: {title: Acme Tasks API, version: "1"}
paths:
  /api/v1/tasks:
    get:
      operationId: list_tasks_api_v1_tasks_get
      tags: [Tasks]
      responses: {"200": {description: ok}}
  /api/v1/tasks/{task_id}:
    get:
      operationId: get_task_api_v1_tasks__task_id__get
      tags: [Deprecated]
      parameters: [{name: task_id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
"#;
    let derived = load_inputs(spec, None).unwrap();
    assert_eq!(
        resource_tree_lines(&derived.document, None),
        [
            "tasks.list  GET /api/v1/tasks",
            "tasks.get  GET /api/v1/tasks/{task_id}",
        ]
    );
    let config = "resources:\n  work:\n    resources:\n      todo:\n        methods:\n          all: get /api/v1/tasks\n          one: get /api/v1/tasks/{task_id}\n";
    let configured = load_inputs(spec, Some(config)).unwrap();
    assert_eq!(
        resource_tree_lines(&configured.document, configured.config.resources.as_deref()),
        [
            "work.todo.all  GET /api/v1/tasks",
            "work.todo.one  GET /api/v1/tasks/{task_id}",
        ]
    );
}

/// A title ending in "API" names the crate after it but does not double the word in the
/// environment variables (`ACME_TASKS_API_KEY`, not `ACME_TASKS_API_API_KEY`).
#[test]
fn crate_and_environment_names_from_a_title_ending_in_api() {
    let spec = r#"
openapi: 3.0.3
info: {title: Acme Tasks API, version: "1"}
security: [{token: []}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
paths:
  /tasks:
    get:
      operationId: listTasks
      responses: {"204": {description: done}}
"#;
    let sources = generator::Sources {
        spec_path: "acme.yaml",
        spec_text: spec,
        config_path: "",
        config_text: None,
    };
    let generated = generator::generate(&sources).unwrap();
    assert_eq!(generated.crate_name, "acme-tasks-api");
    let client = &generated.files["src/client.rs"];
    for name in ["\"ACME_TASKS_API_KEY\"", "\"ACME_TASKS_BASE_URL\""] {
        assert!(client.contains(name), "missing {name}");
    }
    assert!(!client.contains("API_API"));
    assert!(generated.files["src/resources/tasks.rs"].contains("pub fn list("));
}
