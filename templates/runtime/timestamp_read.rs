//! The reading half of `timestamp`: a field written by `timestamp::serialize` is read by
//! `deserialize` here (`#[serde(deserialize_with = "…")]`), and a CLI flag by `Wire`. The types
//! implement `ReadTime` in `timestamp_time_read.rs` and `timestamp_chrono_read.rs`, and read
//! their text through `date_time_text::prepare` (strict or lenient, as `sdk.yaml` chose).

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A date or timestamp read from text on the wire, or a container of them.
pub trait ReadTime: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(deserialize_with)]`'s reader.
pub fn deserialize<'de, T: ReadTime, D: Deserializer<'de>>(
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

/// A `ReadTime` read on its own: inside a container, or from a CLI flag (through `deserialize`,
/// which a build whose only reader is the CLI would otherwise leave unused).
pub(crate) struct Wire<T>(pub(crate) T);
impl<'de, T: ReadTime> Deserialize<'de> for Wire<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Wire)
    }
}

impl<T: ReadTime> ReadTime for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Wire<T>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T: ReadTime> ReadTime for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Wire<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T: ReadTime> ReadTime for BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, Wire<T>>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|(key, value)| (key, value.0)).collect())
    }
}

impl<T: ReadTime> ReadTime for Box<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Box::new)
    }
}
