//! The fields of a form or multipart body as the parts they are sent in.

use crate::runtime::flatten::flatten_pairs;
use serde_json::Value;

/// One part of a form or multipart body.
pub(crate) struct FieldPart {
    pub(crate) name: String,
    pub(crate) value: PartValue,
}

/// A part's value: text, or JSON (`Content-Type: application/json` in a multipart body).
pub(crate) enum PartValue {
    Text(String),
    Json(String),
}

impl PartValue {
    pub(crate) fn text(&self) -> &str {
        match self {
            PartValue::Text(text) | PartValue::Json(text) => text,
        }
    }
}

/// The parts of a form (`multipart: false`) or multipart body, from its fields' JSON: `null`
/// is left out, a scalar is one part, and an array of scalars one part per item under the
/// field's name (`tag=a&tag=b`: OpenAPI's default `explode: true`, as form servers read it).
/// An object, or an array holding one, is `name[key]=value` pairs in a form and one JSON part
/// in a multipart body (OpenAPI's default content type for it). The `deep` fields (the
/// document's `encoding` gives them `style: deepObject`, as Stripe's does) are always
/// `name[key]=value` and `name[0]=value` pairs.
pub(crate) fn field_parts(
    value: &Value,
    deep: &[&str],
    multipart: bool,
) -> Vec<FieldPart> {
    let Value::Object(fields) = value else {
        return text_parts(String::new(), value);
    };
    let mut parts = Vec::new();
    for (name, value) in fields {
        let items = match value {
            Value::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        let scalars = items.iter().all(|item| !item.is_object() && !item.is_array());
        if deep.contains(&name.as_str()) {
            parts.extend(text_parts(name.clone(), value));
        } else if scalars {
            for text in items.iter().filter_map(scalar_text) {
                parts
                    .push(FieldPart {
                        name: name.clone(),
                        value: PartValue::Text(text),
                    });
            }
        } else if multipart {
            parts
                .push(FieldPart {
                    name: name.clone(),
                    value: PartValue::Json(value.to_string()),
                });
        } else {
            parts.extend(text_parts(name.clone(), value));
        }
    }
    parts
}

/// A scalar's text; `None` for `null` (left out) and for arrays and objects.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) => Some(text.clone()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// `name[key][0]=value` parts of a value.
fn text_parts(name: String, value: &Value) -> Vec<FieldPart> {
    let mut pairs = Vec::new();
    flatten_pairs(name, value, &mut pairs);
    (pairs.into_iter())
        .map(|(name, text)| FieldPart {
            name,
            value: PartValue::Text(text),
        })
        .collect()
}
