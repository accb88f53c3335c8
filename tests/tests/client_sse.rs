//! Server-sent event streams of the generated `llamacloud` client: typed events in order across
//! arbitrary chunk boundaries, malformed or mistyped events, broken streams, error statuses, the
//! timeout of a stream, and a leading byte order mark.

mod client_support;

use client_support::{
    STOP_DATA, bytes, client, client_with_retries, expect_api, pause, sse_reply, stop_event,
    stream_params,
};
use futures::{StreamExt, TryStreamExt};
use llamacloud::Error;
use llamacloud::models::{
    ChatEvent, TextDeltaEvent, TextEvent, ThinkingDeltaEvent, ToolCallEvent, ToolResultEvent,
    UserInputEvent,
};
use serde_json::json;
use std::time::Duration;
use tests::server::{BodyPart, Fault, Reply, TestServer};

#[tokio::test]
async fn event_stream_yields_typed_events_in_order() {
    let mut stop = b"data: ".to_vec();
    stop.extend_from_slice(STOP_DATA);
    stop.extend_from_slice(b"\r\n\r\n");
    let parts = vec![
        bytes(b": connected\r\n\r\nretry: 1000\r\n\r\n"),
        bytes(b"event: message\r\nid: 1\r\ndata: {\"type\":\"user_input\",\"con"),
        pause(),
        bytes(b"tent\":\"Hi\"}\r\n"),
        bytes(b"\r\n"),
        bytes(b"data: {\"type\":\"thinking_delta\",\"content\":\"Hm\"}\r\n\r\ndata: {\"type\":\"text_de"),
        pause(),
        // "é" split between two chunks, and a \r\n split after its \r.
        bytes(b"lta\",\"content\":\"caf\xc3"),
        bytes(b"\xa9\",\"index\":0}\r"),
        pause(),
        bytes(b"\n\r\n: keep-alive\r\n\r\nevent: ping\r\n\r\n"),
        bytes(b"data: {\"type\":\"text\",\r\ndata: \"content\":\"caf\xc3\xa9!\"}\r\n\r\n"),
        bytes(b"data: {\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"q\":\"x\",\"k\":3}}\r\n\r\n"),
        bytes(b"data: {\"type\":\"citation\",\"source\":\"doc-9\"}\r\n\r\n"),
        pause(),
        bytes(b"data: {\"type\":\"tool_result\",\"call_id\":\"c1\",\"name\":\"search\",\"result\":[1,\"two\"]}\r\n\r\n"),
        bytes(&stop[..20]),
        pause(),
        bytes(&stop[20..]),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    let expected = vec![
        ChatEvent::UserInput(UserInputEvent {
            extra: Default::default(),
            content: "Hi".into(),
        }),
        ChatEvent::ThinkingDelta(ThinkingDeltaEvent {
            extra: Default::default(),
            content: "Hm".into(),
        }),
        ChatEvent::TextDelta(TextDeltaEvent {
            // A field the spec does not describe is kept, not dropped (forward compatibility).
            extra: serde_json::json!({"index": 0}).as_object().unwrap().clone(),
            content: "café".into(),
        }),
        ChatEvent::Text(TextEvent {
            extra: Default::default(),
            content: "café!".into(),
        }),
        ChatEvent::ToolCall(ToolCallEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            arguments: json!({"q": "x", "k": 3}).as_object().unwrap().clone(),
        }),
        ChatEvent::Unknown(json!({"type": "citation", "source": "doc-9"})),
        ChatEvent::ToolResult(ToolResultEvent {
            extra: Default::default(),
            call_id: "c1".into(),
            name: "search".into(),
            result: json!([1, "two"]),
            image_attachment: None,
        }),
        stop_event(),
    ];
    assert_eq!(events, expected);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn malformed_event_ends_the_stream_with_an_error() {
    let parts = vec![
        bytes(b"data: {\"type\":\"text_delta\",\"content\":\"a\"}\n\n"),
        pause(),
        bytes(b"event: message\nid: 7\ndata: {\"type\":\"text_delta\",\"content\":}\n\n"),
        bytes(b"data: {\"type\":\"text_delta\",\"content\":\"never\"}\n\n"),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(
        first,
        ChatEvent::TextDelta(TextDeltaEvent {
            extra: Default::default(),
            content: "a".into()
        })
    );
    match stream.next().await {
        Some(Err(error @ Error::Stream { .. })) => {
            let line = error.to_string();
            assert!(line.starts_with("event stream: "), "{line}");
            assert!(line.contains("id 7"), "{line}");
            assert!(std::error::Error::source(&error).is_some());
        }
        other => panic!("expected Some(Err(Error::Stream)), got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

/// A known event whose shape departs from the spec (a newer server) is kept whole as
/// `Unknown`, and the events after it still arrive: one odd event does not cost the rest.
#[tokio::test]
async fn known_event_type_with_wrong_shape_arrives_as_unknown_and_the_stream_goes_on() {
    let parts = vec![
        bytes(b"data: {\"type\":\"stop\",\"is_error\":\"no\"}\n\n"),
        bytes(b"data: {\"type\":\"text\",\"content\":\"after\"}\n\n"),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let events: Vec<ChatEvent> = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    match &events[0] {
        ChatEvent::Unknown(value) => {
            assert_eq!(events[0].tag(), Some("stop"));
            assert_eq!(value["is_error"], json!("no"));
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert!(matches!(events[1], ChatEvent::Text(_)), "{:?}", events[1]);
}

#[tokio::test]
async fn stream_broken_mid_body_is_a_stream_error() {
    let mut parts = vec![bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n")];
    parts.push(bytes(b"data: {\"type\":\"text\",\"content\":\"b\"}\n\n"));
    let reply = sse_reply(parts).fault(Fault::TruncateBodyAt(20));
    let server = TestServer::scripted(vec![reply]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    // The first event is cut short too, so nothing is yielded before the error.
    match stream.next().await {
        Some(Err(Error::Stream { message, .. })) => {
            assert!(message.contains("broke"), "{message}")
        }
        other => panic!("expected Some(Err(Error::Stream)), got {other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn stream_error_status_is_an_api_error() {
    let reply = Reply::json(
        422,
        &json!({"detail": [{"loc": ["body", "prompt"], "msg": "too long", "type": "value_error"}]}),
    );
    let server = TestServer::scripted(vec![reply]).await;
    let error = (client_with_retries(&server, 2).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap_err();
    let api = expect_api(error);
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.method.as_str(), "POST");
    assert!(api.json.is_some());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn pauses_shorter_than_the_timeout_are_waited_out() {
    let mut stop = b"data: ".to_vec();
    stop.extend_from_slice(STOP_DATA);
    stop.extend_from_slice(b"\n\n");
    let parts = vec![
        bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n"),
        BodyPart::Pause(Duration::from_millis(150)),
        bytes(&stop),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_millis(1_000))
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1], stop_event());
}

/// A stream that stalls after its headers (and after some events) must not hang the caller:
/// waiting longer than the call's timeout for the next bytes ends it with `Error::Timeout`,
/// after the events that did arrive.
#[tokio::test]
async fn a_stream_that_stalls_after_its_headers_ends_with_a_timeout() {
    let parts = vec![
        bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n"),
        BodyPart::Pause(Duration::from_secs(30)),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_millis(200))
        .await
        .unwrap();
    // The bound only turns a hang into a failure; the stream itself gives up after 200 ms.
    let items: Vec<Result<ChatEvent, Error>> =
        tokio::time::timeout(Duration::from_secs(10), stream.collect())
            .await
            .expect("the stalled stream must end, not hang");
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    match &items[1] {
        Err(Error::Timeout { timeout, .. }) => assert_eq!(*timeout, Duration::from_millis(200)),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn event_stream_ignores_a_leading_byte_order_mark() {
    let parts = vec![
        bytes(b"\xef\xbb\xbfdata: {\"type\":\"text\",\"content\":\"first\"}\n\n"),
        bytes(b"data: {\"type\":\"text\",\"content\":\"second\"}\n\n"),
        stop_frame(),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    let text = |content: &str| {
        ChatEvent::Text(TextEvent {
            extra: Default::default(),
            content: content.into(),
        })
    };
    assert_eq!(events, [text("first"), text("second"), stop_event()]);
}

/// A stream endpoint answering JSON is not a stream with no events: the caller gets an error
/// that names the content type and shows the body.
#[tokio::test]
async fn a_json_answer_to_a_stream_request_is_an_error_with_the_body() {
    let reply = Reply::chunks(
        200,
        "application/json",
        vec![bytes(
            br#"{"detail":"streaming is disabled for this project"}"#,
        )],
    );
    let server = TestServer::scripted(vec![reply]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let items: Vec<Result<ChatEvent, Error>> = stream.collect().await;
    assert_eq!(items.len(), 1, "{items:?}");
    let message = items[0].as_ref().unwrap_err().to_string();
    assert!(
        message.contains("`application/json` instead of an event stream")
            && message.contains("streaming is disabled for this project"),
        "{message}"
    );
}

/// An `event: error` frame is the server reporting a failure, not an unknown event.
#[tokio::test]
async fn an_error_event_ends_the_stream_with_an_error() {
    let parts = vec![
        bytes(b"data: {\"type\":\"text\",\"content\":\"a\"}\n\n"),
        bytes(b"event: error\ndata: {\"message\":\"overloaded\"}\n\n"),
        bytes(b"data: {\"type\":\"text\",\"content\":\"never\"}\n\n"),
    ];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    let items: Vec<Result<ChatEvent, Error>> = stream.collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let message = items[1].as_ref().unwrap_err().to_string();
    assert!(
        message.contains("`error` event") && message.contains("overloaded"),
        "{message}"
    );
}

/// The terminal `stop` event as one server-sent event.
fn stop_frame() -> BodyPart {
    let mut frame = b"data: ".to_vec();
    frame.extend_from_slice(STOP_DATA);
    frame.extend_from_slice(b"\n\n");
    BodyPart::Bytes(frame)
}

#[tokio::test]
async fn a_body_that_ends_before_the_terminal_event_is_a_stream_error() {
    // The server closes the body (EOF-delimited, no length) after a delta, mid-turn: the
    // events that arrived are yielded, then the cut is an error, not a quiet end.
    let parts = vec![bytes(
        b"data: {\"type\":\"text_delta\",\"content\":\"Reve\"}\n\n",
    )];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    let first = stream.try_next().await.unwrap();
    assert!(matches!(first, Some(ChatEvent::TextDelta(_))), "{first:?}");
    let error = stream.try_next().await.unwrap_err();
    let Error::Stream { message, .. } = &error else {
        panic!("expected Error::Stream, got {error:?}");
    };
    assert!(
        message
            .ends_with("the stream ended before its terminal `stop` event: the turn is incomplete"),
        "{message}"
    );
    assert!(stream.next().await.is_none(), "the error ends the stream");
}

#[tokio::test]
async fn a_terminal_event_of_an_odd_shape_still_ends_the_turn() {
    // `usage: null` departs from the spec, so the event arrives as `Unknown` (lenient
    // decoding); it is still the `stop` that ends the turn.
    let odd_stop =
        bytes(b"data: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":null}\n\n");
    let server = TestServer::scripted(vec![sse_reply(vec![odd_stop])]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    let events: Vec<ChatEvent> = stream.try_collect().await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].tag(), Some("stop"));
    assert!(matches!(events[0], ChatEvent::Unknown(_)), "{events:?}");
}

#[tokio::test]
async fn the_terminal_event_is_known_by_its_event_name_alone() {
    // The `stop` is named by `event:` and its data has no kind property: still the end of
    // the turn, not a cut.
    let parts = vec![bytes(
        b"data: {\"type\":\"text_delta\",\"content\":\"Hi\"}\n\nevent: stop\ndata: {\"is_error\":false}\n\n",
    )];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    let events: Vec<Result<ChatEvent, Error>> = stream.collect().await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(Result::is_ok), "{events:?}");
}

#[tokio::test]
async fn events_decoded_as_sent_keep_nulls_and_still_end_at_a_cut() {
    let parts = vec![bytes(
        b"data: {\"type\":\"text_delta\",\"content\":\"Hi\",\"newer\":null}\n\nevent: done\ndata: {}\n\n",
    )];
    let server = TestServer::scripted(vec![sse_reply(parts)]).await;
    let stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    let events: Vec<Result<serde_json::Value, Error>> =
        stream.decoded_as::<serde_json::Value>().collect().await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(
        events[0].as_ref().unwrap(),
        &json!({"type": "text_delta", "content": "Hi", "newer": null})
    );
    assert_eq!(events[1].as_ref().unwrap(), &json!({}));
    assert!(
        matches!(&events[2], Err(Error::Stream { message, .. }) if message.contains("terminal `stop` event")),
        "the stream's own terminal event still applies: {events:?}"
    );
}

/// Polled again after its end, the stream stays ended: `None` again, not a panic from the
/// stream underneath (which may not be polled after it finished).
#[tokio::test]
async fn a_stream_polled_again_after_its_end_stays_ended() {
    let mut stop = b"data: ".to_vec();
    stop.extend_from_slice(STOP_DATA);
    stop.extend_from_slice(b"\n\n");
    let server = TestServer::scripted(vec![sse_reply(vec![bytes(&stop)])]).await;
    let mut stream = (client(&server).beta().chat())
        .stream("ses-1", stream_params())
        .await
        .unwrap();
    assert!(matches!(stream.next().await, Some(Ok(_))));
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());
}
