//! A parameter value's JSON form taken apart for the OpenAPI style tables: a scalar's text, an
//! array's items, an object's keys and values. Shared by the styled query, header and cookie
//! encoders.

use crate::runtime::request::RequestSpec;

/// A parameter value as the style tables see it.
pub(crate) enum ParamValue {
    /// `null`: nothing is sent.
    Absent,
    Scalar(String),
    List(Vec<String>),
    /// Keys and values in the order serde writes them; `null` members are left out.
    Object(Vec<(String, String)>),
}

impl ParamValue {
    /// Not exploded: items, or keys and values, joined by `delimiter` (`a,b`, `k,v,k2,v2`).
    pub(crate) fn joined(self, delimiter: &str) -> Option<String> {
        match self {
            ParamValue::Absent => None,
            ParamValue::Scalar(text) => Some(text),
            ParamValue::List(items) => Some(items.join(delimiter)),
            ParamValue::Object(pairs) => {
                let parts: Vec<String> = pairs
                    .into_iter()
                    .flat_map(|(k, v)| [k, v])
                    .collect();
                Some(parts.join(delimiter))
            }
        }
    }
}

impl RequestSpec {
    /// The value's JSON form taken apart; a value that cannot be serialised makes the request
    /// invalid (reported when the call is awaited).
    pub(crate) fn param_value(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
    ) -> ParamValue {
        match taken_apart(value) {
            Ok(value) => value,
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("parameter `{name}` cannot be serialised: {err}"),
                    );
                ParamValue::Absent
            }
        }
    }
}

/// Through JSON text rather than `serde_json::Value`, whose objects sort their keys: the style
/// tables keep an object's properties in their written order (`R,100,G,200,B,150`).
fn taken_apart(value: &impl serde::Serialize) -> Result<ParamValue, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    if text.starts_with('{') {
        let Members(members) = serde_json::from_str(&text)?;
        let present = members.iter().filter(|(_, v)| !v.is_null());
        return Ok(
            ParamValue::Object(
                present.map(|(k, v)| (k.clone(), scalar_text(v))).collect(),
            ),
        );
    }
    Ok(
        match serde_json::from_str(&text)? {
            serde_json::Value::Null => ParamValue::Absent,
            serde_json::Value::Array(items) => {
                ParamValue::List(items.iter().map(scalar_text).collect())
            }
            other => ParamValue::Scalar(scalar_text(&other)),
        },
    )
}

/// An object's members in the order they were written.
struct Members(Vec<(String, serde_json::Value)>);
impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// A string as itself, other scalars as JSON (`1`, `true`); the tables do not define nested
/// arrays and objects, which are written as JSON text.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}
