//! An operation's responses → what its method returns and which `Accept` it sends: an event
//! stream, one JSON type, an untagged union when 2xx responses carry different types, `Option<T>`
//! when some 2xx carry no body, or nothing. Error responses with a body are lowered too (their
//! types exist as models) and listed in the method's docs.

use super::context::{SpecOperation, essence, json_media};
use super::schemas::SchemaLowerer;
use crate::diagnostics::Pointer;
use crate::ir::{ResponseKind, Ty};
use openapiv3::{MediaType, ReferenceOr, Response, StatusCode};

/// The lowered responses of one operation.
pub struct LoweredResponse {
    pub kind: ResponseKind,
    pub accept: &'static str,
    /// Markdown lines listing the documented error bodies (empty when there are none).
    pub error_docs: Vec<String>,
}

/// What one response's content decodes to.
enum Content {
    None,
    Json(Ty),
    Stream(Ty),
}

/// What the operation's method returns, from its responses.
pub fn lower_responses<'a>(
    schemas: &mut SchemaLowerer<'a>,
    op: &SpecOperation<'a>,
    params_type: &str,
) -> LoweredResponse {
    ResponseLowerer { schemas }.lower_responses(op, params_type)
}

/// Lowers one operation's responses, reporting into the schema lowerer's sink.
struct ResponseLowerer<'s, 'a> {
    schemas: &'s mut SchemaLowerer<'a>,
}

impl<'a> ResponseLowerer<'_, 'a> {
    fn lower_responses(&mut self, op: &SpecOperation<'a>, params_type: &str) -> LoweredResponse {
        let hint = format!("{}Response", params_type.trim_end_matches("Params"));
        let mut codes: Vec<(u16, String, &'a ReferenceOr<Response>)> = op
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
        let mut success: Vec<(String, &ReferenceOr<Response>)> = success
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

        let mut contents = Vec::new();
        for (index, (label, response)) in success.iter().enumerate() {
            let pointer = op.pointer.join("responses").join(label);
            let Some(response) = self.resolve_response(response, &pointer) else {
                continue;
            };
            let hint = if index == 0 {
                hint.clone()
            } else {
                format!("{hint}{label}")
            };
            contents.push(self.lower_content(response, &hint, &pointer));
        }
        let error_docs = self.error_docs(op, &hint, &errors);
        let (kind, accept) = combine(self, contents, &hint);
        LoweredResponse {
            kind,
            accept,
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
            return Content::Stream(schema_type(
                self,
                "text/event-stream",
                media,
                &format!("{hint}Event"),
            ));
        }
        if let Some((media_type, media)) = json_media(&response.content) {
            return Content::Json(schema_type(self, media_type, media, hint));
        }
        // `*/*` promises nothing about the format; with a schema the body is read as JSON (what
        // such APIs send in practice), without one it is ignored.
        match response
            .content
            .iter()
            .find(|(media_type, _)| essence(media_type) == "*/*")
        {
            Some((media_type, media)) if media.schema.is_some() => {
                Content::Json(schema_type(self, media_type, media, hint))
            }
            Some(_) => Content::None,
            None => {
                let types: Vec<_> = response.content.keys().map(String::as_str).collect();
                self.schemas.sink.spec(
                    &pointer.join("content"),
                    format!("response content type {} is not supported", types.join(", ")),
                    Some("supported responses: application/json, text/event-stream, */*, or no content"),
                );
                Content::None
            }
        }
    }

    /// Lowers each error response's JSON body and lists it for the docs.
    fn error_docs(
        &mut self,
        op: &SpecOperation<'a>,
        hint: &str,
        errors: &[(u16, String, &'a ReferenceOr<Response>)],
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

/// One output for all success responses.
fn combine(
    lowerer: &mut ResponseLowerer<'_, '_>,
    contents: Vec<Content>,
    hint: &str,
) -> (ResponseKind, &'static str) {
    if let Some(event) = contents.iter().find_map(|c| match c {
        Content::Stream(ty) => Some(ty.clone()),
        _ => None,
    }) {
        return (ResponseKind::EventStream { event }, "text/event-stream");
    }
    let mut types: Vec<Ty> = Vec::new();
    for content in &contents {
        if let Content::Json(ty) = content
            && !types.contains(ty)
        {
            types.push(ty.clone());
        }
    }
    let some_empty = contents.iter().any(|c| matches!(c, Content::None));
    let ty = match types.len() {
        0 => return (ResponseKind::Empty, "*/*"),
        1 => types.remove(0),
        _ => lowerer.schemas.untagged_union(hint, types),
    };
    if some_empty {
        (ResponseKind::OptionalJson { ty }, "application/json")
    } else {
        (ResponseKind::Json { ty }, "application/json")
    }
}
