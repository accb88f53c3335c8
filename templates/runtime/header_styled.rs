//! Header parameters that are arrays, objects or unions, written through their JSON form in the
//! OpenAPI `simple` style.

use crate::runtime::param_value::ParamValue;
use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// `a,b` for arrays; `k,v,k2,v2` for objects, `k=v,k2=v2` exploded.
    pub(crate) fn header_styled(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
        explode: bool,
    ) {
        let text = match self.param_value(name, value) {
            ParamValue::Object(pairs) if explode => {
                let parts: Vec<String> = pairs
                    .into_iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                Some(parts.join(","))
            }
            other => other.joined(","),
        };
        if let Some(text) = text {
            self.headers.push((name.to_owned(), text));
        }
    }
}
