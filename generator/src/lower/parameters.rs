//! Operation parameters → method arguments and `…Params` fields. Path parameters become
//! positional arguments (and the pieces of the path template); query and header parameters
//! become fields, written per the OpenAPI style tables (`form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject`, `simple` headers, `form` cookies, JSON `content` in a query).
//! `content` parameters other than JSON in a query are left out with a located warning.

use super::context::{SpecOperation, component_key};
use super::express_paths::express_warning;
use super::models::model_field;
use super::pending::has_text_form;
use super::schemas::{FileShape, LoweredField, SchemaLowerer, SchemaRef, describe};
use crate::diagnostics::Pointer;
use crate::ir::{
    Delimiter, FieldSerde, ParamField, ParamLocation, PathParam, PathPiece, Presence, QueryStyle,
    Scalar, Side, Text, Ty,
};
use crate::naming::{UniqueNames, snake_ident, type_ident};
use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle as SpecQueryStyle, ReferenceOr,
};

/// The inputs of one operation as they are collected.
#[derive(Default)]
pub struct ParamsBuilder {
    /// Names taken in the `…Params` struct.
    pub names: UniqueNames,
    pub fields: Vec<ParamField>,
    pub path_params: Vec<PathParam>,
    /// The path template split into literals and parameters.
    pub path_pieces: Vec<PathPiece>,
    /// Query parameters declared `allowReserved: true`, by wire name.
    pub allow_reserved: Vec<String>,
}

/// The query, header and path parameters of one operation (path-item ones included), as
/// fields and positional arguments.
pub fn lower_parameters<'a>(
    schemas: &mut SchemaLowerer<'a>,
    op: &SpecOperation<'a>,
    params_type: &str,
) -> ParamsBuilder {
    let mut params = ParamsBuilder::default();
    if op.path != op.written_path {
        let (message, hint) = express_warning(op.written_path, op.path);
        schemas.degrade(&op.pointer, "path-parameter", message, Some(hint));
    }
    let mut lowerer = ParameterLowerer { schemas };
    for merged in lowerer.merged_parameters(op) {
        lowerer.lower_parameter(op, &merged, params_type, &mut params);
    }
    params.path_pieces = lowerer.lower_path_template(op, &mut params.path_params);
    params
}

/// One parameter of an operation, where it is used and where it is defined.
struct MergedParameter<'a> {
    parameter: &'a Parameter,
    /// The entry in the operation's (or path item's) `parameters` list.
    pointer: Pointer,
    /// The key of the `#/components/parameters` entry the list's `$ref` names, if it is one.
    component: Option<String>,
}

impl MergedParameter<'_> {
    /// Where the parameter's definition is: the component every operation that references it
    /// shares, so its schema is lowered once, into one type, however many operations use it.
    fn definition(&self) -> Pointer {
        match &self.component {
            Some(key) => Pointer::root()
                .join("components")
                .join("parameters")
                .join(key),
            None => self.pointer.clone(),
        }
    }
}

/// Lowers parameters into a `ParamsBuilder`, reporting into the schema lowerer's sink.
struct ParameterLowerer<'s, 'a> {
    schemas: &'s mut SchemaLowerer<'a>,
}

impl<'a> ParameterLowerer<'_, 'a> {
    /// The parameter is left out (or taken as a string), with a located warning of `kind`.
    fn degrade(&mut self, pointer: &Pointer, kind: &'static str, message: String, hint: &str) {
        self.schemas.degrade(pointer, kind, message, Some(hint));
    }

    /// Path-item parameters overridden by operation parameters of the same name and location.
    fn merged_parameters(&mut self, op: &SpecOperation<'a>) -> Vec<MergedParameter<'a>> {
        let mut merged: Vec<MergedParameter<'a>> = Vec::new();
        let sources = [
            (&op.path_item.parameters, &op.path_pointer),
            (&op.operation.parameters, &op.pointer),
        ];
        for (list, base) in sources {
            for (index, entry) in list.iter().enumerate() {
                let pointer = base.join("parameters").join(index);
                let resolver = self.schemas.resolver;
                let Some(parameter) = resolver.component(
                    entry,
                    "parameters",
                    "parameter",
                    |c| &c.parameters,
                    &pointer,
                    &mut self.schemas.sink,
                ) else {
                    continue;
                };
                let key = |p: &Parameter| (p.parameter_data_ref().name.clone(), location_name(p));
                merged.retain(|existing| key(existing.parameter) != key(parameter));
                merged.push(MergedParameter {
                    parameter,
                    pointer,
                    component: match entry {
                        ReferenceOr::Reference { reference } => {
                            component_key(reference, "parameters")
                        }
                        ReferenceOr::Item(_) => None,
                    },
                });
            }
        }
        merged
    }

    fn lower_parameter(
        &mut self,
        op: &SpecOperation<'a>,
        merged: &MergedParameter<'a>,
        params_type: &str,
        params: &mut ParamsBuilder,
    ) {
        let (parameter, pointer) = (merged.parameter, &merged.pointer);
        let data = parameter.parameter_data_ref();
        let definition = merged.definition();
        let Some((schema, schema_pointer)) = self.parameter_schema(parameter, &definition) else {
            return;
        };
        let hint = match &merged.component {
            Some(key) => self.component_hint(key),
            None => format!("{params_type}{}", type_ident(&data.name)),
        };
        let (ty, _) = self
            .schemas
            .type_of(SchemaRef::from(schema), &hint, &schema_pointer);
        // A parameter is written as text through `Display`, which for a timestamp is not its
        // RFC 3339 wire form, and the `time` crate's types have no serde form of the wire's: such
        // a parameter stays a string, as the caller formats it.
        let ty = super::timestamps::as_strings(ty, |scalar| {
            scalar.is_date_time() || scalar == Scalar::TimeDate
        });
        if let Parameter::Query {
            allow_reserved: true,
            ..
        } = parameter
        {
            params.allow_reserved.push(data.name.clone());
        }
        let Some((location, query_style)) = self.location(parameter, &ty) else {
            return self.add_path_param(op, parameter, ty, pointer, params);
        };
        let default = match schema {
            openapiv3::ReferenceOr::Item(schema) => schema.schema_data.default.as_ref(),
            openapiv3::ReferenceOr::Reference { .. } => None,
        };
        let lowered = LoweredField {
            rust_name: params.names.claim(snake_ident(&data.name)),
            wire_name: data.name.clone(),
            ty,
            presence: Presence::of(data.required, false),
            description: describe(data.description.as_deref(), default),
            deprecated: data.deprecated.unwrap_or(false),
            binary: FileShape::NotBinary,
            read_only: false,
            required_in_requests: false,
            flatten: false,
        };
        let mut field = model_field(&lowered, Side::Request);
        // Parameters travel in the query, headers or cookie, never in the serialised body.
        field.serde = FieldSerde {
            skip: true,
            ..FieldSerde::default()
        };
        params.fields.push(ParamField {
            field,
            location,
            query_style,
        });
    }

    /// Where a query, header or cookie parameter travels and how it is written; `None` for a
    /// path parameter, which is a method argument instead.
    fn location(&self, parameter: &Parameter, ty: &Ty) -> Option<(ParamLocation, QueryStyle)> {
        let data = parameter.parameter_data_ref();
        let is_content = matches!(data.format, ParameterSchemaOrContent::Content(_));
        Some(match parameter {
            Parameter::Path { .. } => return None,
            Parameter::Query { .. } if is_content => (ParamLocation::Query, QueryStyle::Json),
            Parameter::Header { .. } if is_content => (ParamLocation::Header, QueryStyle::Json),
            Parameter::Cookie { .. } if is_content => (ParamLocation::Cookie, QueryStyle::Json),
            Parameter::Query { style, .. } => {
                (ParamLocation::Query, self.query_style(data, style, ty))
            }
            // A scalar header value is written through `Display`; anything else (arrays,
            // objects, unions) through its JSON form in the `simple` style.
            Parameter::Header { .. } if self.is_displayable(ty) => {
                (ParamLocation::Header, QueryStyle::Scalar)
            }
            Parameter::Header { .. } => (
                ParamLocation::Header,
                QueryStyle::Styled {
                    explode: data.explode.unwrap_or(false),
                    delimiter: Delimiter::Comma,
                },
            ),
            // `form` is the only cookie style; it explodes by default.
            Parameter::Cookie { .. } => (
                ParamLocation::Cookie,
                QueryStyle::Styled {
                    explode: data.explode.unwrap_or(true),
                    delimiter: Delimiter::Comma,
                },
            ),
        })
    }

    /// The name an inline type in a component parameter's schema starts from: the component's
    /// own (`direction` → `Direction`), or `DirectionParameter` when that name is taken (by a
    /// schema). Only the first operation's lowering names the type; later ones reuse it.
    fn component_hint(&self, key: &str) -> String {
        let name = type_ident(key);
        match self.schemas.names.is_taken(&name) {
            true => format!("{name}Parameter"),
            false => name,
        }
    }

    /// The parameter's schema: its `schema`, or for a `content` parameter the schema of its
    /// JSON media type. `None` (reported) when the parameter cannot be sent.
    fn parameter_schema(
        &mut self,
        parameter: &'a Parameter,
        pointer: &Pointer,
    ) -> Option<(&'a openapiv3::ReferenceOr<openapiv3::Schema>, Pointer)> {
        let data = parameter.parameter_data_ref();
        let content = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                return Some((schema, pointer.join("schema")));
            }
            ParameterSchemaOrContent::Content(content) => content,
        };
        // JSON text is the common case (`?filter={"a":1}`, `X-Meta: {"a":1}`); another media
        // type has no agreed encoding in a parameter.
        let json = content.iter().find(|(media, _)| is_json_media(media));
        match json.and_then(|(media, m)| Some((media, m.schema.as_ref()?))) {
            Some((media, schema)) => Some((
                schema,
                pointer.join("content").join(media.as_str()).join("schema"),
            )),
            None => {
                let message = format!(
                    "parameter `{}` uses `content` with no JSON media type, which has no agreed encoding in a parameter; it is not sent",
                    data.name
                );
                self.degrade(
                    pointer,
                    "content-parameter",
                    message,
                    "describe the parameter with `schema`, or send it with `Call::query`/`Call::header`",
                );
                None
            }
        }
    }

    /// A path parameter becomes a positional argument (`&str` for strings).
    fn add_path_param(
        &mut self,
        op: &SpecOperation<'a>,
        parameter: &Parameter,
        ty: Ty,
        pointer: &Pointer,
        params: &mut ParamsBuilder,
    ) {
        let data = parameter.parameter_data_ref();
        if !op.path.contains(&format!("{{{}}}", data.name)) {
            let message = format!(
                "path parameter `{}` does not appear in the path template `{}`; it is left out",
                data.name, op.path
            );
            // `/users/:id` is Express's spelling of `/users/{id}`.
            let express = format!(":{}", data.name);
            let hint = match op.path.split('/').any(|segment| segment == express) {
                true => format!(
                    "write `{{{0}}}` for `{express}` in the path: OpenAPI puts path parameters in braces",
                    data.name
                ),
                false => "rename the parameter or add `{name}` to the path".to_owned(),
            };
            self.degrade(pointer, "path-parameter", message, &hint);
            return;
        }
        // The value is written into the path through `Display`; a type without one (an array,
        // an object, a union with such an arm) is taken as the text the caller formats.
        let ty = if self.is_displayable(&ty) {
            ty
        } else {
            let message = format!(
                "path parameter `{}` has a type with no text form in a path; it is taken as a string",
                data.name
            );
            self.degrade(
                pointer,
                "path-parameter",
                message,
                "give the parameter a scalar or enum schema",
            );
            Ty::String
        };
        let prefix = match parameter {
            Parameter::Path {
                style: openapiv3::PathStyle::Label,
                ..
            } => ".".to_owned(),
            Parameter::Path {
                style: openapiv3::PathStyle::Matrix,
                ..
            } => format!(";{}=", percent_encoded(&data.name)),
            _ => String::new(),
        };
        params.path_params.push(PathParam {
            rust_name: path_arg_name(&data.name, &params.path_params),
            ty,
            wire_name: Text::new(data.name.clone()),
            prefix: Text::new(prefix),
            description: data.description.clone().map(Text::new),
        });
    }

    /// How a query parameter is written. Scalars and arrays of them keep the `Display`
    /// encoders; anything else (objects, unions, other delimiters) goes through its JSON form.
    fn query_style(&self, data: &ParameterData, style: &SpecQueryStyle, ty: &Ty) -> QueryStyle {
        let delimiter = match style {
            SpecQueryStyle::DeepObject => return QueryStyle::Deep,
            SpecQueryStyle::Form => Delimiter::Comma,
            SpecQueryStyle::SpaceDelimited => Delimiter::Space,
            SpecQueryStyle::PipeDelimited => Delimiter::Pipe,
        };
        // `explode` defaults to true for `form` only (OpenAPI 3.1, Parameter Object).
        let explode = data
            .explode
            .unwrap_or(matches!(style, SpecQueryStyle::Form));
        let displayable = match ty {
            Ty::Array(item) => self.is_displayable(item),
            other => self.is_displayable(other),
        };
        match ty {
            Ty::Array(_) if displayable && explode => QueryStyle::Repeat,
            Ty::Array(_) if displayable && delimiter == Delimiter::Comma => QueryStyle::Comma,
            Ty::Array(_) => QueryStyle::Styled { explode, delimiter },
            _ if displayable => QueryStyle::Scalar,
            _ => QueryStyle::Styled { explode, delimiter },
        }
    }

    /// Whether the type's `Display` writes its wire text (see `has_text_form`).
    fn is_displayable(&self, ty: &Ty) -> bool {
        has_text_form(ty, &self.schemas.models)
    }

    /// Splits the path template into literal pieces and parameters; every `{name}` must be
    /// declared as a path parameter.
    fn lower_path_template(
        &mut self,
        op: &SpecOperation<'a>,
        path_params: &mut Vec<PathParam>,
    ) -> Vec<PathPiece> {
        let mut pieces = Vec::new();
        let mut rest = op.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                break;
            };
            pieces.push(PathPiece::Literal(Text::new(&rest[..open])));
            let name = &rest[open + 1..close];
            match path_params
                .iter()
                .position(|p| p.wire_name.as_str() == name)
            {
                Some(index) => {
                    let prefix = &path_params[index].prefix;
                    if !prefix.as_str().is_empty() {
                        pieces.push(PathPiece::Literal(prefix.clone()));
                    }
                    pieces.push(PathPiece::Param(index));
                }
                None => {
                    let message = format!(
                        "path template `{}` has `{{{name}}}` but the operation declares no path parameter `{name}`; it is taken as a string",
                        op.path
                    );
                    self.degrade(
                        &op.pointer,
                        "path-parameter",
                        message,
                        "declare it under `parameters` with `in: path`",
                    );
                    path_params.push(PathParam {
                        rust_name: path_arg_name(name, path_params),
                        ty: Ty::String,
                        wire_name: Text::new(name),
                        prefix: Text::new(""),
                        description: None,
                    });
                    pieces.push(PathPiece::Param(path_params.len() - 1));
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(Text::new(rest)));
        }
        pieces
    }
}

/// A path parameter's argument name: path parameters are method arguments beside `params`, so
/// the name must not clash with it or with another path parameter.
fn path_arg_name(wire_name: &str, taken: &[PathParam]) -> String {
    let mut rust_name = snake_ident(wire_name);
    while rust_name == "params" || taken.iter().any(|p| p.rust_name == rust_name) {
        rust_name.push('_');
    }
    rust_name
}

fn location_name(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// `application/json`, `application/*+json`, `text/json`, with or without parameters.
fn is_json_media(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("text/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// `text` with every byte outside RFC 3986's unreserved characters percent-encoded, as the
/// runtime writes a path value: a matrix parameter's name is literal path text, and `?`, `#`
/// or `/` in it would change the URL's shape.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(char::from(byte));
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}
