//! The models' impls as `models.rs.askama` writes them in prettyplease's layout (the regions
//! `format` passes through without syn, see `format::FORMATTED_START`): the few lines whose
//! layout depends on the lengths of names. Each is laid out as prettyplease would lay it out,
//! so the output is the same as formatting it; `tests/tests/formatted_regions.rs` holds them to
//! that. Widths are in bytes, as prettyplease measures them.

use crate::ir::{EnumVariant, Field, IntegerEnumModel, Model, StructModel, Wrapping, wrapping};

/// prettyplease's line width.
const MARGIN: usize = 89;

impl Field {
    /// In a written-out `Deserialize` (`StructModel::serde_by_hand`): the field's value from
    /// its slot `slot{index}` once the object is read, in the returned struct 20 columns in. As
    /// serde's derive does, an absent `Option` (or defaulted field) is `None` (its default), any
    /// other absent field an error.
    fn decoded_value(&self, index: usize) -> String {
        if self.serde.default || wrapping(self.presence, self.side) != Wrapping::Plain {
            // `name: slotN.unwrap_or_default(),`
            let line = 20 + self.rust_name.len() + format!(": slot{index}").len();
            return match line + ".unwrap_or_default(),".len() <= MARGIN {
                true => format!("slot{index}.unwrap_or_default()"),
                false => format!("slot{index}\n{:24}.unwrap_or_default()", ""),
            };
        }
        // The call alone passes the margin, so prettyplease breaks the chain whatever the name.
        format!(
            "slot{index}\n{:24}.ok_or_else(|| <A::Error as serde::de::Error>::missing_field(\n{:28}FIELDS[{index}],\n{:24}))?",
            "", "", ""
        )
    }

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
        // The condition and ` {` on one line if they fit, else `{` on the next; a condition
        // that does not fit itself is broken before `.{name}`.
        let condition = format!("if let Some(value) = &self.{name}");
        let width = 8 + condition.len();
        let condition = match width {
            _ if width + " {".len() <= MARGIN => format!("{condition} {{"),
            _ if width <= MARGIN => format!("{condition}\n{:8}{{", ""),
            _ => format!("if let Some(value) = &self\n{:12}.{name}\n{:8}{{", "", ""),
        };
        format!("{condition}\n{:12}{entry}\n{:8}}}", "", "")
    }
}

impl StructModel {
    /// The wire names of a written-out `Deserialize`'s fields as a slice literal, for
    /// `const FIELDS: &[&str] = …;` 16 columns in: on one line when it fits, else a name a line.
    pub fn wire_names_list(&self) -> String {
        let names: Vec<String> = self.fields.iter().map(|f| f.wire_name.lit()).collect();
        let one_line = format!("&[{}]", names.join(", "));
        if 16 + "const FIELDS: &[&str] = ;".len() + one_line.len() <= MARGIN {
            return one_line;
        }
        let lines: String = (names.iter())
            .map(|name| format!("\n{:20}{name},", ""))
            .collect();
        format!("&[{lines}\n{:16}]", "")
    }

    /// The visitor's `expecting` call, 16 columns in.
    pub fn expecting_call(&self, type_name: &str) -> String {
        let what = proc_macro2::Literal::string(&format!("struct {type_name}")).to_string();
        laid_out_call(16, "f.write_str", &[what], "")
    }

    /// The struct a written-out `Deserialize` returns, `Ok(crate::models::Name { … })`, 16
    /// columns in: on one line when short, else a field a line.
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
        if literal <= 34 && 16 + one_line.len() <= MARGIN {
            return one_line;
        }
        let lines: String = (fields.iter())
            .map(|field| format!("\n{:20}{field},", ""))
            .collect();
        format!("{head}{lines}\n{:16}}})", "")
    }
}

impl Model {
    /// `{head} for Name {`, the first line of an impl of the model: `for Name {` on a line of
    /// its own when the line passes the margin.
    pub fn impl_for(&self, head: &str) -> String {
        let one_line = format!("{head} for {} {{", self.type_name);
        match one_line.len() <= MARGIN {
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

/// `{pattern} => {value},` in a `match` 12 columns in: a block when the arm passes the margin.
fn match_arm(pattern: &str, value: &str) -> String {
    // The arm's comma is not measured: prettyplease prints it as a break of its own.
    let arm = format!("{pattern} => {value}");
    match 12 + arm.len() <= MARGIN {
        true => format!("{arm},"),
        false => format!("{pattern} => {{\n{:16}{value}\n{:12}}}", "", ""),
    }
}

/// `{callee}({args}){suffix}` starting `indent` columns in: on one line when that fits, else
/// an argument a line.
fn laid_out_call(indent: usize, callee: &str, args: &[String], suffix: &str) -> String {
    let one_line = format!("{callee}({}){suffix}", args.join(", "));
    if indent + one_line.len() <= MARGIN {
        return one_line;
    }
    let lines: String = (args.iter())
        .map(|arg| format!("\n{:width$}{arg},", "", width = indent + 4))
        .collect();
    format!("{callee}({lines}\n{:indent$}){suffix}", "")
}
