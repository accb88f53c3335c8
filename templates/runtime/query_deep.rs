//! Object query parameters in `deepObject` style.

use crate::runtime::flatten::flatten_pairs;
use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// `?name[key]=value…` (deepObject): the value's JSON form, flattened.
    pub(crate) fn push_deep(&mut self, name: &str, value: &impl serde::Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => flatten_pairs(name.to_owned(), &value, &mut self.query),
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("query parameter `{name}` cannot be serialised: {err}"),
                    );
            }
        }
    }
}
