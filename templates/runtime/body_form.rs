//! `application/x-www-form-urlencoded` request bodies.

use crate::runtime::body_fields::field_parts;
use crate::runtime::request::RequestSpec;
use bytes::Bytes;

impl RequestSpec {
    /// An `application/x-www-form-urlencoded` body: arrays as repeated names, nested values as
    /// `a[b]=c` (see `field_parts`).
    pub(crate) fn form_body(&mut self, body: &impl serde::Serialize, deep: &[&str]) {
        let value = match serde_json::to_value(body) {
            Ok(value) => value,
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("the request body cannot be serialised: {err}"),
                    );
                return;
            }
        };
        let encoded: Vec<String> = field_parts(&value, deep, false)
            .iter()
            .map(|part| {
                let name = form_encode(&part.name);
                let text = form_encode(part.value.text());
                format!("{name}={text}")
            })
            .collect();
        self.body = Some(Bytes::from(encoded.join("&")));
        self.content_type = "application/x-www-form-urlencoded".to_owned();
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
