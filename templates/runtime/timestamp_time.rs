//! The `time` crate's types on the wire: `OffsetDateTime` as RFC 3339 (`date-time`, the offset
//! kept as sent) and `Date` as `YYYY-MM-DD` (`date`); the crate's own serde forms are neither.

use super::date_time_text::prepare;
use super::timestamp::{WireTime, read_text};
use serde::ser::Error as _;
use serde::{Deserializer, Serializer};
use time::format_description::well_known::{Iso8601, Rfc3339};

impl WireTime for time::OffsetDateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(&Rfc3339).map_err(S::Error::custom)?)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, "RFC 3339 date-time", parse_date_time)
    }
}

impl WireTime for time::Date {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(&Iso8601::DATE).map_err(S::Error::custom)?)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, "date (YYYY-MM-DD)", parse_date)
    }
}

fn parse_date_time(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(&prepare(text), &Rfc3339).ok()
}

fn parse_date(text: &str) -> Option<time::Date> {
    time::Date::parse(text, &Iso8601::DATE).ok()
}
