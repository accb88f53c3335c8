//! Calls whose response body is ignored.

use crate::runtime::call::{Call, Decode};
use crate::runtime::request::RequestSpec;

impl Call<()> {
    /// A request whose response body is ignored.
    pub(crate) fn empty(client: crate::runtime::Client, request: RequestSpec) -> Self {
        Call::new(client, request, Decode::Buffered(|_, _, _| Ok(())))
    }
}
