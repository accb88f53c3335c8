//! IR data spelled as Rust, at the edge: types with their `Option`s, `#[serde]` attributes, the
//! arguments and return types of resource methods, the CLI's flag kinds. Templates call these;
//! `lower` never produces Rust text.

use crate::ir::{
    BodyEncoding, Cli, CliPathArg, ClientSettings, Field, FieldSerde, FlagKind, MultipartFile,
    Operation, OutputKind, PathParam, PathPiece, ResponseKind, Side, Text, Ty, Wrapping, wrapping,
};

/// The serde attributes of a field or union variant whose `time` or lenient-chrono value is
/// written and read through the runtime (`FieldSerde::timestamp_adapter`).
pub const TIMESTAMP_ADAPTER: &str = "serialize_with = \"crate::runtime::timestamp::serialize\", \
    deserialize_with = \"crate::runtime::timestamp_read::deserialize\"";

impl Field {
    /// The field's full type, presence included (`Option<Vec<String>>`).
    pub fn rust_type(&self) -> String {
        let inner = self.ty.rust(self.side == Side::Request);
        match wrapping(self.presence, self.side) {
            Wrapping::Plain => inner,
            Wrapping::Option => format!("Option<{inner}>"),
            Wrapping::DoubleOption => format!("Option<Option<{inner}>>"),
        }
    }

    /// The `#[serde(...)]` line, or nothing.
    pub fn serde_attr(&self) -> String {
        serde_attr(&self.serde)
    }
}

/// `#[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]`, in that order.
pub fn serde_attr(serde: &FieldSerde) -> String {
    if serde.skip {
        return "#[serde(skip)]".to_owned();
    }
    if serde.flatten {
        return "#[serde(flatten)]".to_owned();
    }
    let mut attrs = Vec::new();
    if let Some(wire_name) = &serde.rename {
        attrs.push(format!(
            "rename = {}",
            proc_macro2::Literal::string(wire_name)
        ));
    }
    if serde.default {
        attrs.push("default".to_owned());
    }
    if serde.skip_none {
        attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    if serde.timestamp_adapter {
        attrs.push(TIMESTAMP_ADAPTER.to_owned());
    }
    if attrs.is_empty() {
        String::new()
    } else {
        format!("#[serde({})]", attrs.join(", "))
    }
}

impl PathParam {
    /// The method argument's type: strings are borrowed.
    pub fn arg_type(&self) -> String {
        match self.ty {
            Ty::String => "&str".to_owned(),
            ref other => other.rust(true),
        }
    }
}

impl Operation {
    /// The `T` in `Call<T>` that the operation's method returns.
    pub fn call_output(&self) -> String {
        if let Some(page) = &self.pagination {
            if page.bare_array {
                return format!("crate::Page<Vec<{}>>", page.item.rust(true));
            }
            return format!("crate::Page<crate::models::{}>", page.page_type);
        }
        match &self.response {
            ResponseKind::Json { ty } => ty.rust(true),
            ResponseKind::OptionalJson { ty } => format!("Option<{}>", ty.rust(true)),
            ResponseKind::Empty => "()".to_owned(),
            ResponseKind::EventStream { event, .. } => {
                format!("crate::EventStream<{}>", event.rust(true))
            }
            ResponseKind::Text => "String".to_owned(),
            ResponseKind::Download => "crate::Download".to_owned(),
        }
    }

    /// The `Call` constructor the operation uses (`json`, `empty`, `page`, `event_stream`); an
    /// event stream's takes how its turns end ([`Self::stream_end_arg`]).
    pub fn call_constructor(&self) -> &'static str {
        if self.pagination.is_some() {
            return "page";
        }
        match &self.response {
            ResponseKind::Json { .. } => "json",
            ResponseKind::OptionalJson { .. } => "optional_json",
            ResponseKind::Empty => "empty",
            ResponseKind::EventStream { .. } => "event_stream",
            ResponseKind::Text => "text",
            ResponseKind::Download => "download",
        }
    }

    /// The arguments of `upload_body` for a body sent as given: the upload (as an `Option`) and
    /// the operation's media type; `None` for any other body.
    pub fn upload_body_args(&self) -> Option<String> {
        if self.body_encoding != BodyEncoding::Raw {
            return None;
        }
        let media = self.body_media.as_ref()?;
        let name = self.body_field.as_ref()?;
        let field = self
            .params
            .as_ref()?
            .fields
            .iter()
            .find(|f| &f.field.rust_name == name)?;
        let upload = if field.field.presence.is_required() {
            format!("Some(&params.{name})")
        } else {
            format!("params.{name}.as_ref()")
        };
        Some(format!("{upload}, {}", media.lit()))
    }

    /// The `Content-Type` of a JSON body sent in a JSON type of its own
    /// (`application/json-patch+json`), as an escaped literal; `None` for `application/json`.
    pub fn json_content_type(&self) -> Option<String> {
        let media = self.body_media.as_ref()?;
        (self.body_encoding == BodyEncoding::Json).then(|| media.lit())
    }

    /// The last argument of `form_body` and `multipart_body`: the fields the document's
    /// `encoding` gives `style: deepObject` (escaped literals); nothing for other bodies.
    pub fn body_fields_arg(&self) -> String {
        match self.body_encoding {
            BodyEncoding::Form | BodyEncoding::Multipart => {
                let names: Vec<String> = self.deep_body_fields.iter().map(Text::lit).collect();
                format!(", &[{}]", names.join(", "))
            }
            BodyEncoding::Json | BodyEncoding::Raw => String::new(),
        }
    }

    /// For an event stream, the constructor's last argument: the event that ends a turn, as
    /// `Some((kind, property))` for the runtime's `StreamEnd` (spec text only as escaped
    /// literals), or `None` when a turn may end anywhere.
    pub fn stream_end_arg(&self) -> Option<String> {
        let ResponseKind::EventStream { terminal, .. } = &self.response else {
            return None;
        };
        let Some(terminal) = terminal else {
            return Some("None".to_owned());
        };
        let property = terminal.property.as_ref().map_or_else(
            || "None".to_owned(),
            |property| format!("Some({})", property.lit()),
        );
        Some(format!("Some(({}, {property}))", terminal.kind.lit()))
    }

    /// The path template as `crate::request::PathPart`s (a parameter as its wire name and a
    /// `&str` of its value).
    pub fn path_part_exprs(&self) -> Vec<String> {
        self.path_pieces
            .iter()
            .map(|piece| match piece {
                PathPiece::Literal(text) => {
                    format!("crate::request::PathPart::Literal({})", text.lit())
                }
                PathPiece::Param(index) => {
                    let param = &self.path_params[*index];
                    let value = if param.ty == Ty::String {
                        param.rust_name.clone()
                    } else {
                        format!("&{}.to_string()", param.rust_name)
                    };
                    format!(
                        "crate::request::PathPart::Param({}, {value})",
                        param.wire_name.lit()
                    )
                }
            })
            .collect()
    }
}

impl FlagKind {
    /// The CLI runtime's `Kind` as an expression.
    pub fn expr(&self) -> String {
        match self {
            FlagKind::String => "Kind::String".to_owned(),
            FlagKind::Integer => "Kind::Integer".to_owned(),
            FlagKind::Number => "Kind::Number".to_owned(),
            FlagKind::Boolean => "Kind::Boolean".to_owned(),
            FlagKind::Enum(values) => {
                let values: Vec<String> = values.iter().map(|v| v.lit()).collect();
                format!("Kind::Enum(&[{}])", values.join(", "))
            }
            FlagKind::IntegerEnum(values) => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| proc_macro2::Literal::string(&v.to_string()).to_string())
                    .collect();
                format!("Kind::IntegerEnum(&[{}])", values.join(", "))
            }
            FlagKind::Json => "Kind::Json".to_owned(),
            FlagKind::File => "Kind::File".to_owned(),
        }
    }
}

impl CliPathArg {
    /// The owned type the value is read into.
    pub fn owned_type(&self) -> String {
        self.ty.rust(true)
    }

    /// How the local is passed to the method (strings by reference).
    pub fn pass_expr(&self) -> String {
        match self.ty {
            Ty::String => format!("&{}", self.binding),
            _ => self.binding.clone(),
        }
    }
}

impl OutputKind {
    /// The `cli::output` function that runs the call and prints its result.
    pub fn function(&self) -> &'static str {
        match self {
            OutputKind::Pages => "print_pages",
            OutputKind::Value => "print_value",
            OutputKind::Text => "print_text",
            OutputKind::Download => "print_download",
            OutputKind::Optional => "print_optional",
            OutputKind::Empty => "print_empty",
            OutputKind::Events(..) => "print_events",
        }
    }

    /// Its arguments after the call, as Rust expressions.
    pub fn extra_args(&self) -> Vec<String> {
        match self {
            OutputKind::Pages => vec!["matches".to_owned()],
            OutputKind::Events(delta) => {
                let delta = delta.as_ref().map_or_else(
                    || "None".to_owned(),
                    |delta| {
                        format!(
                            "Some(({}, {}, {}))",
                            delta.tag.lit(),
                            delta.value.lit(),
                            delta.field.lit()
                        )
                    },
                );
                vec![delta]
            }
            _ => Vec::new(),
        }
    }
}

impl Cli {
    /// The binary's name as a literal.
    pub fn binary_name_lit(&self) -> String {
        proc_macro2::Literal::string(&self.binary_name).to_string()
    }
}

impl ClientSettings {
    /// The API key header's name as a literal (empty for other auth).
    pub fn auth_header_lit(&self) -> String {
        proc_macro2::Literal::string(self.auth.header().map_or("", |name| name.as_str()))
            .to_string()
    }
}

impl MultipartFile {
    /// The field's files as the slice `multipart_body` takes (none, one or many).
    pub fn parts_expr(&self) -> String {
        let field = format!("params.{}", self.rust_name);
        match (self.many, self.required) {
            (false, true) => format!("std::slice::from_ref(&{field})"),
            (false, false) | (true, true) => format!("{field}.as_slice()"),
            (true, false) => format!("{field}.as_deref().unwrap_or_default()"),
        }
    }
}
