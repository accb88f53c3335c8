//! chrono timestamps written on the wire when they are read leniently
//! (`types.date-time-parsing: lenient`, see `timestamp_chrono_read.rs`): as RFC 3339 in UTC.
//! Strict chrono timestamps use chrono's own serde form and do not come here. chrono's names
//! are written in full, so that they do not take names from the API's own types.

use super::timestamp::WireTime;
use serde::Serializer;

impl WireTime for chrono::DateTime<chrono::Utc> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        serializer.serialize_str(&text)
    }
}
