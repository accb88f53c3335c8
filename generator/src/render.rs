//! `ir::Api` → one string per output file, through the askama templates in `templates/` (one
//! view struct per template). Rendering decides nothing about names or types; it only picks
//! which files exist and composes the README's example from IR facts.

use crate::ir::{Api, ClientSettings, Model, Operation, Package, Resource, RuntimeNeeds};
use askama::Template;

/// What a rendered file is, which decides how `format` treats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Rust,
    Toml,
    Markdown,
}

/// A file of the generated crate before formatting.
#[derive(Clone, Debug)]
pub struct RenderedFile {
    /// Path relative to the crate root, `/`-separated.
    pub path: String,
    pub kind: FileKind,
    /// The template it came from, for error reports.
    pub template: &'static str,
    pub content: String,
}

/// A template failed to render: a generator bug, reported with the template's name.
#[derive(Debug)]
pub struct RenderError {
    pub template: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
struct CargoTomlView<'a> {
    package: &'a Package,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct ReadmeView<'a> {
    package: &'a Package,
    client: &'a ClientSettings,
    example: String,
    has_pagination: bool,
    has_streams: bool,
}

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
struct LibView {
    /// `Client, ClientBuilder`, sorted as rustfmt sorts them (the file must be rustfmt-stable).
    client_exports: String,
    needs: RuntimeNeeds,
}

#[derive(Template)]
#[template(path = "client.rs.askama", escape = "none")]
struct ClientView<'a> {
    c: &'a ClientSettings,
}

#[derive(Template)]
#[template(path = "error.rs.askama", escape = "none")]
struct ErrorView;

#[derive(Template)]
#[template(path = "request.rs.askama", escape = "none")]
struct RequestView<'a> {
    client_type: &'a str,
    lib_name: &'a str,
    needs: RuntimeNeeds,
}

#[derive(Template)]
#[template(path = "retry.rs.askama", escape = "none")]
struct RetryView;

#[derive(Template)]
#[template(path = "pagination.rs.askama", escape = "none")]
struct PaginationView<'a> {
    client_type: &'a str,
}

#[derive(Template)]
#[template(path = "sse.rs.askama", escape = "none")]
struct SseView<'a> {
    client_type: &'a str,
}

#[derive(Template)]
#[template(path = "models.rs.askama", escape = "none")]
struct ModelsView<'a> {
    models: &'a [Model],
}

#[derive(Template)]
#[template(path = "resources.rs.askama", escape = "none")]
struct ResourcesView<'a> {
    resources: &'a [Resource],
    client_type: &'a str,
    first_accessor: &'a str,
}

#[derive(Template)]
#[template(path = "resource.rs.askama", escape = "none")]
struct ResourceView<'a> {
    resource: &'a Resource,
    client_type: &'a str,
    module_doc: String,
}

/// Renders every file of the generated crate.
pub fn render_crate(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let client_type = api.client.type_name.as_str();
    let mut files = vec![
        render(
            "Cargo.toml",
            FileKind::Toml,
            "Cargo.toml.askama",
            &CargoTomlView {
                package: &api.package,
            },
        )?,
        render(
            "README.md",
            FileKind::Markdown,
            "README.md.askama",
            &ReadmeView {
                package: &api.package,
                client: &api.client,
                example: readme_example(api),
                has_pagination: api.needs.pagination,
                has_streams: api.needs.event_streams,
            },
        )?,
        render(
            "src/lib.rs",
            FileKind::Rust,
            "lib.rs.askama",
            &LibView {
                client_exports: client_exports(client_type),
                needs: api.needs,
            },
        )?,
        render(
            "src/client.rs",
            FileKind::Rust,
            "client.rs.askama",
            &ClientView { c: &api.client },
        )?,
        render(
            "src/error.rs",
            FileKind::Rust,
            "error.rs.askama",
            &ErrorView,
        )?,
        render(
            "src/request.rs",
            FileKind::Rust,
            "request.rs.askama",
            &RequestView {
                client_type,
                lib_name: &api.package.lib_name,
                needs: api.needs,
            },
        )?,
        render(
            "src/retry.rs",
            FileKind::Rust,
            "retry.rs.askama",
            &RetryView,
        )?,
        render(
            "src/models.rs",
            FileKind::Rust,
            "models.rs.askama",
            &ModelsView {
                models: &api.models,
            },
        )?,
    ];
    if api.needs.pagination {
        files.push(render(
            "src/pagination.rs",
            FileKind::Rust,
            "pagination.rs.askama",
            &PaginationView { client_type },
        )?);
    }
    if api.needs.event_streams {
        files.push(render(
            "src/sse.rs",
            FileKind::Rust,
            "sse.rs.askama",
            &SseView { client_type },
        )?);
    }
    let first_accessor = api
        .resources
        .first()
        .map(|r| r.accessor.as_str())
        .unwrap_or("resource");
    files.push(render(
        "src/resources.rs",
        FileKind::Rust,
        "resources.rs.askama",
        &ResourcesView {
            resources: &api.resources,
            client_type,
            first_accessor,
        },
    )?);
    for resource in api.resources.iter().flat_map(Resource::walk) {
        let path = format!("src/resources/{}.rs", resource.module_path.join("/"));
        let module_doc = format!("The `{}` resource.", resource.module_path.join("."));
        files.push(render_owned(
            path,
            FileKind::Rust,
            "resource.rs.askama",
            &ResourceView {
                resource,
                client_type,
                module_doc,
            },
        )?);
    }
    Ok(files)
}

fn render(
    path: &str,
    kind: FileKind,
    template: &'static str,
    view: &impl Template,
) -> Result<RenderedFile, RenderError> {
    render_owned(path.to_owned(), kind, template, view)
}

fn render_owned(
    path: String,
    kind: FileKind,
    template: &'static str,
    view: &impl Template,
) -> Result<RenderedFile, RenderError> {
    let content = view.render().map_err(|err| RenderError {
        template,
        message: err.to_string(),
    })?;
    Ok(RenderedFile {
        path,
        kind,
        template,
        content,
    })
}

fn client_exports(client_type: &str) -> String {
    let mut names = [client_type, "ClientBuilder"];
    names.sort_by_key(|name| name.to_ascii_lowercase());
    names.join(", ")
}

/// The README's example: build a client, then call the first paginated operation (or else the
/// first one that needs no required parameters), showing auto-paging where there is one.
fn readme_example(api: &Api) -> String {
    let lib = &api.package.lib_name;
    let client = &api.client.type_name;
    let mut lines = vec![format!("# async fn run() -> Result<(), {lib}::Error> {{")];
    lines.push(format!("let client = {lib}::{client}::from_env()?;"));
    let candidates: Vec<(&Resource, &Operation)> = api
        .resources
        .iter()
        .flat_map(Resource::walk)
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
        .filter(|(_, op)| op.params.as_ref().is_none_or(|p| p.derive_default))
        .filter(|(_, op)| op.response.call_constructor(None) != "event_stream")
        .collect();
    let chosen = candidates
        .iter()
        .find(|(_, op)| op.pagination.is_some())
        .or(candidates.first());
    if let Some((resource, op)) = chosen {
        let chain: String = resource
            .module_path
            .iter()
            .enumerate()
            .map(|(depth, _)| accessor_at(api, resource, depth))
            .collect::<Vec<_>>()
            .join("().");
        let mut args: Vec<String> = op
            .path_params
            .iter()
            .map(|p| {
                if p.rust_type == "&str" {
                    "\"id\"".to_owned()
                } else {
                    "Default::default()".to_owned()
                }
            })
            .collect();
        if let Some(params) = &op.params {
            args.push(format!(
                "{}::{}::default()",
                resource.rust_path().replace("crate::", &format!("{lib}::")),
                params.type_name
            ));
        }
        let call = format!("client.{chain}().{}({})", op.method_name, args.join(", "));
        if op.pagination.is_some() {
            lines.push(format!("let page = {call}.await?;"));
            lines.push("println!(\"first page: {:?}\", page.items());".to_owned());
            lines.push("".to_owned());
            lines.push(
                "// Or every item, across pages, fetched as the stream is consumed:".to_owned(),
            );
            lines.push("use futures::TryStreamExt;".to_owned());
            let auto = call.replacen(
                &format!(".{}(", op.method_name),
                &format!(".{}_auto_paging(", op.method_name),
                1,
            );
            lines.push(format!("let all: Vec<_> = {auto}.try_collect().await?;"));
            lines.push("println!(\"{} items\", all.len());".to_owned());
        } else {
            lines.push(format!("let result = {call}.await?;"));
            lines.push("println!(\"{result:?}\");".to_owned());
        }
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.join("\n")
}

/// The accessor of the ancestor of `resource` at `depth` (0 = top level).
fn accessor_at(api: &Api, resource: &Resource, depth: usize) -> String {
    let mut level = &api.resources;
    let mut accessor = String::new();
    for module in &resource.module_path[..=depth] {
        let Some(node) = level.iter().find(|r| r.module_name() == module) else {
            break;
        };
        accessor = node.accessor.clone();
        level = &node.children;
    }
    accessor
}
