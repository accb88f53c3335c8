//! A string enum's value as received, for enums whose values read as numbers or booleans
//! (`"4.1"`, `"true"`; documents write `enum: [4.1, true]` unquoted in YAML): a server may send
//! them unquoted, so such a value is taken as its JSON text (`1.0` stays `"1.0"`), matching the
//! variant of that spelling or becoming `Unknown`, instead of failing the whole response.

use std::borrow::Cow;

/// The text of a string enum's value: a JSON string as it is, a number or boolean as its JSON
/// text.
pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_any(EnumText)
}

struct EnumText;
impl<'de> serde::de::Visitor<'de> for EnumText {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string (or a number or boolean, taken as its text)")
    }

    fn visit_borrowed_str<E: serde::de::Error>(
        self,
        value: &'de str,
    ) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        let text = serde_json::Number::from_f64(value)
            .map_or_else(|| value.to_string(), |number| number.to_string());
        Ok(Cow::Owned(text))
    }
}
