//! The command-line tool's part of the IR: commands, flags and how each flag's value reaches
//! the params struct, all decided by `lower::cli` and only looped over by the CLI templates.

/// The generated command-line tool: `BIN resource[:sub] method --flag value`, one subcommand per
/// operation. Every `*_literal` is an escaped Rust string literal; names are already unique
/// within their command, global flags included, so the clap command tree is valid by construction.
#[derive(Clone, Debug)]
pub struct Cli {
    /// The binary's name (`llamacloud`), plain: ASCII letters, digits, `-` and `_`.
    pub binary_name: String,
    pub binary_name_literal: String,
    /// The root command's one-line description.
    pub about_literal: String,
    /// The root command's help trailer: examples, environment, formats, exit codes.
    pub after_help_literal: String,
    /// The API takes a key (`--api-key`, read from the client's key variable).
    pub has_api_key: bool,
    /// Commands in order, one per resource with operations (`beta:chat`).
    pub resources: Vec<CliResource>,
    /// Example invocations for the README, plain text (`llamacloud beta:chat list --max-items 5`).
    pub readme_examples: Vec<String>,
    /// The exit code of configuration errors (no API key, a bad base URL).
    pub config_exit_code: u8,
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

    /// Something may read stdin: a `--body -`, a JSON flag's `-`, a file flag's `-`.
    pub fn reads_stdin(&self) -> bool {
        self.body_documents || self.json_flags || self.file_flags
    }
}

/// A top-level command for one resource: `beta:chat`, with a subcommand per operation.
#[derive(Clone, Debug)]
pub struct CliResource {
    /// `"beta:chat"`
    pub command_literal: String,
    /// The module holding its commands (`beta_chat`), unique among the CLI's modules.
    pub module_name: String,
    /// Accessors from the client to the resource (`["beta", "chat"]`).
    pub accessors: Vec<String>,
    /// The module's `//!` line.
    pub module_doc: String,
    /// Some operation has flags (the module reads input).
    pub has_flags: bool,
    pub about_literal: String,
    pub operations: Vec<CliOperation>,
}

/// The subcommand of one operation.
#[derive(Clone, Debug)]
pub struct CliOperation {
    /// `"get-summary"`
    pub command_literal: String,
    /// The resource method it calls (`get_summary`).
    pub method_name: String,
    /// The function that runs it (`run_get_summary`), unique in its module.
    pub run_fn: String,
    /// The constant holding its flag table (`GET_SUMMARY_FLAGS`), unique in the module.
    pub flags_const: String,
    /// Summary line and the full help (summary, description, endpoint).
    pub about_literal: String,
    pub long_about_literal: String,
    pub flags: Vec<CliFlag>,
    /// Path parameters, in the method's argument order.
    pub path_args: Vec<CliPathArg>,
    /// The params struct, fully qualified, and how each field is read.
    pub params: Option<CliParams>,
    /// A `--body` document can supply the (flattened) request body's fields.
    pub body_document: bool,
    /// A list: items are printed across pages, bounded by `--max-items`.
    pub paginated: bool,
    /// Unknown fields of that document are sent anyway (a JSON body); else they are an error.
    pub forwards_body_fields: bool,
    /// The `cli::output` function that runs the call and prints its result.
    pub output_fn: String,
    /// Extra arguments of that function, as Rust expressions (the event stream's text deltas).
    pub output_args: Vec<String>,
}

/// One flag (and, for a path parameter, also a positional argument).
#[derive(Clone, Debug)]
pub struct CliFlag {
    /// The clap id, which is also the long name: `"page-size"`.
    pub id_literal: String,
    /// Visible aliases (`"index-ids"` for `--index-id`).
    pub alias_literals: Vec<String>,
    /// `"PAGE_SIZE"`
    pub value_name_literal: String,
    /// The spec's description, one line.
    pub help_literal: String,
    /// The runtime's `Kind` of the value, as an expression (`Kind::Enum(&["a", "b"])`).
    pub kind_expr: String,
    pub repeated: bool,
    pub required: bool,
    /// The id of the positional twin of a path parameter's flag.
    pub positional_literal: Option<String>,
    /// A request-body field: a `--body` document may supply it under `wire_name_literal`.
    pub in_body: bool,
    pub wire_name_literal: String,
}

/// A path parameter read from its flag (or positional argument) into a local.
#[derive(Clone, Debug)]
pub struct CliPathArg {
    /// The local variable (`path_0`).
    pub binding: String,
    /// Its owned type (`String` for `&str` arguments).
    pub owned_type: String,
    /// How it is passed to the method (`&path_0`).
    pub pass_expr: String,
    pub flag_id_literal: String,
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
    /// The `Input` method that reads it (`required`, `optional`, `nullable`, `file`, …).
    pub accessor: String,
    pub flag_id_literal: String,
}
