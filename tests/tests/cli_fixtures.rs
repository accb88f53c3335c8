//! The CLIs generated for golden fixtures, called in process through `cli::run` (the same entry
//! point the binaries use): enum flags checked against their values, repeated and comma-joined
//! array flags, a header parameter, a deepObject query from JSON, integer path parameters,
//! multipart files (several under one name too), form bodies, a binary download written byte
//! for byte, a union path argument, and `--format auto` on a terminal.

mod cli_support;

use cli_support::Api;
use serde_json::{Value, json};
use tests::server::Reply;

/// What an in-process run left behind.
#[derive(Debug)]
struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

/// Calls `$krate::cli::run` with the arguments (after the program name) and stdin.
macro_rules! run_cli {
    ($krate:ident, $args:expr, $stdin:expr, $terminal:expr) => {{
        let mut stdin: &[u8] = $stdin;
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let args: Vec<String> = std::iter::once("tool".to_owned())
            .chain($args.iter().map(|a: &&str| (*a).to_owned()))
            .collect();
        let code = $krate::cli::run(
            args,
            $krate::cli::Io {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
                stdout_is_terminal: $terminal,
            },
        );
        Run {
            code,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }};
}

fn with_base<'a>(args: &[&'a str], url: &'a str) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--base-url", url]);
    all
}

#[test]
fn enum_flags_list_their_values_and_arrays_repeat() {
    let api = Api::start(|_, _| {
        Reply::json(
            200,
            &json!([{"id": "o1", "status": "paid", "priority": -1}]),
        )
    });
    let url = api.server.url();
    let bad = run_cli!(
        orders,
        with_base(&["orders", "list", "--status", "lost"], &url),
        b"",
        false
    );
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(
        bad.stderr
            .contains("invalid value 'lost' for '--status <STATUS>'")
            && bad
                .stderr
                .contains("[possible values: pending, paid, shipped, 2-day, self, read_only]"),
        "{bad:?}"
    );
    let args = [
        "orders",
        "list",
        "--status",
        "paid",
        "--status",
        "2-day",
        "--sort=-created",
        "--sort",
        "total",
    ];
    let listed = run_cli!(orders, with_base(&args, &url), b"", false);
    assert_eq!(listed.code, 0, "{listed:?}");
    let printed: Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(
        printed,
        json!([{"id": "o1", "status": "paid", "priority": -1}])
    );
    let request = &api.requests()[0];
    assert_eq!(
        request.query_values("status"),
        ["paid", "2-day"],
        "repeated"
    );
    assert_eq!(
        request.query_value("sort"),
        Some("-created,total"),
        "comma-joined"
    );
    assert_eq!(api.requests().len(), 1, "the rejected value sent nothing");
}

#[test]
fn auto_format_is_pretty_on_a_terminal() {
    let api = Api::start(|_, _| Reply::json(200, &json!([{"id": "o1", "status": "paid"}])));
    let url = api.server.url();
    let on_terminal = run_cli!(orders, with_base(&["orders", "list"], &url), b"", true);
    assert_eq!(on_terminal.code, 0, "{on_terminal:?}");
    assert_eq!(
        on_terminal.stdout,
        "[\n  {\n    \"id\": \"o1\",\n    \"status\": \"paid\"\n  }\n]\n"
    );
}

#[test]
fn headers_deep_objects_and_integers_come_from_flags() {
    let api = Api::start(|_, _| Reply::json(200, &json!([{"id": 1, "name": "a.txt"}])));
    let url = api.server.url();
    let args = [
        "files",
        "list",
        "--x-tenant",
        "t-1",
        "--created",
        "{gt: 5, lt: 9}",
        "--limit",
        "-3",
    ];
    let listed = run_cli!(wire_formats, with_base(&args, &url), b"", false);
    assert_eq!(listed.code, 0, "{listed:?}");
    let request = &api.requests()[0];
    assert_eq!(request.header("x-tenant"), Some("t-1"));
    assert_eq!(request.query_value("created[gt]"), Some("5"));
    assert_eq!(request.query_value("created[lt]"), Some("9"));
    assert_eq!(request.query_value("limit"), Some("-3"));
    let missing = run_cli!(
        wire_formats,
        with_base(&["files", "list"], &url),
        b"",
        false
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("--x-tenant <X_TENANT>"),
        "{missing:?}"
    );
    let union = run_cli!(
        wire_formats,
        with_base(
            &["files", "list", "--x-tenant", "t", "--created", "7"],
            &url
        ),
        b"",
        false
    );
    assert_eq!(union.code, 0, "{union:?}");
    assert_eq!(
        api.requests()[1].query_value("created"),
        Some("7"),
        "the integer arm of the union"
    );
}

#[test]
fn files_are_uploaded_as_multipart_parts() {
    let api = Api::start(|_, _| Reply::json(201, &json!({"id": 7, "name": "notes.txt"})));
    let url = api.server.url();
    let dir = std::env::temp_dir().join(format!("cli-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.txt");
    std::fs::write(&path, "file body").unwrap();
    let path = path.display().to_string();
    let (first, second) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&first, "1,2").unwrap();
    std::fs::write(&second, "3,4").unwrap();
    let (first, second) = (first.display().to_string(), second.display().to_string());
    let args = [
        "files",
        "upload",
        "--file",
        &path,
        "--attachments",
        &first,
        "--attachments",
        &second,
        "--purpose",
        "document",
        "--labels",
        "{\"k\": \"v\"}",
        "--thumbnail",
        "-",
    ];
    let uploaded = run_cli!(wire_formats, with_base(&args, &url), b"thumb bytes", false);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(uploaded.code, 0, "{uploaded:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&uploaded.stdout).unwrap(),
        json!({"id": 7, "name": "notes.txt"})
    );
    let request = &api.requests()[0];
    assert!(
        request
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let body = request.body_text();
    for part in [
        "name=\"purpose\"\r\n\r\ndocument\r\n",
        // An object is one JSON part (OpenAPI's default content type for it).
        "name=\"labels\"\r\nContent-Type: application/json\r\n\r\n{\"k\":\"v\"}\r\n",
        "name=\"attachments\"; filename=\"a.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n1,2\r\n",
        "name=\"attachments\"; filename=\"b.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n3,4\r\n",
        "name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfile body\r\n",
        "name=\"thumbnail\"; filename=\"stdin\"\r\nContent-Type: application/octet-stream\r\n\r\nthumb bytes\r\n",
    ] {
        assert!(body.contains(part), "missing {part:?} in {body:?}");
    }
    let no_file = run_cli!(
        wire_formats,
        with_base(
            &[
                "files",
                "upload",
                "--purpose",
                "avatar",
                "--file",
                "/no/such/file"
            ],
            &url
        ),
        b"",
        false
    );
    assert_eq!(
        no_file.code, 2,
        "a file that cannot be read is a usage error: {no_file:?}"
    );
    assert!(
        no_file
            .stderr
            .contains("--file: cannot read `/no/such/file`"),
        "{no_file:?}"
    );
}

#[test]
fn form_bodies_take_flags_and_a_body_document_but_no_unknown_fields() {
    let api = Api::start(|_, _| Reply::empty(204));
    let url = api.server.url();
    let args = [
        "files",
        "rename",
        "42",
        "--body",
        "{metadata: {a: b}}",
        "--name",
        "new.txt",
    ];
    let renamed = run_cli!(wire_formats, with_base(&args, &url), b"", false);
    assert_eq!(
        (renamed.code, renamed.stdout.as_str()),
        (0, ""),
        "{renamed:?}"
    );
    let request = &api.requests()[0];
    assert_eq!(request.path, "/files/42");
    assert_eq!(request.body_text(), "metadata%5Ba%5D=b&name=new.txt");
    let unknown = run_cli!(
        wire_formats,
        with_base(&["files", "rename", "42", "--body", "{color: red}"], &url),
        b"",
        false
    );
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown.stderr.contains("--body: unknown field `color`"),
        "{unknown:?}"
    );
    let not_a_number = run_cli!(
        wire_formats,
        with_base(&["files", "rename", "forty-two"], &url),
        b"",
        false
    );
    assert_eq!(not_a_number.code, 2, "{not_a_number:?}");
    assert!(
        not_a_number.stderr.contains("invalid value 'forty-two'"),
        "{not_a_number:?}"
    );
    assert_eq!(api.requests().len(), 1);
}

#[test]
fn a_download_is_written_byte_for_byte() {
    // No newline at the end: the CLI must not add one to a binary body.
    let body = "\u{1}binary\r\nbody without a final newline";
    let api = Api::start(move |_, _| Reply::text(200, "application/octet-stream", body));
    let url = api.server.url();
    let downloaded = run_cli!(media, with_base(&["blobs", "get", "b1"], &url), b"", false);
    assert_eq!(downloaded.code, 0, "{downloaded:?}");
    assert_eq!(downloaded.stdout, body);
}

#[test]
fn accept_asks_for_another_offered_media_type_and_writes_it_out_as_received() {
    let csv = "id,total\r\nr1,42\r\n";
    let api = Api::start(move |_, _| Reply::text(200, "text/csv", csv));
    let url = api.server.url();
    let args = ["reports", "get", "r1", "--accept", "text/csv"];
    let downloaded = run_cli!(media, with_base(&args, &url), b"", false);
    assert_eq!(downloaded.code, 0, "{downloaded:?}");
    assert_eq!(downloaded.stdout, csv, "not parsed, nothing added");
    assert_eq!(api.requests()[0].header("accept"), Some("text/csv"));
    // Only the media types the operation offers besides its default are accepted.
    let args = ["reports", "get", "r1", "--accept", "application/xml"];
    let refused = run_cli!(media, with_base(&args, &url), b"", false);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("[possible values: text/csv, application/pdf]"),
        "{refused:?}"
    );
    assert_eq!(
        api.requests().len(),
        1,
        "nothing was sent for the refused one"
    );
    // Operations offering one media type have no such flag.
    let args = ["reports", "get-summary", "r1", "--accept", "text/csv"];
    let unknown = run_cli!(media, with_base(&args, &url), b"", false);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown.stderr.contains("unexpected argument '--accept'"),
        "{unknown:?}"
    );
    assert_eq!(api.requests().len(), 1);
}

#[test]
fn a_multipart_body_that_is_a_union_is_sent_as_the_chosen_arms_parts() {
    let api = Api::start(|_, _| Reply::empty(204));
    let url = api.server.url();
    let args = [
        "folders",
        "create-entry",
        "--body",
        r#"{"link": "docs", "target": "/shared/docs"}"#,
    ];
    let sent = run_cli!(wire_formats, with_base(&args, &url), b"", false);
    assert_eq!(sent.code, 0, "{sent:?}");
    let request = &api.requests()[0];
    assert!(
        (request.header("content-type").unwrap()).starts_with("multipart/form-data; boundary="),
        "{request:?}"
    );
    let body = request.body_text();
    for part in [
        "name=\"link\"\r\n\r\ndocs\r\n",
        "name=\"target\"\r\n\r\n/shared/docs\r\n",
    ] {
        assert!(body.contains(part), "missing {part:?} in {body:?}");
    }
}

#[test]
fn a_path_argument_that_is_a_union_of_scalars_takes_either_arm_as_typed() {
    let api = Api::start(|_, _| Reply::empty(204));
    let url = api.server.url();
    // A uuid unquoted (the string arm: not JSON, so read as YAML's plain text) and a number
    // (the integer arm), each written into the path as its own text.
    let uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    for (given, path) in [
        (uuid, format!("/folders/{uuid}")),
        ("42", "/folders/42".to_owned()),
    ] {
        let sent = run_cli!(
            wire_formats,
            with_base(&["folders", "delete", given], &url),
            b"",
            false
        );
        assert_eq!(sent.code, 0, "{sent:?}");
        assert_eq!(api.requests().last().unwrap().path, path);
    }
}

#[test]
fn a_raw_body_is_sent_from_its_file_and_a_missing_one_is_a_usage_error() {
    let api = Api::start(|_, _| Reply::json(200, &json!({"size": 4})));
    let url = api.server.url();
    let path = std::env::temp_dir().join(format!("cli-raw-body-{}.png", std::process::id()));
    std::fs::write(&path, b"\x89PNG").unwrap();
    let source = format!("@{}", path.display());
    let args = ["images", "update", "i1", "--body", source.as_str()];
    let sent = run_cli!(media, with_base(&args, &url), b"", false);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(sent.code, 0, "{sent:?}");
    let requests = api.requests();
    assert_eq!(requests[0].body, b"\x89PNG");
    assert_eq!(requests[0].header("content-type"), Some("image/png"));
    let args = ["images", "update", "i1", "--body", "@/no/such/image.png"];
    let missing = run_cli!(media, with_base(&args, &url), b"", false);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(
        missing
            .stderr
            .contains("--body: cannot read `/no/such/image.png`"),
        "{missing:?}"
    );
    assert_eq!(
        api.requests().len(),
        1,
        "nothing was sent for the missing file"
    );
}

#[test]
fn every_fixture_command_tree_is_valid() {
    llamacloud::cli::command().debug_assert();
    orders::cli::command().debug_assert();
    wire_formats::cli::command().debug_assert();
    media::cli::command().debug_assert();
}
