//! The pending side of schema lowering: a field or model whose shape is decided but whose IR
//! form is not built yet (`models` finishes them), the schema-or-reference view the lowerers
//! take, and the note a degraded item carries into its docs.

use crate::ir::{Presence, Ty};
use openapiv3::{ReferenceOr, Schema};
use std::collections::BTreeMap;

/// A description with what the generator degraded appended, so the crate's docs say it.
pub fn with_degradation_notes(description: Option<String>, notes: &[String]) -> Option<String> {
    if notes.is_empty() {
        return description;
    }
    let notes: Vec<String> = notes.iter().map(|note| format!("- {note}")).collect();
    let section = format!(
        "Degraded by the generator (the API description could not be modelled exactly):\n{}",
        notes.join("\n")
    );
    Some(match description {
        Some(text) => format!("{text}\n\n{section}"),
        None => section,
    })
}

/// The hint of a warning whose value is kept as any JSON.
pub(super) const JSON_HINT: &str = "the value is kept as `serde_json::Value`";

/// A struct field before it is rendered for a side of the wire.
#[derive(Clone, Debug)]
pub struct LoweredField {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: Ty,
    pub presence: Presence,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `type: string, format: binary` (or an array of them): a file (or files) when the body
    /// is multipart.
    pub binary: FileShape,
    /// Sent by the server only: left out of request parameters.
    pub read_only: bool,
    /// Write-only and required: optional in models (the server never sends it back), required
    /// where a request's parameters carry it.
    pub required_in_requests: bool,
    /// A union's value whose fields sit beside the struct's own (`#[serde(flatten)]`): an
    /// `allOf` part that is a `oneOf`/`anyOf` (see `all_of_unions`).
    pub flatten: bool,
}

/// Whether a field's schema is binary content: a file part of a multipart body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileShape {
    NotBinary,
    /// `type: string, format: binary`.
    One,
    /// `type: array` of those: as many file parts as the caller gives, under one name.
    Many,
}

impl FileShape {
    /// The shape of an inline schema (a `$ref` is never taken for a file).
    pub fn of(schema: &openapiv3::Schema) -> FileShape {
        use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
        let binary = |kind: &SchemaKind| {
            matches!(kind, SchemaKind::Type(Type::String(s))
                if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary)))
        };
        match &schema.schema_kind {
            kind if binary(kind) => FileShape::One,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(openapiv3::ReferenceOr::Item(items)) if binary(&items.schema_kind) => {
                    FileShape::Many
                }
                _ => FileShape::NotBinary,
            },
            _ => FileShape::NotBinary,
        }
    }
}

/// A model whose shape is decided but whose Rust text is not rendered yet.
#[derive(Clone, Debug)]
pub enum PendingKind {
    Struct(Vec<LoweredField>),
    StringEnum(Vec<String>),
    IntegerEnum(Vec<i64>),
    /// Discriminator property and `(tag value, variant model)` pairs.
    TaggedUnion(String, Vec<(String, String)>),
    UntaggedUnion(Vec<Ty>),
    Tuple(crate::ir::TupleModel),
    Alias(Ty),
}

#[derive(Clone, Debug)]
pub struct PendingModel {
    pub description: Option<String>,
    pub deprecated: bool,
    pub kind: PendingKind,
    /// Where the schema is in the document (`#/components/schemas/Pet`, or the inline node).
    pub pointer: String,
}

/// A schema or a reference to one, whether it came boxed or not.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// Whether values of `ty` have a text form in the generated crate (`Display` writing what the
/// wire carries): scalars, enums, aliases of them, and unions whose every arm has one (the
/// union's `Display` writes the arm's). Date-times do not: their `Display` is not RFC 3339.
pub fn has_text_form(ty: &Ty, models: &BTreeMap<String, PendingModel>) -> bool {
    text_form_within(ty, models, 0)
}

fn text_form_within(ty: &Ty, models: &BTreeMap<String, PendingModel>, depth: usize) -> bool {
    match ty {
        Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool => true,
        Ty::Scalar(scalar) => scalar.is_displayable_on_the_wire(),
        // Bounded, so a cycle of aliases or unions ends (as not displayable).
        Ty::Named(name) if depth < 16 => match models.get(name).map(|m| &m.kind) {
            Some(PendingKind::StringEnum(_) | PendingKind::IntegerEnum(_)) => true,
            Some(PendingKind::Alias(inner)) => text_form_within(inner, models, depth + 1),
            Some(PendingKind::UntaggedUnion(arms)) => arms
                .iter()
                .all(|arm| text_form_within(arm, models, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}
