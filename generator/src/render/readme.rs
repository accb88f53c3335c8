//! The generated README's code examples, composed from IR facts so that they compile for any
//! API (each is a doc test of the generated crate): which operation to show, how to call it with
//! default arguments, and the snippets for configuration, options, errors and streaming.

use crate::ir::{Api, Operation, Resource, ResponseKind};

/// One code block per README section; `None` where the API has nothing to show.
pub struct ReadmeExamples {
    pub quick_start: String,
    pub configuration: String,
    pub request_options: Option<String>,
    pub errors: Option<String>,
    pub streaming: Option<String>,
}

/// A call expression of an operation with default arguments.
struct ExampleCall {
    expr: String,
    method_name: String,
    paginated: bool,
    streaming: bool,
}

impl ReadmeExamples {
    pub fn of(api: &Api) -> Self {
        let lib = api.package.lib_name.as_str();
        let client = format!("let client = {lib}::{}::from_env()?;", api.client.type_name);
        let callable: Vec<ExampleCall> = operations(api)
            .filter_map(|(resource, op)| example_call(api, resource, op))
            .collect();
        let plain: Vec<&ExampleCall> = callable.iter().filter(|c| !c.streaming).collect();
        let shown = plain
            .iter()
            .find(|c| c.paginated)
            .or(plain.first())
            .copied();
        let with_client = |body: String| wrap(lib, [client.as_str(), &body].join("\n").trim_end());
        ReadmeExamples {
            quick_start: with_client(shown.map(quick_start).unwrap_or_default()),
            configuration: wrap(lib, &configuration(api)),
            request_options: shown.map(|call| with_client(request_options(call))),
            errors: shown.map(|call| with_client(errors(lib, call))),
            streaming: callable
                .iter()
                .find(|c| c.streaming)
                .map(|call| with_client(streaming(call))),
        }
    }
}

/// A call, then (for a list) the next page, every item, and every item with prefetch.
fn quick_start(call: &ExampleCall) -> String {
    if !call.paginated {
        return format!(
            "let result = {}.await?;\nprintln!(\"{{result:?}}\");",
            call.expr
        );
    }
    let auto = call.expr.replacen(
        &format!(".{}(", call.method_name),
        &format!(".{}_auto_paging(", call.method_name),
        1,
    );
    [
        format!("let page = {}.await?;", call.expr),
        "println!(\"first page: {:?}\", page.items());".to_owned(),
        "if let Some(next) = page.next_page().await? {".to_owned(),
        "    println!(\"second page: {} items\", next.items().len());".to_owned(),
        "}".to_owned(),
        String::new(),
        "// Every item, across pages, fetched as the stream is consumed:".to_owned(),
        "use futures::TryStreamExt;".to_owned(),
        format!("let all: Vec<_> = {auto}.try_collect().await?;"),
        "println!(\"{} items\", all.len());".to_owned(),
        String::new(),
        "// The same, fetching the next page while this one is consumed:".to_owned(),
        format!("let mut items = {auto}.prefetch(true);"),
        "while let Some(item) = items.try_next().await? {".to_owned(),
        "    println!(\"{item:?}\");".to_owned(),
        "}".to_owned(),
    ]
    .join("\n")
}

/// Every builder setting.
fn configuration(api: &Api) -> String {
    let mut lines = vec![
        "use std::time::Duration;".to_owned(),
        format!(
            "let client = {}::{}::builder()",
            api.package.lib_name, api.client.type_name
        ),
    ];
    if api.client.auth.has_key() {
        lines.push("    .api_key(\"my-api-key\")".to_owned());
    }
    // The URL comes from the spec: it reaches the (compiled) example only as an escaped literal.
    let base_url = api
        .client
        .default_base_url_literal
        .as_deref()
        .unwrap_or("\"https://api.example.com\"");
    lines.push(format!("    .base_url({base_url})"));
    lines.push("    .timeout(Duration::from_secs(20))".to_owned());
    lines.push("    .max_retries(4)".to_owned());
    lines.push("    .default_header(\"x-team\", \"payments\")".to_owned());
    lines.push("    .build()?;".to_owned());
    lines.push("# let _ = client;".to_owned());
    lines.join("\n")
}

fn request_options(call: &ExampleCall) -> String {
    [
        "use std::time::Duration;".to_owned(),
        format!("let (value, response) = {}", call.expr),
        "    .timeout(Duration::from_secs(5))".to_owned(),
        "    .max_retries(0)".to_owned(),
        "    .header(\"x-trace-id\", \"abc123\")".to_owned(),
        "    .with_response()".to_owned(),
        "    .await?;".to_owned(),
        "println!(\"{} {:?}: {value:?}\", response.status, response.headers.get(\"x-request-id\"));".to_owned(),
    ]
    .join("\n")
}

fn errors(lib: &str, call: &ExampleCall) -> String {
    [
        format!("match {}.await {{", call.expr),
        "    Ok(value) => println!(\"{value:?}\"),".to_owned(),
        format!("    Err({lib}::Error::Api(api)) if api.status.as_u16() == 404 => println!(\"not found: {{}}\", api.body),"),
        format!("    Err({lib}::Error::Api(api)) => eprintln!(\"{{}} (request id {{:?}}): {{:?}}\", api.status, api.request_id, api.json),"),
        format!("    Err({lib}::Error::Timeout {{ .. }} | {lib}::Error::Connection {{ .. }}) => eprintln!(\"network trouble, after retries\"),"),
        "    Err(other) => return Err(other),".to_owned(),
        "}".to_owned(),
    ]
    .join("\n")
}

fn streaming(call: &ExampleCall) -> String {
    [
        "use futures::TryStreamExt;".to_owned(),
        format!("let mut events = {}.await?;", call.expr),
        "while let Some(event) = events.try_next().await? {".to_owned(),
        "    println!(\"{event:?}\");".to_owned(),
        "}".to_owned(),
    ]
    .join("\n")
}

/// Hides the async wrapper that makes `?` and `.await` legal in a doc test.
fn wrap(lib: &str, body: &str) -> String {
    format!("# async fn example() -> Result<(), {lib}::Error> {{\n{body}\n# Ok(())\n# }}")
}

fn operations(api: &Api) -> impl Iterator<Item = (&Resource, &Operation)> {
    api.resources
        .iter()
        .flat_map(Resource::walk)
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
}

/// `client.beta().chat().get("id", …::GetParams::default())`, for operations whose params can
/// be defaulted and whose path arguments are strings or integers.
fn example_call(api: &Api, resource: &Resource, op: &Operation) -> Option<ExampleCall> {
    if op.params.as_ref().is_some_and(|p| !p.derive_default) {
        return None;
    }
    let lib = &api.package.lib_name;
    let chain = (0..resource.module_path.len())
        .map(|depth| accessor_at(api, resource, depth))
        .collect::<Vec<_>>()
        .join("().");
    // Path arguments must be writable as literals: strings and integers (an enum has no
    // default to show).
    let mut args: Vec<String> = op
        .path_params
        .iter()
        .map(|p| match p.rust_type.as_str() {
            "&str" => Some("\"id\"".to_owned()),
            "i32" | "i64" => Some("1".to_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if let Some(params) = &op.params {
        args.push(format!(
            "{}::{}::default()",
            resource.rust_path().replacen("crate", lib, 1),
            params.type_name
        ));
    }
    Some(ExampleCall {
        expr: format!("client.{chain}().{}({})", op.method_name, args.join(", ")),
        method_name: op.method_name.clone(),
        paginated: op.pagination.is_some(),
        streaming: matches!(op.response, ResponseKind::EventStream { .. }),
    })
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
