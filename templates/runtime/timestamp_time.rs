//! The `time` crate's types written on the wire: `OffsetDateTime` as RFC 3339 (`date-time`, the
//! offset kept) and `Date` as `YYYY-MM-DD` (`date`); the crate's own serde forms are neither.
//! `timestamp_time_read.rs` reads them.

use super::timestamp::WireTime;
use serde::Serializer;
use serde::ser::Error as _;
use time::format_description::well_known::{Iso8601, Rfc3339};

impl WireTime for time::OffsetDateTime {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(&Rfc3339).map_err(S::Error::custom)?)
    }
}

impl WireTime for time::Date {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(&Iso8601::DATE).map_err(S::Error::custom)?)
    }
}
