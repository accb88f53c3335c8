//! What kind of thing a schema is, read off the parsed document: an object and its properties,
//! a string or integer enum (values deduplicated), a union's arms, a plain type. Pure functions,
//! no naming and no diagnostics; `schemas` decides what to make of the answers.

use super::docs::code_span;
use crate::ir::Ty;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// Whether an inline schema needs a named model (objects with properties, enums, unions, merges).
pub(super) fn needs_model(schema: &Schema) -> bool {
    if string_enum_values(schema).is_some() || integer_enum_values(schema).is_some() {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: arms }
        | SchemaKind::AnyOf { any_of: arms }
        | SchemaKind::AllOf { all_of: arms } => arms.len() > 1,
        _ => object_parts(schema).is_some_and(|(properties, _)| !properties.is_empty()),
    }
}

/// An object schema's properties, in document order.
pub type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

pub fn object_parts(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some((&object.properties, &object.required)),
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            Some((&any.properties, &any.required))
        }
        _ => None,
    }
}

pub(super) fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            // Duplicates would be unreachable match arms; the first occurrence is kept.
            let mut values: Vec<String> = Vec::new();
            for value in string.enumeration.iter().flatten() {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
            Some(values)
        }
        _ => None,
    }
}

/// A description with the schema's default appended (`Default: `20`.`).
pub fn describe(description: Option<&str>, default: Option<&serde_json::Value>) -> Option<String> {
    let default = default.map(|value| format!("Default: {}.", code_span(&value.to_string())));
    match (description, default) {
        (Some(text), Some(default)) => Some(format!("{text}\n\n{default}")),
        (text, default) => text.map(str::to_owned).or(default),
    }
}

pub(super) fn integer_enum_values(schema: &Schema) -> Option<Vec<i64>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
            let mut values: Vec<i64> = Vec::new();
            for value in integer.enumeration.iter().flatten() {
                if !values.contains(value) {
                    values.push(*value);
                }
            }
            Some(values)
        }
        _ => None,
    }
}

pub(super) fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    // Dates stay strings: servers in the wild (this project's first customer included) send
    // timestamps without a zone, which a strict date type would reject for the whole response.
    match format {
        VariantOrUnknownOrEmpty::Item(_)
        | VariantOrUnknownOrEmpty::Unknown(_)
        | VariantOrUnknownOrEmpty::Empty => Ty::String,
    }
}

pub(super) fn union_arms(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => &[],
    }
}

pub(super) fn kind_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::AllOf { .. } => "allOf",
        _ => "oneOf",
    }
}
