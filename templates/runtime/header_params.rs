//! Header parameters an operation declares.

use crate::runtime::request::RequestSpec;
use std::fmt;

impl RequestSpec {
    pub(crate) fn header(&mut self, name: &str, value: &impl fmt::Display) {
        self.headers.push((name.to_owned(), value.to_string()));
    }
}
