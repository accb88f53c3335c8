//! The generated `llamacloud` command-line tool, end to end: the built binary against a server on
//! 127.0.0.1. Every operation, pagination across pages bounded by `--max-items`, each output
//! format, `--transform`, the `--body` document, a closed stdout pipe, `--debug` redaction, help
//! and completions. Failures and exit codes are in `cli_errors.rs`.

mod cli_support;

use cli_support::{Api, KEY, page, run, summary};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tests::server::{BodyPart, Reply};

/// Three pages of two sessions each, chained by `p2` and `p3`.
fn three_pages() -> Api {
    Api::start(|request, _| {
        let (ids, next): (&[&str], _) = match request.query_value("page_token") {
            None => (&["s1", "s2"], Some("p2")),
            Some("p2") => (&["s3", "s4"], Some("p3")),
            _ => (&["s5", "s6"], None),
        };
        Reply::json(200, &page(ids, next))
    })
}

fn ids(values: &[Value]) -> Vec<&str> {
    values
        .iter()
        .map(|v| v["session_id"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn list_prints_items_across_pages_and_fetches_only_what_max_items_needs() {
    let api = three_pages();
    let all = api.run(&["beta:chat", "list", "--page-size", "2"]);
    all.expect_code(0);
    assert_eq!(ids(&all.json_lines()), ["s1", "s2", "s3", "s4", "s5", "s6"]);
    assert_eq!(api.requests().len(), 3);
    let later = &api.requests()[1];
    assert_eq!(later.query_value("page_token"), Some("p2"));
    assert_eq!(
        later.query_value("page_size"),
        Some("2"),
        "the cursor alone changes"
    );

    let api = three_pages();
    let three = api.run(&["beta:chat", "list", "--max-items", "3"]);
    assert_eq!(ids(&three.expect_code(0).json_lines()), ["s1", "s2", "s3"]);
    assert_eq!(api.requests().len(), 2, "the third page is never needed");

    let api = three_pages();
    let none = api.run(&["beta:chat", "list", "--max-items", "0"]);
    assert_eq!(none.expect_code(0).stdout, "");
    assert!(api.requests().is_empty());
}

#[test]
fn every_operation_reaches_its_endpoint() {
    let api = Api::start(
        |request, _| match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/api/v1/chat") => Reply::json(200, &summary("new")),
            ("GET", "/api/v1/chat/s1") => {
                let mut session = summary("s1");
                session["events"] = json!([{"type": "user_input", "content": "Hi"}]);
                Reply::json(200, &session)
            }
            ("GET", "/api/v1/chat/s1/summary") => Reply::json(200, &summary("s1")),
            ("DELETE", "/api/v1/chat/s1") => Reply::empty(204),
            ("POST", "/api/v1/chat/s1/messages/stream") => Reply::text(
                200,
                "text/event-stream",
                "data: {\"type\":\"text_delta\",\"content\":\"Hel\"}\n\ndata: {\"type\":\"text_delta\",\"content\":\"lo\"}\n\n\
                 data: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":{\"duration_ms\":1.5,\"turns\":1}}\n\n",
            ),
            _ => Reply::json(404, &json!({"detail": "no route"})),
        },
    );
    let created = api.run(&[
        "beta:chat",
        "create",
        "--index-id",
        "a",
        "--index-id",
        "b",
        "--project-id",
        "p-1",
    ]);
    assert_eq!(created.expect_code(0).json_lines()[0]["session_id"], "new");
    let got = api.run(&["beta:chat", "get", "s1", "--organization-id", "o-1"]);
    assert_eq!(
        got.expect_code(0).json_lines()[0]["events"][0]["content"],
        "Hi"
    );
    let by_flag = api.run(&["beta:chat", "get", "--session-id", "s1"]);
    assert_eq!(by_flag.expect_code(0).json_lines()[0]["session_id"], "s1");
    let summarised = api.run(&["beta:chat", "get-summary", "s1"]);
    assert_eq!(
        summarised.expect_code(0).json_lines()[0]["session_id"],
        "s1"
    );
    let deleted = api.run(&["beta:chat", "delete", "s1"]);
    assert_eq!(deleted.expect_code(0).stdout, "");
    let streamed = api.run(&[
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "Say hello",
        "--index-ids",
        "idx-1",
    ]);
    let events = streamed.expect_code(0).json_lines();
    assert_eq!(
        events[..2],
        [
            json!({"type": "text_delta", "content": "Hel"}),
            json!({"type": "text_delta", "content": "lo"})
        ]
    );
    assert_eq!(events[2]["type"], "stop", "{events:?}");
    assert_eq!(events.len(), 3);

    let requests = api.requests();
    assert_eq!(requests.len(), 6);
    let create = &requests[0];
    assert_eq!(create.body_json(), json!({"index_ids": ["a", "b"]}));
    assert_eq!(create.query_value("project_id"), Some("p-1"));
    assert_eq!(
        create.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(requests[1].query_value("organization_id"), Some("o-1"));
    assert_eq!(requests[4].method, "DELETE");
    let stream = &requests[5];
    assert_eq!(
        stream.body_json(),
        json!({"prompt": "Say hello", "index_ids": ["idx-1"]})
    );
    assert_eq!(stream.header("accept"), Some("text/event-stream"));
}

#[test]
fn each_format_prints_the_same_value() {
    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let get = |format: &str| api.run(&["beta:chat", "get-summary", "s1", "--format", format]);
    let expected = summary("s1");

    let json = get("json");
    assert_eq!(
        serde_json::from_str::<Value>(&json.expect_code(0).stdout).unwrap(),
        expected
    );
    assert!(
        json.stdout.starts_with("{\n  \""),
        "pretty-printed: {}",
        json.stdout
    );
    let jsonl = get("jsonl");
    assert_eq!(jsonl.expect_code(0).stdout.lines().count(), 1);
    assert_eq!(jsonl.json_lines(), std::slice::from_ref(&expected));
    let auto = get("auto");
    assert_eq!(
        auto.expect_code(0).stdout,
        jsonl.stdout,
        "auto is jsonl when piped"
    );
    let yaml = get("yaml");
    let parsed: Value = serde_yaml::from_str(&yaml.expect_code(0).stdout).unwrap();
    assert_eq!(parsed, expected);
    assert!(
        yaml.stdout.starts_with("generated_title: Title of s1\n"),
        "fields in the order the server sent them: {}",
        yaml.stdout
    );
    let pretty = get("pretty");
    assert_eq!(
        pretty.expect_code(0).stdout,
        json.stdout,
        "pretty JSON for objects"
    );
    let raw = get("raw");
    assert_eq!(
        raw.expect_code(0).stdout,
        format!("{expected}\n"),
        "the body as sent, ending in a newline"
    );
    assert_eq!(
        jsonl.stdout,
        format!("{expected}\n"),
        "as the server sent it"
    );
}

#[test]
fn yaml_separates_list_items_as_documents() {
    let api = three_pages();
    let yaml = api.run(&["beta:chat", "list", "--max-items", "2", "--format", "yaml"]);
    let documents: Vec<&str> = yaml.expect_code(0).stdout.split("---\n").collect();
    assert_eq!(documents.len(), 2, "{}", yaml.stdout);
    // The server's keys come in its own order (`json!` sorts them), printed as sent.
    for (document, id) in documents.iter().zip(["s1", "s2"]) {
        assert!(
            document
                .lines()
                .any(|line| line == format!("session_id: {id}")),
            "{}",
            yaml.stdout
        );
    }
}

#[test]
fn raw_list_makes_one_request_and_prints_the_page_envelope_as_received() {
    let body = "{\"items\":[],\"next_page_token\":\"p2\",\"unlisted\":true}";
    let api = Api::start(move |_, _| Reply::text(200, "application/json", body));
    let raw = api.run(&["beta:chat", "list", "--format", "raw"]);
    assert_eq!(raw.expect_code(0).stdout, format!("{body}\n"));
    assert_eq!(api.requests().len(), 1, "raw does not follow the cursor");
}

#[test]
fn transform_prints_each_match() {
    let api = three_pages();
    let ids = api.run(&[
        "beta:chat",
        "list",
        "--transform",
        "$.session_id",
        "--format",
        "pretty",
    ]);
    assert_eq!(ids.expect_code(0).stdout, "s1\ns2\ns3\ns4\ns5\ns6\n");
    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let nested = api.run(&[
        "beta:chat",
        "get-summary",
        "s1",
        "--transform",
        "$.index_ids[*]",
    ]);
    assert_eq!(nested.expect_code(0).stdout, "\"idx-1\"\n");
    let none = api.run(&["beta:chat", "get-summary", "s1", "--transform", "$.missing"]);
    assert_eq!(
        none.expect_code(0).json_lines(),
        [summary("s1")],
        "no match prints the whole value"
    );
    let raw = api.run(&[
        "beta:chat",
        "get-summary",
        "s1",
        "--transform",
        "$.session_id",
        "--format",
        "raw",
    ]);
    assert_eq!(raw.expect_code(0).stdout, "\"s1\"\n");
    let unquoted = api.run(&[
        "beta:chat",
        "get-summary",
        "s1",
        "-r",
        "--transform",
        "$.session_id",
    ]);
    assert_eq!(unquoted.expect_code(0).stdout, "s1\n");
    let bad = api.run(&["beta:chat", "get-summary", "s1", "--transform", "$[?"]);
    assert!(
        bad.expect_code(2)
            .stderr
            .contains("not a JSONPath expression"),
        "{bad:?}"
    );
}

#[test]
fn key_and_base_url_come_from_the_environment() {
    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let mut command = cli_support::command(&["beta:chat", "get-summary", "s1"]);
    command
        .env("LLAMA_CLOUD_API_KEY", KEY)
        .env("LLAMA_CLOUD_BASE_URL", api.server.url());
    cli_support::finish(command, None).expect_code(0);
    let request = &api.requests()[0];
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[test]
fn body_documents_come_from_stdin_files_or_inline_and_flags_override_them() {
    let api = Api::start(|_, _| Reply::json(200, &summary("new")));
    let json_doc = br#"{"index_ids": ["a"], "newer_field": {"x": 1}}"#;
    api.run_with_stdin(&["beta:chat", "create", "--body", "-"], Some(json_doc))
        .expect_code(0);
    let yaml_doc = b"index_ids:\n  - y1\n  - y2\n";
    api.run_with_stdin(&["beta:chat", "create", "--body", "-"], Some(yaml_doc))
        .expect_code(0);
    let file = std::env::temp_dir().join(format!("cli-body-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"index_ids": ["f"]}"#).unwrap();
    let at_file = format!("@{}", file.display());
    api.run(&[
        "beta:chat",
        "create",
        "--body",
        &at_file,
        "--index-id",
        "flag",
    ])
    .expect_code(0);
    std::fs::remove_file(&file).unwrap();
    api.run(&["beta:chat", "create", "--body", "{index_ids: null}"])
        .expect_code(0);
    // The server answers JSON, not events, which is an error (exit 1, the body shown); the
    // request is what this test checks.
    api.run(&[
        "beta:chat",
        "stream",
        "s1",
        "--body",
        "{prompt: from doc, index_ids: [d]}",
        "--prompt",
        "from flag",
    ])
    .expect_code(1);

    let bodies: Vec<Value> = api.requests().iter().map(|r| r.body_json()).collect();
    assert_eq!(
        bodies[0],
        json!({"index_ids": ["a"], "newer_field": {"x": 1}}),
        "unknown fields are sent as they are"
    );
    assert_eq!(bodies[1], json!({"index_ids": ["y1", "y2"]}));
    assert_eq!(bodies[2], json!({"index_ids": ["flag"]}), "the flag wins");
    assert_eq!(
        bodies[3],
        json!({"index_ids": null}),
        "an explicit null is sent"
    );
    assert_eq!(
        bodies[4],
        json!({"prompt": "from flag", "index_ids": ["d"]})
    );
}

#[test]
fn a_closed_stdout_ends_the_program_quietly_and_stops_fetching() {
    // An endless list: every page has 50 items and a next cursor.
    let api = Api::start(|request, index| {
        let ids: Vec<String> = (0..50).map(|i| format!("s{index}-{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let next = format!("p{}", index + 1);
        let _ = request;
        Reply::json(200, &page(&ids, Some(&next)))
    });
    let mut child = api
        .command(&["beta:chat", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains("session_id"), "{line}");
    }
    drop(reader); // `| head -3` exits
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the binary kept running after its stdout closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "", "quietly");
    let fetched = api.requests().len();
    assert!(
        fetched < 50,
        "it stopped fetching pages ({fetched} requests)"
    );
}

#[test]
fn debug_logs_requests_and_responses_with_secrets_redacted() {
    let api = Api::start(|_, _| {
        Reply::json(200, &page(&["s1"], None))
            .header("set-cookie", "session=SERVER-SECRET")
            .header("x-request-id", "req-1")
    });
    let mut command = api.command(&["beta:chat", "list", "--debug"]);
    command.env(
        "LLAMA_CLOUD_CUSTOM_HEADERS",
        "Cookie: c=COOKIE-SECRET\nX-Api-Key: HEADER-SECRET\nX-Trace: visible",
    );
    let logged = cli_support::finish(command, None);
    let stderr = &logged.expect_code(0).stderr;
    let url = api.server.url();
    for expected in [
        format!("[llamacloud] > GET {url}/api/v1/chat"),
        "[llamacloud] > authorization: [redacted]".to_owned(),
        "[llamacloud] > cookie: [redacted]".to_owned(),
        "[llamacloud] > x-api-key: [redacted]".to_owned(),
        "[llamacloud] > x-trace: visible".to_owned(),
        "[llamacloud] < 200 OK".to_owned(),
        "[llamacloud] < set-cookie: [redacted]".to_owned(),
        "[llamacloud] < x-request-id: req-1".to_owned(),
        "[llamacloud] < {\"items\":[{".to_owned(),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    for secret in ["SERVER-SECRET", "COOKIE-SECRET", "HEADER-SECRET"] {
        assert!(!stderr.contains(secret), "{secret} leaked:\n{stderr}");
    }
    assert_eq!(
        logged.json_lines().len(),
        1,
        "stdout still has only the result"
    );
}

#[test]
fn version_help_and_completions() {
    let version = run(&["--version"]);
    assert_eq!(version.expect_code(0).stdout, "llamacloud 0.3.0\n");
    let help = run(&["--help"]);
    for expected in [
        "beta:chat",
        "completion",
        "--api-key",
        "Exit codes: 0 success",
        "llamacloud beta:chat list --max-items 5",
    ] {
        assert!(
            help.expect_code(0).stdout.contains(expected),
            "{expected}: {}",
            help.stdout
        );
    }
    let nothing = run(&[]);
    assert!(
        nothing
            .expect_code(2)
            .stderr
            .contains("Usage: llamacloud [OPTIONS] <COMMAND>"),
        "{nothing:?}"
    );
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef llamacloud"),
        ("fish", "complete -c llamacloud"),
    ] {
        let script = run(&["completion", shell]);
        assert!(
            script.expect_code(0).stdout.contains(marker),
            "{shell}: {}",
            script.stdout
        );
        assert!(script.stdout.contains("beta:chat"), "{shell}");
    }
    assert!(
        run(&["completion", "tcsh"])
            .expect_code(2)
            .stderr
            .contains("possible values")
    );
}

#[test]
fn the_api_key_is_not_shown_in_help_even_when_set() {
    let mut command = cli_support::command(&["beta:chat", "list", "--help"]);
    command.env("LLAMA_CLOUD_API_KEY", KEY);
    let help = cli_support::finish(command, None);
    assert!(
        help.expect_code(0)
            .stdout
            .contains("[env: LLAMA_CLOUD_API_KEY]"),
        "{}",
        help.stdout
    );
}

// Event streams (a file of its own for length; a crate root's modules sit beside it, hence the
// path).
#[path = "cli/streams.rs"]
mod streams;
