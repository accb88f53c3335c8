//! Calls whose JSON response decodes into a model.

use crate::runtime::call::{Call, Decode};
use crate::runtime::decode_json::decode_json;
use crate::runtime::request::RequestSpec;

impl<T: serde::de::DeserializeOwned + Send + 'static> Call<T> {
    /// A request whose JSON response decodes into `T`.
    pub(crate) fn json(client: crate::runtime::Client, request: RequestSpec) -> Self {
        Call::new(
            client,
            request,
            Decode::Buffered(|exchange, meta, bytes| decode_json(
                &exchange,
                meta,
                &bytes,
            )),
        )
    }
}
