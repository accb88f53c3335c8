//! Cookie parameters, all in the request's one `Cookie` header (`a=1; b=x,y`), in the OpenAPI
//! `form` style; values are percent-encoded where a cookie value may not hold a byte.

use crate::runtime::param_value::ParamValue;
use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// Exploded: `a=1; a=2` for arrays, `k=v; k2=v2` for objects. Not exploded: `a=1,2`,
    /// `a=k,v,k2,v2`. Scalars: `a=1` either way.
    pub(crate) fn cookie(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
        explode: bool,
    ) {
        let pairs: Vec<(String, String)> = match self.param_value(name, value) {
            ParamValue::List(items) if explode => {
                (items.iter())
                    .map(|item| (name.to_owned(), cookie_encode(item)))
                    .collect()
            }
            ParamValue::Object(pairs) if explode => {
                (pairs.iter())
                    .map(|(key, value)| (key.clone(), cookie_encode(value)))
                    .collect()
            }
            ParamValue::Absent => Vec::new(),
            ParamValue::Scalar(text) => vec![(name.to_owned(), cookie_encode(& text))],
            ParamValue::List(items) => {
                let items = items.iter().map(|item| cookie_encode(item)).collect();
                vec![
                    (name.to_owned(), ParamValue::List(items).joined(",")
                    .unwrap_or_default())
                ]
            }
            ParamValue::Object(pairs) => {
                let pairs = (pairs.iter())
                    .map(|(key, value)| (cookie_encode(key), cookie_encode(value)))
                    .collect();
                vec![
                    (name.to_owned(), ParamValue::Object(pairs).joined(",")
                    .unwrap_or_default()),
                ]
            }
        };
        for (name, value) in pairs {
            let pair = format!("{name}={value}");
            match self.headers.iter_mut().find(|(header, _)| header == "cookie") {
                Some((_, cookies)) => {
                    cookies.push_str("; ");
                    cookies.push_str(&pair);
                }
                None => self.headers.push(("cookie".to_owned(), pair)),
            }
        }
    }
}

/// Percent-encodes the bytes RFC 6265 keeps out of a cookie value (controls, space, `"`, `,`,
/// `;`, `\`, non-ASCII) and `%` itself, so the server's decoding gives the value back.
fn cookie_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let plain = matches!(
            byte, 0x21 | 0x23..= 0x24 | 0x26..= 0x2B | 0x2D..= 0x3A | 0x3C..= 0x5B | 0x5D
            ..= 0x7E
        );
        if plain {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
