//! Query parameters described with `content: application/json`: the value as JSON text.

use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// `?a={"k":1}` (percent-encoded on the wire).
    pub(crate) fn push_json(&mut self, name: &str, value: &impl serde::Serialize) {
        match serde_json::to_string(value) {
            Ok(text) => self.query.push((name.to_owned(), text)),
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("query parameter `{name}` cannot be serialised: {err}"),
                    );
            }
        }
    }
}
