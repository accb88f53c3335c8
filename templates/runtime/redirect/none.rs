//! Redirects: the transport follows them (reqwest's policy drops `Authorization` and cookies
//! when one leaves the origin, this API sends no key in a header of its own naming, and the
//! built-in client sends no `Referer`, which would carry the previous URL's query, an API key
//! in it included), so nothing is left to follow here.

use crate::runtime::request::Exchange;
use crate::runtime::transport::TransportError;
use bytes::Bytes;
use reqwest::header::HeaderMap;

/// The response as the transport gave it.
pub(crate) async fn follow(
    _exchange: &Exchange,
    response: reqwest::Response,
    _url: &reqwest::Url,
    _headers: &HeaderMap,
    _body: Option<&Bytes>,
) -> Result<reqwest::Response, TransportError> {
    Ok(response)
}
