//! Failures of the generated `llamacloud` binary, end to end: API errors (status line on stderr,
//! body on stdout, exit 1), network failures and timeouts (1), usage errors with clap's message
//! (2), configuration errors that say how to fix them (78), and no panic on odd input.

mod cli_support;

use cli_support::{Api, KEY, run, summary};
use serde_json::json;
use std::process::Stdio;
use std::time::Duration;
use tests::server::{BodyPart, Reply};

#[test]
fn api_errors_print_the_status_to_stderr_and_the_body_to_stdout() {
    let api = Api::start(|request, _| match request.path.as_str() {
        "/api/v1/chat/missing" => Reply::json(404, &json!({"detail": "Session not found"}))
            .header("x-request-id", "req-7"),
        _ => Reply::text(502, "text/html", "<html>bad gateway</html>"),
    });
    let missing = api.run(&["beta:chat", "get", "missing"]);
    missing.expect_code(1);
    let url = api.server.url();
    assert_eq!(
        missing.stderr,
        format!("error: GET {url}/api/v1/chat/missing: 404 Not Found (request id req-7)\n")
    );
    assert_eq!(
        missing.json_lines(),
        [json!({"detail": "Session not found"})]
    );
    let yaml = api.run(&["beta:chat", "get", "missing", "--format-error", "yaml"]);
    assert_eq!(yaml.expect_code(1).stdout, "detail: Session not found\n");
    let html = api.run(&["beta:chat", "get-summary", "x", "--max-retries", "0"]);
    assert_eq!(html.expect_code(1).stdout, "<html>bad gateway</html>\n");
    assert!(html.stderr.contains("502 Bad Gateway"), "{html:?}");
    assert_eq!(api.requests().len(), 3, "--max-retries 0 made one attempt");
}

#[test]
fn network_failures_exit_1() {
    let dead = run(&[
        "beta:chat",
        "list",
        "--base-url",
        "http://127.0.0.1:9",
        "--api-key",
        KEY,
        "--max-retries",
        "0",
        "--timeout",
        "5",
    ]);
    assert!(
        dead.expect_code(1)
            .stderr
            .starts_with("error: GET http://127.0.0.1:9/api/v1/chat: connection refused"),
        "{dead:?}"
    );
    let api =
        Api::start(|_, _| Reply::json(200, &summary("s1")).fault(tests::server::Fault::Stall));
    let slow = api.run(&[
        "beta:chat",
        "get",
        "s1",
        "--timeout",
        "0.2",
        "--max-retries",
        "0",
    ]);
    assert!(
        slow.expect_code(1).stderr.contains("timed out after"),
        "{slow:?}"
    );
}

/// Issue 12, points 1 and 3 for the tool: a stream that stalls after its headers, a stream
/// endpoint that answers JSON, and an `event: error` frame each exit 1 (after printing the
/// events that arrived), where the tool used to wait for the server or exit 0.
#[test]
fn streams_that_stall_answer_json_or_send_an_error_event_exit_1() {
    let delta = b"data: {\"type\":\"text_delta\",\"content\":\"Hi\"}\n\n".to_vec();
    let stalled = delta.clone();
    let api = Api::start(move |_, _| {
        let parts = vec![
            BodyPart::Bytes(stalled.clone()),
            BodyPart::Pause(Duration::from_secs(120)),
        ];
        Reply::chunks(200, "text/event-stream", parts)
    });
    let args = [
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "p",
        "--index-id",
        "i",
    ];
    let mut command = api.command(&[&args[..], &["--timeout", "0.3"]].concat());
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = command.spawn().expect("spawn the binary");
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    // A generous bound that only a hang reaches; it is not a speed claim (the tool gives up
    // after 0.3 s of silence).
    let output = finished
        .recv_timeout(Duration::from_secs(60))
        .expect("the tool must give up on a stalled stream, not hang")
        .expect("wait for the binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        1,
        "the event before the stall"
    );
    assert!(stderr.contains("timed out after"), "{stderr}");

    let json = Api::start(|_, _| Reply::json(200, &json!({"detail": "streaming is off"})));
    let answered = json.run(&args);
    assert!(
        answered
            .expect_code(1)
            .stderr
            .contains("instead of an event stream")
            && answered.stderr.contains("streaming is off"),
        "{answered:?}"
    );

    let mut frames = delta;
    frames.extend_from_slice(b"event: error\ndata: {\"message\":\"overloaded\"}\n\n");
    let api = Api::start(move |_, _| {
        Reply::chunks(
            200,
            "text/event-stream",
            vec![BodyPart::Bytes(frames.clone())],
        )
    });
    let failed = api.run(&args);
    assert_eq!(failed.expect_code(1).json_lines().len(), 1, "{failed:?}");
    assert!(
        failed.stderr.contains("`error` event") && failed.stderr.contains("overloaded"),
        "{failed:?}"
    );
}

#[test]
fn usage_errors_exit_2_with_claps_message() {
    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let cases: &[(&[&str], &str)] = &[
        (
            &["beta:chat", "list", "--no-such-flag"],
            "unexpected argument '--no-such-flag'",
        ),
        (
            &["beta:chat", "list", "--page-size", "ten"],
            "invalid value 'ten' for '--page-size",
        ),
        (
            // A body field may come from a piped body too, so the tool, not clap, checks it.
            &["beta:chat", "stream", "s1", "--index-id", "i"],
            "--prompt is required (or `prompt` in the --body document)",
        ),
        (&["beta:chat", "get"], "<SESSION_ID>"),
        (
            &["beta:chat", "get", "a", "--session-id", "b"],
            "cannot be used with",
        ),
        (&["beta:chat", "nope"], "unrecognized subcommand 'nope'"),
        (
            &["beta:chat", "list", "--format", "xml"],
            "[possible values: auto, json, jsonl, yaml, pretty, raw]",
        ),
        (&["beta:chat", "list", "--max-items", "-2"], "--max-items"),
        (
            &["beta:chat", "create", "--body", "{not json"],
            "--body: not valid JSON or YAML",
        ),
        (
            &["beta:chat", "create", "--body", "[1]"],
            "expected an object of body fields, found an array",
        ),
        (
            &["beta:chat", "create", "--body", "{\"index_ids\": 3}"],
            "--index-id: invalid type: integer `3`",
        ),
        (
            &["beta:chat", "stream", "s1", "--body", "{\"prompt\": \"p\"}"],
            "--index-id is required (or `index_ids` in the --body document)",
        ),
        (
            &["beta:chat", "get", ""],
            "path parameter `session_id` must not be empty",
        ),
        (
            &["beta:chat", "create", "--body", "@/no/such/file.json"],
            "cannot read `/no/such/file.json`",
        ),
    ];
    for (args, message) in cases {
        let failed = api.run(args);
        assert!(
            failed.expect_code(2).stderr.contains(message),
            "{args:?}: {failed:#?}"
        );
    }
    assert!(api.requests().is_empty(), "no usage error sent a request");
}

#[test]
fn configuration_errors_exit_78_and_say_how_to_fix_them() {
    let no_key = run(&["beta:chat", "list"]);
    assert_eq!(
        no_key.expect_code(78).stderr,
        "error: no API key: pass --api-key KEY or set LLAMA_CLOUD_API_KEY\n"
    );
    let bad_url = run(&[
        "beta:chat",
        "list",
        "--api-key",
        KEY,
        "--base-url",
        "ftp://example.com",
    ]);
    assert!(
        bad_url
            .expect_code(78)
            .stderr
            .contains("pass --base-url https://… or set LLAMA_CLOUD_BASE_URL"),
        "{bad_url:?}"
    );
    let mut bad_headers = cli_support::command(&["beta:chat", "list", "--api-key", KEY]);
    bad_headers.env("LLAMA_CLOUD_CUSTOM_HEADERS", "no colon here");
    let bad_headers = cli_support::finish(bad_headers, None);
    assert!(
        bad_headers
            .expect_code(78)
            .stderr
            .contains("LLAMA_CLOUD_CUSTOM_HEADERS line 1"),
        "{bad_headers:?}"
    );
}

#[test]
fn odd_input_never_panics() {
    let api = Api::start(|request, _| match request.path.as_str() {
        "/api/v1/chat" => Reply::text(200, "application/json", "{\"items\": [1, \"x\"]}"),
        _ => Reply::text(200, "application/json", "not json at all"),
    });
    let long = "x".repeat(100_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["beta:chat", "list"],
        vec!["beta:chat", "get", "s1"],
        vec!["beta:chat", "get", ".."],
        vec!["beta:chat", "get", "a/b?c#d"],
        vec!["beta:chat", "get", &long],
        vec!["beta:chat", "list", "--page-size", "99999999999999999999"],
        vec!["beta:chat", "list", "--page-size", "-5"],
        vec!["beta:chat", "list", "--timeout", "-1"],
        vec!["beta:chat", "list", "--timeout", "NaN"],
        vec!["beta:chat", "create", "--body", ""],
        vec!["beta:chat", "create", "--body", "null"],
        vec!["beta:chat", "create", "--body", "- - -"],
        vec![
            "beta:chat",
            "stream",
            "s1",
            "--prompt",
            "\u{7}\u{202e}",
            "--index-id",
            "",
        ],
        vec!["beta:chat:list"],
        vec!["--format"],
        vec!["help", "beta:chat", "list"],
    ];
    for args in cases {
        let result = api.run(&args);
        assert!(
            [0, 1, 2, 78].contains(&result.code) && !result.stderr.contains("panicked"),
            "{args:?}: {result:#?}"
        );
    }
}
