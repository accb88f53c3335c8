//! Values for calling an operation against a mock server: the generated crate's `tests/mock/`
//! calls every operation with them (built from the spec's examples, defaults and schemas in
//! `lower/mock_values.rs`), so that a validating mock checks each request on the wire.

use serde_json::Value;

/// The arguments of one operation's mock call, as JSON the test deserializes into their types.
#[derive(Clone, Debug, Default)]
pub struct MockValues {
    /// One value per path parameter, in path order; `None` where none could be built.
    pub path: Vec<Option<Value>>,
    /// `(Rust field name, value)` for the required fields of the params struct that have one.
    pub fields: Vec<(String, Value)>,
}

impl MockValues {
    /// The value of the params field `rust_name`, if one was built.
    pub fn field(&self, rust_name: &str) -> Option<&Value> {
        (self.fields.iter())
            .find(|(name, _)| name == rust_name)
            .map(|(_, value)| value)
    }
}
