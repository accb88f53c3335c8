//! The intermediate representation between `lower` and `render`: plain data that holds answers,
//! not questions. Identifiers are valid Rust identifiers (decided by `naming`), types are data
//! (`Ty` with `Presence`), and spec text is plain text in `Text`/`Docs`, which only `render`
//! escapes into literals and doc comments. Every collection is ordered, so rendering is
//! deterministic and needs no decisions. This module never imports `openapiv3`.

mod auth;
mod cli;
mod mock;
mod models;
mod needs;
mod text;
mod types;

pub use auth::{Auth, AuthScheme, SchemeKind, security_lit};
pub use cli::{
    Cli, CliFlag, CliNeeds, CliOperation, CliParamField, CliParams, CliPathArg, CliResource,
    FieldAccessor, FlagKind, OutputKind, TextDelta,
};
pub use mock::MockValues;
pub use models::{
    EnumVariant, Field, FieldPath, IntegerEnumModel, Model, ModelKind, PageImpl, PagingStyle,
    SerdeUse, StringEnumModel, StructModel, TaggedUnionModel, TaggedVariant, TupleElement,
    TupleModel, UntaggedUnionModel, UntaggedVariant, gated_cfg, model_behind,
};
pub use needs::{BuildUse, RuntimeNeeds};
pub use text::{Docs, Text};
pub use types::{FieldSerde, Presence, Scalar, Side, Ty, Wrapping, field_serde, wrapping};

/// The whole generated crate.
#[derive(Clone, Debug)]
pub struct Api {
    pub package: Package,
    pub client: ClientSettings,
    /// Top-level resources (`client.beta()`), each with its sub-resources.
    pub resources: Vec<Resource>,
    pub models: Vec<Model>,
    pub needs: RuntimeNeeds,
    /// The calls the README shows, chosen by `lower` (`None` where no operation fits).
    pub examples: Examples,
    /// The command-line tool (the crate's `cli` feature); `None` for a crate without operations.
    pub cli: Option<Cli>,
}

impl Api {
    /// Every operation with the resource it belongs to, parents first.
    pub fn operations(&self) -> impl Iterator<Item = (&Resource, &Operation)> {
        self.resources
            .iter()
            .flat_map(Resource::walk)
            .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
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
    /// One line, for `Cargo.toml`.
    pub description: Text,
    /// The API's title on one line, for headings and sentences.
    pub title: Text,
    /// The API description, for the crate's front page.
    pub docs: Docs,
    /// License, links, keywords and workspace membership for `Cargo.toml`.
    pub publish: Publish,
    /// `Cargo.toml` dependency lines of the crates whose types the models use (`chrono`, …).
    pub type_dependencies: Vec<&'static str>,
}

/// What `cargo publish` reads beyond name, version and description; each present only when
/// `sdk.yaml` or the document gives it.
#[derive(Clone, Debug, Default)]
pub struct Publish {
    /// An SPDX expression.
    pub license: Option<Text>,
    pub repository: Option<Text>,
    pub homepage: Option<Text>,
    pub documentation: Option<Text>,
    pub keywords: Vec<Text>,
    pub categories: Vec<Text>,
    pub authors: Vec<Text>,
    /// Whether `Cargo.toml` declares an empty `[workspace]`, and why.
    pub workspace: CrateWorkspace,
    /// Operation methods are `#[inline]`, so they compile in the crate that calls them
    /// (`crate.compile_operations: in_caller`, the default).
    pub inline_operations: bool,
}

/// How the generated crate relates to a Cargo workspace around its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrateWorkspace {
    /// `crate.workspace: member`: no `[workspace]` table.
    Member,
    /// `crate.workspace: standalone`: an empty `[workspace]` table.
    Standalone,
    /// `crate.workspace: auto` (the default): a member when the nearest workspace around the
    /// output folder lists it, else standalone. In memory, with no folder to look at, a member
    /// (what this repository's `generated/` and golden crates are) until `generate_into`
    /// decides.
    Auto { member: bool },
}

impl Default for CrateWorkspace {
    fn default() -> Self {
        CrateWorkspace::Auto { member: true }
    }
}

/// How the generated client is configured and authenticates.
#[derive(Clone, Debug)]
pub struct ClientSettings {
    /// Type name of the client (`Client`).
    pub type_name: String,
    /// The default base URL, when the spec or settings give an absolute one.
    pub default_base_url: Option<Text>,
    /// The document's server when it is relative (`/api/v3`) and no base URL is configured:
    /// the base URL a user gives must end in it.
    pub relative_server: Option<Text>,
    /// Environment variables (validated names: ASCII letters, digits and `_`).
    pub env_api_key: Text,
    pub env_base_url: Text,
    pub env_custom_headers: Text,
    pub auth: Auth,
    /// Every security scheme the client can carry (the `auth` one first), in the order of
    /// `crate::client::SCHEMES`.
    pub schemes: Vec<AuthScheme>,
    /// The document's `security`: alternatives, each the names of the schemes it combines.
    pub default_security: Vec<Vec<Text>>,
    /// `llamacloud-rust/0.1.0`
    pub user_agent: Text,
}

impl ClientSettings {
    /// `crate::client::DEFAULT_SECURITY`.
    pub fn default_security_lit(&self) -> String {
        security_lit(&self.default_security)
    }

    /// The schemes besides the primary one (named setters of their own).
    pub fn other_schemes(&self) -> impl Iterator<Item = &AuthScheme> {
        self.schemes.iter().filter(|scheme| !scheme.primary)
    }

    /// Whether a credential can travel in a header of the API's own naming (`x-api-key`), which
    /// reqwest does not drop when a redirect leaves the origin, as it drops these.
    pub fn has_header_key(&self) -> bool {
        const DROPPED_ON_REDIRECT: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];
        (self.schemes.iter()).any(|scheme| match &scheme.kind {
            SchemeKind::Header(name) => {
                let name = name.as_str().to_ascii_lowercase();
                !DROPPED_ON_REDIRECT.contains(&name.as_str())
            }
            _ => false,
        })
    }
}

/// A node of the resource tree: `client.beta()` or `client.beta().chat()`.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Accessor method on the parent (`chat`).
    pub accessor: String,
    /// Accessors from the client to this resource (`["beta", "chat"]`).
    pub accessor_path: Vec<String>,
    /// Handle type (`ChatResource`).
    pub type_name: String,
    /// Module names from the root (`["beta", "chat"]`); the last is this resource's module.
    pub module_path: Vec<String>,
    pub docs: Docs,
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
    /// Where the operation is in the document (`#/paths/~1pets~1{id}/get`): the change report
    /// names it.
    pub pointer: Text,
    /// The method's documentation: summary, description, endpoint and error responses.
    pub docs: Docs,
    /// The spec's summary and description, as facts for the CLI's help.
    pub summary: Option<Text>,
    pub description: Option<Text>,
    pub deprecated: bool,
    /// `GET`, `POST`, … (a `reqwest::Method` associated constant).
    pub http_method: String,
    /// The path template as in the spec (`/api/v1/chat/{session_id}`).
    pub path: Text,
    pub path_pieces: Vec<PathPiece>,
    /// Path parameters, in path order, as method arguments.
    pub path_params: Vec<PathParam>,
    pub params: Option<ParamsStruct>,
    /// The params field sent as the whole body; `None` with a body means the params struct
    /// itself is the body (its non-body fields are `#[serde(skip)]`).
    pub body_field: Option<String>,
    /// The components the body's schemas name in every media type: sent, though no params
    /// field may name them (a flattened body's, `Call::body_as`'s, a raw body's).
    pub body_components: Vec<Ty>,
    pub body_encoding: BodyEncoding,
    /// The file fields of a multipart body (sent as file parts, not through serde).
    pub multipart_files: Vec<MultipartFile>,
    /// The body's media type: of a `Raw` body (`image/png`), and of a JSON body sent in a JSON
    /// type of its own (`application/json-patch+json`); `None` for plain `application/json`.
    pub body_media: Option<Text>,
    /// The other media types the request body is accepted in (`Call::body_as`).
    pub other_body_media: Vec<Text>,
    /// The fields of a form or multipart body that the document's `encoding` gives `style:
    /// deepObject`: sent as `name[key]=value` pairs.
    pub deep_body_fields: Vec<Text>,
    pub response: ResponseKind,
    /// The other media types the success response is offered in (`Call::download_as`).
    pub other_media: Vec<Text>,
    /// The `Accept` header.
    pub accept: Text,
    /// The operation's own server (`servers` on the operation or its path).
    pub server: Option<Text>,
    pub pagination: Option<OperationPagination>,
    /// The operation's own `security` (`Some(vec![])` for a public operation); `None` follows
    /// the document's.
    pub security: Option<Vec<Vec<Text>>>,
    /// The values the generated mock test calls the operation with.
    pub mock: MockValues,
    /// Query parameters whose values keep RFC 3986 reserved characters (`allowReserved`).
    pub allow_reserved: Vec<Text>,
}

impl Operation {
    /// `&["path", …]`: the `allowReserved` query parameters, when there are any.
    pub fn allow_reserved_lit(&self) -> Option<String> {
        if self.allow_reserved.is_empty() {
            return None;
        }
        let names: Vec<String> = self.allow_reserved.iter().map(Text::lit).collect();
        Some(format!("&[{}]", names.join(", ")))
    }

    /// The operation's own requirement as a literal, when it has one.
    pub fn security_lit(&self) -> Option<String> {
        self.security.as_deref().map(security_lit)
    }

    /// `GET /api/v1/chat`
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.http_method, self.path.as_str())
    }

    pub fn is_multipart(&self) -> bool {
        self.body_encoding == BodyEncoding::Multipart
    }

    /// The `RequestSpec` method that sets the body (`json_body`, `form_body`).
    pub fn body_method(&self) -> &'static str {
        match self.body_encoding {
            BodyEncoding::Json => "json_body",
            BodyEncoding::Form => "form_body",
            BodyEncoding::Multipart => "multipart_body",
            BodyEncoding::Raw => "upload_body",
        }
    }

    pub fn has_body(&self) -> bool {
        self.params
            .as_ref()
            .is_some_and(|p| p.fields.iter().any(|f| f.location == ParamLocation::Body))
    }

    /// The body is the flattened params struct (not one `body` field): a `--body` document in
    /// the CLI can supply its fields.
    pub fn has_flattened_body(&self) -> bool {
        self.has_body() && self.body_field.is_none()
    }
}

/// A piece of a path template.
#[derive(Clone, Debug)]
pub enum PathPiece {
    /// Literal text.
    Literal(Text),
    /// A path parameter (index into `Operation::path_params`); percent-encoded at run time.
    Param(usize),
}

/// A path parameter, passed to the method positionally.
#[derive(Clone, Debug)]
pub struct PathParam {
    pub rust_name: String,
    /// The value's type; a string is taken as `&str`.
    pub ty: Ty,
    pub wire_name: Text,
    /// What the path holds before the value: `.` for `style: label`, `;name=` for
    /// `style: matrix`, nothing for the default `simple`.
    pub prefix: Text,
    /// The spec's description, for the CLI's help.
    pub description: Option<Text>,
}

/// The `…Params` struct of an operation: its query, header and body inputs.
#[derive(Clone, Debug)]
pub struct ParamsStruct {
    pub type_name: String,
    pub docs: Docs,
    pub derive_default: bool,
    pub fields: Vec<ParamField>,
}

/// Where a parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Query,
    Header,
    /// One `name=value` pair of the request's single `Cookie` header.
    Cookie,
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
    /// Any value through its JSON form, per the OpenAPI style tables: exploded, objects are
    /// `k=v` pairs (in headers `k=v,…`) and arrays repeat the name; not exploded, items (and
    /// an object's keys and values) are joined by `delimiter` (`,` for `form` and headers,
    /// ` ` for `spaceDelimited`, `|` for `pipeDelimited`). Cookies always use this style.
    Styled { explode: bool, delimiter: Delimiter },
    /// `content: application/json`: `?a=<the value as JSON text>`.
    Json,
}

/// The separator of a non-exploded array or object parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Space,
    Pipe,
}

impl Delimiter {
    /// As a Rust string literal.
    pub fn lit(self) -> &'static str {
        match self {
            Delimiter::Comma => "\",\"",
            Delimiter::Space => "\" \"",
            Delimiter::Pipe => "\"|\"",
        }
    }
}

/// How a request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`, nested values as `a[b][0]=c`.
    Form,
    /// `multipart/form-data`: text parts as for forms, plus file parts.
    Multipart,
    /// Any other media type: the body is sent as the caller gives it (`crate::Upload`), with
    /// `Operation::body_media` as its content type.
    Raw,
}

/// A file field of a multipart body.
#[derive(Clone, Debug)]
pub struct MultipartFile {
    pub wire_name: Text,
    pub rust_name: String,
    pub required: bool,
    /// An array of files (`Vec<FilePart>`), each sent as a part under the field's name.
    pub many: bool,
}

#[derive(Clone, Debug)]
pub struct ParamField {
    pub field: Field,
    pub location: ParamLocation,
    pub query_style: QueryStyle,
}

impl ParamField {
    pub fn is_query(&self) -> bool {
        self.location == ParamLocation::Query
    }
    pub fn is_header(&self) -> bool {
        self.location == ParamLocation::Header
    }
    /// Sent in the query, a header or the cookie (not the body).
    pub fn is_sent_apart(&self) -> bool {
        self.location != ParamLocation::Body
    }
    /// The `RequestSpec` method that adds this field to the request (`push`, `header`, …).
    pub fn push_fn(&self) -> &'static str {
        match (self.location, self.query_style) {
            (ParamLocation::Cookie, QueryStyle::Json) => "cookie_json",
            (ParamLocation::Header, QueryStyle::Json) => "header_json",
            (ParamLocation::Cookie, _) => "cookie",
            (ParamLocation::Header, QueryStyle::Styled { .. }) => "header_styled",
            (ParamLocation::Header | ParamLocation::Body, _) => "header",
            (ParamLocation::Query, QueryStyle::Scalar) => "push",
            (ParamLocation::Query, QueryStyle::Repeat) => "push_each",
            (ParamLocation::Query, QueryStyle::Comma) => "push_joined",
            (ParamLocation::Query, QueryStyle::Deep) => "push_deep",
            (ParamLocation::Query, QueryStyle::Styled { .. }) => "push_styled",
            (ParamLocation::Query, QueryStyle::Json) => "push_json",
        }
    }
    /// Arguments of [`Self::push_fn`] after the name and value (`, true, \",\"`).
    pub fn push_extra_args(&self) -> String {
        match (self.location, self.query_style) {
            (ParamLocation::Query, QueryStyle::Styled { explode, delimiter }) => {
                format!(", {explode}, {}", delimiter.lit())
            }
            (ParamLocation::Header | ParamLocation::Cookie, QueryStyle::Styled { explode, .. }) => {
                format!(", {explode}")
            }
            (ParamLocation::Cookie, QueryStyle::Json) => String::new(),
            (ParamLocation::Cookie, _) => ", true".to_owned(),
            _ => String::new(),
        }
    }
}

/// What a successful response is decoded into.
#[derive(Clone, Debug)]
pub enum ResponseKind {
    /// A JSON body decoded into the type.
    Json { ty: Ty },
    /// A JSON body, or none (some 2xx responses have no content): `Option` of the type.
    OptionalJson { ty: Ty },
    /// No body (or one that is ignored).
    Empty,
    /// `text/event-stream` of JSON events of the type; a turn ends with `terminal`, when the
    /// API names it.
    EventStream {
        event: Ty,
        terminal: Option<TerminalEvent>,
    },
    /// A text body (`text/*`, XML) as a `String`.
    Text,
    /// Any other body, unread: `crate::Download` (whole, streamed, or written to a file).
    Download,
}

/// The event that ends a stream's turn (`x-terminal-event`): a body that ends before it is an
/// error, not a quiet end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalEvent {
    /// Its kind: the SSE `event:` field, or the value of the kind property in its data.
    pub kind: Text,
    /// The property of each event's JSON data that holds its kind (the event union's
    /// discriminator); `None` when the events have none, so only `event:` is compared.
    pub property: Option<Text>,
}

/// A paginated operation: which model is the page and what its items are.
#[derive(Clone, Debug)]
pub struct OperationPagination {
    /// The page envelope's model name (`Vec<Item>` when the response is a bare array).
    pub page_type: String,
    pub item: Ty,
    /// The response is a bare array: the page is `Vec<Item>`, paged by the `Link` header.
    pub bare_array: bool,
    pub style: PagingStyle,
    /// How the operation pages, in one line (`cursor page_token <- next_page_token`), for docs
    /// and the real-documents table.
    pub summary: String,
}

/// The calls the generated README shows (each compiled as a doc test of the generated crate).
#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// A list if there is one, else the first other operation callable with default arguments.
    pub shown: Option<ExampleCall>,
    /// An event stream, callable with default arguments.
    pub streaming: Option<ExampleCall>,
}

/// An operation called with default arguments: `client.beta().chat().get("id", …::default())`.
#[derive(Clone, Debug)]
pub struct ExampleCall {
    pub accessor_path: Vec<String>,
    pub method_name: String,
    pub args: Vec<ExampleArg>,
    pub paginated: bool,
    /// `GET`, `POST`, …: what the README's test-transport example expects to be sent.
    pub http_method: String,
}

/// A default argument of an example call.
#[derive(Clone, Debug)]
pub enum ExampleArg {
    /// `"id"` for a string path parameter.
    Str,
    /// `1` for an integer path parameter.
    Integer,
    /// `crate_name::resources::…::XParams::default()`: the params type's path below the crate.
    DefaultParams {
        resource_path: Vec<String>,
        type_name: String,
    },
}
