//! Cookie parameters described with `content: application/json`: the value as JSON text.

use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// `Cookie: name={"k":1}`, percent-encoded where a cookie value may not hold a byte.
    pub(crate) fn cookie_json(&mut self, name: &str, value: &impl serde::Serialize) {
        match serde_json::to_string(value) {
            Ok(text) => self.cookie(name, &text, false),
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("cookie parameter `{name}` cannot be serialised: {err}"),
                    );
            }
        }
    }
}
