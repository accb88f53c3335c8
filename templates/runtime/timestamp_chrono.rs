//! chrono timestamps read leniently (`types.date-time-parsing: lenient`): through
//! `date_time_text::prepare`, then as RFC 3339, normalised to UTC. Strict chrono timestamps use
//! chrono's own serde form and do not come here. chrono's names are written in full, so that
//! they do not take names from the API's own types.

use super::date_time_text::prepare;
use super::timestamp::{WireTime, read_text};
use serde::{Deserializer, Serializer};

impl WireTime for chrono::DateTime<chrono::Utc> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        serializer.serialize_str(&text)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, "RFC 3339 date-time", parse_date_time)
    }
}

fn parse_date_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let parsed = chrono::DateTime::parse_from_rfc3339(&prepare(text)).ok()?;
    Some(parsed.with_timezone(&chrono::Utc))
}
