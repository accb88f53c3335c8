//! Response bodies handed over unread ([`Download`]): binary and other formats the client does
//! not decode, to read whole, stream chunk by chunk (multi-gigabyte files stay off the heap), or
//! write to a file; and [`Call::download_as`], which asks for another of the operation's media
//! types.

use crate::runtime::call::{Call, Decode};
use crate::runtime::error::Error;
use crate::runtime::request::{Exchange, RequestSpec};
use bytes::Bytes;
use futures_util::StreamExt;
use std::path::Path;

/// A successful response whose body has not been read yet. Its status and headers arrived; the
/// call's timeout does not cover reading the body, which can take as long as the file is big.
#[derive(Debug)]
pub struct Download {
    method: reqwest::Method,
    url: String,
    response: reqwest::Response,
}

impl Download {
    /// The `Content-Type` the server sent (`image/png`).
    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The body's length in bytes, when the server sent `Content-Length`.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// All the response headers (`Content-Disposition` for a file name, `ETag`, …).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The whole body, in memory.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let Download { method, url, response } = self;
        response
            .bytes()
            .await
            .map_err(|source| Error::Connection {
                method,
                url,
                source,
            })
    }

    /// The whole body as text (UTF-8; a byte that is not becomes U+FFFD).
    pub async fn text(self) -> Result<String, Error> {
        let bytes = self.bytes().await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The body as a stream of chunks, as they arrive, never held whole.
    pub fn stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<Bytes, Error>> + Send + 'static {
        let Download { method, url, response } = self;
        response
            .bytes_stream()
            .map(move |chunk| {
                chunk
                    .map_err(|source| Error::Connection {
                        method: method.clone(),
                        url: url.clone(),
                        source,
                    })
            })
    }

    /// Writes the body to a file (created, or truncated), chunk by chunk; returns the number of
    /// bytes written. A body cut short leaves a partial file and returns the error.
    pub async fn write_to(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        use tokio::io::AsyncWriteExt;
        let path = path.as_ref();
        let failed = |err: std::io::Error| Error::Stream {
            message: format!("download: cannot write the body to `{}`", path.display()),
            source: Some(Box::new(err)),
        };
        let mut file = tokio::fs::File::create(path).await.map_err(failed)?;
        let mut written = 0;
        let mut chunks = std::pin::pin!(self.stream());
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            file.write_all(&chunk).await.map_err(failed)?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(failed)?;
        Ok(written)
    }

    /// The response itself, for anything else.
    pub fn into_response(self) -> reqwest::Response {
        self.response
    }
}

impl Call<Download> {
    /// A request whose response body is handed over unread.
    pub(crate) fn download(
        client: crate::runtime::Client,
        request: RequestSpec,
    ) -> Self {
        Call::new(client, request, Decode::Streaming(Box::new(download)))
    }
}

fn download(
    exchange: Exchange,
    meta: &crate::runtime::call::ResponseMeta,
    response: reqwest::Response,
) -> Result<Download, Error> {
    Ok(Download {
        method: exchange.request.method,
        url: meta.url.clone(),
        response,
    })
}

impl<T: Send + 'static> Call<T> {
    /// Asks for the response in another of the media types the operation offers (its docs list
    /// them) and returns it unread, whatever the format: `call.download_as("text/csv")`.
    pub fn download_as(mut self, media_type: impl Into<String>) -> Call<Download> {
        self.exchange.options.headers.push(("accept".to_owned(), media_type.into()));
        let Exchange { client, request, options } = self.exchange;
        let mut call = Call::download(client, request);
        call.exchange.options = options;
        call
    }
}
