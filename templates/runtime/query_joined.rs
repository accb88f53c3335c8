//! Array query parameters sent comma-separated in one pair (`form` style, not exploded).

use crate::runtime::request::RequestSpec;
use std::fmt;

impl RequestSpec {
    /// `?name=a,b`
    pub(crate) fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.query.push((name.to_owned(), joined.join(",")));
    }
}
