//! The `time` crate's types read from the wire: `OffsetDateTime` from RFC 3339 (`date-time`, the
//! offset kept as sent) and `Date` from `YYYY-MM-DD` (`date`).

use super::date_time_text::prepare;
use super::timestamp_read::{ReadTime, read_text};
use serde::Deserializer;
use time::format_description::well_known::{Iso8601, Rfc3339};

impl ReadTime for time::OffsetDateTime {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, "RFC 3339 date-time", parse_date_time)
    }
}

impl ReadTime for time::Date {
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
