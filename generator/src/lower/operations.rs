//! Spec operations → `ir::Operation`s: parameters (path, query, header; cookie is a located
//! error), the JSON request body flattened into the `…Params` struct, the success response, and
//! cursor pagination where a configured scheme matches the operation's shape.

use super::docs::{doc_comment, rust_literal};
use super::models::model_field;
use super::responses::LoweredResponse;
use super::schemas::{LoweredField, PendingKind, SchemaLowerer, SchemaRef, describe, object_parts};
use super::types::{Presence, Side, Ty};
use crate::config::PaginationScheme;
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use crate::ir::{
    BodyEncoding, MultipartFile, OperationPagination, PageImpl, ParamField, ParamLocation,
    ParamsStruct, PathParam, PathPiece, QueryStyle, ResponseKind,
};
use crate::naming::{UniqueNames, snake_ident, type_ident};
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem,
    QueryStyle as SpecQueryStyle, ReferenceOr, RequestBody,
};

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

    pub fn lower_operation(
        &mut self,
        op: &SpecOperation<'a>,
        params_type: &str,
    ) -> LoweredOperation {
        let spec = op.operation;
        let endpoint = format!("`{}`", op.endpoint().replace('`', "'"));
        let mut fields: Vec<ParamField> = Vec::new();
        let mut names = UniqueNames::default();
        let mut path_params = Vec::new();
        for (parameter, pointer) in self.merged_parameters(op) {
            self.lower_parameter(
                op,
                parameter,
                &pointer,
                params_type,
                &mut names,
                &mut fields,
                &mut path_params,
            );
        }
        let path_pieces = self.lower_path_template(op, &path_params);
        let mut body_encoding = BodyEncoding::Json;
        let mut multipart_files = Vec::new();
        let body_field = self.lower_body(
            op,
            params_type,
            &mut names,
            &mut fields,
            &mut body_encoding,
            &mut multipart_files,
        );
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
            body_field,
            body_encoding,
            multipart_files,
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

    /// Path-item parameters overridden by operation parameters of the same name and location.
    fn merged_parameters(&mut self, op: &SpecOperation<'a>) -> Vec<(&'a Parameter, Pointer)> {
        let mut merged: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let sources = [
            (&op.path_item.parameters, &op.path_pointer),
            (&op.operation.parameters, &op.pointer),
        ];
        for (list, base) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let pointer = base.join("parameters").join(index);
                let Some(parameter) = self.resolve_parameter(parameter, &pointer) else {
                    continue;
                };
                let key = (
                    parameter.parameter_data_ref().name.clone(),
                    location_name(parameter),
                );
                merged.retain(|(p, _)| {
                    (p.parameter_data_ref().name.clone(), location_name(p)) != key
                });
                merged.push((parameter, pointer));
            }
        }
        merged
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Option<&'a Parameter> {
        match parameter {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|key| self.doc.components.as_ref()?.parameters.get(key));
                match found {
                    Some(ReferenceOr::Item(parameter)) => Some(parameter),
                    _ => {
                        self.problem(
                            pointer,
                            format!(
                                "dangling $ref `{reference}`: no such parameter in this document"
                            ),
                            None,
                        );
                        None
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_parameter(
        &mut self,
        op: &SpecOperation<'a>,
        parameter: &'a Parameter,
        pointer: &Pointer,
        params_type: &str,
        names: &mut UniqueNames,
        fields: &mut Vec<ParamField>,
        path_params: &mut Vec<PathParam>,
    ) {
        let data = parameter.parameter_data_ref();
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                self.problem(
                    pointer,
                    format!(
                        "parameter `{}` uses `content`, which is not supported",
                        data.name
                    ),
                    Some("describe the parameter with `schema`"),
                );
                return;
            }
        };
        let hint = format!("{params_type}{}", type_ident(&data.name));
        let (ty, _) = self
            .schemas
            .type_of(SchemaRef::from(schema), &hint, &pointer.join("schema"));
        let location = match parameter {
            Parameter::Path { .. } => {
                if !op.path.contains(&format!("{{{}}}", data.name)) {
                    self.problem(
                        pointer,
                        format!(
                            "path parameter `{}` does not appear in the path template `{}`",
                            data.name, op.path
                        ),
                        Some("rename the parameter or add `{name}` to the path"),
                    );
                    return;
                }
                let rust_type = match &ty {
                    Ty::String => "&str".to_owned(),
                    other => other.rust(true),
                };
                // Path parameters are method arguments beside `params`; the name must not clash.
                let taken: Vec<&str> = path_params.iter().map(|p| p.rust_name.as_str()).collect();
                let mut rust_name = snake_ident(&data.name);
                while rust_name == "params" || taken.contains(&rust_name.as_str()) {
                    rust_name.push('_');
                }
                path_params.push(PathParam {
                    rust_name,
                    rust_type,
                    wire_name: data.name.clone(),
                });
                return;
            }
            Parameter::Query { style, .. } => {
                let unsupported = match style {
                    SpecQueryStyle::Form | SpecQueryStyle::DeepObject => None,
                    SpecQueryStyle::SpaceDelimited => Some("spaceDelimited"),
                    SpecQueryStyle::PipeDelimited => Some("pipeDelimited"),
                };
                if let Some(style) = unsupported {
                    self.problem(
                        pointer,
                        format!("query parameter style `{style}` is not supported"),
                        Some("supported: form (the default, exploded or not) and deepObject"),
                    );
                    return;
                }
                ParamLocation::Query
            }
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => {
                self.problem(
                    pointer,
                    format!("cookie parameter `{}` is not supported", data.name),
                    Some("send the cookie with a default header on the client instead"),
                );
                return;
            }
        };
        let deep = matches!(
            parameter,
            Parameter::Query {
                style: SpecQueryStyle::DeepObject,
                ..
            }
        );
        let query_style = match (&ty, data.explode) {
            _ if deep => QueryStyle::Deep,
            (Ty::Array(_), Some(false)) => QueryStyle::Comma,
            (Ty::Array(_), _) => QueryStyle::Repeat,
            _ => QueryStyle::Scalar,
        };
        let structured = matches!(ty, Ty::JsonObject | Ty::Map(_) | Ty::Json)
            || matches!(&ty, Ty::Named(n) if self.is_structured(n));
        if structured && !deep {
            let position = if location == ParamLocation::Query {
                "query"
            } else {
                "header"
            };
            self.problem(
                pointer,
                format!(
                    "{position} parameter `{}` has an object type, which is not supported",
                    data.name
                ),
                Some("use scalar or array-of-scalar parameters, or `style: deepObject` for a query object"),
            );
            return;
        }
        let lowered = LoweredField {
            rust_name: names.claim(snake_ident(&data.name)),
            wire_name: data.name.clone(),
            ty,
            presence: Presence {
                required: data.required,
                nullable: false,
            },
            description: describe(
                data.description.as_deref(),
                match schema {
                    ReferenceOr::Item(schema) => schema.schema_data.default.as_ref(),
                    ReferenceOr::Reference { .. } => None,
                },
            ),
            deprecated: data.deprecated.unwrap_or(false),
            binary: false,
            read_only: false,
        };
        let mut field = model_field(&lowered, Side::Request, true);
        field.serde_attrs = "#[serde(skip)]".to_owned();
        fields.push(ParamField {
            field,
            location,
            query_style,
            wire_name_literal: rust_literal(&data.name),
        });
    }

    /// Structs and unions, which have no plain text form for a query or header.
    fn is_structured(&self, name: &str) -> bool {
        matches!(
            self.schemas.models.get(name).map(|m| &m.kind),
            Some(
                PendingKind::Struct(_)
                    | PendingKind::UntaggedUnion(_)
                    | PendingKind::TaggedUnion(..)
            )
        )
    }

    /// Splits the path template into literal pieces and parameters; every `{name}` must be
    /// declared as a path parameter.
    fn lower_path_template(
        &mut self,
        op: &SpecOperation<'a>,
        path_params: &[PathParam],
    ) -> Vec<PathPiece> {
        let mut pieces = Vec::new();
        let mut rest = op.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                break;
            };
            pieces.push(PathPiece::Literal(rust_literal(&rest[..open])));
            let name = &rest[open + 1..close];
            match path_params.iter().find(|p| p.wire_name == name) {
                Some(param) => {
                    let value_expr = if param.rust_type == "&str" { param.rust_name.clone() } else { format!("&{}.to_string()", param.rust_name) };
                    pieces.push(PathPiece::Param { value_expr, wire_name_literal: rust_literal(&param.wire_name) });
                }
                None => self.problem(&op.pointer, format!("path template `{}` has `{{{name}}}` but the operation declares no path parameter `{name}`", op.path), Some("declare it under `parameters` with `in: path`")),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rust_literal(rest)));
        }
        pieces
    }

    /// Adds the JSON body to the params: an object's properties flattened, anything else as one
    /// `body` field. Returns that field's name in the second case.
    fn lower_body(
        &mut self,
        op: &SpecOperation<'a>,
        params_type: &str,
        names: &mut UniqueNames,
        fields: &mut Vec<ParamField>,
        body_encoding: &mut BodyEncoding,
        multipart_files: &mut Vec<MultipartFile>,
    ) -> Option<String> {
        let body_ref = op.operation.request_body.as_ref()?;
        let pointer = op.pointer.join("requestBody");
        let body: &RequestBody = match body_ref {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| self.doc.components.as_ref()?.request_bodies.get(key));
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.problem(
                            &pointer,
                            format!(
                                "dangling $ref `{reference}`: no such request body in this document"
                            ),
                            None,
                        );
                        return None;
                    }
                }
            }
        };
        let by_essence = |wanted: &str, encoding| {
            body.content
                .iter()
                .find(|(media_type, _)| essence(media_type) == wanted)
                .map(|m| (m, encoding))
        };
        let chosen = json_media(&body.content)
            .map(|m| (m, BodyEncoding::Json))
            .or_else(|| by_essence("application/x-www-form-urlencoded", BodyEncoding::Form))
            .or_else(|| by_essence("multipart/form-data", BodyEncoding::Multipart));
        let Some(((media_type, media), encoding)) = chosen else {
            let types: Vec<_> = body.content.keys().map(String::as_str).collect();
            self.problem(
                &pointer.join("content"),
                format!(
                    "request body content type {} is not supported",
                    types.join(", ")
                ),
                Some(
                    "supported request bodies: application/json, application/x-www-form-urlencoded",
                ),
            );
            return None;
        };
        *body_encoding = encoding;
        let schema_pointer = pointer.join("content").join(media_type).join("schema");
        let schema = media.schema.as_ref()?;
        let flattened =
            match SchemaRef::from(schema) {
                SchemaRef::Inline(inline) => object_parts(inline)
                    .filter(|(p, _)| !p.is_empty())
                    .map(|(properties, required)| {
                        self.schemas.lower_fields(
                            params_type,
                            properties,
                            required,
                            &Default::default(),
                            &schema_pointer,
                        )
                    }),
                SchemaRef::Ref(_) => match self
                    .schemas
                    .type_of(SchemaRef::from(schema), params_type, &schema_pointer)
                    .0
                {
                    Ty::Named(name) => match self.schemas.models.get(&name).map(|m| &m.kind) {
                        Some(PendingKind::Struct(struct_fields)) => Some(struct_fields.clone()),
                        _ => None,
                    },
                    _ => None,
                },
            };
        let body_required = body.required;
        match flattened {
            Some(body_fields) => {
                // Read-only properties are the server's to set; a request never carries them.
                for mut lowered in body_fields.into_iter().filter(|f| !f.read_only) {
                    lowered.rust_name = names.claim(lowered.rust_name);
                    // A multipart file travels as its own part, not through serde.
                    let file = *body_encoding == BodyEncoding::Multipart && lowered.binary;
                    if file {
                        lowered.ty = Ty::File;
                        multipart_files.push(MultipartFile {
                            wire_name_literal: rust_literal(&lowered.wire_name),
                            rust_name: lowered.rust_name.clone(),
                            required: lowered.presence.required,
                        });
                    }
                    let mut field = model_field(&lowered, Side::Request, true);
                    if file {
                        field.serde_attrs = "#[serde(skip)]".to_owned();
                    }
                    fields.push(ParamField {
                        field,
                        location: ParamLocation::Body,
                        query_style: QueryStyle::Scalar,
                        wire_name_literal: rust_literal(&lowered.wire_name),
                    });
                }
                None
            }
            None => {
                let (ty, nullable) = self.schemas.type_of(
                    SchemaRef::from(schema),
                    &format!("{params_type}Body"),
                    &schema_pointer,
                );
                let lowered = LoweredField {
                    rust_name: names.claim("body".to_owned()),
                    wire_name: "body".to_owned(),
                    ty,
                    presence: Presence {
                        required: body_required,
                        nullable,
                    },
                    description: body.description.clone(),
                    deprecated: false,
                    binary: false,
                    read_only: false,
                };
                let mut field = model_field(&lowered, Side::Request, true);
                field.serde_attrs = "#[serde(skip)]".to_owned();
                let name = field.rust_name.clone();
                fields.push(ParamField {
                    field,
                    location: ParamLocation::Body,
                    query_style: QueryStyle::Scalar,
                    wire_name_literal: rust_literal("body"),
                });
                Some(name)
            }
        }
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

fn location_name(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}
