//! The generated README's code examples, spelled from the calls `lower` chose
//! (`ir::Examples`): the quick start, configuration, per-request options, errors and streaming.
//! Each is a doc test of the generated crate, so it must compile for any API.

use crate::ir::{Api, ExampleArg, ExampleCall};

/// One code block per README section; `None` where the API has nothing to show.
pub struct ReadmeExamples {
    pub quick_start: String,
    pub configuration: String,
    pub request_options: Option<String>,
    pub errors: Option<String>,
    pub streaming: Option<String>,
    /// Run (not only compiled) as a doc test when the crate's `testing` feature is on.
    pub testing: Option<String>,
}

impl ReadmeExamples {
    pub fn of(api: &Api) -> Self {
        let lib = api.package.lib_name.as_str();
        let client = format!("let client = {lib}::{}::from_env()?;", api.client.type_name);
        let shown = api.examples.shown.as_ref();
        let with_client = |body: String| wrap(lib, [client.as_str(), &body].join("\n").trim_end());
        ReadmeExamples {
            quick_start: with_client(shown.map(|call| quick_start(lib, call)).unwrap_or_default()),
            configuration: wrap(lib, &configuration(api)),
            request_options: shown.map(|call| with_client(request_options(&expr(lib, call, "")))),
            errors: shown.map(|call| with_client(errors(lib, &expr(lib, call, "")))),
            streaming: api
                .examples
                .streaming
                .as_ref()
                .map(|call| with_client(streaming(&expr(lib, call, "")))),
            testing: shown.map(|call| testing(api, call)),
        }
    }
}

/// `client.beta().chat().list(…::ListParams::default())`; `suffix` extends the method name
/// (`_auto_paging`).
fn expr(lib: &str, call: &ExampleCall, suffix: &str) -> String {
    let args: Vec<String> = call
        .args
        .iter()
        .map(|arg| match arg {
            ExampleArg::Str => "\"id\"".to_owned(),
            ExampleArg::Integer => "1".to_owned(),
            ExampleArg::DefaultParams {
                resource_path,
                type_name,
            } => format!(
                "{lib}::resources::{}::{type_name}::default()",
                resource_path.join("::")
            ),
        })
        .collect();
    format!(
        "client.{}().{}{suffix}({})",
        call.accessor_path.join("()."),
        call.method_name,
        args.join(", ")
    )
}

/// A call, then (for a list) the next page, every item, and every item with prefetch.
fn quick_start(lib: &str, call: &ExampleCall) -> String {
    let call_expr = expr(lib, call, "");
    if !call.paginated {
        return format!("let result = {call_expr}.await?;\nprintln!(\"{{result:?}}\");");
    }
    let auto = expr(lib, call, "_auto_paging");
    [
        format!("let page = {call_expr}.await?;"),
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
        .default_base_url
        .as_ref()
        .map_or_else(|| "\"https://api.example.com\"".to_owned(), |url| url.lit());
    lines.push(format!("    .base_url({base_url})"));
    lines.push("    .timeout(Duration::from_secs(20))".to_owned());
    lines.push("    .max_retries(4)".to_owned());
    lines.push("    .default_header(\"x-team\", \"payments\")".to_owned());
    lines.push("    .build()?;".to_owned());
    lines.push("# let _ = client;".to_owned());
    lines.join("\n")
}

fn request_options(call_expr: &str) -> String {
    [
        "use std::time::Duration;".to_owned(),
        format!("let (value, response) = {call_expr}"),
        "    .timeout(Duration::from_secs(5))".to_owned(),
        "    .max_retries(0)".to_owned(),
        "    .header(\"x-trace-id\", \"abc123\")".to_owned(),
        "    .with_response()".to_owned(),
        "    .await?;".to_owned(),
        "println!(\"{} {:?}: {value:?}\", response.status, response.headers.get(\"x-request-id\"));".to_owned(),
    ]
    .join("\n")
}

fn errors(lib: &str, call_expr: &str) -> String {
    [
        format!("match {call_expr}.await {{"),
        "    Ok(value) => println!(\"{value:?}\"),".to_owned(),
        format!("    Err({lib}::Error::Api(api)) if api.status.as_u16() == 404 => println!(\"not found: {{}}\", api.body),"),
        format!("    Err({lib}::Error::Api(api)) => eprintln!(\"{{}} (request id {{:?}}): {{:?}}\", api.status, api.request_id, api.json),"),
        format!("    Err({lib}::Error::Timeout {{ .. }} | {lib}::Error::Connection {{ .. }}) => eprintln!(\"network trouble, after retries\"),"),
        "    Err(other) => return Err(other),".to_owned(),
        "}".to_owned(),
    ]
    .join("\n")
}

fn streaming(call_expr: &str) -> String {
    [
        "use futures::TryStreamExt;".to_owned(),
        format!("let mut events = {call_expr}.await?;"),
        "while let Some(event) = events.try_next().await? {".to_owned(),
        "    println!(\"{event:?}\");".to_owned(),
        "}".to_owned(),
    ]
    .join("\n")
}

/// A client on a `TestTransport`: a scripted 503 (retried), then a 404 (any operation can be
/// answered with one, whatever its success type), and assertions on the recorded requests.
fn testing(api: &Api, call: &ExampleCall) -> String {
    let lib = api.package.lib_name.as_str();
    let mut lines = vec![
        "# #[cfg(feature = \"testing\")]".to_owned(),
        "# #[tokio::main(flavor = \"current_thread\")]".to_owned(),
        "# async fn main() {".to_owned(),
        format!("use {lib}::testing::{{Reply, TestTransport}};"),
        "use serde_json::json;".to_owned(),
        String::new(),
        "// The answers, in the order the requests will arrive.".to_owned(),
        "let transport = TestTransport::new();".to_owned(),
        "transport".to_owned(),
        "    .reply(Reply::json(503, json!({\"detail\": \"busy\"})).header(\"retry-after-ms\", \"1\"))".to_owned(),
        "    .reply(Reply::json(404, json!({\"detail\": \"not found\"})));".to_owned(),
        format!("let client = {lib}::{}::builder()", api.client.type_name),
    ];
    if api.client.auth.has_key() {
        lines.push("    .api_key(\"test-key\")".to_owned());
    }
    lines.extend([
        "    .base_url(\"https://api.test\")".to_owned(),
        "    .transport(transport.clone())".to_owned(),
        "    .build()".to_owned(),
        "    .unwrap();".to_owned(),
        String::new(),
        "// The code under test: the client retries the 503 and reports the 404.".to_owned(),
        format!("let Err(error) = {}.await else {{", expr(lib, call, "")),
        "    panic!(\"a 404 is an error\");".to_owned(),
        "};".to_owned(),
        "assert_eq!(error.status().map(|status| status.as_u16()), Some(404));".to_owned(),
        String::new(),
        "// What it sent: two attempts of the same request.".to_owned(),
        "let requests = transport.requests();".to_owned(),
        "assert_eq!(requests.len(), 2);".to_owned(),
        format!(
            "assert_eq!(requests[1].method.as_str(), {});",
            crate::ir::Text::new(&call.http_method).lit()
        ),
        "assert!(requests[1].url.as_str().starts_with(\"https://api.test/\"));".to_owned(),
        "transport.assert_done(); // every scripted reply was used".to_owned(),
        "# }".to_owned(),
        "# #[cfg(not(feature = \"testing\"))]".to_owned(),
        "# fn main() {}".to_owned(),
    ]);
    lines.join("\n")
}

/// Hides the async wrapper that makes `?` and `.await` legal in a doc test.
fn wrap(lib: &str, body: &str) -> String {
    format!("# async fn example() -> Result<(), {lib}::Error> {{\n{body}\n# Ok(())\n# }}")
}
