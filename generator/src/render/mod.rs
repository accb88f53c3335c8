//! `ir::Api` → one string per output file, through the askama templates in `templates/` (one
//! view struct per template). Rendering decides nothing about names or types; it only picks
//! which files exist and composes the README's example from IR facts. The command-line tool's
//! files come from `cli`.

use crate::ir::{Api, Cli, ClientSettings, Model, Package, Resource, RuntimeNeeds};
use askama::Template;

mod cli;
mod formatted;
mod manifest;
mod mock_tests;
mod paging;
mod readme;
mod runtime;
mod rust;

use readme::ReadmeExamples;

/// What a rendered file is, which decides how `format` treats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Rust,
    /// Rust already in the formatter's layout (the runtime's files): emitted as it is.
    FormattedRust,
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
    cli: Option<&'a Cli>,
    /// A client exists, and with it the `testing` feature's test transport.
    has_operations: bool,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct ReadmeView<'a> {
    package: &'a Package,
    client: &'a ClientSettings,
    cli: Option<&'a Cli>,
    examples: ReadmeExamples,
    has_operations: bool,
    has_pagination: bool,
    has_streams: bool,
    /// What the runtime holds: `Upload`, `FilePart` and `Download` get a section.
    needs: RuntimeNeeds,
    /// The distinct terminal events of the API's streams, as README code spans.
    terminal_events: Vec<String>,
    /// The variable naming the mock server `tests/mock/` calls.
    mock_url_env: String,
    /// Some model derives one serde trait only, the other under `serde-both`.
    one_way_models: bool,
}

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
struct LibView {
    /// `Client, ClientBuilder`, sorted as rustfmt sorts them (the file must be rustfmt-stable).
    client_exports: String,
    needs: RuntimeNeeds,
    has_cli: bool,
}

#[derive(Template)]
#[template(path = "client.rs.askama", escape = "none")]
struct ClientView<'a> {
    c: &'a ClientSettings,
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
    /// `#[inline]` on each operation method (`crate.compile_operations`).
    inline_operations: bool,
}

/// Renders every file of the generated crate.
pub fn render_crate(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let mut files = render_package(api)?;
    // A document without operations (only schemas) gets a models-only crate: a client with
    // nothing to call would be dead code.
    if api.needs.operations {
        files.extend(render_runtime(api)?);
        files.extend(render_resources(api)?);
        files.extend(cli::render_cli(api)?);
        files.extend(mock_tests::render_mock_tests(api));
    } else if api.needs.models_use_runtime() {
        files.extend(runtime::render_runtime_files(api)?);
    }
    Ok(files)
}

/// The terminal events of the streams (`x-terminal-event`), each once, as code spans.
fn terminal_events(api: &Api) -> Vec<String> {
    let mut spans: Vec<String> = Vec::new();
    for (_, op) in api.operations() {
        if let crate::ir::ResponseKind::EventStream {
            terminal: Some(terminal),
            ..
        } = &op.response
        {
            let span = terminal.kind.table_code_span();
            if !spans.contains(&span) {
                spans.push(span);
            }
        }
    }
    spans
}

/// The manifest, the README, `lib.rs` and the models: what every crate has.
fn render_package(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let client_type = api.client.type_name.as_str();
    let cli = api.cli.as_ref();
    let readme = ReadmeView {
        package: &api.package,
        client: &api.client,
        cli,
        examples: ReadmeExamples::of(api),
        has_operations: api.needs.operations,
        has_pagination: api.needs.pagination,
        has_streams: api.needs.event_streams,
        needs: api.needs,
        terminal_events: terminal_events(api),
        mock_url_env: mock_tests::mock_url_env(api),
        one_way_models: (api.models.iter()).any(|m| m.serde != crate::ir::SerdeUse::Both),
    };
    let lib = LibView {
        client_exports: client_exports(client_type),
        needs: api.needs,
        has_cli: cli.is_some(),
    };
    Ok(vec![
        render(
            "Cargo.toml",
            FileKind::Toml,
            "Cargo.toml.askama",
            &CargoTomlView {
                package: &api.package,
                cli,
                has_operations: api.needs.operations,
            },
        )?,
        render("README.md", FileKind::Markdown, "README.md.askama", &readme)?,
        render("src/lib.rs", FileKind::Rust, "lib.rs.askama", &lib)?,
        render(
            "src/models.rs",
            FileKind::Rust,
            "models.rs.askama",
            &ModelsView {
                models: &api.models,
            },
        )?,
    ])
}

/// The client and its runtime, only the parts the operations use.
fn render_runtime(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let mut files = vec![render(
        "src/client.rs",
        FileKind::Rust,
        "client.rs.askama",
        &ClientView { c: &api.client },
    )?];
    files.extend(runtime::render_runtime_files(api)?);
    Ok(files)
}

/// `resources.rs` and one module per resource.
fn render_resources(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let client_type = api.client.type_name.as_str();
    let first_accessor = api
        .resources
        .first()
        .map(|r| r.accessor.as_str())
        .unwrap_or("resource");
    let root = ResourcesView {
        resources: &api.resources,
        client_type,
        first_accessor,
    };
    let mut files = vec![render(
        "src/resources.rs",
        FileKind::Rust,
        "resources.rs.askama",
        &root,
    )?];
    for resource in api.resources.iter().flat_map(Resource::walk) {
        let path = format!("src/resources/{}.rs", resource.module_path.join("/"));
        let module_doc = format!("The `{}` resource.", resource.module_path.join("."));
        let view = ResourceView {
            resource,
            client_type,
            module_doc,
            inline_operations: api.package.publish.inline_operations,
        };
        files.push(render_owned(
            path,
            FileKind::Rust,
            "resource.rs.askama",
            &view,
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
