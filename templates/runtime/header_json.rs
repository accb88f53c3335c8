//! Header parameters described with `content: application/json`: the value as JSON text.

use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// `Name: {"k":1}`
    pub(crate) fn header_json(&mut self, name: &str, value: &impl serde::Serialize) {
        match serde_json::to_string(value) {
            Ok(text) => self.headers.push((name.to_owned(), text)),
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("header parameter `{name}` cannot be serialised: {err}"),
                    );
            }
        }
    }
}
