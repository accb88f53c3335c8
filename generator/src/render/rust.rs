//! IR data spelled as Rust, at the edge: types with their `Option`s, `#[serde]` attributes, the
//! arguments and return types of resource methods, the CLI's flag kinds. Templates call these;
//! `lower` never produces Rust text.

use super::Model;
use crate::ir::{
    BodyEncoding, Cli, CliPathArg, ClientSettings, EnumVariant, Field, FieldSerde, FlagKind,
    IntegerEnumModel, MultipartFile, Operation, OutputKind, PathParam, PathPiece, ResponseKind,
    Side, StructModel, Text, Ty, Wrapping, wrapping,
};

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

    /// In a written-out `Deserialize` (`StructModel::serde_by_hand`): the field's value from
    /// its slot `slot{index}` once the object is read. As serde's derive does, an absent
    /// `Option` (or defaulted field) is `None` (its default), any other absent field an error.
    pub fn decoded_value(&self, index: usize) -> String {
        if self.serde.default || wrapping(self.presence, self.side) != Wrapping::Plain {
            // `name: slotN.unwrap_or_default(),`, 20 columns in.
            let width = 20 + self.rust_name.chars().count() + format!(": slot{index}").len();
            return match width + ".unwrap_or_default(),".len() <= 89 {
                true => format!("slot{index}.unwrap_or_default()"),
                false => format!("slot{index}\n{:24}.unwrap_or_default()", ""),
            };
        }
        // In the returned struct, 20 columns in: prettyplease breaks the chain whatever the
        // field's name, since the call alone passes its 89 columns.
        format!(
            "slot{index}\n{:24}.ok_or_else(|| <A::Error as serde::de::Error>::missing_field(\n{:28}FIELDS[{index}],\n{:24}))?",
            "", "", ""
        )
    }
}

impl StructModel {
    /// The wire names of a written-out `Deserialize`'s fields as a slice literal, laid out as
    /// prettyplease lays out `const FIELDS: &[&str] = …;` in the visitor (16 columns in): on
    /// one line when it fits in its 89, else one name per line.
    pub fn wire_names_list(&self) -> String {
        let names: Vec<String> = self.fields.iter().map(|f| f.wire_name.lit()).collect();
        let one_line = format!("&[{}]", names.join(", "));
        if 16 + "const FIELDS: &[&str] = ;".len() + one_line.len() <= 89 {
            return one_line;
        }
        let lines: String = names
            .iter()
            .map(|name| format!("\n{:20}{name},", ""))
            .collect();
        format!("&[{lines}\n{:16}]", "")
    }

    /// The visitor's `expecting` call, 16 columns in.
    pub fn expecting_call(&self, type_name: &str) -> String {
        let what = proc_macro2::Literal::string(&format!("struct {type_name}")).to_string();
        laid_out_call(16, "f.write_str", &[what], "")
    }

    /// The struct a written-out `Deserialize` returns, `Ok(crate::models::Name { … })`, laid out
    /// as prettyplease lays it out 16 columns in: on one line when short, else a field a line.
    pub fn decoded_struct(&self, type_name: &str) -> String {
        let mut fields: Vec<String> = (self.fields.iter().enumerate())
            .map(|(index, field)| format!("{}: {}", field.rust_name, field.decoded_value(index)))
            .collect();
        fields.extend(self.extra_field.clone());
        let head = format!("Ok(crate::models::{type_name} {{");
        let one_line = match fields.is_empty() {
            true => format!("{head}}})"),
            false => format!("{head} {} }})", fields.join(", ")),
        };
        // prettyplease keeps a struct literal on one line only up to 34 columns from its path
        // to the space before its closing brace (`end_with_max_width(34)`).
        let literal = one_line.len() - "Ok()".len() - "}".len();
        if literal <= 34 && 16 + one_line.len() <= 89 {
            return one_line;
        }
        let lines: String = fields
            .iter()
            .map(|field| format!("\n{:20}{field},", ""))
            .collect();
        format!("{head}{lines}\n{:16}}})", "")
    }
}

impl Field {
    /// In a written-out `Serialize`, 8 columns in: the statement writing the field into `map`,
    /// skipped when `None` if the field says so.
    pub fn serialize_statement(&self) -> String {
        let (key, name) = (self.wire_name.lit(), &self.rust_name);
        if !self.serde.skip_none {
            let args = [key, format!("&self.{name}")];
            return laid_out_call(8, "map.serialize_entry", &args, "?;");
        }
        let args = [key, "value".to_owned()];
        let entry = laid_out_call(12, "map.serialize_entry", &args, "?;");
        // The condition, then ` {` on its line if it fits, else on the next; a condition that
        // does not fit itself is broken before `.{name}`.
        let condition = format!("if let Some(value) = &self.{name}");
        let width = 8 + condition.chars().count();
        let condition = match width {
            _ if width + " {".len() <= 89 => format!("{condition} {{"),
            _ if width <= 89 => format!("{condition}\n{:8}{{", ""),
            _ => format!("if let Some(value) = &self\n{:12}.{name}\n{:8}{{", "", ""),
        };
        format!("{condition}\n{:12}{entry}\n{:8}}}", "", "")
    }
}

impl Model {
    /// `{head} for Name {`, an impl's first line in a formatted region, laid out as
    /// prettyplease lays it out: `for Name {` on a line of its own when the line passes 89
    /// columns.
    pub fn impl_for(&self, head: &str) -> String {
        let one_line = format!("{head} for {} {{", self.type_name);
        match one_line.chars().count() <= 89 {
            true => one_line,
            false => format!("{head}\nfor {} {{", self.type_name),
        }
    }
}

impl EnumVariant {
    /// The variant's arm in `as_str`.
    pub fn as_str_arm(&self) -> String {
        match_arm(&format!("Self::{}", self.rust_name), &self.wire_value.lit())
    }

    /// The variant's arm in `From<&str>`.
    pub fn from_arm(&self) -> String {
        match_arm(&self.wire_value.lit(), &format!("Self::{}", self.rust_name))
    }
}

impl IntegerEnumModel {
    /// A variant's arm in `value`.
    pub fn value_arm(&self, name: &str, value: &i64) -> String {
        match_arm(&format!("Self::{name}"), &value.to_string())
    }

    /// A variant's arm in `From<i64>`.
    pub fn from_arm(&self, name: &str, value: &i64) -> String {
        match_arm(&value.to_string(), &format!("Self::{name}"))
    }
}

/// `{pattern} => {value},` in a `match` of an enum's impls, 12 columns in, laid out as
/// prettyplease lays it out: a block when the line passes its 89 columns.
fn match_arm(pattern: &str, value: &str) -> String {
    // The arm's comma is not measured: prettyplease prints it as a break of its own.
    let arm = format!("{pattern} => {value}");
    match 12 + arm.chars().count() <= 89 {
        true => format!("{arm},"),
        false => format!("{pattern} => {{\n{:16}{value}\n{:12}}}", "", ""),
    }
}

/// `{callee}({args}){suffix}` starting `indent` columns in, laid out as prettyplease lays out a
/// call: on one line when that fits in its 89 columns, else an argument a line.
fn laid_out_call(indent: usize, callee: &str, args: &[String], suffix: &str) -> String {
    let one_line = format!("{callee}({}){suffix}", args.join(", "));
    if indent + one_line.chars().count() <= 89 {
        return one_line;
    }
    let lines: String = (args.iter())
        .map(|arg| format!("\n{:width$}{arg},", "", width = indent + 4))
        .collect();
    format!("{callee}({lines}\n{:indent$}){suffix}", "")
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
    if let Some(module) = serde.with {
        attrs.push(format!("with = {module:?}"));
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
