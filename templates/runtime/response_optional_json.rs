//! Calls whose success responses may come without a body.

use crate::runtime::call::{Call, Decode};
use crate::runtime::decode_json::decode_json;
use crate::runtime::request::RequestSpec;

impl<T: serde::de::DeserializeOwned + Send + 'static> Call<Option<T>> {
    /// A request whose success responses may have no body: `None` then, else the decoded `T`.
    pub(crate) fn optional_json(
        client: crate::runtime::Client,
        request: RequestSpec,
    ) -> Self {
        Call::new(
            client,
            request,
            Decode::Buffered(|exchange, meta, bytes| {
                if meta.status == reqwest::StatusCode::NO_CONTENT
                    || bytes.iter().all(u8::is_ascii_whitespace)
                {
                    Ok(None)
                } else {
                    decode_json(&exchange, meta, &bytes).map(Some)
                }
            }),
        )
    }
}
