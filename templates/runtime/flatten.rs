//! A JSON value as the `name[key][0]=value` pairs that deepObject queries, form bodies and
//! multipart fields send.

/// `name[key][0]=value` pairs of a JSON value, as deepObject queries and form bodies send it;
/// `null` is left out.
pub(crate) fn flatten_pairs(
    prefix: String,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    let nested = |key: &str| {
        if prefix.is_empty() { key.to_owned() } else { format!("{prefix}[{key}]") }
    };
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push((prefix, flag.to_string())),
        Value::Number(number) => out.push((prefix, number.to_string())),
        Value::String(text) => out.push((prefix, text.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten_pairs(nested(&index.to_string()), item, out);
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                flatten_pairs(nested(key), item, out);
            }
        }
    }
}
