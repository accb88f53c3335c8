//! chrono timestamps read leniently (`types.date-time-parsing: lenient`): through
//! `date_time_text::prepare`, then as RFC 3339, normalised to UTC. chrono's names are written in
//! full, so that they do not take names from the API's own types.

use super::date_time_text::prepare;
use super::timestamp_read::{ReadTime, read_text};
use serde::Deserializer;

impl ReadTime for chrono::DateTime<chrono::Utc> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_text(deserializer, "RFC 3339 date-time", parse_date_time)
    }
}

fn parse_date_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let parsed = chrono::DateTime::parse_from_rfc3339(&prepare(text)).ok()?;
    Some(parsed.with_timezone(&chrono::Utc))
}
