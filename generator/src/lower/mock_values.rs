//! The values the generated mock tests call each operation with (`ir::MockValues`): for every
//! path parameter and required field, the spec's own example (parameter `example`/`examples`,
//! then the schema's `example`, `default`, first `enum` value), else a value synthesized from the
//! schema that a validating mock accepts (formats, bounds, lengths, required properties, the
//! first arm of a union with its discriminator set). Reads the spec only; reports nothing.

use super::context::{Resolver, SpecOperation, json_media};
use super::mock_patterns::matching_string;
use super::tagged_unions::ref_arm_tag;
use crate::ir::{MockValues, ParamField, ParamLocation, PathParam};
use openapiv3::{
    Parameter, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Value, json};

/// How deep a synthesized value nests before giving up (recursive schemas).
const MAX_DEPTH: usize = 12;

/// The mock call's values for one lowered operation.
pub fn mock_values(
    resolver: Resolver<'_>,
    op: &SpecOperation<'_>,
    path_params: &[PathParam],
    fields: &[ParamField],
    body_field: Option<&str>,
) -> MockValues {
    let values = Values { resolver };
    let mut out = MockValues {
        path: vec![None; path_params.len()],
        fields: Vec::new(),
    };
    for parameter in values.parameters(op) {
        let data = parameter.parameter_data_ref();
        let value = values.parameter_value(parameter);
        if matches!(parameter, Parameter::Path { .. }) {
            if let Some(index) =
                (path_params.iter()).position(|p| p.wire_name.as_str() == data.name)
            {
                out.path[index] = value;
            }
            continue;
        }
        let location = match parameter {
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            _ => ParamLocation::Cookie,
        };
        let field = fields.iter().find(|f| {
            f.location == location && f.field.wire_name.as_str().eq_ignore_ascii_case(&data.name)
        });
        if let (Some(field), Some(value)) = (field, value)
            && field.field.presence.is_plain()
        {
            out.fields.push((field.field.rust_name.clone(), value));
        }
    }
    // Path parameters the document forgot to declare are strings (see `parameters`).
    for value in out.path.iter_mut().filter(|value| value.is_none()) {
        *value = Some(json!("id"));
    }
    let body = values.body_value(op);
    let body_fields = fields.iter().filter(|f| f.location == ParamLocation::Body);
    for field in body_fields.filter(|f| f.field.presence.is_plain()) {
        let value = match (body_field, &body) {
            (Some(name), Some(body)) if name == field.field.rust_name => Some(body.clone()),
            (None, Some(Value::Object(body))) => body.get(field.field.wire_name.as_str()).cloned(),
            _ => None,
        };
        if let Some(value) = value {
            out.fields.push((field.field.rust_name.clone(), value));
        }
    }
    out
}

struct Values<'a> {
    resolver: Resolver<'a>,
}

impl<'a> Values<'a> {
    /// The operation's parameters, path-item ones first and overridden by the operation's.
    fn parameters(&self, op: &SpecOperation<'a>) -> Vec<&'a Parameter> {
        let mut merged: Vec<&'a Parameter> = Vec::new();
        for list in [&op.path_item.parameters, &op.operation.parameters] {
            for parameter in list.iter().filter_map(|p| self.parameter(p)) {
                let name = &parameter.parameter_data_ref().name;
                merged.retain(|p| {
                    p.parameter_data_ref().name != *name
                        || std::mem::discriminant(*p) != std::mem::discriminant(parameter)
                });
                merged.push(parameter);
            }
        }
        merged
    }

    fn parameter(&self, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
        (self.resolver).find_component(parameter, "parameters", |c| &c.parameters)
    }

    /// The parameter's own example, else one from its schema (or its content's schema).
    fn parameter_value(&self, parameter: &Parameter) -> Option<Value> {
        let data = parameter.parameter_data_ref();
        let example = data
            .example
            .clone()
            .or_else(|| (data.examples.values()).find_map(|example| self.example(example)));
        example.or_else(|| match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => self.value(schema, 0),
            openapiv3::ParameterSchemaOrContent::Content(content) => {
                let media = content.values().next()?;
                self.media_example(media)
                    .or_else(|| self.value(media.schema.as_ref()?, 0))
            }
        })
    }

    /// The request body's example (the JSON one when there are several media types).
    fn body_value(&self, op: &SpecOperation<'a>) -> Option<Value> {
        let body: &RequestBody = (self.resolver).find_component(
            op.operation.request_body.as_ref()?,
            "requestBodies",
            |c| &c.request_bodies,
        )?;
        let (_, media) = json_media(&body.content).or_else(|| body.content.iter().next())?;
        // A whole-body example is the spec author's request; a synthesized one only fills the
        // required properties.
        self.media_example(media)
            .or_else(|| self.value(media.schema.as_ref()?, 0))
    }

    /// A media type's `example`, else the first of its `examples` with a value.
    fn media_example(&self, media: &openapiv3::MediaType) -> Option<Value> {
        (media.example.clone()).or_else(|| media.examples.values().find_map(|e| self.example(e)))
    }

    /// An example object's value, through a `#/components/examples/…` reference.
    fn example(&self, example: &'a ReferenceOr<openapiv3::Example>) -> Option<Value> {
        let example = (self.resolver).find_component(example, "examples", |c| &c.examples)?;
        example.value.clone()
    }

    fn value(&self, schema: &ReferenceOr<Schema>, depth: usize) -> Option<Value> {
        match schema {
            ReferenceOr::Item(schema) => self.schema_value(schema, depth),
            ReferenceOr::Reference { reference } => {
                let (_, schema) = self.resolver.schema(reference)?;
                self.schema_value(schema, depth)
            }
        }
    }

    fn boxed_value(&self, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> Option<Value> {
        match schema {
            ReferenceOr::Item(schema) => self.schema_value(schema, depth),
            ReferenceOr::Reference { reference } => {
                let (_, schema) = self.resolver.schema(reference)?;
                self.schema_value(schema, depth)
            }
        }
    }

    fn schema_value(&self, schema: &Schema, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let data = &schema.schema_data;
        // An example or default of another JSON kind than the schema's (real documents write
        // `"example": "32"` for integers and JSON text for arrays) would not decode: synthesize.
        // YAML's unquoted `example: 4.99` on a string is its text.
        let fitting = |value: &Option<Value>| {
            let value = match (value, &schema.schema_kind) {
                (
                    Some(value @ (Value::Number(_) | Value::Bool(_))),
                    SchemaKind::Type(Type::String(_)),
                ) => Some(Value::String(value.to_string())),
                _ => value.clone(),
            };
            value.filter(|value| fits(value, schema))
        };
        if let Some(example) = fitting(&data.example).or_else(|| fitting(&data.default)) {
            // An object's example often carries read-only properties a request may not send;
            // its required properties are built instead.
            if !example.is_object()
                || !matches!(schema.schema_kind, SchemaKind::Type(Type::Object(_)))
            {
                return Some(example);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.type_value(ty, depth),
            SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms } => {
                self.union_value(schema, arms, depth)
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged = Map::new();
                for part in all_of {
                    match self.value(part, depth + 1)? {
                        Value::Object(object) => merged.extend(object),
                        other if all_of.len() == 1 => return Some(other),
                        _ => {}
                    }
                }
                Some(Value::Object(merged))
            }
            SchemaKind::Not { .. } => None,
            SchemaKind::Any(any) => {
                if let Some(first) = any.enumeration.first() {
                    return Some(first.clone());
                }
                if !(any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()) {
                    return self.composed_value(schema, any, depth);
                }
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    return self.object_value(&any.properties, &any.required, depth);
                }
                match any.typ.as_deref() {
                    Some("string") => {
                        Some(match any.pattern.as_deref().and_then(matching_string) {
                            Some(text) => json!(text),
                            None => {
                                string_value(any.format.as_deref(), any.min_length, any.max_length)
                            }
                        })
                    }
                    Some("integer") => Some(json!(
                        number_in(any.minimum, any.maximum, false, false) as i64
                    )),
                    Some("number") => {
                        Some(json!(number_in(any.minimum, any.maximum, false, false)))
                    }
                    Some("boolean") => Some(json!(true)),
                    Some("array") => {
                        let item = self.boxed_value(any.items.as_ref()?, depth + 1)?;
                        Some(Value::Array(vec![item; any.min_items.unwrap_or(1).max(1)]))
                    }
                    _ => Some(json!({})),
                }
            }
        }
    }

    /// `properties` beside `allOf` / `oneOf` / `anyOf`: the parts' values merged with the
    /// schema's own required properties.
    fn composed_value(
        &self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        depth: usize,
    ) -> Option<Value> {
        let mut parts = Vec::new();
        for part in &any.all_of {
            parts.push(self.value(part, depth + 1)?);
        }
        for arms in [&any.one_of, &any.any_of]
            .into_iter()
            .filter(|arms| !arms.is_empty())
        {
            parts.push(self.union_value(schema, arms, depth)?);
        }
        if !parts.iter().all(Value::is_object) {
            return parts.into_iter().next();
        }
        let mut merged = Map::new();
        for part in parts {
            merged.extend(part.as_object().cloned().unwrap_or_default());
        }
        if let Some(Value::Object(own)) = self.object_value(&any.properties, &any.required, depth) {
            merged.extend(own);
        }
        Some(Value::Object(merged))
    }

    fn type_value(&self, ty: &Type, depth: usize) -> Option<Value> {
        Some(match ty {
            Type::String(s) => match s.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => {
                    let format = match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
                        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.as_str()),
                        _ => None,
                    };
                    match s.pattern.as_deref().and_then(matching_string) {
                        Some(text) => json!(text),
                        None => string_value(format, s.min_length, s.max_length),
                    }
                }
            },
            Type::Integer(i) => match i.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => {
                    let lo = i.minimum.map(|m| m + i64::from(i.exclusive_minimum));
                    let hi = i.maximum.map(|m| m - i64::from(i.exclusive_maximum));
                    let mut value = 1i64.max(lo.unwrap_or(1)).min(hi.unwrap_or(i64::MAX));
                    if let Some(step) = i.multiple_of.filter(|step| *step > 0) {
                        value = (value + step - 1) / step * step;
                    }
                    json!(value)
                }
            },
            Type::Number(n) => match n.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => json!(number_in(
                    n.minimum,
                    n.maximum,
                    n.exclusive_minimum,
                    n.exclusive_maximum
                )),
            },
            Type::Boolean(_) => json!(true),
            Type::Array(array) => {
                let item = self.boxed_value(array.items.as_ref()?, depth + 1)?;
                Value::Array(vec![item; array.min_items.unwrap_or(1).max(1)])
            }
            Type::Object(object) => {
                self.object_value(&object.properties, &object.required, depth)?
            }
        })
    }

    /// The required properties, each with its value (none missing).
    fn object_value(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        depth: usize,
    ) -> Option<Value> {
        let mut object = Map::new();
        for name in required {
            let Some(schema) = properties.get(name) else {
                continue;
            };
            object.insert(name.clone(), self.boxed_value(schema, depth + 1)?);
        }
        Some(Value::Object(object))
    }

    /// The first arm that has a value; with a discriminator, its property names that arm.
    fn union_value(
        &self,
        schema: &Schema,
        arms: &[ReferenceOr<Schema>],
        depth: usize,
    ) -> Option<Value> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        arms.iter().find_map(|arm| {
            let mut value = self.value(arm, depth + 1)?;
            if let (
                Some(discriminator),
                ReferenceOr::Reference { reference },
                Value::Object(object),
            ) = (discriminator, arm, &mut value)
            {
                let tag = ref_arm_tag(self.resolver, discriminator, reference)?;
                object.insert(discriminator.property_name.clone(), json!(tag));
            }
            Some(value)
        })
    }
}

/// A string a validator accepts for the format, within the length bounds.
/// Whether `value` is of the JSON kind `schema`'s type asks for (`null` where it is nullable);
/// schemas without one type take anything.
fn fits(value: &Value, schema: &Schema) -> bool {
    if value.is_null() {
        return schema.schema_data.nullable;
    }
    let typ = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "string",
        SchemaKind::Type(Type::Number(_)) => "number",
        SchemaKind::Type(Type::Integer(_)) => "integer",
        SchemaKind::Type(Type::Boolean(_)) => "boolean",
        SchemaKind::Type(Type::Array(_)) => "array",
        SchemaKind::Type(Type::Object(_)) => "object",
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some(typ) => typ,
            None => return true,
        },
        _ => return true,
    };
    match typ {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn string_value(format: Option<&str>, min: Option<usize>, max: Option<usize>) -> Value {
    let text = match format.unwrap_or("") {
        "uuid" => "0b6cdb1e-4d2b-4c8e-9f3a-1a2b3c4d5e6f",
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com",
        "hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "byte" => "bW9jaw==",
        _ => "string",
    };
    let mut text = text.to_owned();
    while text.len() < min.unwrap_or(0) {
        text.push('x');
    }
    if let Some(max) = max.filter(|max| text.len() > *max) {
        text.truncate(max.max(1));
    }
    json!(text)
}

/// 1, or the nearest number inside the bounds.
fn number_in(min: Option<f64>, max: Option<f64>, exclusive_min: bool, exclusive_max: bool) -> f64 {
    let mut value = 1f64;
    if let Some(min) = min.filter(|min| value < *min || (exclusive_min && value <= *min)) {
        value = if exclusive_min { min + 1.0 } else { min };
    }
    if let Some(max) = max.filter(|max| value > *max || (exclusive_max && value >= *max)) {
        value = if exclusive_max { max - 1.0 } else { max };
    }
    value
}

#[cfg(test)]
#[path = "mock_values_tests.rs"]
mod tests;
