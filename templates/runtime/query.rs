//! Query parameters sent as `?name=value`, one pair per value.

use crate::runtime::request::RequestSpec;
use std::fmt;

impl RequestSpec {
    /// `?name=value`
    pub(crate) fn push(&mut self, name: &str, value: &impl fmt::Display) {
        self.query.push((name.to_owned(), value.to_string()));
    }
}
