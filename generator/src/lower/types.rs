//! The Rust types a schema can lower to, and how a field's presence (required / optional /
//! nullable) wraps them: the one place that decides `Option`s and `#[serde]` attributes.

use super::docs::rust_literal;
use crate::naming::unraw;

/// A lowered schema type, before presence is applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    String,
    I32,
    I64,
    F64,
    Bool,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    Array(Box<Ty>),
    /// `additionalProperties` with a schema: string keys, typed values.
    Map(Box<Ty>),
    /// A model in `models.rs`, by Rust name.
    Named(String),
    /// A model behind a `Box`, to break a recursive by-value cycle.
    Boxed(String),
    /// A file part of a multipart body (`format: binary`).
    File,
}

impl Ty {
    /// The Rust type; `qualify` prefixes models with `crate::models::` for use outside `models.rs`.
    pub fn rust(&self, qualify: bool) -> String {
        let model = |name: &str| {
            if qualify {
                format!("crate::models::{name}")
            } else {
                name.to_owned()
            }
        };
        match self {
            Ty::String => "String".to_owned(),
            Ty::I32 => "i32".to_owned(),
            Ty::I64 => "i64".to_owned(),
            Ty::F64 => "f64".to_owned(),
            Ty::Bool => "bool".to_owned(),
            Ty::Json => "serde_json::Value".to_owned(),
            Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
            Ty::Array(item) => format!("Vec<{}>", item.rust(qualify)),
            Ty::Map(value) => format!(
                "std::collections::BTreeMap<String, {}>",
                value.rust(qualify)
            ),
            Ty::Named(name) => model(name),
            Ty::Boxed(name) => format!("Box<{}>", model(name)),
            Ty::File => "crate::FilePart".to_owned(),
        }
    }

    /// The variant name this type gets in an untagged union (`String`, `Vec`, `Pet`).
    pub fn variant_name(&self) -> String {
        match self {
            Ty::String => "String".to_owned(),
            Ty::I32 | Ty::I64 => "Integer".to_owned(),
            Ty::F64 => "Number".to_owned(),
            Ty::Bool => "Boolean".to_owned(),
            Ty::Json => "Json".to_owned(),
            Ty::JsonObject | Ty::Map(_) => "Object".to_owned(),
            Ty::Array(item) => format!("{}List", item.variant_name()),
            Ty::Named(name) | Ty::Boxed(name) => name.clone(),
            Ty::File => "File".to_owned(),
        }
    }

    /// The model this type refers to by value (not through `Vec`/`Map`), for cycle detection.
    pub fn by_value_model(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// Whether a field may be absent and whether it may be `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presence {
    pub required: bool,
    pub nullable: bool,
}

impl Presence {
    pub fn is_plain(self) -> bool {
        self.required && !self.nullable
    }
}

/// Which side of the wire a struct is used on; it decides how optional-and-nullable is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Response models (and shared models): absent and `null` both read as `None`.
    Model,
    /// Request parameters: optional-and-nullable is `Option<Option<T>>` so a caller can send an
    /// explicit `null` (`Some(None)`) apart from leaving the field out (`None`).
    Request,
}

/// The field's full Rust type and its `#[serde(...)]` attribute line.
pub fn field_type_and_serde(
    ty: &Ty,
    presence: Presence,
    side: Side,
    rust_name: &str,
    wire_name: &str,
    qualify: bool,
) -> (String, String) {
    let inner = ty.rust(qualify);
    let mut attrs = Vec::new();
    if unraw(rust_name) != wire_name {
        attrs.push(format!("rename = {}", rust_literal(wire_name)));
    }
    let rust_type = if presence.is_plain() {
        inner
    } else if presence.required {
        // Required but nullable: always sent, `null` when `None`.
        format!("Option<{inner}>")
    } else if presence.nullable && side == Side::Request {
        attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        format!("Option<Option<{inner}>>")
    } else {
        if side == Side::Model {
            attrs.push("default".to_owned());
        }
        attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        format!("Option<{inner}>")
    };
    let serde = if attrs.is_empty() {
        String::new()
    } else {
        format!("#[serde({})]", attrs.join(", "))
    };
    (rust_type, serde)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presence(required: bool, nullable: bool) -> Presence {
        Presence { required, nullable }
    }

    #[test]
    fn presence_decides_option_and_serde() {
        let ty = Ty::Array(Box::new(Ty::String));
        let cases = [
            (presence(true, false), Side::Model, "Vec<String>", ""),
            (presence(true, true), Side::Model, "Option<Vec<String>>", ""),
            (
                presence(false, false),
                Side::Model,
                "Option<Vec<String>>",
                "#[serde(default, skip_serializing_if = \"Option::is_none\")]",
            ),
            (
                presence(false, true),
                Side::Model,
                "Option<Vec<String>>",
                "#[serde(default, skip_serializing_if = \"Option::is_none\")]",
            ),
            (
                presence(false, true),
                Side::Request,
                "Option<Option<Vec<String>>>",
                "#[serde(skip_serializing_if = \"Option::is_none\")]",
            ),
        ];
        for (presence, side, rust_type, serde) in cases {
            assert_eq!(
                field_type_and_serde(&ty, presence, side, "ids", "ids", false),
                (rust_type.to_owned(), serde.to_owned())
            );
        }
    }

    #[test]
    fn renamed_fields_keep_their_wire_name() {
        let (_, serde) = field_type_and_serde(
            &Ty::String,
            presence(true, false),
            Side::Model,
            "r#type",
            "type",
            false,
        );
        assert_eq!(serde, "");
        let (_, serde) = field_type_and_serde(
            &Ty::Bool,
            presence(true, false),
            Side::Model,
            "is_x",
            "isX",
            false,
        );
        assert_eq!(serde, "#[serde(rename = \"isX\")]");
        assert_eq!(Ty::Named("Pet".into()).rust(true), "crate::models::Pet");
    }
}
