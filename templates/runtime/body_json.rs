//! `application/json` request bodies.

use crate::runtime::request::RequestSpec;
use bytes::Bytes;

impl RequestSpec {
    pub(crate) fn json_body(&mut self, body: &impl serde::Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("the request body cannot be serialised: {err}"),
                    );
            }
        }
    }
}
