//! Query parameters written through their JSON form per the OpenAPI style tables: objects and
//! unions in `form` style, and arrays or objects in `spaceDelimited` / `pipeDelimited` style.

use crate::runtime::param_value::ParamValue;
use crate::runtime::request::RequestSpec;

impl RequestSpec {
    /// Exploded: `?a=1&a=2` for arrays, `?k=v&k2=v2` for objects. Not exploded: items, or keys
    /// and values, joined by `delimiter` in one pair (`?a=1,2`, `?a=k,v,k2,v2`, `?a=1|2`).
    pub(crate) fn push_styled(
        &mut self,
        name: &str,
        value: &impl serde::Serialize,
        explode: bool,
        delimiter: &str,
    ) {
        match self.param_value(name, value) {
            ParamValue::List(items) if explode => {
                for item in items {
                    self.query.push((name.to_owned(), item));
                }
            }
            ParamValue::Object(pairs) if explode => self.query.extend(pairs),
            other => {
                if let Some(text) = other.joined(delimiter) {
                    self.query.push((name.to_owned(), text));
                }
            }
        }
    }
}
