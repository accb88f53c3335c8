//! Server-sent events: an incremental parser (any chunking, `\n`, `\r\n` or `\r` line endings,
//! multi-line `data:`, comments and keep-alives) and [`EventStream`], which decodes each event's
//! data as JSON into a typed event (or, with [`EventStream::decoded_as`], any other type). A
//! malformed event, a broken connection, a stall and a body that ends before the turn's
//! terminal event ([`StreamEnd`]) are errors that end the stream.

use crate::runtime::error::Error;
use crate::runtime::call::{Call, Decode};
use crate::runtime::request::{Exchange, RequestSpec};
use futures_core::Stream;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One dispatched server-sent event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServerSentEvent {
    pub(crate) event: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) data: String,
}

/// Parses the `text/event-stream` format incrementally, as chunks arrive.
#[derive(Default, Debug)]
pub(crate) struct SseParser {
    /// Bytes of a line not yet terminated (kept as bytes so a UTF-8 character split across
    /// chunks is decoded whole).
    line: Vec<u8>,
    /// The previous chunk ended in `\r`: a `\n` at the start of the next one belongs to it.
    after_cr: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    last_id: Option<String>,
    /// Whether the first line has been seen (a UTF-8 byte order mark may precede it).
    started: bool,
}

impl SseParser {
    /// Feeds a chunk; complete events are appended to `out`.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<ServerSentEvent>) {
        for &byte in chunk {
            if std::mem::take(&mut self.after_cr) && byte == b'\n' {
                continue;
            }
            match byte {
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    let text = String::from_utf8_lossy(&line);
                    let text = if std::mem::replace(&mut self.started, true) {
                        &text[..]
                    } else {
                        text.trim_start_matches('\u{FEFF}')
                    };
                    self.process_line(text, out);
                }
                _ => self.line.push(byte),
            }
        }
    }

    fn process_line(&mut self, line: &str, out: &mut VecDeque<ServerSentEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut VecDeque<ServerSentEvent>) {
        let event = self.event.take();
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        out.push_back(ServerSentEvent {
            event,
            id: self.last_id.clone(),
            data: std::mem::take(&mut self.data),
        });
    }
}

/// A stream of typed events from a server-sent event response. Ends when the server closes the
/// stream; an error ends it after it is yielded.
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<E> {
    /// The events as they arrive, not yet decoded; how the stream ends (its terminal event, a
    /// stall, a cut) is checked here, whatever the events are decoded as.
    events: Pin<Box<dyn Stream<Item = Result<ServerSentEvent, Error>> + Send>>,
    /// An error, or the end, has been yielded: the stream has ended.
    ended: bool,
    event: PhantomData<fn() -> E>,
}

struct StreamState {
    body: Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    parser: SseParser,
    ready: VecDeque<ServerSentEvent>,
    done: bool,
    /// The longest wait for the next bytes: a stream that stalls after its headers ends with
    /// `Error::Timeout` instead of hanging.
    idle: Duration,
    method: reqwest::Method,
    url: String,
    /// The event that ends a turn, when the API names one.
    terminal: Option<StreamEnd>,
    /// Whether the terminal event has arrived: a body that ends before it is cut short.
    finished: bool,
}

/// What ends a turn of an event stream: its terminal event, as the API description names it
/// (`x-terminal-event`). A body that ends before that event is an error, not a quiet end of
/// the stream. The one description of it, whatever the events are decoded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StreamEnd {
    /// The terminal event's kind: its `event:` field, or its kind property's value.
    kind: &'static str,
    /// The property of each event's JSON data that holds its kind (the union's
    /// discriminator), when the events have one.
    property: Option<&'static str>,
}

impl StreamEnd {
    /// Whether `event` is the terminal one: by its `event:` field, or by its data's kind
    /// property (read only when the data mentions the kind at all).
    fn is_terminal(&self, event: &ServerSentEvent) -> bool {
        if event.event.as_deref() == Some(self.kind) {
            return true;
        }
        let Some(property) = self.property.filter(|_| event.data.contains(self.kind))
        else {
            return false;
        };
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&event.data)
            .is_ok_and(|data| {
                data.get(property).and_then(serde_json::Value::as_str) == Some(self.kind)
            })
    }
}

impl<E> EventStream<E> {
    fn new(
        response: reqwest::Response,
        idle: Duration,
        method: reqwest::Method,
        terminal: Option<StreamEnd>,
    ) -> Self {
        let state = StreamState {
            url: response.url().to_string(),
            body: Box::pin(response.bytes_stream()),
            parser: SseParser::default(),
            ready: VecDeque::new(),
            done: false,
            idle,
            method,
            terminal,
            finished: false,
        };
        let stream = futures_util::stream::unfold(
            state,
            |mut state| async move {
                loop {
                    if let Some(event) = state.ready.pop_front() {
                        if state.terminal.is_some_and(|end| end.is_terminal(&event)) {
                            state.finished = true;
                        }
                        return Some((Ok(event), state));
                    }
                    if state.done {
                        return None;
                    }
                    let next = futures_util::StreamExt::next(&mut state.body);
                    let Ok(next) = tokio::time::timeout(state.idle, next).await else {
                        state.done = true;
                        let error = Error::Timeout {
                            method: state.method.clone(),
                            url: state.url.clone(),
                            timeout: state.idle,
                        };
                        return Some((Err(error), state));
                    };
                    match next {
                        Some(Ok(chunk)) => state.parser.feed(&chunk, &mut state.ready),
                        Some(Err(source)) => {
                            state.done = true;
                            let error = Error::Stream {
                                message: format!(
                                    "event stream: the connection broke mid-stream: {source}"
                                ),
                                source: Some(Box::new(source)),
                            };
                            return Some((Err(error), state));
                        }
                        // At the end of the body an unterminated event is discarded, as the format
                        // requires.
                        None => {
                            state.done = true;
                            if let Some(error) = cut_short(&state) {
                                return Some((Err(error), state));
                            }
                        }
                    }
                }
            },
        );
        EventStream::of(Box::pin(stream))
    }

    fn of(
        events: Pin<Box<dyn Stream<Item = Result<ServerSentEvent, Error>> + Send>>,
    ) -> Self {
        EventStream {
            events,
            ended: false,
            event: PhantomData,
        }
    }

    /// The same stream with each event's data decoded as `T` instead: `serde_json::Value`
    /// for the events as the server sent them (`null`s and unknown fields kept). It ends as
    /// this one would: a stall, a cut before the terminal event or an `error` event is still
    /// an error.
    pub fn decoded_as<T>(self) -> EventStream<T> {
        EventStream {
            events: self.events,
            ended: self.ended,
            event: PhantomData,
        }
    }
}

/// The error for a body that ended before its terminal event, if it did.
fn cut_short(state: &StreamState) -> Option<Error> {
    let end = state.terminal.filter(|_| !state.finished)?;
    Some(Error::Stream {
        message: format!(
            "event stream: {} {}: the stream ended before its terminal `{}` event: the turn is incomplete",
            state.method, state.url, end.kind
        ),
        source: None,
    })
}

fn decode_event<E: serde::de::DeserializeOwned>(
    event: &ServerSentEvent,
) -> Result<E, Error> {
    // Servers report a failure mid-stream as an `error` event; it is not an event of the API.
    if event.event.as_deref() == Some("error") {
        let excerpt = crate::runtime::error::excerpt(&event.data);
        return Err(Error::Stream {
            message: format!(
                "event stream: the server sent an `error` event: {excerpt}"
            ),
            source: None,
        });
    }
    serde_json::from_str(&event.data)
        .map_err(|source| {
            let mut name = String::new();
            if let Some(kind) = &event.event {
                name.push_str(&format!(" `{kind}`"));
            }
            if let Some(id) = &event.id {
                name.push_str(&format!(" (id {id})"));
            }
            Error::Stream {
                message: format!(
                    "event stream: event{name} is not valid: {source}: {}", crate
                    ::runtime::error::excerpt(& event.data)
                ),
                source: Some(Box::new(source)),
            }
        })
}

impl<E: serde::de::DeserializeOwned> Stream for EventStream<E> {
    type Item = Result<E, Error>;
    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = match this.events.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(event))) => decode_event(&event),
            Poll::Ready(Some(Err(error))) => Err(error),
            // Stays ended: the stream underneath may not be polled again after its end.
            Poll::Ready(None) => {
                this.ended = true;
                return Poll::Ready(None);
            }
            Poll::Pending => return Poll::Pending,
        };
        this.ended = next.is_err();
        Poll::Ready(Some(next))
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

/// The stream waits for each next piece of the body at most as long as one attempt may take
/// (the call's `timeout`, else the client's).
fn decode_stream<E>(
    exchange: Exchange,
    response: reqwest::Response,
    terminal: Option<StreamEnd>,
) -> Result<EventStream<E>, Error> {
    let idle = exchange.options.timeout.unwrap_or(exchange.client.inner.timeout);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("text/event-stream")
        .to_owned();
    if !content_type.trim_start().to_ascii_lowercase().starts_with("text/event-stream") {
        return Ok(EventStream::unexpected_body(response, idle, content_type));
    }
    Ok(EventStream::new(response, idle, exchange.request.method, terminal))
}

impl<E> EventStream<E> {
    /// A success answered with something other than an event stream (a JSON body, say): one
    /// error with the content type and the start of the body, rather than a stream that ends
    /// at once as if there were no events.
    fn unexpected_body(
        response: reqwest::Response,
        idle: Duration,
        content_type: String,
    ) -> Self {
        // How much of the body is read for the error's excerpt.
        const MAX_UNEXPECTED_BODY: usize = 64 * 1024;
        let error = async move {
            let mut body = Vec::new();
            let mut chunks = response.bytes_stream();
            while body.len() < MAX_UNEXPECTED_BODY {
                let next = futures_util::StreamExt::next(&mut chunks);
                match tokio::time::timeout(idle, next).await {
                    Ok(Some(Ok(chunk))) => body.extend_from_slice(&chunk),
                    _ => break,
                }
            }
            let excerpt = crate::runtime::error::excerpt(
                &String::from_utf8_lossy(&body),
            );
            Err(Error::Stream {
                message: format!(
                    "the server answered `{content_type}` instead of an event stream: {excerpt}"
                ),
                source: None,
            })
        };
        EventStream::of(Box::pin(futures_util::stream::once(error)))
    }
}

impl<E: Send + 'static> Call<EventStream<E>> {
    /// A request answered with a stream of server-sent events. `terminal` is the event that
    /// ends a turn, when the API names one: its kind, and the property of each event's data
    /// that holds an event's kind (if any).
    pub(crate) fn event_stream(
        client: crate::runtime::Client,
        request: RequestSpec,
        terminal: Option<(&'static str, Option<&'static str>)>,
    ) -> Self {
        let terminal = terminal.map(|(kind, property)| StreamEnd { kind, property });
        Call::new(
            client,
            request,
            Decode::Streaming(
                Box::new(move |exchange, _, response| {
                    decode_stream(exchange, response, terminal)
                }),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<ServerSentEvent> {
        let mut parser = SseParser::default();
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        out.into_iter().collect()
    }

    fn event(data: &str) -> ServerSentEvent {
        ServerSentEvent {
            event: None,
            id: None,
            data: data.to_owned(),
        }
    }

    #[test]
    fn multi_line_data_comments_and_keep_alives() {
        let events = parse(&[b": keep-alive\n\ndata: {\"a\":\ndata: 1}\n\n:ping\n\n"]);
        assert_eq!(events, [event("{\"a\":\n1}")]);
    }

    #[test]
    fn every_line_ending_and_fields() {
        let events = parse(
            &[b"event: delta\r\nid: 7\r\ndata: x\r\n\r\ndata:y\r\rdata: z\n\n"],
        );
        assert_eq!(
            events[0], ServerSentEvent { event : Some("delta".into()), id : Some("7"
            .into()), data : "x".into() }
        );
        assert_eq!(
            events[1], ServerSentEvent { event : None, id : Some("7".into()), data : "y"
            .into() }
        );
        assert_eq!(events[2].data, "z");
    }

    #[test]
    fn split_at_every_byte_boundary() {
        let stream = "data: {\"t\":\"é\"}\r\n\r\n: c\n\nevent: e\ndata: 2\r\r"
            .as_bytes();
        let whole = parse(&[stream]);
        assert_eq!(whole.len(), 2);
        for cut in 0..stream.len() {
            assert_eq!(
                parse(& [& stream[..cut], & stream[cut..]]), whole, "cut at {cut}"
            );
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(parse(& bytes), whole);
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped_even_when_split() {
        let stream = "\u{FEFF}data: 1\n\n".as_bytes();
        assert_eq!(parse(& [& stream[..2], & stream[2..]]), [event("1")]);
    }

    #[test]
    fn unterminated_event_is_not_dispatched() {
        assert_eq!(parse(& [b"data: 1\n\ndata: 2\n"]), [event("1")]);
    }
}
