//! The intermediate representation between `lower` and `render`: plain data that holds answers,
//! not questions. Every identifier in it is already a valid Rust identifier, every `*_literal` is
//! an escaped Rust string literal, every `doc_comment` is a block of sanitised `///` lines, and
//! every collection is ordered, so rendering is deterministic and needs no decisions.

mod cli;

pub use cli::{
    Cli, CliFlag, CliNeeds, CliOperation, CliParamField, CliParams, CliPathArg, CliResource,
};

/// The whole generated crate.
#[derive(Clone, Debug)]
pub struct Api {
    pub package: Package,
    pub client: ClientSettings,
    /// Top-level resources (`client.beta()`), each with its sub-resources.
    pub resources: Vec<Resource>,
    pub models: Vec<Model>,
    pub needs: RuntimeNeeds,
    /// The command-line tool (the crate's `cli` feature); `None` for a crate without operations.
    pub cli: Option<Cli>,
}

/// Which optional parts of the runtime the operations use; the rest is not emitted, so the
/// generated crate has no dead code.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuntimeNeeds {
    /// Any operation at all; without one the crate holds only the models.
    pub operations: bool,
    pub pagination: bool,
    pub event_streams: bool,
    pub empty_responses: bool,
    pub json_responses: bool,
    pub optional_json_responses: bool,
    pub scalar_query: bool,
    pub repeated_query: bool,
    pub path_params: bool,
    pub server_overrides: bool,
    pub json_bodies: bool,
    pub form_bodies: bool,
    pub multipart_bodies: bool,
    pub deep_query: bool,
    pub joined_query: bool,
    pub header_params: bool,
}

impl RuntimeNeeds {
    pub fn of(resources: &[Resource]) -> Self {
        let mut needs = RuntimeNeeds::default();
        for op in resources
            .iter()
            .flat_map(Resource::walk)
            .flat_map(|r| &r.operations)
        {
            needs.operations = true;
            needs.pagination |= op.pagination.is_some();
            needs.event_streams |= matches!(op.response, ResponseKind::EventStream { .. });
            needs.empty_responses |=
                matches!(op.response, ResponseKind::Empty) && op.pagination.is_none();
            needs.json_responses |=
                matches!(op.response, ResponseKind::Json { .. }) && op.pagination.is_none();
            needs.optional_json_responses |=
                matches!(op.response, ResponseKind::OptionalJson { .. }) && op.pagination.is_none();
            needs.path_params |= !op.path_params.is_empty();
            needs.server_overrides |= op.server_literal.is_some();
            needs.json_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Json;
            needs.form_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Form;
            needs.multipart_bodies |= op.has_body() && op.body_encoding == BodyEncoding::Multipart;
            for field in op.params.iter().flat_map(|p| &p.fields) {
                needs.scalar_query |= field.is_query() && field.query_style == QueryStyle::Scalar;
                needs.repeated_query |= field.is_query() && field.query_style == QueryStyle::Repeat;
                needs.joined_query |= field.is_query() && field.query_style == QueryStyle::Comma;
                needs.deep_query |= field.is_query() && field.query_style == QueryStyle::Deep;
                needs.header_params |= field.is_header();
            }
        }
        needs
    }
}

/// Cargo package facts of the generated crate.
#[derive(Clone, Debug)]
pub struct Package {
    /// Package name as in `Cargo.toml` (`llamacloud`, `swagger-petstore`).
    pub name: String,
    /// The crate's path name in Rust code (`swagger_petstore`).
    pub lib_name: String,
    pub version: String,
    /// TOML basic string, quotes included.
    pub description_toml: String,
    /// The API's title as plain text on one line (command-line help, `Cargo.toml`).
    pub title: String,
    /// The same title as Markdown text for the README: raw HTML and stray backticks escaped.
    pub title_markdown: String,
    /// Lines of the API description for the crate docs, sanitised (`//!`-ready, without prefix).
    pub description_lines: Vec<String>,
}

/// How the generated client is configured and authenticates.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    /// Type name of the client (`Client`).
    pub type_name: String,
    /// `Some("\"https://…\"")` when the spec or settings give an absolute default.
    pub default_base_url_literal: Option<String>,
    /// The default base URL as a code span for a README table cell (absent when there is none).
    pub default_base_url_cell: Option<String>,
    pub env_api_key_literal: String,
    pub env_base_url_literal: String,
    pub env_custom_headers_literal: String,
    /// Plain environment variable names for the README and docs.
    pub env_api_key: String,
    pub env_base_url: String,
    pub env_custom_headers: String,
    pub auth: Auth,
    /// `"llamacloud-rust/0.1.0"` as a literal.
    pub user_agent_literal: String,
}

/// How requests carry the API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The spec declares no security: the client has no API key.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// The key in a named header (`X-API-Key: <key>`); the literal is the header name.
    Header { name_literal: String },
}

impl Auth {
    pub fn has_key(&self) -> bool {
        *self != Auth::None
    }

    pub fn is_bearer(&self) -> bool {
        *self == Auth::Bearer
    }

    /// The header name literal for header auth, `None` otherwise.
    pub fn header_literal(&self) -> Option<&str> {
        match self {
            Auth::Header { name_literal } => Some(name_literal),
            _ => None,
        }
    }
}

/// A node of the resource tree: `client.beta()` or `client.beta().chat()`.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Accessor method on the parent (`chat`).
    pub accessor: String,
    /// Handle type (`ChatResource`).
    pub type_name: String,
    /// Module names from the root (`["beta", "chat"]`); the last is this resource's module.
    pub module_path: Vec<String>,
    pub doc_comment: String,
    pub operations: Vec<Operation>,
    pub children: Vec<Resource>,
}

impl Resource {
    pub fn module_name(&self) -> &str {
        self.module_path
            .last()
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// `crate::resources::beta::chat`
    pub fn rust_path(&self) -> String {
        format!("crate::resources::{}", self.module_path.join("::"))
    }

    /// This resource and all below it, parents first.
    pub fn walk(&self) -> Vec<&Resource> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }
}

/// One API operation, as a method on its resource.
#[derive(Clone, Debug)]
pub struct Operation {
    pub method_name: String,
    pub doc_comment: String,
    pub deprecated: bool,
    /// `GET`, `POST`, … (a `reqwest::Method` associated constant).
    pub http_method: String,
    /// `"GET /api/v1/chat/{session_id}"` for docs and errors.
    pub endpoint_text: String,
    pub path_pieces: Vec<PathPiece>,
    /// Path parameters, in path order, as method arguments.
    pub path_params: Vec<PathParam>,
    pub params: Option<ParamsStruct>,
    /// The params field sent as the whole JSON body; `None` with a body means the params struct
    /// itself is the body (its non-body fields are `#[serde(skip)]`).
    pub body_field: Option<String>,
    pub body_encoding: BodyEncoding,
    /// The file fields of a multipart body (sent as file parts, not through serde).
    pub multipart_files: Vec<MultipartFile>,
    pub response: ResponseKind,
    /// `Accept` header literal.
    pub accept_literal: String,
    /// The operation's own server (`servers` on the operation or its path), as a literal.
    pub server_literal: Option<String>,
    pub pagination: Option<OperationPagination>,
}

impl Operation {
    pub fn is_multipart(&self) -> bool {
        self.body_encoding == BodyEncoding::Multipart
    }

    /// The `RequestSpec` method that sets the body (`json_body`, `form_body`).
    pub fn body_method(&self) -> &'static str {
        match self.body_encoding {
            BodyEncoding::Json => "json_body",
            BodyEncoding::Form => "form_body",
            BodyEncoding::Multipart => "multipart_body",
        }
    }

    pub fn has_body(&self) -> bool {
        self.params
            .as_ref()
            .is_some_and(|p| p.fields.iter().any(|f| f.location == ParamLocation::Body))
    }
}

/// A piece of a path template.
#[derive(Clone, Debug)]
pub enum PathPiece {
    /// Literal text, as an escaped string literal.
    Literal(String),
    /// A path parameter: a `&str` expression of its value (the argument itself, or its
    /// `to_string()`) and its wire name as a literal; percent-encoded at run time.
    Param {
        value_expr: String,
        wire_name_literal: String,
    },
}

impl PathPiece {
    pub fn literal(&self) -> Option<&str> {
        match self {
            PathPiece::Literal(literal) => Some(literal),
            PathPiece::Param { .. } => None,
        }
    }

    /// `(value_expr, wire_name_literal)` of a parameter piece.
    pub fn param(&self) -> Option<(&str, &str)> {
        match self {
            PathPiece::Param {
                value_expr,
                wire_name_literal,
            } => Some((value_expr, wire_name_literal)),
            PathPiece::Literal(_) => None,
        }
    }
}

/// A path parameter, passed to the method positionally.
#[derive(Clone, Debug)]
pub struct PathParam {
    pub rust_name: String,
    /// Argument type (`&str`, `i64`, …).
    pub rust_type: String,
    pub wire_name: String,
}

/// The `…Params` struct of an operation: its query, header and body inputs.
#[derive(Clone, Debug)]
pub struct ParamsStruct {
    pub type_name: String,
    pub doc_comment: String,
    pub derive_default: bool,
    pub fields: Vec<ParamField>,
}

/// Where a parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Query,
    Header,
    Body,
}

/// How a query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `?a=1`
    Scalar,
    /// `?a=1&a=2` (form, explode)
    Repeat,
    /// `?a=1,2` (form, no explode)
    Comma,
    /// `?a[gt]=1&a[lt]=5` (deepObject): any value, flattened through its JSON form.
    Deep,
}

/// How a request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`, nested values as `a[b][0]=c`.
    Form,
    /// `multipart/form-data`: text parts as for forms, plus file parts.
    Multipart,
}

/// A file field of a multipart body.
#[derive(Clone, Debug)]
pub struct MultipartFile {
    pub wire_name_literal: String,
    pub rust_name: String,
    pub required: bool,
}

#[derive(Clone, Debug)]
pub struct ParamField {
    pub field: Field,
    pub location: ParamLocation,
    pub query_style: QueryStyle,
    /// Wire name as a literal (query key or header name).
    pub wire_name_literal: String,
}

impl ParamField {
    pub fn is_query(&self) -> bool {
        self.location == ParamLocation::Query
    }
    pub fn is_header(&self) -> bool {
        self.location == ParamLocation::Header
    }
    /// The runtime helper that adds this field to the query (`push`, `push_each`, `push_joined`).
    pub fn query_push_fn(&self) -> &'static str {
        match self.query_style {
            QueryStyle::Scalar => "push",
            QueryStyle::Repeat => "push_each",
            QueryStyle::Comma => "push_joined",
            QueryStyle::Deep => "push_deep",
        }
    }
}

/// What a successful response is decoded into.
#[derive(Clone, Debug)]
pub enum ResponseKind {
    /// A JSON body decoded into the type.
    Json { rust_type: String },
    /// A JSON body, or none (some 2xx responses have no content): `Option` of the type.
    OptionalJson { rust_type: String },
    /// No body (or one that is ignored).
    Empty,
    /// `text/event-stream` of JSON events of the type.
    EventStream { event_type: String },
}

impl ResponseKind {
    /// The `T` in `Call<T>` that the operation's method returns.
    pub fn call_output(&self, pagination: Option<&OperationPagination>) -> String {
        match (self, pagination) {
            (_, Some(page)) => format!("crate::Page<crate::models::{}>", page.page_type),
            (ResponseKind::Json { rust_type }, None) => rust_type.clone(),
            (ResponseKind::OptionalJson { rust_type }, None) => format!("Option<{rust_type}>"),
            (ResponseKind::Empty, None) => "()".to_owned(),
            (ResponseKind::EventStream { event_type }, None) => {
                format!("crate::EventStream<{event_type}>")
            }
        }
    }

    /// The `Call` constructor the operation uses (`json`, `empty`, `page`, `event_stream`).
    pub fn call_constructor(&self, pagination: Option<&OperationPagination>) -> &'static str {
        match (self, pagination) {
            (_, Some(_)) => "page",
            (ResponseKind::Json { .. }, None) => "json",
            (ResponseKind::OptionalJson { .. }, None) => "optional_json",
            (ResponseKind::Empty, None) => "empty",
            (ResponseKind::EventStream { .. }, None) => "event_stream",
        }
    }
}

/// A paginated operation: which model is the page and which params field is the cursor.
#[derive(Clone, Debug)]
pub struct OperationPagination {
    pub page_type: String,
    /// Item type, fully qualified (`crate::models::SessionSummary`).
    pub item_type: String,
}

/// A named type in `models.rs`.
#[derive(Clone, Debug)]
pub struct Model {
    pub type_name: String,
    pub doc_comment: String,
    pub deprecated: bool,
    pub kind: ModelKind,
}

impl Model {
    pub fn as_struct(&self) -> Option<&StructModel> {
        match &self.kind {
            ModelKind::Struct(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_string_enum(&self) -> Option<&StringEnumModel> {
        match &self.kind {
            ModelKind::StringEnum(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_integer_enum(&self) -> Option<&IntegerEnumModel> {
        match &self.kind {
            ModelKind::IntegerEnum(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_tagged_union(&self) -> Option<&TaggedUnionModel> {
        match &self.kind {
            ModelKind::TaggedUnion(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_untagged_union(&self) -> Option<&UntaggedUnionModel> {
        match &self.kind {
            ModelKind::UntaggedUnion(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_alias(&self) -> Option<&str> {
        match &self.kind {
            ModelKind::Alias { rust_type } => Some(rust_type),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub enum ModelKind {
    Struct(StructModel),
    StringEnum(StringEnumModel),
    IntegerEnum(IntegerEnumModel),
    TaggedUnion(TaggedUnionModel),
    UntaggedUnion(UntaggedUnionModel),
    Alias { rust_type: String },
}

#[derive(Clone, Debug)]
pub struct StructModel {
    pub fields: Vec<Field>,
    /// The `#[serde(flatten)]` map that keeps fields the spec does not describe (`extra`, or
    /// `extra2`… when the spec has a property of that name), so a newer server's fields stay
    /// reachable and survive a round trip.
    pub extra_field: String,
    pub derive_default: bool,
    /// Present when this struct is the page envelope of a cursor-paginated operation.
    pub page: Option<PageImpl>,
}

/// How a page envelope exposes its items and next cursor.
#[derive(Clone, Debug)]
pub struct PageImpl {
    pub item_type: String,
    pub items_field: String,
    /// The items field is an `Option<Vec<_>>` (absent reads as empty).
    pub items_optional: bool,
    /// Rust name of the next-cursor field (`String` or `Option<String>`).
    pub next_cursor_field: String,
    pub next_cursor_optional: bool,
    /// Query parameter that carries the cursor, as a literal.
    pub cursor_param_literal: String,
}

#[derive(Clone, Debug)]
pub struct StringEnumModel {
    pub variants: Vec<EnumVariant>,
}

/// An enum of integers (`1`, `2`, …), with an `Unknown(i64)` fallback.
#[derive(Clone, Debug)]
pub struct IntegerEnumModel {
    /// `(variant name, value)`; the value is a plain integer literal.
    pub variants: Vec<(String, i64)>,
}

#[derive(Clone, Debug)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_literal: String,
    pub doc_comment: String,
}

/// A union discriminated by a string property (`type`), with an `Unknown` fallback.
#[derive(Clone, Debug)]
pub struct TaggedUnionModel {
    pub tag_literal: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Clone, Debug)]
pub struct TaggedVariant {
    pub rust_name: String,
    pub tag_value_literal: String,
    /// The struct the variant wraps (a model name).
    pub type_name: String,
    /// That struct's map of undescribed fields, where a tag it does not declare would land.
    pub extra_field: Option<String>,
    pub doc_comment: String,
}

/// A union without a discriminator: the first variant that deserialises wins.
#[derive(Clone, Debug)]
pub struct UntaggedUnionModel {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Clone, Debug)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub rust_type: String,
}

/// A struct field (model or params struct).
#[derive(Clone, Debug)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    /// The full field type, presence included (`Option<Vec<String>>`).
    pub rust_type: String,
    pub required: bool,
    pub nullable: bool,
    /// `#[serde(...)]` attribute line, or empty.
    pub serde_attrs: String,
    pub doc_comment: String,
    pub deprecated: bool,
}
