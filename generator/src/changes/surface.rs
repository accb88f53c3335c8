//! `ir::Api` → `Surface`: the facts of the generated crate's public surface and wire contract
//! that a change can break, as plain ordered data (operations by Rust path, models by name,
//! fields by Rust name; lists whose order is part of the API kept in declaration order). Docs,
//! descriptions and examples are left out on purpose: they change nothing a caller relies on.

use crate::ir::{
    Api, Auth, BodyEncoding, ModelKind, Operation, ParamLocation, ParamsStruct, Presence,
    QueryStyle, ResponseKind, SerdeUse, Ty,
};
use std::collections::{BTreeMap, BTreeSet};

/// The public surface and wire contract of one generated crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    pub crate_name: String,
    pub version: String,
    /// Changes since an earlier version that `version` does not satisfy yet (`pending` line);
    /// set by `release::evolve`, never by `Surface::of`.
    pub pending: Option<Pending>,
    pub auth: AuthSurface,
    /// Every security scheme the client exposes, by its name in the spec; empty when read from
    /// a file of format 1 or 2, which recorded only the primary scheme (`auth`).
    pub schemes: BTreeMap<String, SchemeSurface>,
    /// By Rust path (`beta.chat.list`).
    pub operations: BTreeMap<String, OperationSurface>,
    /// By type name.
    pub models: BTreeMap<String, ModelSurface>,
    /// Where each model's schema is in the document (by type name); empty when read from a
    /// file of format 1 or 2, which predate pointers.
    pub model_pointers: BTreeMap<String, String>,
    /// The models that are `#[non_exhaustive]` (by type name).
    pub non_exhaustive: BTreeSet<String>,
    /// The models that derive only one serde trait in a library build (by type name); every
    /// other model derives both. A file written before derives by use has none: both.
    pub serde_one_way: BTreeMap<String, SerdeUse>,
    /// The surface-format version the facts were read from: a file of format 1 predates the
    /// terminal-event, paging-style and `non-exhaustive` facts, which are then not compared.
    pub format: u32,
}

/// Changes recorded by an earlier run that still need a newer version: since `base`, they need
/// a release of `level`. Kept until the configured version satisfies them, so a check after the
/// write that recorded them still fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub base: String,
    pub level: super::Level,
}

/// How a request carries the API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthSurface {
    None,
    Bearer,
    /// The header's name.
    Header(String),
}

/// A security scheme the client exposes: where its credential goes and how callers set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeSurface {
    /// `bearer`, `basic`, `header`, `query` or `cookie`.
    pub kind: String,
    /// The header, query parameter or cookie name (empty for `bearer` and `basic`).
    pub param: String,
    /// The `ClientBuilder` setter.
    pub setter: String,
    /// The environment variable `from_env` reads.
    pub env: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationSurface {
    /// Where the operation is in the document (`#/paths/~1pets/get`); `None` when read from a
    /// file of format 1 or 2. Not compared: a pointer that moves changes nothing for callers.
    pub pointer: Option<String>,
    /// The operation's security requirement (its own, else the document's): alternatives, each
    /// the scheme names it combines; empty when it needs nothing. `None` when read from a file
    /// of format 1 or 2.
    pub security: Option<Vec<Vec<String>>>,
    pub http_method: String,
    /// The path template as in the spec.
    pub path: String,
    /// In path order: they are the method's positional arguments.
    pub path_params: Vec<PathParamSurface>,
    pub params: Option<ParamsSurface>,
    /// `json`, `form` or `multipart`, when the operation sends a body.
    pub body: Option<String>,
    pub response: ResponseSurface,
    pub pagination: Option<PaginationSurface>,
    /// The event that ends an event stream's turn (`x-terminal-event`).
    pub terminal: Option<TerminalSurface>,
    /// The media types a call may choose instead of the default ones; `None` when read from a
    /// file of format 4 or earlier, which did not record them (and so nothing is compared).
    pub media_choices: Option<MediaChoices>,
    /// The media types a call sends and asks for by default; `None` when read from a file of
    /// format 5 or earlier, which did not record them (and so nothing is compared).
    pub wire_media: Option<WireMedia>,
}

/// What a call puts in its `Content-Type` (when it sends a body) and `Accept` headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireMedia {
    pub content_type: Option<String>,
    pub accept: String,
}

/// The other media types an operation documents, which callers reach by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MediaChoices {
    /// The request body's (`Call::body_as`).
    pub body_as: BTreeSet<String>,
    /// The success response's (`Call::download_as`).
    pub download_as: BTreeSet<String>,
}

/// `x-terminal-event`: a stream that ends before this event is an error, not a quiet end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalSurface {
    /// The event's kind (SSE `event:` field, or the value of `property` in its data).
    pub kind: String,
    /// The property of each event's data that holds its kind, if the events have one.
    pub property: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathParamSurface {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: Ty,
}

/// The operation's `…Params` struct.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamsSurface {
    pub type_name: String,
    pub derive_default: bool,
    /// By Rust name.
    pub fields: BTreeMap<String, ParamSurface>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamSurface {
    /// `query`, `query-repeat`, `query-comma`, `query-deep`, `query-styled`, `query-json`,
    /// `header`, `header-json`, `cookie`, `cookie-json` or `body`.
    pub location: String,
    pub field: FieldSurface,
}

/// A struct field, of a model or a params struct.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSurface {
    pub wire_name: String,
    pub ty: Ty,
    pub presence: Presence,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseSurface {
    Json(Ty),
    OptionalJson(Ty),
    Empty,
    EventStream(Ty),
    /// A text body as a `String`.
    Text,
    /// A body read by the caller (`Download`).
    Download,
}

impl ResponseSurface {
    /// The decoded type, if any.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            ResponseSurface::Json(ty)
            | ResponseSurface::OptionalJson(ty)
            | ResponseSurface::EventStream(ty) => Some(ty),
            ResponseSurface::Empty | ResponseSurface::Text | ResponseSurface::Download => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PaginationSurface {
    pub page_type: String,
    pub item: Ty,
    /// How the next page is asked for, in one line (`cursor page_token <- next_page_token`):
    /// what old clients' auto-pagers send. `None` when read from a format-1 file.
    pub style: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModelSurface {
    Struct {
        derive_default: bool,
        /// By Rust name.
        fields: BTreeMap<String, FieldSurface>,
    },
    /// String or integer enum; values in declaration order (the enums derive `PartialOrd`).
    Enum {
        integer: bool,
        values: Vec<EnumValueSurface>,
    },
    /// Discriminated by the `tag` property; variants in declaration order.
    TaggedUnion {
        tag: String,
        variants: Vec<TaggedVariantSurface>,
    },
    /// Variants in declaration order: the first that deserialises wins.
    UntaggedUnion {
        variants: Vec<UntaggedVariantSurface>,
    },
    Alias(Ty),
}

impl ModelSurface {
    /// The kind as written in the surface file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ModelSurface::Struct { .. } => "struct",
            ModelSurface::Enum { integer: false, .. } => "string-enum",
            ModelSurface::Enum { integer: true, .. } => "integer-enum",
            ModelSurface::TaggedUnion { .. } => "tagged-union",
            ModelSurface::UntaggedUnion { .. } => "untagged-union",
            ModelSurface::Alias(_) => "alias",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValueSurface {
    pub rust_name: String,
    /// The value on the wire; an integer enum's value in decimal.
    pub wire_value: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaggedVariantSurface {
    pub rust_name: String,
    pub tag_value: String,
    pub type_name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UntaggedVariantSurface {
    pub rust_name: String,
    pub ty: Ty,
}

impl Surface {
    /// The surface of the crate generated from `api`.
    pub fn of(api: &Api) -> Surface {
        let auth = match &api.client.auth {
            Auth::None => AuthSurface::None,
            Auth::Bearer => AuthSurface::Bearer,
            Auth::Header { name } => AuthSurface::Header(name.as_str().to_owned()),
        };
        let operations = api
            .operations()
            .map(|(resource, op)| {
                let mut path = resource.accessor_path.clone();
                path.push(op.method_name.clone());
                let mut surface = operation_surface(op);
                let security = op.security.as_ref().unwrap_or(&api.client.default_security);
                surface.security = Some(
                    (security.iter())
                        .map(|names| {
                            // Sorted: a requirement object's keys have no order, so writing
                            // them in the YAML's order would report a reordering as a change.
                            let mut names: Vec<String> =
                                names.iter().map(|n| n.as_str().to_owned()).collect();
                            names.sort();
                            names
                        })
                        .collect(),
                );
                (path.join("."), surface)
            })
            .collect();
        let models = api
            .models
            .iter()
            .map(|model| (model.type_name.clone(), model_surface(&model.kind)))
            .collect();
        let schemes = (api.client.schemes.iter())
            .map(|scheme| {
                let (kind, param) = scheme.kind.parts();
                let surface = SchemeSurface {
                    kind: kind.to_owned(),
                    param: param.to_owned(),
                    setter: scheme.setter.clone(),
                    env: scheme.env.as_str().to_owned(),
                };
                (scheme.name.as_str().to_owned(), surface)
            })
            .collect();
        let model_pointers = (api.models.iter())
            .map(|model| (model.type_name.clone(), model.pointer.as_str().to_owned()))
            .collect();
        let non_exhaustive = api
            .models
            .iter()
            .filter(|model| model.kind.is_non_exhaustive())
            .map(|model| model.type_name.clone())
            .collect();
        let serde_one_way = (api.models.iter())
            .filter(|model| model.serde != SerdeUse::Both)
            .map(|model| (model.type_name.clone(), model.serde))
            .collect();
        Surface {
            crate_name: api.package.name.clone(),
            pending: None,
            version: api.package.version.clone(),
            auth,
            schemes,
            operations,
            models,
            model_pointers,
            non_exhaustive,
            serde_one_way,
            format: super::text::FORMAT_VERSION,
        }
    }
}

fn operation_surface(op: &Operation) -> OperationSurface {
    let params = op.params.as_ref().map(params_surface);
    let body = op.has_body().then(|| {
        match op.body_encoding {
            BodyEncoding::Json => "json",
            BodyEncoding::Form => "form",
            BodyEncoding::Multipart => "multipart",
            BodyEncoding::Raw => "raw",
        }
        .to_owned()
    });
    let (response, terminal) = response_surface(&op.response);
    OperationSurface {
        pointer: Some(op.pointer.as_str().to_owned()),
        security: None,
        http_method: op.http_method.clone(),
        path: op.path.as_str().to_owned(),
        path_params: op
            .path_params
            .iter()
            .map(|p| PathParamSurface {
                rust_name: p.rust_name.clone(),
                wire_name: p.wire_name.as_str().to_owned(),
                ty: p.ty.clone(),
            })
            .collect(),
        params,
        body,
        response,
        pagination: op.pagination.as_ref().map(|page| PaginationSurface {
            page_type: page.page_type.clone(),
            item: page.item.clone(),
            style: Some(page.summary.clone()),
        }),
        terminal,
        media_choices: Some(MediaChoices {
            body_as: op
                .other_body_media
                .iter()
                .map(|m| m.as_str().to_owned())
                .collect(),
            download_as: op
                .other_media
                .iter()
                .map(|m| m.as_str().to_owned())
                .collect(),
        }),
        wire_media: Some(WireMedia {
            content_type: sent_content_type(op),
            accept: op.accept.as_str().to_owned(),
        }),
    }
}

/// The `Content-Type` an operation's body goes with (a multipart boundary aside).
fn sent_content_type(op: &Operation) -> Option<String> {
    if !op.has_body() {
        return None;
    }
    let declared = op
        .body_media
        .as_ref()
        .map(|media| media.as_str().to_owned());
    Some(match op.body_encoding {
        BodyEncoding::Json => declared.unwrap_or_else(|| "application/json".to_owned()),
        BodyEncoding::Form => "application/x-www-form-urlencoded".to_owned(),
        BodyEncoding::Multipart => "multipart/form-data".to_owned(),
        BodyEncoding::Raw => declared.unwrap_or_else(|| "application/octet-stream".to_owned()),
    })
}

/// An operation's params struct: each field with where and how it is sent.
fn params_surface(params: &ParamsStruct) -> ParamsSurface {
    let fields = params.fields.iter().map(|param| {
        let location = match (param.location, param.query_style) {
            (ParamLocation::Query, QueryStyle::Scalar) => "query",
            (ParamLocation::Query, QueryStyle::Repeat) => "query-repeat",
            (ParamLocation::Query, QueryStyle::Comma) => "query-comma",
            (ParamLocation::Query, QueryStyle::Deep) => "query-deep",
            (ParamLocation::Query, QueryStyle::Styled { .. }) => "query-styled",
            (ParamLocation::Query, QueryStyle::Json) => "query-json",
            (ParamLocation::Header, QueryStyle::Json) => "header-json",
            (ParamLocation::Cookie, QueryStyle::Json) => "cookie-json",
            (ParamLocation::Header, _) => "header",
            (ParamLocation::Cookie, _) => "cookie",
            (ParamLocation::Body, _) => "body",
        };
        let surface = ParamSurface {
            location: location.to_owned(),
            field: field_surface(&param.field),
        };
        (param.field.rust_name.clone(), surface)
    });
    ParamsSurface {
        type_name: params.type_name.clone(),
        derive_default: params.derive_default,
        fields: fields.collect(),
    }
}

/// What a successful call returns, and the event that ends a stream's turn.
fn response_surface(response: &ResponseKind) -> (ResponseSurface, Option<TerminalSurface>) {
    let terminal = match response {
        ResponseKind::EventStream {
            terminal: Some(terminal),
            ..
        } => Some(TerminalSurface {
            kind: terminal.kind.as_str().to_owned(),
            property: terminal.property.as_ref().map(|p| p.as_str().to_owned()),
        }),
        _ => None,
    };
    let surface = match response {
        ResponseKind::Json { ty } => ResponseSurface::Json(ty.clone()),
        ResponseKind::OptionalJson { ty } => ResponseSurface::OptionalJson(ty.clone()),
        ResponseKind::Empty => ResponseSurface::Empty,
        ResponseKind::EventStream { event, .. } => ResponseSurface::EventStream(event.clone()),
        ResponseKind::Text => ResponseSurface::Text,
        ResponseKind::Download => ResponseSurface::Download,
    };
    (surface, terminal)
}

fn field_surface(field: &crate::ir::Field) -> FieldSurface {
    FieldSurface {
        wire_name: field.wire_name.as_str().to_owned(),
        ty: field.ty.clone(),
        presence: field.presence,
    }
}

fn model_surface(kind: &ModelKind) -> ModelSurface {
    match kind {
        ModelKind::Struct(s) => ModelSurface::Struct {
            derive_default: s.derive_default,
            fields: s
                .fields
                .iter()
                .map(|f| (f.rust_name.clone(), field_surface(f)))
                .collect(),
        },
        ModelKind::StringEnum(e) => ModelSurface::Enum {
            integer: false,
            values: e
                .variants
                .iter()
                .map(|v| EnumValueSurface {
                    rust_name: v.rust_name.clone(),
                    wire_value: v.wire_value.as_str().to_owned(),
                })
                .collect(),
        },
        ModelKind::IntegerEnum(e) => ModelSurface::Enum {
            integer: true,
            values: e
                .variants
                .iter()
                .map(|(rust_name, value)| EnumValueSurface {
                    rust_name: rust_name.clone(),
                    wire_value: value.to_string(),
                })
                .collect(),
        },
        ModelKind::TaggedUnion(u) => ModelSurface::TaggedUnion {
            tag: u.tag.as_str().to_owned(),
            variants: u
                .variants
                .iter()
                .map(|v| TaggedVariantSurface {
                    rust_name: v.rust_name.clone(),
                    tag_value: v.tag_value.as_str().to_owned(),
                    type_name: v.type_name.clone(),
                })
                .collect(),
        },
        ModelKind::UntaggedUnion(u) => ModelSurface::UntaggedUnion {
            variants: u
                .variants
                .iter()
                .map(|v| UntaggedVariantSurface {
                    rust_name: v.rust_name.clone(),
                    ty: v.ty.clone(),
                })
                .collect(),
        },
        // A tuple's positions are its fields (`0`, `1`, …, `rest`): changing an element's type
        // is a field change for callers and on the wire.
        ModelKind::Tuple(t) => ModelSurface::Struct {
            derive_default: false,
            fields: tuple_fields(t),
        },
        ModelKind::Alias(ty) => ModelSurface::Alias(ty.clone()),
    }
}

fn tuple_fields(tuple: &crate::ir::TupleModel) -> BTreeMap<String, FieldSurface> {
    let presence = |optional| match optional {
        true => Presence::Optional,
        false => Presence::Required,
    };
    let mut fields: BTreeMap<String, FieldSurface> = (tuple.elements.iter().enumerate())
        .map(|(index, element)| {
            let field = FieldSurface {
                wire_name: index.to_string(),
                ty: element.ty.clone(),
                presence: presence(element.optional),
            };
            (index.to_string(), field)
        })
        .collect();
    if let Some(rest) = &tuple.rest {
        let field = FieldSurface {
            wire_name: "rest".to_owned(),
            ty: Ty::Array(Box::new(rest.clone())),
            presence: Presence::Required,
        };
        fields.insert(tuple.elements.len().to_string(), field);
    }
    fields
}
