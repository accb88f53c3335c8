//! Dates and timestamps as JSON text where the type's own serde form will not do: the `time`
//! crate's types (whose serde form is not RFC 3339) and chrono timestamps read leniently. A
//! field of such a type, or of an `Option`, `Vec`, map or `Box` of one, names this module in
//! `#[serde(with = "crate::runtime::timestamp")]`; the types implement `WireTime` in
//! `timestamp_time.rs` and `timestamp_chrono.rs`, and read their text through
//! `date_time_text::prepare` (strict or lenient, as `sdk.yaml` chose).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A date or timestamp written as text on the wire, or a container of them.
pub trait WireTime: Sized {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(with)]`'s writer.
pub fn serialize<T: WireTime, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// `#[serde(with)]`'s reader.
pub fn deserialize<'de, T: WireTime, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// Reads a JSON string and parses it; a failure names what was expected and the text, and
/// (through the client's decoder) the field's path. The text is parsed inside the visitor, so
/// that the JSON reader places a failure on the string itself.
pub(crate) fn read_text<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expected: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(TextVisitor { expected, parse })
}

/// `read_text`'s visitor.
struct TextVisitor<'a, F> {
    expected: &'a str,
    parse: F,
}

impl<'de, T, F> serde::de::Visitor<'de> for TextVisitor<'_, F>
where
    F: FnOnce(&str) -> Option<T>,
{
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        let expected = self.expected;
        (self.parse)(text)
            .ok_or_else(|| E::custom(format!("invalid {expected}: `{text}`")))
    }
}

/// A borrowed `WireTime` inside a container being written.
struct Out<'a, T>(&'a T);
impl<T: WireTime> Serialize for Out<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// A `WireTime` read on its own: inside a container, or from a CLI flag.
pub(crate) struct Wire<T>(pub(crate) T);
impl<'de, T: WireTime> Deserialize<'de> for Wire<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Wire)
    }
}

impl<T: WireTime> WireTime for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Out(value)),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Wire<T>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T: WireTime> WireTime for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Out))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Wire<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T: WireTime> WireTime for BTreeMap<String, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Out(value))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, Wire<T>>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|(key, value)| (key, value.0)).collect())
    }
}

impl<T: WireTime> WireTime for Box<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).write(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Box::new)
    }
}
