//! The models' impls as `models.rs.askama` writes them in prettyplease's layout (the regions
//! `format` passes through without syn, see `format::FORMATTED_START`): the few lines whose
//! layout depends on the lengths of names. Each is laid out as prettyplease would lay it out,
//! so the output is the same as formatting it; `tests/tests/formatted_regions.rs` holds them to
//! that. Widths are in bytes, as prettyplease measures them.

use crate::ir::{
    EnumVariant, Field, IntegerEnumModel, Model, ModelKind, StringEnumModel, StructModel, Ty,
    Wrapping, wrapping,
};

/// The doc comment of a struct's field of unknown fields (`models.rs.askama` writes it too,
/// for the definitions left to syn).
pub(super) const EXTRA_FIELD_DOCS: &str = "    /// Fields the API description does not list (a newer server's additions), kept as JSON.\n";

/// A string enum's last variant (`models.rs.askama` writes it too, for the definitions left to
/// syn).
pub(super) const UNKNOWN_VARIANT: &str = "    /// A value this version of the client does not know, kept as sent.\n    Unknown(String),\n";

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
        // A match rather than `.ok_or_else(|| …)?`: each closure is a body of its own to
        // type-check and borrow-check (Stripe: 1 431 of them, 0.3–0.5 s of its `cargo check`).
        let error = format!("Err(serde::de::Error::missing_field(FIELDS[{index}]))");
        // prettyplease measures an arm without its comma.
        let none_arm = match 24 + "None => return ".len() + error.len() <= MARGIN {
            true => format!("None => return {error},"),
            false => format!("None => {{\n{:28}return {error};\n{:24}}}", "", ""),
        };
        format!(
            "match slot{index} {{\n{:24}Some(value) => value,\n{:24}{none_arm}\n{:20}}}",
            "", "", ""
        )
    }

    /// In a written-out `Deserialize`, 16 columns in: the declaration of the field's slot
    /// `slot{index}`, with its type when the line fits and the type names nothing the visitor
    /// declares itself (its struct `Fields`, its parameter `A`; `D` is the enclosing
    /// function's): left to inference, a slot's type is worked out from the struct literal at
    /// the end of the body, a cost Stripe's check paid 3 598 times (0.28 s).
    pub fn slot_declaration(&self, index: usize) -> String {
        let typed = format!("let mut slot{index}: Option<{}> = None;", self.rust_type());
        match !names_visitor_names(&self.ty) && 16 + typed.len() <= FIELD_WIDTH {
            true => typed,
            false => format!("let mut slot{index} = None;"),
        }
    }

    /// In a written-out `Deserialize`, 24 columns in: the arm that reads the field's value into
    /// its slot when its key comes. One call per field, which checks for a duplicate itself: a
    /// guard and `Some(map.next_value()?)` in every arm made Stripe's `visit_map`s 0.4 s more
    /// of its `cargo check`.
    pub fn decode_arm(&self, index: usize) -> String {
        let read = format!("decode::field(&mut map, &mut slot{index}, FIELDS[{index}])");
        match_arm(24, &format!("decode::Key::Field({index})"), &read)
    }

    /// In a written-out `Deserialize`, 24 columns in: the arm of `field_index` that gives the
    /// field's position for its wire name.
    pub fn index_arm(&self, index: usize) -> String {
        match_arm(24, &self.wire_name.lit(), &format!("Some({index})"))
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

    /// In a written-out `Deserialize`, 24 columns in: the arm for a key the API description
    /// does not declare, whose value is kept in the struct's map of them, `extra` (a struct
    /// without one is derived, see `serde_by_hand`).
    pub fn unknown_arm(&self, extra: &str) -> String {
        let keep = format!("decode::unknown(&mut map, &mut {extra}, name)");
        match_arm(24, "decode::Key::Other(name)", &keep)
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

/// Whether `ty` names a model called like something a written-out `visit_map` has in scope
/// (`Fields`, `A`, `D`), which the name would mean there instead. Scalars are paths of other
/// crates (`chrono::…`), never one of these.
fn names_visitor_names(ty: &Ty) -> bool {
    match ty {
        Ty::Array(inner) | Ty::Map(inner) => names_visitor_names(inner),
        Ty::Named(name) | Ty::Boxed(name) => matches!(name.as_str(), "Fields" | "A" | "D"),
        _ => false,
    }
}

/// The widest field line (`    pub name: Type,`) `laid_out_struct` writes itself, and the
/// widest typed slot (`let mut slotN: Option<Type> = None;`): prettyplease breaks a wider one
/// inside its type's generics, which is left to it (a field) or avoided (a slot, left untyped).
/// Below its margin, with room to spare, rather than at the edge of its rule.
const FIELD_WIDTH: usize = 80;

/// A written-out struct's fields, a line each with its docs, 4 columns in.
fn laid_out_fields(model: &StructModel) -> Option<String> {
    let mut fields = String::new();
    for field in &model.fields {
        fields.push_str(&laid_out_docs(&field.docs, "    ")?);
        if field.deprecated {
            fields.push_str("    #[deprecated]\n");
        }
        let line = format!("    pub {}: {},", field.rust_name, field.rust_type());
        if line.len() > FIELD_WIDTH {
            return None;
        }
        fields.push_str(&line);
        fields.push('\n');
    }
    if let Some(extra) = &model.extra_field {
        fields.push_str(EXTRA_FIELD_DOCS);
        fields.push_str(&format!(
            "    pub {extra}: serde_json::Map<String, serde_json::Value>,\n"
        ));
    }
    Some(fields)
}

/// A string enum's variants, a line each with its docs, 4 columns in, then `Unknown`.
fn laid_out_variants(model: &StringEnumModel) -> Option<String> {
    let mut variants = String::new();
    for variant in &model.variants {
        variants.push_str(&laid_out_docs(&variant.docs, "    ")?);
        variants.push_str(&format!("    {},\n", variant.rust_name));
    }
    variants.push_str(UNKNOWN_VARIANT);
    Some(variants)
}

/// The doc comment of `docs`, each line `indent` in, or `None` if prettyplease would not print
/// a line as it is: it trims trailing whitespace, and control characters are not left to chance.
fn laid_out_docs(docs: &crate::ir::Docs, indent: &str) -> Option<String> {
    let mut out = String::new();
    for line in docs.outer().lines() {
        if line.ends_with(char::is_whitespace) || line.contains(char::is_control) {
            return None;
        }
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
}

impl Model {
    /// The definition (docs, attributes, fields or variants) of a struct with written-out serde
    /// impls or of a string enum, in prettyplease's layout, for `models.rs.askama` to put in the
    /// formatted region with the impls that follow it (Stripe: 0.56 MB of the 1.43 MB of models
    /// text syn still parsed). `None` for any other model, or when a line is one prettyplease
    /// might lay out otherwise (the template then writes the definition for syn).
    pub fn laid_out_definition(&self) -> Option<String> {
        let (head, body) = match &self.kind {
            ModelKind::Struct(model) if model.serde_by_hand() => {
                let default = if model.derive_default {
                    ", Default"
                } else {
                    ""
                };
                let head = format!("#[derive(Clone, Debug, PartialEq{default})]\npub struct");
                (head, laid_out_fields(model)?)
            }
            ModelKind::StringEnum(model) => {
                let head = "#[derive(Clone, Eq)]\n#[non_exhaustive]\npub enum";
                (head.to_owned(), laid_out_variants(model)?)
            }
            _ => return None,
        };
        let mut out = laid_out_docs(&self.docs, "")?;
        if self.deprecated {
            out.push_str("#[deprecated]\n");
        }
        let name = &self.type_name;
        // An empty `{}` would end on a line that is not a lone `}`, which changes where the
        // template's blank line before the impls falls: left to syn (rare: a struct written out
        // keeps unknown fields in a field of its own).
        if body.is_empty() {
            return None;
        }
        out.push_str(&format!("{head} {name} {{\n{body}}}\n"));
        Some(out)
    }

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
        match_arm(
            12,
            &format!("Self::{}", self.rust_name),
            &self.wire_value.lit(),
        )
    }

    /// The variant's arm in `From<&str>`.
    pub fn from_arm(&self) -> String {
        match_arm(
            12,
            &self.wire_value.lit(),
            &format!("Self::{}", self.rust_name),
        )
    }
}

impl IntegerEnumModel {
    /// A variant's arm in `value`.
    pub fn value_arm(&self, name: &str, value: &i64) -> String {
        match_arm(12, &format!("Self::{name}"), &value.to_string())
    }

    /// A variant's arm in `From<i64>`.
    pub fn from_arm(&self, name: &str, value: &i64) -> String {
        match_arm(12, &value.to_string(), &format!("Self::{name}"))
    }
}

/// `{pattern} => {value},` in a `match` `indent` columns in: a block when the arm passes the
/// margin.
fn match_arm(indent: usize, pattern: &str, value: &str) -> String {
    // The arm's comma is not measured: prettyplease prints it as a break of its own.
    let arm = format!("{pattern} => {value}");
    match indent + arm.len() <= MARGIN {
        true => format!("{arm},"),
        false => format!(
            "{pattern} => {{\n{:width$}{value}\n{:indent$}}}",
            "",
            "",
            width = indent + 4
        ),
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
