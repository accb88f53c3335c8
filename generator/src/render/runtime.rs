//! The client's runtime: which plain Rust files of `templates/runtime/` a crate gets, each chosen
//! whole by `RuntimeNeeds`, and `src/runtime.rs`, the one rendered file, which declares them and
//! names the client type. The files are already in the formatter's layout (a test below proves
//! it), so they are emitted verbatim and `format` only puts the header on them.

use super::{FileKind, RenderError, RenderedFile, render};
use crate::ir::{Api, BuildUse, RuntimeNeeds};
use askama::Template;

/// One file of `templates/runtime/`.
pub(crate) struct RuntimeFile {
    /// Its path under `templates/runtime/`, for error reports and tests.
    pub(crate) source: &'static str,
    /// Its module in the generated crate: `crate::runtime::{module}`, file
    /// `src/runtime/{module}.rs`. Alternatives of one module (`path`) share the name, and the
    /// needs choose exactly one of them.
    pub(crate) module: &'static str,
    pub(crate) text: &'static str,
    /// Which builds of the crate use it: none (the file is left out), every one, or only those
    /// with a feature (the module is then declared under it; otherwise it would be dead code in
    /// a library build).
    pub(crate) uses: fn(&RuntimeNeeds) -> BuildUse,
}

impl RuntimeFile {
    /// Whether the crate gets the file.
    pub(crate) fn needed(&self, needs: &RuntimeNeeds) -> bool {
        (self.uses)(needs).is_used()
    }
}

macro_rules! runtime_file {
    // A file every build uses when `$needed` holds.
    ($source:literal, $module:literal, $needed:expr) => {
        runtime_file!($source, $module, uses: {
            fn uses(needs: &RuntimeNeeds) -> BuildUse {
                let needed: fn(&RuntimeNeeds) -> bool = $needed;
                match needed(needs) {
                    true => BuildUse::Always,
                    false => BuildUse::Unused,
                }
            }
            uses
        })
    };
    ($source:literal, $module:literal, uses: $uses:expr) => {
        RuntimeFile {
            source: $source,
            module: $module,
            text: include_str!(concat!("../../../templates/runtime/", $source)),
            uses: $uses,
        }
    };
}

/// `uses` when `applies`, else no build.
fn only_if(applies: bool, uses: BuildUse) -> BuildUse {
    match applies {
        true => uses,
        false => BuildUse::Unused,
    }
}

/// Every runtime file, by module name (the order of `src/runtime.rs`).
pub(crate) const RUNTIME_FILES: &[RuntimeFile] = &[
    runtime_file!("auth.rs", "auth", |_| true),
    runtime_file!("body_fields.rs", "body_fields", |needs| {
        needs.form_bodies || needs.multipart_bodies
    }),
    runtime_file!("body_form.rs", "body_form", |needs| needs.form_bodies),
    runtime_file!("body_json.rs", "body_json", |needs| needs.json_bodies),
    runtime_file!("body_multipart.rs", "body_multipart", |needs| {
        needs.multipart_bodies
    }),
    runtime_file!("body_upload.rs", "body_upload", |needs| needs.uploads),
    runtime_file!("call.rs", "call", |_| true),
    runtime_file!("cookie_params.rs", "cookie_params", |needs| {
        needs.cookie_params
    }),
    runtime_file!("date_time_text/lenient.rs", "date_time_text", uses: |needs| {
        only_if(needs.lenient_date_times, needs.timestamp_reads)
    }),
    runtime_file!("date_time_text/strict.rs", "date_time_text", uses: |needs| {
        only_if(!needs.lenient_date_times, needs.timestamp_reads)
    }),
    runtime_file!("decode_json.rs", "decode_json", |needs| {
        needs.json_responses || needs.optional_json_responses || needs.pagination
    }),
    runtime_file!("decode_struct.rs", "decode_struct", uses: |needs| needs.struct_decoding),
    runtime_file!("enum_text.rs", "enum_text", |needs| needs.string_enums),
    runtime_file!("error.rs", "error", |_| true),
    runtime_file!("execute.rs", "execute", |_| true),
    runtime_file!("flatten.rs", "flatten", |needs| {
        needs.deep_query || needs.form_bodies || needs.multipart_bodies
    }),
    runtime_file!("header_params.rs", "header_params", |needs| {
        needs.header_params
    }),
    runtime_file!("header_styled.rs", "header_styled", |needs| {
        needs.styled_headers
    }),
    runtime_file!("pagination.rs", "pagination", |needs| needs.pagination),
    runtime_file!("pagination_as_sent.rs", "pagination_as_sent", |needs| {
        needs.pagination
    }),
    runtime_file!("pagination_stream.rs", "pagination_stream", |needs| {
        needs.pagination
    }),
    runtime_file!("param_value.rs", "param_value", |needs| {
        needs.styled_query || needs.styled_headers || needs.cookie_params
    }),
    runtime_file!("path/literal.rs", "path", |needs| !needs.path_params),
    runtime_file!("path/with_params.rs", "path", |needs| needs.path_params),
    runtime_file!("query.rs", "query", |needs| {
        needs.scalar_query || needs.repeated_query
    }),
    runtime_file!("query_deep.rs", "query_deep", |needs| needs.deep_query),
    runtime_file!("query_json.rs", "query_json", |needs| needs.json_query),
    runtime_file!("header_json.rs", "header_json", |needs| needs.json_header),
    runtime_file!("cookie_json.rs", "cookie_json", |needs| needs.json_cookie),
    runtime_file!("query_joined.rs", "query_joined", |needs| needs
        .joined_query),
    runtime_file!("query_repeated.rs", "query_repeated", |needs| {
        needs.repeated_query
    }),
    runtime_file!("query_styled.rs", "query_styled", |needs| {
        needs.styled_query
    }),
    runtime_file!("redirect/none.rs", "redirect", |needs| !needs.header_key),
    runtime_file!("redirect/off_origin.rs", "redirect", |needs| needs
        .header_key),
    runtime_file!("request.rs", "request", |_| true),
    runtime_file!("response_download.rs", "response_download", |needs| {
        needs.downloads
    }),
    runtime_file!("response_empty.rs", "response_empty", |needs| {
        needs.empty_responses
    }),
    runtime_file!("response_json.rs", "response_json", |needs| {
        needs.json_responses
    }),
    runtime_file!(
        "response_optional_json.rs",
        "response_optional_json",
        |needs| { needs.optional_json_responses }
    ),
    runtime_file!("response_text.rs", "response_text", |needs| {
        needs.text_responses
    }),
    runtime_file!("retry.rs", "retry", |_| true),
    runtime_file!("sse.rs", "sse", |needs| needs.event_streams),
    // The `testing` feature's test transport: the file is `#![cfg(feature = "testing")]`.
    runtime_file!("testing.rs", "testing", |_| true),
    runtime_file!("timestamp.rs", "timestamp", uses: |needs| needs.timestamp_writes),
    runtime_file!("timestamp_chrono.rs", "timestamp_chrono", uses: |needs| {
        only_if(needs.chrono_timestamps, needs.timestamp_writes)
    }),
    runtime_file!("timestamp_chrono_read.rs", "timestamp_chrono_read", uses: |needs| {
        only_if(needs.chrono_timestamps, needs.timestamp_reads)
    }),
    runtime_file!("timestamp_read.rs", "timestamp_read", uses: |needs| needs.timestamp_reads),
    runtime_file!("timestamp_time.rs", "timestamp_time", uses: |needs| {
        only_if(needs.time_timestamps, needs.timestamp_writes)
    }),
    runtime_file!("timestamp_time_read.rs", "timestamp_time_read", uses: |needs| {
        only_if(needs.time_timestamps, needs.timestamp_reads)
    }),
    runtime_file!("transport.rs", "transport", |_| true),
];

/// The modules the models use, the only ones a crate without operations (models only) gets.
const MODEL_MODULES: [&str; 9] = [
    "date_time_text",
    "decode_struct",
    "enum_text",
    "timestamp",
    "timestamp_chrono",
    "timestamp_chrono_read",
    "timestamp_read",
    "timestamp_time",
    "timestamp_time_read",
];

/// A module declared in `src/runtime.rs`.
struct RuntimeModule {
    name: &'static str,
    /// The `#[cfg(…)]` it is declared under, when only code under the features uses it.
    cfg: Option<String>,
}

#[derive(Template)]
#[template(path = "runtime.rs.askama", escape = "none")]
struct RuntimeView<'a> {
    modules: Vec<RuntimeModule>,
    /// `None` in a models-only crate, which has no client.
    client_type: Option<&'a str>,
}

/// The runtime files the operations (or, without operations, the models) use, verbatim, and
/// `src/runtime.rs` declaring them.
pub(super) fn render_runtime_files(api: &Api) -> Result<Vec<RenderedFile>, RenderError> {
    let operations = api.needs.operations;
    let chosen: Vec<&RuntimeFile> = RUNTIME_FILES
        .iter()
        .filter(|file| file.needed(&api.needs))
        .filter(|file| operations || MODEL_MODULES.contains(&file.module))
        .collect();
    let view = RuntimeView {
        modules: (chosen.iter())
            .map(|file| RuntimeModule {
                name: file.module,
                cfg: (file.uses)(&api.needs).cfg(),
            })
            .collect(),
        client_type: operations.then_some(api.client.type_name.as_str()),
    };
    let mut files = vec![render(
        "src/runtime.rs",
        FileKind::Rust,
        "runtime.rs.askama",
        &view,
    )?];
    files.extend(chosen.into_iter().map(|file| RenderedFile {
        path: format!("src/runtime/{}.rs", file.module),
        kind: FileKind::FormattedRust,
        template: file.source,
        content: file.text.to_owned(),
    }));
    Ok(files)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Panics unless `code` (plain comments aside) is exactly what the formatter makes of it.
    pub(crate) fn assert_in_formatters_layout(source: &str, code: &str) {
        let code = crate::format::without_plain_comments(code);
        let formatted = crate::format::format_rust_text(&code)
            .unwrap_or_else(|err| panic!("templates/{source}: {err}"));
        if let Some((number, (want, got))) = formatted
            .lines()
            .zip(code.lines())
            .enumerate()
            .find(|(_, (want, got))| want != got)
        {
            panic!(
                "templates/{source} (comments aside) is not in the formatter's layout at line {}:\n  formatter: {want:?}\n  file:      {got:?}",
                number + 1
            );
        }
        assert_eq!(formatted, code, "templates/{source}");
    }

    #[test]
    fn runtime_files_are_already_in_the_formatters_layout() {
        for file in RUNTIME_FILES {
            assert_in_formatters_layout(&format!("runtime/{}", file.source), file.text);
        }
    }

    /// Generated crates declare `rust-version = "1.85"` (templates/Cargo.toml.askama), and let
    /// chains (`if a && let Some(b) = c`) need 1.88: CI's newer compiler cannot notice them.
    #[test]
    fn templates_use_no_let_chains() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
        let mut folders = vec![root];
        let mut found = Vec::new();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (number, line) in text.lines().enumerate() {
                    let line = line.trim_start();
                    let chained = line.starts_with("&& let ")
                        || line.contains(" && let ")
                        || (line.starts_with("if let ") && line.contains(" && "));
                    if chained {
                        found.push(format!("{}:{}: {line}", path.display(), number + 1));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "let chains need Rust 1.88:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn every_api_gets_exactly_one_file_per_module() {
        let flags = |bits: u32| RuntimeNeeds {
            operations: true,
            pagination: bits & 1 != 0,
            event_streams: bits & 2 != 0,
            path_params: bits & 4 != 0,
            form_bodies: bits & 8 != 0,
            ..RuntimeNeeds::default()
        };
        for bits in 0..16 {
            let needs = flags(bits);
            let modules: Vec<&str> = RUNTIME_FILES
                .iter()
                .filter(|file| file.needed(&needs))
                .map(|file| file.module)
                .collect();
            let unique: BTreeSet<&str> = modules.iter().copied().collect();
            assert_eq!(unique.len(), modules.len(), "{modules:?}");
            assert!(unique.contains("path"), "{modules:?}");
        }
    }
}
