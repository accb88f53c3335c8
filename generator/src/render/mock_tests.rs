//! The generated crate's `tests/mock/`: one test per operation, calling it with the values
//! `lower` built from the spec (`ir::MockValues`) against a mock server named by the
//! `<PREFIX>_MOCK_URL` environment variable (skipped, with a printed line, when it is unset). A
//! validating mock (`prism mock --errors`) answers a request that breaks the spec with a 4xx, so
//! each test proves the request on the wire, and the decoded answer proves the response types.

use super::{FileKind, RenderedFile};
use crate::ir::{
    Api, AuthScheme, Operation, ParamsStruct, Resource, ResponseKind, Scalar, SchemeKind, Ty,
};
use crate::lower::docs::rust_literal;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The variable holding the mock server's URL: `LLAMACLOUD_MOCK_URL` beside `LLAMACLOUD_BASE_URL`.
pub fn mock_url_env(api: &Api) -> String {
    let base = api.client.env_base_url.as_str();
    let prefix = base.strip_suffix("_BASE_URL").unwrap_or(base);
    format!("{prefix}_MOCK_URL")
}

/// `tests/mock/main.rs` and `tests/mock/operations.rs`, for a crate with operations. The tests
/// live in a module so that `#[rustfmt::skip]` keeps `cargo fmt` from re-laying out the
/// generator's (prettyplease) layout, as in `lib.rs`.
pub fn render_mock_tests(api: &Api) -> [RenderedFile; 2] {
    let main = "//! The operations called against a mock server: see `operations.rs`.\n\n\
                #[rustfmt::skip]\nmod operations;\n";
    [
        RenderedFile {
            path: "tests/mock/main.rs".to_owned(),
            kind: FileKind::Rust,
            template: "render/mock_tests.rs",
            content: main.to_owned(),
        },
        render_operations(api),
    ]
}

fn render_operations(api: &Api) -> RenderedFile {
    let lib = api.package.lib_name.as_str();
    let mut tests = String::new();
    let mut skipped = Vec::new();
    // The helpers' names are taken.
    let mut names: BTreeSet<String> = ["mock_client", "value", "ok"].map(str::to_owned).into();
    let mut streams = false;
    for (resource, op) in api.operations() {
        let call = format!("{}.{}", resource.accessor_path.join("."), op.method_name);
        match test_fn(lib, resource, op, &mut names) {
            Ok(test) => {
                streams |= matches!(op.response, ResponseKind::EventStream { .. });
                tests.push_str(&test);
            }
            Err(reason) => skipped.push(format!("//! - `{call}`: {reason}")),
        }
    }
    let mut out = String::from(
        "//! Every operation called once against a mock server of the API, with values from the\n\
         //! API description's examples, defaults and schemas: a validating mock (`prism mock\n\
         //! --errors`) rejects a request that breaks the description, and each answer must decode.\n",
    );
    let _ = writeln!(
        out,
        "//! Set `{}` to the mock's URL; unset, every test is skipped with a printed line.",
        mock_url_env(api)
    );
    if !skipped.is_empty() {
        out.push_str(
            "//!\n//! Not called here (no value could be built for a required argument):\n",
        );
        out.push_str(&skipped.join("\n"));
        out.push('\n');
    }
    // Deprecated operations are still part of the API, and still tested.
    out.push_str("\n#![allow(deprecated)]\n\n");
    if !tests.is_empty() {
        let values = tests.contains("value(");
        out.push_str(&helpers(api, streams, values));
        out.push_str(&tests);
    }
    RenderedFile {
        path: "tests/mock/operations.rs".to_owned(),
        kind: FileKind::Rust,
        template: "render/mock_tests.rs",
        content: out,
    }
}

/// The client for the mock (every credential set, no retries) and the two checks.
fn helpers(api: &Api, streams: bool, values: bool) -> String {
    let lib = api.package.lib_name.as_str();
    let client = api.client.type_name.as_str();
    let credentials: String = api.client.schemes.iter().map(credential).collect();
    let stream_import = if streams {
        "use futures::TryStreamExt;\n"
    } else {
        ""
    };
    format!(
        "{stream_import}use {lib}::{{{client}, Error}};\n\
        const MOCK_URL: &str = {env};\n\n\
        /// A client for the mock, or `None` (said on stderr) when no mock is configured.\n\
        fn mock_client(test: &str) -> Option<{client}> {{\n\
            let Ok(url) = std::env::var(MOCK_URL) else {{\n\
                eprintln!(\"skipped {{test}}: {{MOCK_URL}} is not set (the URL of a mock server of the API)\");\n\
                return None;\n\
            }};\n\
            // No retries: a mock answers deterministically, so a retry would only hide a failure.\n\
            let builder = {client}::builder().base_url(url){credentials}.max_retries(0);\n\
            Some(builder.timeout(std::time::Duration::from_secs(60)).build().expect(\"a client for the mock URL\"))\n\
        }}\n\n\
        {value_fn}\
        /// The call's output, or a failure naming what the mock or the decoder said.\n\
        fn ok<T>(result: Result<T, Error>) -> T {{\n\
            result.unwrap_or_else(|error| panic!(\"{{error}}\\n{{error:?}}\"))\n\
        }}\n\n",
        env = rust_literal(&mock_url_env(api)),
        value_fn = if values { VALUE_FN } else { "" },
    )
}

/// Only where a test uses it (an unused fn fails `clippy -D warnings`).
const VALUE_FN: &str = "/// A value of the argument's type from the JSON example.
fn value<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|error| panic!(\"the example {json} does not fit its type: {error}\"))
}

";

/// The builder call that sets a scheme's credential to a placeholder the mock accepts.
fn credential(scheme: &AuthScheme) -> String {
    match (&scheme.kind, scheme.primary) {
        (SchemeKind::Basic, true) => ".api_key(\"mock-user:mock-password\")".to_owned(),
        (_, true) => ".api_key(\"mock-credential\")".to_owned(),
        (SchemeKind::Basic, false) => {
            format!(".{}(\"mock-user\", \"mock-password\")", scheme.setter)
        }
        _ => format!(".{}(\"mock-credential\")", scheme.setter),
    }
}

/// One `#[tokio::test]`, or why the operation cannot be called.
fn test_fn(
    lib: &str,
    resource: &Resource,
    op: &Operation,
    names: &mut BTreeSet<String>,
) -> Result<String, String> {
    let mut args = Vec::new();
    for (param, value) in op.path_params.iter().zip(&op.mock.path) {
        let value = value.as_ref().ok_or("no value for a path parameter")?;
        args.push(match (&param.ty, value) {
            (Ty::String, Value::String(text)) => rust_literal(text),
            (Ty::String, other) => rust_literal(&other.to_string()),
            (ty, value) => value_expr(ty, value).ok_or("a path parameter holds `time` values")?,
        });
    }
    if let Some(params) = &op.params {
        args.push(params_literal(lib, resource, op, params)?);
    }
    let joined: Vec<&str> = (resource.accessor_path.iter().chain([&op.method_name]))
        .map(|part| part.trim_start_matches("r#").trim_matches('_'))
        .filter(|part| !part.is_empty())
        .collect();
    // An identifier even when a part starts with a digit (a tag `3.0.3`) or is a keyword;
    // `snake_ident` also folds the doubled `_` of joined parts.
    let mut name = crate::naming::snake_ident(&joined.join("_"));
    let base = name.clone();
    for suffix in 2.. {
        if names.insert(name.clone()) {
            break;
        }
        name = format!("{base}_{suffix}");
    }
    let call = format!(
        "client.{}().{}({})",
        resource.accessor_path.join("()."),
        op.method_name,
        args.join(", ")
    );
    let check = match op.response {
        ResponseKind::Download => format!("ok(ok({call}.await).bytes().await);"),
        ResponseKind::EventStream { .. } => {
            format!("ok(ok({call}.await).try_collect::<Vec<_>>().await);")
        }
        _ => format!("ok({call}.await);"),
    };
    Ok(format!(
        "#[tokio::test]\nasync fn {name}() {{\n\
            let Some(client) = mock_client({test}) else {{ return; }};\n\
            {check}\n\
        }}\n\n",
        test = rust_literal(&name),
    ))
}

/// `XParams { required: value(…), ..Default::default() }`: the required fields, the rest left
/// out (or `None` when the struct has no `Default`).
fn params_literal(
    lib: &str,
    resource: &Resource,
    op: &Operation,
    params: &ParamsStruct,
) -> Result<String, String> {
    let mut fields = Vec::new();
    for param in &params.fields {
        let field = &param.field;
        let expr = if !field.presence.is_plain() {
            if params.derive_default {
                continue;
            }
            "None".to_owned()
        } else {
            match &field.ty {
                Ty::File => format!("{lib}::FilePart::new(\"mock.bin\", b\"mock\".as_slice())"),
                Ty::Array(item) if **item == Ty::File => {
                    format!("vec![{lib}::FilePart::new(\"mock.bin\", b\"mock\".as_slice())]")
                }
                Ty::Upload => format!("{lib}::Upload::bytes(b\"mock\".as_slice())"),
                ty => {
                    let value = (op.mock.field(&field.rust_name))
                        .ok_or_else(|| format!("no value for `{}`", field.rust_name))?;
                    value_expr(ty, value)
                        .ok_or_else(|| format!("`{}` holds `time` values", field.rust_name))?
                }
            }
        };
        fields.push(format!("{}: {expr}", field.rust_name));
    }
    if params.derive_default && fields.len() < params.fields.len() {
        fields.push("..Default::default()".to_owned());
    }
    let path = format!(
        "{lib}::resources::{}::{}",
        resource.module_path.join("::"),
        params.type_name
    );
    Ok(if fields == ["..Default::default()"] {
        format!("{path}::default()")
    } else {
        format!("{path} {{ {} }}", fields.join(", "))
    })
}

/// A raw string literal of the value's JSON, ASCII only (anything else escaped as JSON `\u`),
/// with enough `#`s that no text in it can end the literal.
fn json_literal(value: &Value) -> String {
    let mut json = String::new();
    for ch in value.to_string().chars() {
        if (' '..='~').contains(&ch) {
            json.push(ch);
        } else {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(json, "\\u{unit:04x}");
            }
        }
    }
    let mut hashes = 1;
    for (index, _) in json.match_indices('"') {
        let run = json[index + 1..].bytes().take_while(|b| *b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{json}\"{fence}")
}

/// The expression for a value of `ty` from its JSON example: through serde, except the `time`
/// crate's types, whose serde form is not the wire's (the crate reads them through its own
/// `#[serde(with)]` module): a plain one is parsed from its text; a container of them is not built
/// (`None`: the operation is listed as not called).
fn value_expr(ty: &Ty, value: &Value) -> Option<String> {
    let text = || value.as_str().map(rust_literal);
    match ty {
        Ty::Scalar(Scalar::TimeDateTime) => Some(format!(
            "time::OffsetDateTime::parse({}, &time::format_description::well_known::Rfc3339).expect(\"an RFC 3339 example\")",
            text()?
        )),
        Ty::Scalar(Scalar::TimeDate) => Some(format!(
            "time::Date::parse({}, &time::format_description::well_known::Iso8601::DATE).expect(\"an ISO 8601 date example\")",
            text()?
        )),
        ty if holds_time(ty) => None,
        _ => Some(format!("value({})", json_literal(value))),
    }
}

/// Whether `ty` is or contains (in an array or map) one of the `time` crate's types.
fn holds_time(ty: &Ty) -> bool {
    match ty {
        Ty::Scalar(scalar) => matches!(scalar, Scalar::TimeDateTime | Scalar::TimeDate),
        Ty::Array(item) | Ty::Map(item) => holds_time(item),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::json_literal;
    use serde_json::json;

    #[test]
    fn json_literals_are_ascii_raw_strings_no_text_can_end() {
        let value = json!({"a\"##": "é\u{202e}\u{7f}"});
        let literal = json_literal(&value);
        assert_eq!(
            literal,
            "r###\"{\"a\\\"##\":\"\\u00e9\\u202e\\u007f\"}\"###"
        );
        assert!(literal.bytes().all(|b| (b' '..=b'~').contains(&b)));
    }
}
