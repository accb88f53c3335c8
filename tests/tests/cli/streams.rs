//! The `stream` command: events printed as JSON lines, the answer's text as `pretty`, the bytes
//! as `raw`, each as it arrives, and a stream cut before its stop event failing after what
//! arrived. The helpers are the parent file's.

use super::*;

fn stream_server(parts: Vec<BodyPart>) -> Api {
    Api::start(move |_, _| Reply::chunks(200, "text/event-stream", parts.clone()))
}

fn chat_stream() -> Vec<BodyPart> {
    let events = [
        r#"{"type":"user_input","content":"Hi"}"#,
        r#"{"type":"thinking_delta","content":"hmm"}"#,
        r#"{"type":"text_delta","content":"Hel"}"#,
        r#"{"type":"text_delta","content":"lo!"}"#,
        r#"{"type":"brand_new","x":1}"#,
        r#"{"type":"stop","is_error":false,"error":null,"usage":{"duration_ms":1.5,"turns":1}}"#,
    ];
    events
        .iter()
        .map(|event| BodyPart::Bytes(format!("data: {event}\n\n").into_bytes()))
        .collect()
}

/// The chat stream names `stop` as its terminal event (`x-terminal-event`): a body that ends
/// before it is a cut turn, and the CLI says so with a failing exit code after what arrived.
#[test]
fn a_stream_cut_before_its_stop_event_fails_after_printing_what_arrived() {
    let mut cut = chat_stream();
    cut.pop();
    let api = stream_server(cut);
    let run = api.run(&[
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "Hi",
        "--index-id",
        "i",
        "--format",
        "jsonl",
    ]);
    let failed = run.expect_code(1);
    assert_eq!(failed.stdout.lines().count(), 5, "{}", failed.stdout);
    assert!(
        failed
            .stderr
            .contains("the stream ended before its terminal `stop` event"),
        "{}",
        failed.stderr
    );
}

#[test]
fn stream_prints_events_as_jsonl_text_as_pretty_and_bytes_as_raw() {
    let args = [
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "Hi",
        "--index-id",
        "i",
    ];
    let api = stream_server(chat_stream());
    let run_with = |format: &str| {
        let mut all = args.to_vec();
        all.extend(["--format", format]);
        api.run(&all)
    };
    let lines = run_with("jsonl");
    let events = lines.expect_code(0).json_lines();
    assert_eq!(events.len(), 6);
    assert_eq!(
        events[4],
        json!({"type": "brand_new", "x": 1}),
        "unknown events pass through"
    );
    assert_eq!(run_with("pretty").expect_code(0).stdout, "Hello!\n");
    let raw = run_with("raw");
    let expected: Vec<u8> = chat_stream()
        .into_iter()
        .flat_map(|part| match part {
            BodyPart::Bytes(bytes) => bytes,
            BodyPart::Pause(_) => Vec::new(),
        })
        .collect();
    assert_eq!(raw.expect_code(0).stdout.as_bytes(), expected.as_slice());
    let transformed = api.run(&[
        "beta:chat",
        "stream",
        "s1",
        "--prompt",
        "Hi",
        "--index-id",
        "i",
        "--transform",
        "$.type",
        "--format",
        "pretty",
    ]);
    assert_eq!(
        transformed.expect_code(0).stdout,
        "user_input\nthinking_delta\ntext_delta\ntext_delta\nbrand_new\nstop\n"
    );
}

#[test]
fn stream_output_arrives_before_the_stream_ends() {
    let mut parts = chat_stream();
    parts.insert(4, BodyPart::Pause(Duration::from_secs(30)));
    let api = stream_server(parts);
    let mut child = api
        .command(&[
            "beta:chat",
            "stream",
            "s1",
            "--prompt",
            "Hi",
            "--index-id",
            "i",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = Instant::now();
    for expected in ["user_input", "thinking_delta", "text_delta", "text_delta"] {
        let line = lines.next().unwrap().unwrap();
        assert!(line.contains(expected), "{line}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "events were held back"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
