//! What kind of thing a schema is, read off the parsed document: an object and its properties,
//! a string or integer enum (values deduplicated), a union's arms, a plain type. Pure functions,
//! no naming and no diagnostics; `schemas` decides what to make of the answers.

use super::docs::code_span;
use crate::config::{DateCrate, FormatTypes};
use crate::ir::{Scalar, Ty};
use openapiv3::{
    AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// Whether an inline schema needs a named model (objects with properties, enums, unions, merges).
pub(super) fn needs_model(schema: &Schema) -> bool {
    if super::tuples::is_tuple(schema) {
        return true;
    }
    if string_enum_values(schema).is_some() || integer_enum_values(schema).is_some() {
        return true;
    }
    let has_properties = object_parts(schema).is_some_and(|(properties, _)| !properties.is_empty());
    if let Some(parts) = all_of_parts(schema) {
        return typed_parts(parts).len() > 1 || has_properties;
    }
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms } => arms.len() > 1,
        _ => has_properties,
    }
}

/// The parts of an `allOf`, also when the parser filed the schema under `Any` because other
/// keywords sit beside the `allOf` (`required`, `properties`, `type: object`).
pub(super) fn all_of_parts(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any)
            if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() =>
        {
            Some(&any.all_of)
        }
        _ => None,
    }
}

/// Whether a schema is a value with no fields: a string, number, integer, boolean or array
/// (an enum included), the kind of `allOf` part that restates or narrows a scalar type.
pub(super) fn is_scalar(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(
            Type::String(_)
                | Type::Integer(_)
                | Type::Number(_)
                | Type::Boolean(_)
                | Type::Array(_)
        )
    )
}

/// The parts of an `allOf` that say something about the type, with their indexes: a part that
/// only annotates (`{description: …}` beside a `$ref`, a common way to document a reference in
/// 3.0) constrains nothing and is left out.
pub(super) fn typed_parts(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| match part {
            ReferenceOr::Item(schema) => {
                !matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
            }
            ReferenceOr::Reference { .. } => true,
        })
        .collect()
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

/// The `required` list of a schema that the parser filed as an object or as `Any`, with or
/// without `properties` beside it (`allOf: [$ref: Base, {required: [kind]}]`).
pub(super) fn required_beside(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.required,
        SchemaKind::Any(any) => &any.required,
        _ => &[],
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

/// A string schema's type. Formats stay `String` unless `sdk.yaml`'s `types:` maps them: servers
/// in the wild (this project's first customer included) send timestamps without a zone, which a
/// strict date type would reject for the whole response.
pub(super) fn string_type(
    format: &VariantOrUnknownOrEmpty<StringFormat>,
    types: &FormatTypes,
) -> Ty {
    let scalar = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => match types.date_time {
            Some(DateCrate::Chrono) => Scalar::DateTime,
            Some(DateCrate::Time) => Scalar::TimeDateTime,
            None => return Ty::String,
        },
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => match types.date {
            Some(DateCrate::Chrono) => Scalar::Date,
            Some(DateCrate::Time) => Scalar::TimeDate,
            None => return Ty::String,
        },
        VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
            "uuid" if types.uuid => Scalar::Uuid,
            "uri" if types.uri => Scalar::Url,
            "decimal" if types.decimal => Scalar::Decimal,
            _ => return Ty::String,
        },
        _ => return Ty::String,
    };
    Ty::Scalar(scalar)
}

/// An integer schema's type: the format's width and sign (`uint64` → `u64`), `i64` when it
/// names none (JSON integers beyond 32 bits are common).
pub(super) fn integer_type(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
        VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
            "int8" => Ty::Scalar(Scalar::I8),
            "int16" => Ty::Scalar(Scalar::I16),
            "uint8" => Ty::Scalar(Scalar::U8),
            "uint16" => Ty::Scalar(Scalar::U16),
            "uint32" => Ty::Scalar(Scalar::U32),
            "uint64" => Ty::Scalar(Scalar::U64),
            _ => Ty::I64,
        },
        _ => Ty::I64,
    }
}

pub(super) fn union_arms(schema: &Schema) -> &[ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => &[],
    }
}

/// The one composition arm of a schema that also names a `type` and nothing else that shapes
/// the value, with its keyword: `{type: object, nullable: true, allOf: [$ref]}` is how OpenAPI
/// 3.0.3 makes a reference nullable (`nullable` counts only beside a `type`), and the arm is the
/// type. The parser files such a schema under `Any`, which would otherwise read as a free-form map.
pub(super) fn typed_single_arm(schema: &Schema) -> Option<(&'static str, &ReferenceOr<Schema>)> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let shapes_itself = !any.properties.is_empty()
        || any.additional_properties.is_some()
        || any.items.is_some()
        || !any.enumeration.is_empty()
        || any.not.is_some();
    if shapes_itself {
        return None;
    }
    match (
        any.all_of.as_slice(),
        any.one_of.as_slice(),
        any.any_of.as_slice(),
    ) {
        ([arm], [], []) => Some(("allOf", arm)),
        ([], [arm], []) => Some(("oneOf", arm)),
        ([], [], [arm]) => Some(("anyOf", arm)),
        _ => None,
    }
}

pub(super) fn kind_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::AllOf { .. } => "allOf",
        _ => "oneOf",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_typed_nullable_reference_is_its_one_arm() {
        let nullable_ref =
            schema("{type: object, nullable: true, allOf: [{$ref: '#/components/schemas/A'}]}");
        let (keyword, arm) = typed_single_arm(&nullable_ref).unwrap();
        assert_eq!(keyword, "allOf");
        assert_eq!(
            arm,
            &ReferenceOr::Reference {
                reference: "#/components/schemas/A".to_owned()
            }
        );
        let one_of = schema("{type: object, oneOf: [{$ref: '#/components/schemas/A'}]}");
        assert_eq!(typed_single_arm(&one_of).unwrap().0, "oneOf");
    }

    #[test]
    fn a_typed_schema_with_its_own_shape_or_several_arms_is_not() {
        for yaml in [
            "{type: object, properties: {a: {type: string}}, allOf: [{$ref: '#/x'}]}",
            "{type: object, additionalProperties: true, allOf: [{$ref: '#/x'}]}",
            "{type: object, allOf: [{$ref: '#/x'}, {$ref: '#/y'}]}",
            "{type: object, allOf: [{$ref: '#/x'}], oneOf: [{$ref: '#/y'}]}",
            "{type: object}",
            "{allOf: [{$ref: '#/x'}]}",
        ] {
            assert!(typed_single_arm(&schema(yaml)).is_none(), "{yaml}");
        }
    }
}
