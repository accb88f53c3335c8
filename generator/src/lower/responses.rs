//! An operation's responses → what its method returns and which `Accept` it sends: an event
//! stream, one JSON type, an untagged union when 2xx responses carry different types, `Option<T>`
//! when some 2xx carry no body, a `String` for text (`text/*`, XML), a `Download` for anything
//! else (binary) and for what an operation that only redirects leads to, or nothing. The other
//! media types offered are listed for `Call::download_as`. Error responses with a body are
//! lowered too (their types exist as models) and listed in the method's docs.

use super::context::{SpecOperation, essence, header_media, is_text_media, json_media};
use super::pending::FileShape;
use super::schemas::SchemaLowerer;
use crate::diagnostics::Pointer;
use crate::ir::{ResponseKind, TerminalEvent, Text, Ty};
use openapiv3::{MediaType, ReferenceOr, Response, Schema, StatusCode};

/// The `text/event-stream` media type extension that gives the schema of the JSON each event's
/// `data` carries. OpenAPI 3.0 and 3.1 have no field for it (3.2 adds `itemSchema`), and a
/// `schema` that describes one event misdescribes the body, which is event-stream text: mock
/// servers cannot produce it. With the extension, `schema` can describe the text honestly.
pub const EVENT_SCHEMA_EXTENSION: &str = "x-event-schema";

/// The `text/event-stream` media type extension that names the event ending each turn (the
/// kind an event's `event:` field or its union discriminator has), so that a body ending
/// before it is reported as cut short. OpenAPI has no field for it.
pub const TERMINAL_EVENT_EXTENSION: &str = "x-terminal-event";

/// The lowered responses of one operation.
pub struct LoweredResponse {
    pub kind: ResponseKind,
    pub accept: String,
    /// The other media types the success responses offer (for `Call::download_as`).
    pub other_media: Vec<String>,
    /// Markdown lines listing the documented error bodies (empty when there are none).
    pub error_docs: Vec<String>,
}

/// What one response's content decodes to, with the media type asked for (`None`: any).
enum Content {
    None,
    Json(Ty, Option<String>),
    Stream(Ty, Option<TerminalEvent>),
    Text(Option<String>),
    Download(Option<String>),
}

/// What the operation's method returns, from its responses.
pub fn lower_responses<'a>(
    schemas: &mut SchemaLowerer<'a>,
    op: &SpecOperation<'a>,
    params_type: &str,
) -> LoweredResponse {
    ResponseLowerer { schemas }.lower_responses(op, params_type)
}

/// A response under its label (`200`, `4XX`, `default`).
type Labeled<'a> = (String, &'a ReferenceOr<Response>);
/// A response under its code (a range as its last code: `4XX` is 499) and its label.
type Coded<'a> = (u16, String, &'a ReferenceOr<Response>);

/// The operation's responses by status, in order: those that describe success (the 2xx, or
/// `default` when there is none) by label, and the others by code (a `4XX` range as 499).
fn split_by_outcome<'a>(op: &SpecOperation<'a>) -> (Vec<Labeled<'a>>, Vec<Coded<'a>>) {
    let mut codes: Vec<Coded<'a>> = op
        .operation
        .responses
        .responses
        .iter()
        .map(|(code, response)| match code {
            StatusCode::Code(code) => (*code, code.to_string(), response),
            StatusCode::Range(range) => (range * 100 + 99, format!("{range}XX"), response),
        })
        .collect();
    codes.sort_by_key(|(code, _, _)| *code);
    let (success, errors): (Vec<_>, Vec<_>) = codes
        .into_iter()
        .partition(|(code, _, _)| (200..300).contains(code));
    let mut success: Vec<Labeled<'a>> = success
        .into_iter()
        .map(|(_, label, r)| (label, r))
        .collect();
    if success.is_empty() {
        // No 2xx: the `default` response describes success (it is also the error shape,
        // but a method must return something).
        success.extend(
            op.operation
                .responses
                .default
                .as_ref()
                .map(|r| ("default".to_owned(), r)),
        );
    }
    (success, errors)
}

/// The media types the operation also answers with, besides the one `accept` asks for.
fn other_media(media: Vec<String>, accept: &str, kind: &ResponseKind) -> Vec<String> {
    let mut other_media: Vec<String> = Vec::new();
    for media_type in media {
        let chosen = accept == media_type
            || media_type == "*/*"
            || matches!(kind, ResponseKind::EventStream { .. });
        if !chosen && !other_media.contains(&media_type) {
            other_media.push(media_type);
        }
    }
    other_media
}

/// Lowers one operation's responses, reporting into the schema lowerer's sink.
struct ResponseLowerer<'s, 'a> {
    schemas: &'s mut SchemaLowerer<'a>,
}

impl<'a> ResponseLowerer<'_, 'a> {
    fn lower_responses(&mut self, op: &SpecOperation<'a>, params_type: &str) -> LoweredResponse {
        let hint = format!("{}Response", params_type.trim_end_matches("Params"));
        let (success, errors) = split_by_outcome(op);
        // Neither a 2xx nor `default`, but a redirect: an operation that answers by sending the
        // caller elsewhere (`302` to an archive or a signed download URL). The client follows
        // it, so the answer is whatever the redirect leads to, of a type the document cannot
        // say: its bytes (`()` dropped them).
        // 399: a `3XX` range, as `codes` holds one.
        let redirects = [301, 302, 303, 307, 308, 399];
        let only_redirects =
            success.is_empty() && errors.iter().any(|(code, ..)| redirects.contains(code));
        let mut contents = Vec::new();
        if only_redirects {
            contents.push(Content::Download(None));
        }
        let mut media = Vec::new();
        for (index, (label, response)) in success.iter().enumerate() {
            let pointer = op.pointer.join("responses").join(label);
            let Some(response) = self.resolve_response(response, &pointer) else {
                continue;
            };
            // HTTP gives these no body (RFC 9110, 15.3.5–6); decoding the content declared for one
            // would fail on every real reply.
            if matches!(label.as_str(), "204" | "205") {
                if !response.content.is_empty() {
                    self.schemas.sink.warn(
                        &pointer.join("content"),
                        "response-content",
                        format!("a {label} response has no body in HTTP; the `content` it declares is ignored"),
                        Some("leave `content` out of the response, or use 200"),
                    );
                }
                contents.push(Content::None);
                continue;
            }
            let hint = if index == 0 {
                hint.clone()
            } else {
                format!("{hint}{label}")
            };
            contents.push(self.lower_content(response, &hint, &pointer));
            media.extend(response.content.keys().filter_map(|m| header_media(m)));
        }
        let error_docs = self.error_docs(op, &hint, &errors);
        let (kind, accept) = combine(self, contents, &hint, &op.pointer.join("responses"));
        let other_media = other_media(media, &accept, &kind);
        LoweredResponse {
            kind,
            accept,
            other_media,
            error_docs,
        }
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        pointer: &Pointer,
    ) -> Option<&'a Response> {
        let resolver = self.schemas.resolver;
        resolver.component(
            response,
            "responses",
            "response",
            |c| &c.responses,
            pointer,
            &mut self.schemas.sink,
        )
    }

    fn lower_content(&mut self, response: &'a Response, hint: &str, pointer: &Pointer) -> Content {
        if response.content.is_empty() {
            return Content::None;
        }
        let schema_type =
            |lowerer: &mut Self, media_type: &str, media: &MediaType, hint: &str| match &media
                .schema
            {
                Some(schema) => {
                    lowerer
                        .schemas
                        .type_of(
                            schema.into(),
                            hint,
                            &pointer.join("content").join(media_type).join("schema"),
                        )
                        .0
                }
                None => Ty::Json,
            };
        if let Some(media) = response.content.get("text/event-stream") {
            let event_hint = format!("{hint}Event");
            let media_pointer = pointer.join("content").join("text/event-stream");
            let event_schema = self.event_schema(media, &media_pointer);
            let terminal = {
                let described = match &event_schema {
                    Some(Ok(schema)) => Some(schema),
                    Some(Err(())) => None,
                    None => media.schema.as_ref(),
                };
                self.terminal_event(media, &media_pointer, described)
            };
            let event = match event_schema {
                Some(Ok(schema)) => {
                    let event_pointer = media_pointer.join(EVENT_SCHEMA_EXTENSION);
                    self.schemas
                        .type_of((&schema).into(), &event_hint, &event_pointer)
                        .0
                }
                Some(Err(())) => Ty::Json,
                None => schema_type(self, "text/event-stream", media, &event_hint),
            };
            return Content::Stream(event, terminal);
        }
        if let Some((media_type, media)) = json_media(&response.content) {
            let ty = schema_type(self, media_type, media, hint);
            return Content::Json(ty, header_media(media_type));
        }
        // `*/*` promises nothing about the format; with a schema the body is read as JSON (what
        // such APIs send in practice), unless the schema is a binary string: then it is the
        // file's bytes, handed over unread like any download.
        let any = response
            .content
            .iter()
            .find(|(media_type, _)| essence(media_type) == "*/*");
        if let Some((media_type, media)) = any
            && let Some(schema) = &media.schema
        {
            if matches!(schema, ReferenceOr::Item(schema) if FileShape::of(schema) == FileShape::One)
            {
                return Content::Download(None);
            }
            return Content::Json(schema_type(self, media_type, media, hint), None);
        }
        let mut typed = response
            .content
            .keys()
            .filter(|media_type| essence(media_type) != "*/*");
        if let Some(text) = typed.clone().find(|media_type| is_text_media(media_type)) {
            return Content::Text(header_media(text));
        }
        match typed.next() {
            // Anything else (binary, or a format this generator does not parse) is handed to the
            // caller unread, to take whole, stream, or write to a file.
            Some(media_type) => Content::Download(header_media(media_type)),
            // Only `*/*` without a schema: nothing to decode.
            None => Content::None,
        }
    }

    /// The schema of one event's `data` from the media type's `x-event-schema`, when it has one
    /// (`Err` when it is there but is not a schema: a warning, and each event is any JSON value).
    /// Without it, the media type's own `schema` describes each event, as most stream APIs write it.
    fn event_schema(
        &mut self,
        media: &MediaType,
        media_pointer: &Pointer,
    ) -> Option<Result<ReferenceOr<Schema>, ()>> {
        let value = media.extensions.get(EVENT_SCHEMA_EXTENSION)?;
        Some(serde_json::from_value(value.clone()).map_err(|err| {
            self.schemas.degrade(
                &media_pointer.join(EVENT_SCHEMA_EXTENSION),
                "invalid-event-schema",
                format!("`{EVENT_SCHEMA_EXTENSION}` is not a schema ({err}); each event is decoded as any JSON value"),
                Some("give a schema object or a `$ref` to one, as in `schema`"),
            );
        }))
    }

    /// The event that ends a turn, from the media type's `x-terminal-event`, with the property
    /// that holds an event's kind (the discriminator of the event schema, `events`). A value that
    /// is not a string, or that names no event of a union with a mapping, is a warning and the
    /// stream may end anywhere (a wrong terminal event would fail every stream).
    fn terminal_event(
        &mut self,
        media: &MediaType,
        media_pointer: &Pointer,
        events: Option<&ReferenceOr<Schema>>,
    ) -> Option<TerminalEvent> {
        let value = media.extensions.get(TERMINAL_EVENT_EXTENSION)?;
        let pointer = media_pointer.join(TERMINAL_EVENT_EXTENSION);
        let Some(kind) = value.as_str().filter(|kind| !kind.is_empty()) else {
            self.schemas.degrade(
                &pointer,
                "invalid-terminal-event",
                format!("`{TERMINAL_EVENT_EXTENSION}` is not a non-empty string; the stream may end after any event"),
                Some("name the event that ends a turn: its `event:` field or its discriminator value, as in `x-terminal-event: stop`"),
            );
            return None;
        };
        let schema = match events {
            Some(ReferenceOr::Reference { reference }) => {
                self.schemas.resolve(reference).map(|(_, schema)| schema)
            }
            Some(ReferenceOr::Item(schema)) => Some(schema),
            None => None,
        };
        let discriminator = schema.and_then(|schema| schema.schema_data.discriminator.as_ref());
        if let Some(discriminator) = discriminator
            && !discriminator.mapping.is_empty()
            && !discriminator.mapping.contains_key(kind)
        {
            let known: Vec<&str> = discriminator.mapping.keys().map(String::as_str).collect();
            self.schemas.degrade(
                &pointer,
                "invalid-terminal-event",
                format!("`{TERMINAL_EVENT_EXTENSION}: {kind}` names no event of the stream's union (it has {}); the stream may end after any event", known.join(", ")),
                Some("use one of the discriminator's mapping keys"),
            );
            return None;
        }
        Some(TerminalEvent {
            kind: Text::new(kind),
            property: discriminator.map(|d| Text::new(d.property_name.as_str())),
        })
    }

    /// Lowers each error response's JSON body and lists it for the docs.
    fn error_docs(
        &mut self,
        op: &SpecOperation<'a>,
        hint: &str,
        errors: &[Coded<'a>],
    ) -> Vec<String> {
        let mut lines = Vec::new();
        let default = op
            .operation
            .responses
            .default
            .as_ref()
            .map(|r| (0, "default".to_owned(), r));
        for (_, label, response) in errors.iter().cloned().chain(default) {
            let pointer = op.pointer.join("responses").join(&label);
            let Some(response) = self.resolve_response(response, &pointer) else {
                continue;
            };
            let Some((media_type, media)) = json_media(&response.content) else {
                continue;
            };
            let Some(schema) = &media.schema else {
                continue;
            };
            let ty = self
                .schemas
                .type_of(
                    schema.into(),
                    &format!("{hint}Error{label}"),
                    &pointer.join("content").join(media_type).join("schema"),
                )
                .0;
            lines.push(format!("- `{label}`: `{}`", ty.rust(false)));
        }
        lines
    }
}

/// One output for all success responses, and the `Accept` header that asks for it: an event
/// stream if any response is one, else JSON if any is, else text, else a download.
fn combine(
    lowerer: &mut ResponseLowerer<'_, '_>,
    contents: Vec<Content>,
    hint: &str,
    pointer: &Pointer,
) -> (ResponseKind, String) {
    if let Some((event, terminal)) = contents.iter().find_map(|c| match c {
        Content::Stream(ty, terminal) => Some((ty.clone(), terminal.clone())),
        _ => None,
    }) {
        return (
            ResponseKind::EventStream { event, terminal },
            "text/event-stream".to_owned(),
        );
    }
    let mut types: Vec<Ty> = Vec::new();
    let mut json_accept = None;
    for content in &contents {
        if let Content::Json(ty, media) = content {
            json_accept = json_accept.or(media.clone());
            if !types.contains(ty) {
                types.push(ty.clone());
            }
        }
    }
    let accept_of = |media: &Option<String>, fallback: &str| {
        media.clone().unwrap_or_else(|| fallback.to_owned())
    };
    let some_empty = contents.iter().any(|c| matches!(c, Content::None));
    let ty = match types.len() {
        0 => {
            return contents
                .iter()
                .find_map(|c| match c {
                    Content::Text(media) => Some((ResponseKind::Text, accept_of(media, "text/*"))),
                    _ => None,
                })
                .or_else(|| {
                    contents.iter().find_map(|c| match c {
                        Content::Download(media) => {
                            Some((ResponseKind::Download, accept_of(media, "*/*")))
                        }
                        _ => None,
                    })
                })
                .unwrap_or((ResponseKind::Empty, "*/*".to_owned()));
        }
        1 => types.remove(0),
        _ => lowerer.schemas.untagged_union(hint, types, pointer),
    };
    let accept = accept_of(&json_accept, "application/json");
    if some_empty {
        (ResponseKind::OptionalJson { ty }, accept)
    } else {
        (ResponseKind::Json { ty }, accept)
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::ResponseKind;

    /// A stream whose media type is given `content` (indented under `text/event-stream:`).
    fn stream_spec(content: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: Demo, version: "1"}}
paths:
  /turns:
    post:
      operationId: stream_turn
      responses:
        '200':
          description: events
          content:
            text/event-stream:
{content}
components:
  schemas:
    Delta:
      type: object
      required: [content]
      properties:
        content: {{type: string}}
"##
        )
    }

    fn event_type(content: &str) -> Result<String, Vec<String>> {
        let inputs = crate::load::load_inputs(&stream_spec(content), None).unwrap();
        let api = crate::lower::lower(&inputs).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| p.pointer + ": " + &p.message)
                .collect::<Vec<_>>()
        })?;
        match &api.api.resources[0].operations[0].response {
            ResponseKind::EventStream { event, .. } => Ok(event.qualified()),
            other => panic!("not a stream: {other:?}"),
        }
    }

    #[test]
    fn the_event_schema_extension_types_the_events_while_schema_describes_the_text() {
        let content = "              schema: {type: string}\n              \
                       x-event-schema: {$ref: '#/components/schemas/Delta'}\n              \
                       example: \"data: {\\\"content\\\":\\\"hi\\\"}\\n\\n\"";
        assert_eq!(event_type(content).unwrap(), "crate::models::Delta");
    }

    #[test]
    fn without_the_extension_the_schema_types_the_events() {
        let content = "              schema: {$ref: '#/components/schemas/Delta'}";
        assert_eq!(event_type(content).unwrap(), "crate::models::Delta");
        let text = "              schema: {type: string}";
        assert_eq!(event_type(text).unwrap(), "String");
    }

    #[test]
    fn an_event_schema_extension_that_is_not_a_schema_is_a_located_warning() {
        let content = "              schema: {type: string}\n              x-event-schema: [1, 2]";
        let inputs = crate::load::load_inputs(&stream_spec(content), None).unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap();
        let warnings: Vec<String> = lowered
            .warnings
            .iter()
            .map(|w| format!("{} {}: {}", w.kind, w.pointer, w.message))
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "invalid-event-schema #/paths/~1turns/post/responses/200/content/text~1event-stream/x-event-schema: \
                 `x-event-schema` is not a schema"
            ),
            "{warnings:?}"
        );
        let operation = &lowered.api.resources[0].operations[0];
        match &operation.response {
            ResponseKind::EventStream { event, .. } => {
                assert_eq!(event.qualified(), "serde_json::Value")
            }
            other => panic!("not a stream: {other:?}"),
        }
        assert!(
            format!("{:?}", operation.docs).contains("is not a schema"),
            "the operation's docs say it: {:?}",
            operation.docs
        );
    }

    /// The terminal event of a stream spec with `content`, and the warnings it raised.
    fn terminal(content: &str) -> (Option<crate::ir::TerminalEvent>, Vec<String>) {
        let spec = stream_spec(content).replace(
            "components:\n  schemas:\n",
            "components:\n  schemas:\n    Event:\n      oneOf: [{$ref: '#/components/schemas/Delta'}, {$ref: '#/components/schemas/Stop'}]\n      \
             discriminator: {propertyName: kind, mapping: {delta: '#/components/schemas/Delta', stop: '#/components/schemas/Stop'}}\n    \
             Stop: {type: object, required: [kind], properties: {kind: {type: string}}}\n",
        );
        let inputs = crate::load::load_inputs(&spec, None).unwrap();
        let lowered = crate::lower::lower(&inputs).unwrap();
        let warnings = lowered
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.pointer, w.message))
            .collect();
        match &lowered.api.resources[0].operations[0].response {
            ResponseKind::EventStream { terminal, .. } => (terminal.clone(), warnings),
            other => panic!("not a stream: {other:?}"),
        }
    }

    #[test]
    fn the_terminal_event_extension_names_the_event_and_the_union_gives_its_property() {
        let content = "              schema: {type: string}\n              \
                       x-event-schema: {$ref: '#/components/schemas/Event'}\n              \
                       x-terminal-event: stop";
        let (found, warnings) = terminal(content);
        let found = found.unwrap();
        assert_eq!(found.kind.as_str(), "stop");
        assert_eq!(found.property.unwrap().as_str(), "kind");
        assert!(warnings.is_empty(), "{warnings:?}");
        let plain = "              schema: {type: string}\n              x-terminal-event: done";
        let plain = terminal_of(plain);
        assert_eq!(plain.kind.as_str(), "done");
        assert!(
            plain.property.is_none(),
            "no union: only `event:` names the kind"
        );
    }

    fn terminal_of(content: &str) -> crate::ir::TerminalEvent {
        terminal(content).0.unwrap()
    }

    #[test]
    fn a_terminal_event_that_is_no_event_of_the_union_or_no_string_is_a_located_warning() {
        let content = "              schema: {type: string}\n              \
                       x-event-schema: {$ref: '#/components/schemas/Event'}\n              \
                       x-terminal-event: done";
        let (found, warnings) = terminal(content);
        assert!(found.is_none());
        assert_eq!(
            warnings,
            [
                "#/paths/~1turns/post/responses/200/content/text~1event-stream/x-terminal-event: \
              `x-terminal-event: done` names no event of the stream's union (it has delta, stop); \
              the stream may end after any event"
            ]
        );
        let (found, warnings) =
            terminal("              schema: {type: string}\n              x-terminal-event: [1]");
        assert!(found.is_none());
        assert_eq!(
            warnings,
            [
                "#/paths/~1turns/post/responses/200/content/text~1event-stream/x-terminal-event: \
              `x-terminal-event` is not a non-empty string; the stream may end after any event"
            ]
        );
    }
}
