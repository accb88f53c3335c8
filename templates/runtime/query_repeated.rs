//! Array query parameters sent as repeated pairs (`form` style, exploded).

use crate::runtime::request::RequestSpec;
use std::fmt;

impl RequestSpec {
    /// `?name=a&name=b`
    pub(crate) fn push_each<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        for value in values {
            self.push(name, value);
        }
    }
}
