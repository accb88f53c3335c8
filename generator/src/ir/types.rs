//! Types as data: what a schema lowered to (`Ty`), whether a field may be absent or `null`
//! (`Presence`), which side of the wire a struct serves (`Side`), and the serde behaviour a
//! field needs (`FieldSerde`). `lower` decides these; `render` spells them as Rust at the edge,
//! so nothing downstream of `lower` ever reads a type back out of text.

/// A lowered schema type, before presence is applied.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// A whole request body that is not JSON, a form or multipart (bytes, a file or a stream).
    Upload,
    /// An integer of another width, or a string format mapped to a crate's type in `sdk.yaml`.
    Scalar(Scalar),
}

/// Scalar types beyond `i32`/`i64`/`f64`/`bool`/`String`. Each is a single JSON value and has a
/// `Display` that writes its wire form, except `DateTime` (see `is_displayable_on_the_wire`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    I8,
    I16,
    U8,
    U16,
    U32,
    U64,
    /// `format: date-time` with `types.date-time: chrono`.
    DateTime,
    /// `format: date` with `types.date: chrono`.
    Date,
    /// `format: uuid` with `types.uuid: uuid`.
    Uuid,
    /// `format: uri` with `types.uri: url`.
    Url,
    /// `format: decimal` with `types.decimal: rust_decimal`.
    Decimal,
    /// `format: date-time` with `types.date-time: time`.
    TimeDateTime,
    /// `format: date` with `types.date: time`.
    TimeDate,
}

impl Scalar {
    /// Every scalar, for the surface file's parser.
    pub const ALL: [Scalar; 13] = [
        Scalar::I8,
        Scalar::I16,
        Scalar::U8,
        Scalar::U16,
        Scalar::U32,
        Scalar::U64,
        Scalar::DateTime,
        Scalar::Date,
        Scalar::Uuid,
        Scalar::Url,
        Scalar::Decimal,
        Scalar::TimeDateTime,
        Scalar::TimeDate,
    ];

    /// The Rust type.
    pub fn rust(self) -> &'static str {
        match self {
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::U8 => "u8",
            Scalar::U16 => "u16",
            Scalar::U32 => "u32",
            Scalar::U64 => "u64",
            Scalar::DateTime => "chrono::DateTime<chrono::Utc>",
            Scalar::Date => "chrono::NaiveDate",
            Scalar::Uuid => "uuid::Uuid",
            Scalar::Url => "url::Url",
            Scalar::Decimal => "rust_decimal::Decimal",
            Scalar::TimeDateTime => "time::OffsetDateTime",
            Scalar::TimeDate => "time::Date",
        }
    }

    /// The name in the surface file (`api.lock`) and change reports.
    pub fn text(self) -> &'static str {
        match self {
            Scalar::DateTime => "date-time",
            Scalar::Date => "date",
            Scalar::Uuid => "uuid",
            Scalar::Url => "uri",
            Scalar::Decimal => "decimal",
            Scalar::TimeDateTime => "time-date-time",
            Scalar::TimeDate => "time-date",
            integer => integer.rust(),
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Scalar::I8 | Scalar::I16 | Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64
        )
    }

    /// `Display` writes the value as the wire has it (chrono's `DateTime` writes
    /// `2024-05-01 10:00:00 UTC`, not RFC 3339, and time's `OffsetDateTime` its own form, so
    /// neither is written through `Display`).
    pub fn is_displayable_on_the_wire(self) -> bool {
        !self.is_date_time()
    }

    /// A timestamp (`format: date-time`), of either crate.
    pub fn is_date_time(self) -> bool {
        matches!(self, Scalar::DateTime | Scalar::TimeDateTime)
    }

    /// Whether serde must write and read the type through the runtime's `timestamp` and
    /// `timestamp_read`: the `time` crate's serde form is not the wire's, and chrono's is strict.
    pub fn needs_wire_adapter(self, lenient_date_times: bool) -> bool {
        match self {
            Scalar::TimeDateTime | Scalar::TimeDate => true,
            Scalar::DateTime => lenient_date_times,
            _ => false,
        }
    }

    /// The `Cargo.toml` dependency line the type needs (only its `serde` support).
    pub fn dependency(self) -> Option<&'static str> {
        match self {
            Scalar::DateTime | Scalar::Date => Some(
                r#"chrono = { version = "0.4.40", default-features = false, features = ["serde", "std"] }"#,
            ),
            Scalar::Uuid => Some(
                r#"uuid = { version = "1.10", default-features = false, features = ["serde", "std"] }"#,
            ),
            Scalar::Url => Some(r#"url = { version = "2.5", features = ["serde"] }"#),
            // Without time's `serde` feature: its serde form is not the wire's, so the runtime's
            // `timestamp` and `timestamp_read` do all writing and reading.
            Scalar::TimeDateTime | Scalar::TimeDate => Some(
                r#"time = { version = "0.3.36", default-features = false, features = ["std", "parsing", "formatting"] }"#,
            ),
            Scalar::Decimal => Some(
                r#"rust_decimal = { version = "1.36", default-features = false, features = ["serde", "std"] }"#,
            ),
            _ => None,
        }
    }
}

impl Ty {
    /// The Rust type; `qualify` prefixes models with `crate::models::` for use outside
    /// `models.rs`.
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
            Ty::Upload => "crate::Upload".to_owned(),
            Ty::Scalar(scalar) => scalar.rust().to_owned(),
        }
    }

    /// Qualified, for code outside `models.rs`.
    pub fn qualified(&self) -> String {
        self.rust(true)
    }

    /// Unqualified, for code inside `models.rs`.
    pub fn local(&self) -> String {
        self.rust(false)
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
            Ty::Upload => "Upload".to_owned(),
            Ty::Scalar(scalar) if scalar.is_integer() => "Integer".to_owned(),
            Ty::Scalar(Scalar::DateTime | Scalar::TimeDateTime) => "DateTime".to_owned(),
            Ty::Scalar(Scalar::Date | Scalar::TimeDate) => "Date".to_owned(),
            Ty::Scalar(Scalar::Uuid) => "Uuid".to_owned(),
            Ty::Scalar(Scalar::Url) => "Url".to_owned(),
            Ty::Scalar(_) => "Decimal".to_owned(),
        }
    }

    /// The model this type refers to by value (not through `Vec`/`Map`/`Box`), for cycle
    /// detection.
    pub fn by_value_model(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }

    /// A type other than a model that has no `Default` (`url::Url`), so a struct with a plain
    /// field of it derives none.
    pub fn lacks_default(&self) -> bool {
        matches!(
            self,
            Ty::Scalar(Scalar::Url | Scalar::TimeDateTime | Scalar::TimeDate)
        )
    }

    /// The model this type names, boxed or not.
    pub fn model_name(&self) -> Option<&str> {
        match self {
            Ty::Named(name) | Ty::Boxed(name) => Some(name),
            _ => None,
        }
    }
}

/// Whether a field may be absent, and whether it may be `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never `null`: `T`.
    Required,
    /// May be absent, never `null`.
    Optional,
    /// Always present, may be `null`.
    Nullable,
    /// May be absent and may be `null`.
    OptionalNullable,
}

impl Presence {
    pub fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (false, false) => Presence::Optional,
            (true, true) => Presence::Nullable,
            (false, true) => Presence::OptionalNullable,
        }
    }

    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::Nullable)
    }

    pub fn is_nullable(self) -> bool {
        matches!(self, Presence::Nullable | Presence::OptionalNullable)
    }

    /// Required and never `null`: the type is `T`, with no `Option` around it.
    pub fn is_plain(self) -> bool {
        self == Presence::Required
    }
}

/// Which side of the wire a struct is used on; it decides how optional-and-nullable is spelled
/// and whether model names are written qualified (`crate::models::Pet` outside `models.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Response models (and shared models): absent and `null` both read as `None`.
    Model,
    /// Request parameters: optional-and-nullable is `Option<Option<T>>` so a caller can send an
    /// explicit `null` (`Some(None)`) apart from leaving the field out (`None`).
    Request,
}

/// How a field's value is wrapped in `Option`s, decided once from presence and side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrapping {
    /// `T`
    Plain,
    /// `Option<T>`
    Option,
    /// `Option<Option<T>>`
    DoubleOption,
}

/// What serde does with a field, as data; `render` writes the `#[serde(...)]` attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSerde {
    /// The wire name, when it differs from the Rust name.
    pub rename: Option<String>,
    /// Absent reads as the type's default (`None`).
    pub default: bool,
    /// `None` is left out when writing.
    pub skip_none: bool,
    /// The field never goes through serde (query and header parameters, file parts, a body
    /// serialised on its own).
    pub skip: bool,
    /// The field's own fields sit at the top level of the object (`#[serde(flatten)]`): an
    /// `allOf` part that is a union.
    pub flatten: bool,
    /// The value is written and read through the runtime's `timestamp` and `timestamp_read`
    /// modules (`serialize_with`, `deserialize_with`; `render/rust.rs` writes the attribute): a
    /// `time` or lenient-chrono value.
    pub timestamp_adapter: bool,
}

/// The wrapping of a field's type for its presence on a side of the wire.
pub fn wrapping(presence: Presence, side: Side) -> Wrapping {
    match (presence, side) {
        (Presence::Required, _) => Wrapping::Plain,
        (Presence::OptionalNullable, Side::Request) => Wrapping::DoubleOption,
        _ => Wrapping::Option,
    }
}

/// The serde behaviour of a field: the one place that decides `rename`, `default` and
/// `skip_serializing_if` from presence and side.
pub fn field_serde(
    presence: Presence,
    side: Side,
    bare_rust_name: &str,
    wire_name: &str,
) -> FieldSerde {
    let rename = (bare_rust_name != wire_name).then(|| wire_name.to_owned());
    match (presence, side) {
        // Required (nullable or not): always sent, `null` when `None`.
        (Presence::Required | Presence::Nullable, _) => FieldSerde {
            rename,
            ..FieldSerde::default()
        },
        (Presence::OptionalNullable, Side::Request) => FieldSerde {
            rename,
            skip_none: true,
            ..FieldSerde::default()
        },
        (_, Side::Model) => FieldSerde {
            rename,
            default: true,
            skip_none: true,
            ..FieldSerde::default()
        },
        (_, Side::Request) => FieldSerde {
            rename,
            skip_none: true,
            ..FieldSerde::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_and_side_decide_wrapping_and_serde() {
        let cases = [
            (
                Presence::Required,
                Side::Model,
                Wrapping::Plain,
                false,
                false,
            ),
            (
                Presence::Nullable,
                Side::Model,
                Wrapping::Option,
                false,
                false,
            ),
            (
                Presence::Optional,
                Side::Model,
                Wrapping::Option,
                true,
                true,
            ),
            (
                Presence::OptionalNullable,
                Side::Model,
                Wrapping::Option,
                true,
                true,
            ),
            (
                Presence::Optional,
                Side::Request,
                Wrapping::Option,
                false,
                true,
            ),
            (
                Presence::OptionalNullable,
                Side::Request,
                Wrapping::DoubleOption,
                false,
                true,
            ),
        ];
        for (presence, side, wrap, default, skip_none) in cases {
            assert_eq!(wrapping(presence, side), wrap, "{presence:?} {side:?}");
            let serde = field_serde(presence, side, "ids", "ids");
            assert_eq!(
                (serde.default, serde.skip_none, serde.rename),
                (default, skip_none, None)
            );
        }
        assert_eq!(
            field_serde(Presence::Required, Side::Model, "is_x", "isX")
                .rename
                .as_deref(),
            Some("isX")
        );
        assert_eq!(Presence::of(false, true), Presence::OptionalNullable);
        assert!(Presence::Nullable.is_required() && !Presence::Optional.is_nullable());
    }
}
