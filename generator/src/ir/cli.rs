//! The command-line tool's part of the IR: commands, flags and how each flag's value reaches
//! the params struct, all decided by `lower::cli` from the rest of the IR and only looped over by
//! the CLI templates.

use super::text::Text;
use super::types::Ty;

/// The generated command-line tool: `BIN resource[:sub] method --flag value`, one subcommand per
/// operation. Names are already unique within their command, global flags included, so the clap
/// command tree is valid by construction.
#[derive(Clone, Debug)]
pub struct Cli {
    /// The binary's name (`llamacloud`): ASCII letters, digits, `-` and `_`.
    pub binary_name: String,
    /// The root command's one-line description.
    pub about: Text,
    /// The root command's help trailer: examples, environment, formats, exit codes.
    pub after_help: Text,
    /// The API takes a key (`--api-key`, read from the client's key variable).
    pub has_api_key: bool,
    /// Commands in order, one per resource with operations (`beta:chat`).
    pub resources: Vec<CliResource>,
    /// Example invocations for the README (`llamacloud beta:chat list --max-items 5`).
    pub readme_examples: Vec<Text>,
    /// The exit code of configuration errors (no API key, a bad base URL).
    pub config_exit_code: u8,
    /// The help of `--base-url`, naming the default base URL on one line without control
    /// characters (spec text that reaches the terminal as it is).
    pub base_url_help: Text,
    /// The help of `--transform`, with an example that holds for this API (a list's item
    /// field, when there is a list).
    pub transform_help: Text,
    pub needs: CliNeeds,
}

/// Which parts of the CLI runtime the commands use; the rest is not emitted (no dead code).
#[derive(Clone, Copy, Debug, Default)]
pub struct CliNeeds {
    /// Any operation has any flag at all.
    pub flags: bool,
    /// Any operation prints values (not only empty responses): `--transform` applies.
    pub values: bool,
    pub string_flags: bool,
    pub integer_flags: bool,
    pub number_flags: bool,
    pub boolean_flags: bool,
    pub enum_flags: bool,
    pub integer_enum_flags: bool,
    pub json_flags: bool,
    pub file_flags: bool,
    /// Any operation with a `--body` document (a flattened request body).
    pub body_documents: bool,
    /// Some `--body` document's unknown fields are forwarded (`Call::body_field`).
    pub forwarded_body_fields: bool,
    /// Some `--body` document's unknown fields are an error (form and multipart bodies).
    pub rejected_body_fields: bool,
    /// Which `Input` accessors the commands call.
    pub required_values: bool,
    pub optional_values: bool,
    pub nullable_values: bool,
    pub required_files: bool,
    pub optional_files: bool,
    /// Arrays of files (`Vec<FilePart>`), from a repeated flag: required, optional.
    pub required_file_lists: bool,
    pub optional_file_lists: bool,
    /// Request bodies sent as given (`crate::Upload`), from a file or stdin.
    pub required_uploads: bool,
    pub optional_uploads: bool,
    /// Some command prints a body unread (`crate::Download`), as received.
    pub downloads: bool,
    /// Some command has `--accept` (a response offered in other media types).
    pub accepts: bool,
}

impl CliNeeds {
    /// Flags whose values clap keeps as text.
    pub fn text_flags(&self) -> bool {
        self.string_flags || self.enum_flags || self.integer_enum_flags || self.json_flags
    }

    /// Flags read as JSON values (every kind but files).
    pub fn value_flags(&self) -> bool {
        self.text_flags() || self.integer_flags || self.number_flags || self.boolean_flags
    }

    /// Something may read stdin: a `--body -` (or a piped body), a JSON flag's `-`, a file
    /// flag's `-`, a string flag's `@-`.
    pub fn reads_stdin(&self) -> bool {
        self.body_documents || self.json_flags || self.file_flags || self.string_flags
    }
}

/// A top-level command for one resource: `beta:chat`, with a subcommand per operation.
#[derive(Clone, Debug)]
pub struct CliResource {
    /// `beta:chat`
    pub command: Text,
    /// The module holding its commands (`beta_chat`), unique among the CLI's modules.
    pub module_name: String,
    /// Accessors from the client to the resource (`["beta", "chat"]`).
    pub accessors: Vec<String>,
    /// The module's `//!` line.
    pub module_doc: Text,
    /// Some operation has flags (the module reads input).
    pub has_flags: bool,
    pub about: Text,
    pub operations: Vec<CliOperation>,
}

/// The subcommand of one operation.
#[derive(Clone, Debug)]
pub struct CliOperation {
    /// `get-summary`
    pub command: Text,
    /// Another name for it: `retrieve` for `get`, as other tools call that verb.
    pub alias: Option<Text>,
    /// The resource method it calls (`get_summary`).
    pub method_name: String,
    /// The function that runs it (`run_get_summary`), unique in its module.
    pub run_fn: String,
    /// The constant holding its flag table (`GET_SUMMARY_FLAGS`), unique in the module.
    pub flags_const: String,
    /// Summary line and the full help (summary, description, endpoint).
    pub about: Text,
    pub long_about: Text,
    pub flags: Vec<CliFlag>,
    /// Path parameters, in the method's argument order.
    pub path_args: Vec<CliPathArg>,
    /// The params struct and how each field is read.
    pub params: Option<CliParams>,
    /// A `--body` document can supply the (flattened) request body's fields.
    pub body_document: bool,
    /// A list: items are printed across pages, bounded by `--max-items`.
    pub paginated: bool,
    /// Unknown fields of that document are sent anyway (a JSON body); else they are an error.
    pub forwards_body_fields: bool,
    pub output: OutputKind,
    /// The other media types the response is offered in: `--accept MEDIA_TYPE` asks for one
    /// (`Call::download_as`) and writes it out as received.
    pub accepts: Vec<Text>,
}

/// How a command prints its result: the `cli::output` function it calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pages,
    Value,
    Optional,
    Empty,
    /// A text body (`String`), printed as it is.
    Text,
    /// A body read unread (`crate::Download`): its bytes are written out as received.
    Download,
    /// An event stream, with the variant that carries the answer's text, if any. (How a turn
    /// ends travels with the call: the runtime's stream checks it.)
    Events(Option<TextDelta>),
}

/// The event variant whose field carries a piece of the answer's text (`text_delta` with
/// `content`): `--format pretty` prints those pieces as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextDelta {
    /// The discriminator property (`type`).
    pub tag: Text,
    /// Its value for the variant (`text_delta`).
    pub value: Text,
    /// The field holding the text (`content`).
    pub field: Text,
}

/// What kind of value a flag takes: how clap parses it and how it becomes JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagKind {
    String,
    Integer,
    Number,
    Boolean,
    /// A string enum, with its values.
    Enum(Vec<Text>),
    /// An integer enum, with its values.
    IntegerEnum(Vec<i64>),
    /// Anything structured, given as JSON (or YAML) text or `@file`.
    Json,
    /// A multipart file part, given as a path.
    File,
}

impl FlagKind {
    pub fn is_scalar(&self) -> bool {
        !matches!(self, FlagKind::Json | FlagKind::File)
    }
}

/// One flag (and, for a path parameter, also a positional argument).
#[derive(Clone, Debug)]
pub struct CliFlag {
    /// The clap id, which is also the long name: `page-size`.
    pub id: Text,
    /// Visible aliases (`index-ids` for `--index-id`).
    pub aliases: Vec<Text>,
    /// `PAGE_SIZE`
    pub value_name: Text,
    /// The spec's description, one line.
    pub help: Text,
    pub kind: FlagKind,
    pub repeated: bool,
    pub required: bool,
    /// The id of the positional twin of a path parameter's flag.
    pub positional: Option<Text>,
    /// A request-body field: a `--body` document may supply it under `wire_name`.
    pub in_body: bool,
    pub wire_name: Text,
}

/// A path parameter read from its flag (or positional argument) into a local.
#[derive(Clone, Debug)]
pub struct CliPathArg {
    /// The local variable (`path_0`).
    pub binding: String,
    /// The parameter's type; a string is read into a `String` and passed as `&str`.
    pub ty: Ty,
    pub flag_id: Text,
}

/// How an operation's params struct is filled from the flags.
#[derive(Clone, Debug)]
pub struct CliParams {
    /// `crate::resources::beta::chat::ListParams`
    pub type_path: String,
    pub fields: Vec<CliParamField>,
}

#[derive(Clone, Debug)]
pub struct CliParamField {
    pub rust_name: String,
    pub accessor: FieldAccessor,
    pub flag_id: Text,
    /// The field's dates or timestamps are read through the runtime's `timestamp_read` (the
    /// type's own serde form, if any, is not the wire's).
    pub wire_time: bool,
}

/// The `Input` method that reads a params field, by its presence and whether it is a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldAccessor {
    Required,
    Optional,
    Nullable,
    File,
    OptionalFile,
    /// An array of files, from a repeated flag.
    Files,
    OptionalFiles,
    /// A whole request body (`crate::Upload`), from a file path or stdin.
    Upload,
    OptionalUpload,
}

impl FieldAccessor {
    pub fn method(self) -> &'static str {
        match self {
            FieldAccessor::Required => "required",
            FieldAccessor::Optional => "optional",
            FieldAccessor::Nullable => "nullable",
            FieldAccessor::File => "file",
            FieldAccessor::OptionalFile => "optional_file",
            FieldAccessor::Files => "files",
            FieldAccessor::OptionalFiles => "optional_files",
            FieldAccessor::Upload => "upload",
            FieldAccessor::OptionalUpload => "optional_upload",
        }
    }
}
