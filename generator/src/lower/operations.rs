//! Spec operations → `ir::Operation`s: collects the operations of the document, and for each
//! assembles its parameters (`parameters`), body (`bodies`), responses (`responses`), server and
//! documentation, and detects cursor pagination where a scheme matches the operation's shape.

use super::docs::{code_span, doc_comment, rust_literal};
use super::parameters::ParamsBuilder;
use super::responses::LoweredResponse;
use super::schemas::{PendingKind, SchemaLowerer};
use super::types::Ty;
use crate::config::PaginationScheme;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use crate::ir::{
    BodyEncoding, MultipartFile, OperationPagination, PageImpl, ParamField, ParamsStruct,
    PathParam, PathPiece, ResponseKind,
};
use indexmap::IndexMap;
use openapiv3::{Components, MediaType, OpenAPI, PathItem, ReferenceOr};

/// One operation as found in the spec, before it is named.
pub struct SpecOperation<'a> {
    /// Lowercase HTTP method.
    pub http_method: &'static str,
    pub path: &'a str,
    pub operation: &'a openapiv3::Operation,
    pub path_item: &'a PathItem,
    /// `#/paths/~1pets/get`
    pub pointer: Pointer,
    /// `#/paths/~1pets`
    pub path_pointer: Pointer,
}

impl SpecOperation<'_> {
    /// `GET /api/v1/chat`
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.http_method.to_uppercase(), self.path)
    }
}

/// Every operation of the document, sorted by path then method so that derived names do not
/// depend on the order of the YAML.
pub fn collect_operations<'a>(
    doc: &'a OpenAPI,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SpecOperation<'a>> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.iter() {
        let pointer = Pointer::root().join("paths").join(path);
        let ReferenceOr::Item(item) = item else {
            problems.push(
                Diagnostic::new(
                    InputFile::Spec,
                    pointer.as_str(),
                    "path item $ref is not supported",
                )
                .with_hint("inline the path item"),
            );
            continue;
        };
        for (method, operation) in item.iter() {
            let http_method = [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .into_iter()
            .find(|m| *m == method)
            .unwrap_or("get");
            out.push(SpecOperation {
                http_method,
                path,
                operation,
                path_item: item,
                pointer: pointer.join(method),
                path_pointer: pointer.clone(),
            });
        }
    }
    out.sort_by(|a, b| (a.path, a.http_method).cmp(&(b.path, b.http_method)));
    out
}

/// What `lower_operation` produces besides the parts the caller assembles.
pub struct LoweredOperation {
    pub doc_comment: String,
    pub deprecated: bool,
    pub path_pieces: Vec<PathPiece>,
    pub path_params: Vec<PathParam>,
    pub params: Option<ParamsStruct>,
    /// The params field that is the whole body, when the body is not a flattened object.
    pub body_field: Option<String>,
    pub body_encoding: BodyEncoding,
    pub multipart_files: Vec<MultipartFile>,
    pub response: ResponseKind,
    pub accept_literal: String,
    pub server_literal: Option<String>,
    pub pagination: Option<(OperationPagination, PageImpl)>,
}

pub struct OperationLowerer<'s, 'a> {
    pub doc: &'a OpenAPI,
    pub schemas: &'s mut SchemaLowerer<'a>,
    pub schemes: &'a [PaginationScheme],
    pub problems: Vec<Diagnostic>,
}

impl<'a> OperationLowerer<'_, 'a> {
    pub(super) fn problem(
        &mut self,
        pointer: &Pointer,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let mut diagnostic = Diagnostic::new(InputFile::Spec, pointer.as_str(), message);
        if let Some(hint) = hint {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.problems.push(diagnostic);
    }

    /// The object behind a `$ref` into `#/components/{section}/…` (or the inline object); a
    /// dangling reference is a located error.
    pub(super) fn resolve_component<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        noun: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &Pointer,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let key = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'));
        match key.and_then(|key| map(self.doc.components.as_ref()?).get(key)) {
            Some(ReferenceOr::Item(found)) => Some(found),
            _ => {
                self.problem(
                    pointer,
                    format!("dangling $ref `{reference}`: no such {noun} in this document"),
                    None,
                );
                None
            }
        }
    }

    pub fn lower_operation(
        &mut self,
        op: &SpecOperation<'a>,
        params_type: &str,
    ) -> LoweredOperation {
        let spec = op.operation;
        let endpoint = code_span(&op.endpoint());
        let mut params = ParamsBuilder::default();
        self.lower_parameters(op, params_type, &mut params);
        let path_pieces = self.lower_path_template(op, &params.path_params);
        let body = self.lower_body(op, params_type, &mut params);
        let LoweredResponse {
            kind: response,
            accept,
            error_docs,
        } = self.lower_responses(op, params_type);
        let errors = (!error_docs.is_empty()).then(|| {
            format!(
                "Error responses ([`crate::Error::Api`]; read a body with [`crate::ApiError::json_as`]):\n{}",
                error_docs.join("\n")
            )
        });
        let doc = doc_comment(&[
            spec.summary.as_deref(),
            spec.description.as_deref(),
            Some(&endpoint),
            errors.as_deref(),
        ]);
        let ParamsBuilder {
            fields,
            path_params,
            ..
        } = params;
        let pagination = self.detect_pagination(&fields, &response);
        let params = (!fields.is_empty()).then(|| ParamsStruct {
            type_name: params_type.to_owned(),
            doc_comment: doc_comment(&[Some(&format!("Parameters of {endpoint}."))]),
            derive_default: fields
                .iter()
                .all(|f| !f.field.rust_type.starts_with("crate::models::") || !f.field.required),
            fields,
        });
        LoweredOperation {
            doc_comment: doc,
            deprecated: spec.deprecated,
            path_pieces,
            path_params,
            params,
            body_field: body.field,
            body_encoding: body.encoding,
            multipart_files: body.files,
            response,
            accept_literal: rust_literal(accept),
            server_literal: self.operation_server(op),
            pagination,
        }
    }

    /// `servers` on the operation (else its path item): an absolute http(s) URL, with server
    /// variables at their defaults.
    fn operation_server(&mut self, op: &SpecOperation<'a>) -> Option<String> {
        let (servers, pointer) = match (&op.operation.servers, &op.path_item.servers) {
            (servers, _) if !servers.is_empty() => (servers, op.pointer.join("servers")),
            (_, servers) if !servers.is_empty() => (servers, op.path_pointer.join("servers")),
            _ => return None,
        };
        let mut url = servers[0].url.clone();
        for (name, variable) in servers[0].variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.problem(
                &pointer.join(0).join("url"),
                format!("server URL `{url}` is not an absolute http(s) URL"),
                Some("operation-level servers must be absolute"),
            );
            return None;
        }
        Some(rust_literal(url.trim_end_matches('/')))
    }

    /// A configured cursor scheme applies when the operation takes its cursor parameter and the
    /// response model has its items array and next-cursor string.
    fn detect_pagination(
        &self,
        fields: &[ParamField],
        response: &ResponseKind,
    ) -> Option<(OperationPagination, PageImpl)> {
        let ResponseKind::Json { rust_type } = response else {
            return None;
        };
        let page_type = rust_type.strip_prefix("crate::models::")?;
        let Some(PendingKind::Struct(page_fields)) =
            self.schemas.models.get(page_type).map(|m| &m.kind)
        else {
            return None;
        };
        self.schemes.iter().find_map(|scheme| {
            fields
                .iter()
                .find(|f| f.is_query() && f.field.wire_name == scheme.cursor_param)?;
            let items = page_fields
                .iter()
                .find(|f| f.wire_name == scheme.items_field)?;
            let Ty::Array(item) = &items.ty else {
                return None;
            };
            let next = page_fields
                .iter()
                .find(|f| f.wire_name == scheme.next_cursor_field && f.ty == Ty::String)?;
            Some((
                OperationPagination {
                    page_type: page_type.to_owned(),
                    item_type: item.rust(true),
                },
                PageImpl {
                    item_type: item.rust(false),
                    items_field: items.rust_name.clone(),
                    items_optional: !items.presence.is_plain(),
                    next_cursor_field: next.rust_name.clone(),
                    next_cursor_optional: !next.presence.is_plain(),
                    cursor_param_literal: rust_literal(&scheme.cursor_param),
                },
            ))
        })
    }
}

/// The JSON media type of a content map (`application/json` or any `+json`).
pub(super) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, _)| {
        let essence = essence(media_type);
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// `application/json; charset=utf-8` → `application/json`
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
