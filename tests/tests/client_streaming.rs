//! The typed event stream end to end: a recorded stream sent through the real client split at
//! every byte boundary (inside field names, JSON, multi-byte characters and `\r\n` pairs) must
//! always decode to the same events.

use futures::TryStreamExt;
use llamacloud::Client;
use llamacloud::models::ChatEvent;
use llamacloud::resources::beta::chat::StreamParams;
use std::time::Duration;
use tests::server::{BodyPart, Reply, TestServer};

/// A chat turn as a server might send it: comments, keep-alives, `event:`/`id:` fields, `\r\n`
/// and `\n` line endings, multi-line data, non-ASCII text, and a type this client does not know.
const RECORDED: &str = concat!(
    ": connected\r\n\r\n",
    "id: 1\r\nevent: message\r\ndata: {\"type\":\"user_input\",\"content\":\"Résumé?\"}\r\n\r\n",
    "data: {\"type\":\"thinking_delta\",\n",
    "data: \"content\":\"…\"}\n\n",
    ":keep-alive\n\n",
    "data: {\"type\":\"text_delta\",\"content\":\"Grüße 👋\"}\n\n",
    "data: {\"type\":\"citation\",\"page\":3}\n\n",
    "data: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":{\"duration_ms\":5,\"total_input_tokens\":1,\"total_output_tokens\":2,\"turns\":1}}\n\n",
);

fn params() -> StreamParams {
    StreamParams {
        prompt: "hi".into(),
        index_ids: vec!["idx".into()],
        ..Default::default()
    }
}

async fn events_when_split_at(client: &Client, cut: usize) -> Vec<ChatEvent> {
    client
        .beta()
        .chat()
        .stream("ses", params())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap_or_else(|err| panic!("cut at {cut}: {err}"))
}

#[tokio::test]
async fn a_recorded_stream_split_at_every_byte_decodes_the_same() {
    let bytes = RECORDED.as_bytes();
    let server = TestServer::start(move |_, index| {
        let cut = index % (bytes.len() + 1);
        let parts = vec![
            BodyPart::Bytes(bytes[..cut].to_vec()),
            BodyPart::Pause(Duration::from_millis(1)),
            BodyPart::Bytes(bytes[cut..].to_vec()),
        ];
        Reply::chunks(200, "text/event-stream", parts)
    })
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .unwrap();

    let whole = events_when_split_at(&client, 0).await;
    let tags: Vec<Option<&str>> = whole.iter().map(ChatEvent::tag).collect();
    assert_eq!(
        tags,
        [
            Some("user_input"),
            Some("thinking_delta"),
            Some("text_delta"),
            Some("citation"),
            Some("stop")
        ]
    );
    assert!(matches!(&whole[2], ChatEvent::TextDelta(delta) if delta.content == "Grüße 👋"));
    assert!(matches!(&whole[3], ChatEvent::Unknown(_)));
    for cut in 1..=bytes.len() {
        assert_eq!(
            events_when_split_at(&client, cut).await,
            whole,
            "split at byte {cut}"
        );
    }
    assert_eq!(server.requests().len(), bytes.len() + 1);
}
