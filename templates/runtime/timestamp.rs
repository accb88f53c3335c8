//! Dates and timestamps as JSON text where the type's own serde form will not do: the `time`
//! crate's types (whose serde form is not RFC 3339) and chrono timestamps read leniently. A
//! field of such a type, or of an `Option`, `Vec`, map or `Box` of one, is written by
//! `serialize` here (`#[serde(serialize_with = "…")]`) and read by `timestamp_read`'s
//! `deserialize`. Writing and reading are separate modules, so that a build which only sends
//! such values (a request's parameters) or only receives them has no dead code. The types
//! implement `WireTime` in `timestamp_time.rs` and `timestamp_chrono.rs`.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// A date or timestamp written as text on the wire, or a container of them.
pub trait WireTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// `#[serde(serialize_with)]`'s writer.
pub fn serialize<T: WireTime, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// A borrowed `WireTime` inside a container being written.
struct Out<'a, T>(&'a T);
impl<T: WireTime> Serialize for Out<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<T: WireTime> WireTime for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Out(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: WireTime> WireTime for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Out))
    }
}

impl<T: WireTime> WireTime for BTreeMap<String, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Out(value))))
    }
}

impl<T: WireTime> WireTime for Box<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).write(serializer)
    }
}
