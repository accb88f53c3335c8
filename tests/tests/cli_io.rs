//! The CLI's input and output as a user of the Stainless CLI expects them (issue 12, points 6-11):
//! a body piped to stdin, `@FILE`/`@-` for string flags, values printed as the server sent them,
//! YAML that no reader misreads, `--transform` (its help example, no match, `raw`, errors, `-r`),
//! `retrieve`, connection errors that name their cause, every configuration problem at once, and
//! bash completion of `beta:chat` run in a real bash.

mod cli_support;

use cli_support::{Api, KEY, page, summary};
use serde_json::json;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tests::server::Reply;

fn echo_created() -> Api {
    Api::start(|_, _| Reply::json(200, &summary("new")))
}

#[test]
fn a_body_piped_to_stdin_is_sent_and_flags_override_it() {
    let api = echo_created();
    let piped = br#"{"index_ids":["idx-1"],"newer_field":1}"#;
    api.run_with_stdin(&["beta:chat", "create"], Some(piped))
        .expect_code(0);
    api.run_with_stdin(
        &["beta:chat", "create", "--index-id", "flag"],
        Some(b"index_ids: [yaml]\n"),
    )
    .expect_code(0);
    let bodies: Vec<_> = api.requests().iter().map(|r| r.body_json()).collect();
    assert_eq!(
        bodies,
        [
            json!({"index_ids": ["idx-1"], "newer_field": 1}),
            json!({"index_ids": ["flag"]})
        ]
    );
}

#[test]
fn a_required_body_field_missing_everywhere_is_a_usage_error() {
    let api = echo_created();
    let run = api.run(&["beta:chat", "stream", "s1", "--index-ids", "i"]);
    assert!(
        run.expect_code(2).stderr.contains("--prompt is required"),
        "{run:?}"
    );
    assert!(api.requests().is_empty());
}

/// A harness that opens a pipe to stdin and never writes or closes it must not hang the run:
/// the tool gives up on a silent pipe (after `PIPE_WAIT`) and sends the flags alone.
#[test]
fn stdin_left_open_and_silent_does_not_hang() {
    let api = echo_created();
    let mut command = api.command(&["beta:chat", "create", "--index-id", "a"]);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn the binary");
    let _open = child.stdin.take();
    // A generous bound that only a hang reaches; it is not a speed claim.
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the CLI blocked on an open, silent stdin");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    assert_eq!(api.requests()[0].body_json(), json!({"index_ids": ["a"]}));
    // Not silently: a slow producer's body would be lost the same way.
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("stdin is a pipe that sent nothing within 1 s")
            && stderr.contains("--body -"),
        "{stderr}"
    );
}

#[test]
fn string_flags_take_files_and_stdin() {
    // A turn that ends properly (a stream cut before `stop` is an error).
    let api =
        Api::start(|_, _| Reply::text(200, "text/event-stream", "data: {\"type\":\"stop\"}\n\n"));
    let dir = std::env::temp_dir().join(format!("cli-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("prompt.txt");
    std::fs::write(&file, "from a file").unwrap();
    let at_file = format!("@{}", file.display());
    let stream = |prompt: &str, stdin: Option<&[u8]>| {
        api.run_with_stdin(
            &[
                "beta:chat",
                "stream",
                "s1",
                "--prompt",
                prompt,
                "--index-ids",
                "i",
            ],
            stdin,
        )
        .expect_code(0);
    };
    stream(&at_file, None);
    stream("@-", Some(b"from stdin"));
    stream("@@handle", None);
    stream("-", None);
    let prompts: Vec<_> = api
        .requests()
        .iter()
        .map(|r| r.body_json()["prompt"].clone())
        .collect();
    assert_eq!(
        prompts,
        [
            json!("from a file"),
            json!("from stdin"),
            json!("@handle"),
            json!("-")
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn values_and_events_are_printed_as_the_server_sent_them() {
    let sent = r#"{"session_id":"s1","zeta":null,"index_ids":[],"last_updated_at":"2026-04-22T12:34:41","generated_title":null,"alpha":{"b":1,"a":2.5}}"#;
    let api = Api::start(move |request, _| {
        if request.path.ends_with("/stream") {
            let events = "data: {\"type\":\"text_delta\",\"content\":\"Hi\",\"extra\":null}\n\ndata: {\"usage\":null,\"type\":\"stop\"}\n\n";
            Reply::text(200, "text/event-stream", events)
        } else {
            Reply::text(200, "application/json", sent)
        }
    });
    let jsonl = api.run(&["beta:chat", "get-summary", "s1"]);
    assert_eq!(jsonl.expect_code(0).stdout, format!("{sent}\n"));
    let events = api.run(&[
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "p",
        "--index-ids",
        "i",
    ]);
    assert_eq!(
        events.expect_code(0).stdout,
        "{\"type\":\"text_delta\",\"content\":\"Hi\",\"extra\":null}\n{\"usage\":null,\"type\":\"stop\"}\n"
    );
    let nested = api.run(&["beta:chat", "get-summary", "s1", "--transform", "$.alpha"]);
    assert_eq!(
        nested.expect_code(0).stdout,
        "{\"b\":1,\"a\":2.5}\n",
        "matches keep their order"
    );
}

/// Items as the server sent them, one page's worth each: keys out of alphabetical order,
/// `null`s, fields the model does not know; the envelopes carry fields of their own too.
const SENT_ITEMS: [&str; 5] = [
    r#"{"session_id":"s1","zeta":null,"index_ids":[],"last_updated_at":"2026-04-22T12:34:41","generated_title":null}"#,
    r#"{"zeta":{"b":1,"a":[null,2.5]},"session_id":"s2","last_updated_at":"2026-04-22T12:34:42","index_ids":["i"]}"#,
    r#"{"session_id":"s3","last_updated_at":"2026-04-22T12:34:43","generated_title":null,"index_ids":["b","a"]}"#,
    r#"{"session_id":"s4","last_updated_at":"2026-04-22T12:34:44","b":true,"a":false}"#,
    r#"{"session_id":"s5","last_updated_at":"2026-04-22T12:34:45"}"#,
];

/// Three pages of [`SENT_ITEMS`] (2, 2, 1), the items key placed differently on each; a third
/// page that names `p2` again when `repeat` is set.
fn pages_as_sent(repeat: bool) -> Api {
    Api::start(move |request, _| {
        let body = match request.query_value("page_token") {
            None => format!(
                r#"{{"next_page_token":"p2","extra":null,"items":[{},{}]}}"#,
                SENT_ITEMS[0], SENT_ITEMS[1]
            ),
            Some("p2") => format!(
                r#"{{"items":[{},{}],"total":null,"next_page_token":"p3"}}"#,
                SENT_ITEMS[2], SENT_ITEMS[3]
            ),
            _ => format!(
                r#"{{"items":[{}],"next_page_token":{}}}"#,
                SENT_ITEMS[4],
                if repeat { "\"p2\"" } else { "null" }
            ),
        };
        Reply::text(200, "application/json", &body)
    })
}

#[test]
fn list_items_are_printed_as_the_server_sent_them_on_every_page() {
    let api = pages_as_sent(false);
    let run = api.run(&["beta:chat", "list"]);
    assert_eq!(
        run.expect_code(0).stdout,
        format!("{}\n", SENT_ITEMS.join("\n"))
    );
    assert_eq!(api.requests().len(), 3);

    // Paging keeps its guarantees: only the pages needed, and no loop on a repeated cursor.
    let api = pages_as_sent(false);
    let three = api.run(&["beta:chat", "list", "--max-items", "3"]);
    assert_eq!(
        three.expect_code(0).stdout,
        format!("{}\n", SENT_ITEMS[..3].join("\n"))
    );
    assert_eq!(api.requests().len(), 2, "the third page is never needed");
    let api = pages_as_sent(true);
    let looped = api.run(&["beta:chat", "list"]);
    assert_eq!(
        looped.expect_code(1).stdout,
        format!("{}\n", SENT_ITEMS.join("\n"))
    );
    assert!(
        looped.stderr.contains("repeated the cursor \"p2\""),
        "{looped:?}"
    );
    assert_eq!(api.requests().len(), 3);
}

/// A `stop` that is known by its `event:` name alone (its data has no `type`), and one known by
/// its data alone: either ends the turn for the CLI, as for the client; without it the run
/// fails after printing what arrived.
#[test]
fn the_terminal_event_is_known_by_its_event_name_or_its_data() {
    let delta = "data: {\"type\":\"text_delta\",\"content\":\"Hi\"}\n\n";
    let bodies = [
        format!("{delta}event: stop\ndata: {{\"is_error\":false}}\n\n"),
        format!("{delta}data: {{\"is_error\":false,\"type\":\"stop\"}}\n\n"),
        format!("{delta}event: done\ndata: {{\"is_error\":false}}\n\n"),
    ];
    for (index, body) in bodies.into_iter().enumerate() {
        let api = Api::start(move |_, _| Reply::text(200, "text/event-stream", &body));
        let run = api.run(&[
            "beta:chat",
            "stream",
            "s1",
            "--prompt",
            "p",
            "--index-id",
            "i",
        ]);
        assert_eq!(run.json_lines().len(), 2, "{run:?}");
        if index < 2 {
            run.expect_code(0);
        } else {
            run.expect_code(1);
            assert!(
                run.stderr
                    .contains("the stream ended before its terminal `stop` event"),
                "{run:?}"
            );
        }
    }
}

#[test]
fn yaml_quotes_strings_another_type_would_be_read_as() {
    let api = Api::start(|_, _| {
        Reply::text(
            200,
            "application/json",
            r#"{"session_id":"yes","last_updated_at":"2026-04-22T12:34:41","generated_title":"1e3","index_ids":["plain word","null",""]}"#,
        )
    });
    let yaml = api.run(&["beta:chat", "get-summary", "s1", "--format", "yaml"]);
    assert_eq!(
        yaml.expect_code(0).stdout,
        "session_id: \"yes\"\nlast_updated_at: \"2026-04-22T12:34:41\"\ngenerated_title: \"1e3\"\nindex_ids:\n  - plain word\n  - \"null\"\n  - \"\"\n"
    );
}

/// The example in `--transform`'s help, run as written against a list.
#[test]
fn the_transform_help_example_is_true() {
    let help = cli_support::run(&["--help"]);
    let text = help
        .expect_code(0)
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let start = text
        .find("e.g. `llamacloud ")
        .expect("an example in the help")
        + "e.g. `llamacloud ".len();
    let example: String = text[start..].chars().take_while(|c| *c != '`').collect();
    let args: Vec<String> = example
        .split_whitespace()
        .map(|arg| arg.trim_matches('\'').to_owned())
        .collect();
    assert!(args.iter().any(|arg| arg == "--transform"), "{example}");
    let api = Api::start(|_, _| Reply::json(200, &page(&["s1", "s2"], None)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = api.run(&args);
    assert_eq!(run.expect_code(0).stdout, "\"s1\"\n\"s2\"\n", "{example}");
}

#[test]
fn transform_error_selects_from_an_error_body() {
    let api = Api::start(|_, _| Reply::json(404, &json!({"detail": "no such session", "code": 7})));
    let run = api.run(&[
        "beta:chat",
        "get",
        "s1",
        "--transform-error",
        "$.detail",
        "-r",
    ]);
    assert_eq!(run.expect_code(1).stdout, "\"no such session\"\n");
    assert!(run.stderr.contains("404"), "{run:?}");
}

#[test]
fn retrieve_is_get() {
    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let run = api.run(&["beta:chat", "retrieve", "s1"]);
    assert_eq!(run.expect_code(0).json_lines()[0]["session_id"], "s1");
    assert_eq!(api.requests()[0].path, "/api/v1/chat/s1");
}

#[test]
fn connection_errors_name_their_cause() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("http://127.0.0.1:{port}");
    let refused = cli_support::run(&[
        "beta:chat",
        "get",
        "s1",
        "--max-retries",
        "0",
        "--api-key",
        KEY,
        "--base-url",
        &url,
    ]);
    assert!(
        refused.expect_code(1).stderr.contains("connection refused"),
        "{refused:?}"
    );

    let api = Api::start(|_, _| Reply::json(200, &summary("s1")));
    let https = api.server.url().replacen("http://", "https://", 1);
    let tls = cli_support::run(&[
        "beta:chat",
        "get",
        "s1",
        "--max-retries",
        "0",
        "--api-key",
        KEY,
        "--base-url",
        &https,
    ]);
    assert!(tls.expect_code(1).stderr.contains("TLS failed"), "{tls:?}");
}

#[test]
fn configuration_problems_are_reported_at_once() {
    let run = cli_support::run(&[
        "beta:chat",
        "get",
        "s1",
        "--base-url",
        "ftp://example.invalid",
    ]);
    let stderr = &run.expect_code(78).stderr;
    assert!(stderr.contains("2 configuration problems"), "{stderr}");
    assert!(
        stderr.contains("no API key") && stderr.contains("not an http(s) URL"),
        "{stderr}"
    );
}

/// Completion in a real bash: `COMP_WORDS` split at `:` as bash splits them.
#[test]
fn bash_completes_commands_with_a_colon() {
    let script = cli_support::run(&["completion", "bash"]);
    let script = script.expect_code(0).stdout.clone();
    let probe = r#"
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=();
      _llamacloud llamacloud "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}";
      echo "${COMPREPLY[*]}"; }
t llamacloud be
t llamacloud beta : c
t llamacloud beta : chat re
t llamacloud beta : chat list --max
"#;
    let output = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!("{script}\n{probe}"))
        .stdin(Stdio::null())
        .output()
        .expect("bash is installed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        ["beta:chat", "chat", "retrieve", "--max-items --max-retries"],
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
