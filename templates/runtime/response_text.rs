//! Calls whose text response (`text/*`, XML) is returned as a `String`.

use crate::runtime::call::{Call, Decode};
use crate::runtime::request::RequestSpec;

impl Call<String> {
    /// A request whose response body is text. It is read as UTF-8, the encoding of nearly all
    /// text APIs; a byte that is not UTF-8 becomes U+FFFD rather than failing the call.
    pub(crate) fn text(client: crate::runtime::Client, request: RequestSpec) -> Self {
        Call::new(
            client,
            request,
            Decode::Buffered(|_, _, bytes| Ok(
                String::from_utf8_lossy(&bytes).into_owned(),
            )),
        )
    }
}
