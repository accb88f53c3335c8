//! Decoding a buffered JSON body, with the path to the value that failed when it does.

use crate::runtime::call::ResponseMeta;
use crate::runtime::error::Error;
use crate::runtime::request::Exchange;

/// Decodes a buffered JSON body, reporting where decoding failed and a bounded excerpt.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    exchange: &Exchange,
    meta: &ResponseMeta,
    bytes: &[u8],
) -> Result<T, Error> {
    // Tracking the path costs as much as decoding; it is only needed to explain a failure, so
    // the body is decoded plainly first and again, with the path, only when that fails.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let decoded = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| (err.path().to_string(), err.into_inner()))
        .and_then(|value| {
            deserializer.end().map(|()| value).map_err(|err| (".".to_owned(), err))
        });
    decoded
        .map_err(|(path, source)| {
            Error::Decode(
                Box::new(crate::runtime::error::DecodeError {
                    status: meta.status,
                    method: exchange.request.method.clone(),
                    url: meta.url.clone(),
                    path,
                    body_excerpt: crate::runtime::error::excerpt(
                        &String::from_utf8_lossy(bytes),
                    ),
                    source,
                }),
            )
        })
}
