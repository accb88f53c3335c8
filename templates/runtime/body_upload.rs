//! Request bodies sent as the caller gives them ([`Upload`]): bytes, a file streamed from disk, or
//! a stream of chunks, for the media types the client does not encode itself (images, PDFs,
//! archives, text, XML), and [`Call::body_as`](crate::Call::body_as), which sends one in place
//! of the body an operation's arguments build.

use crate::runtime::call::BoxFuture;
use crate::runtime::request::{FreshBody, RequestSpec};
use bytes::Bytes;
use futures_util::TryStreamExt;
use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Chunks = Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, BoxError>> + Send>>;
/// A request body, sent as it is with the operation's content type (or the one set by
/// [`Upload::content_type`]).
///
/// - [`Upload::bytes`]: held in memory, sent again intact if the request is retried.
/// - [`Upload::file`]: streamed from disk, never read whole; the file is opened afresh for each
///   attempt, so a retry sends it whole again.
/// - [`Upload::stream`]: chunks sent as they come, never buffered. A stream can be sent only once,
///   so a request with a streamed body is never retried.
///
/// The call's timeout covers sending the body: raise it ([`crate::Call::timeout`]) for a big one.
#[derive(Clone, Default)]
pub struct Upload {
    source: Source,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File(PathBuf),
    /// Taken by the first attempt.
    Stream(Arc<Mutex<Option<Chunks>>>),
}

impl Default for Source {
    fn default() -> Self {
        Source::Bytes(Bytes::new())
    }
}

impl Upload {
    /// A body held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload {
            source: Source::Bytes(bytes.into()),
            content_type: None,
        }
    }

    /// A file, streamed from disk when the request is sent (opened again for a retry).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload {
            source: Source::File(path.into()),
            content_type: None,
        }
    }

    /// A stream of chunks (`Bytes`, `Vec<u8>`, `String`, …), sent as they come; the request is
    /// not retried.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let chunks: Chunks = Box::pin(stream.map_ok(Into::into).map_err(Into::into));
        Upload {
            source: Source::Stream(Arc::new(Mutex::new(Some(chunks)))),
            content_type: None,
        }
    }

    /// Sends the body with this content type instead of the operation's.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<&str> for Upload {
    fn from(text: &str) -> Self {
        Upload::bytes(text.to_owned())
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Upload");
        match &self.source {
            Source::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Source::File(path) => debug.field("file", path),
            Source::Stream(_) => debug.field("stream", &".."),
        };
        debug.field("content_type", &self.content_type).finish()
    }
}

/// Equal when they send the same thing: the same bytes, the same path, the same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File(a), Source::File(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same && self.content_type == other.content_type
    }
}

impl FreshBody for Upload {
    fn open(&self) -> BoxFuture<Result<(reqwest::Body, Option<u64>), String>> {
        let source = self.source.clone();
        Box::pin(async move {
            match source {
                Source::Bytes(bytes) => {
                    let length = bytes.len() as u64;
                    Ok((reqwest::Body::from(bytes), Some(length)))
                }
                Source::File(path) => {
                    let shown = path.display();
                    let file = tokio::fs::File::open(&path)
                        .await
                        .map_err(|err| {
                            format!("cannot open `{shown}` to upload: {err}")
                        })?;
                    let length = file.metadata().await.ok().map(|meta| meta.len());
                    Ok((reqwest::Body::from(file), length))
                }
                Source::Stream(chunks) => {
                    let taken = chunks.lock().ok().and_then(|mut chunks| chunks.take());
                    match taken {
                        Some(chunks) => Ok((reqwest::Body::wrap_stream(chunks), None)),
                        None => {
                            Err(
                                "a streamed request body can be sent only once".to_owned(),
                            )
                        }
                    }
                }
            }
        })
    }

    fn replayable(&self) -> bool {
        !matches!(self.source, Source::Stream(_))
    }
}

impl<T: Send + 'static> crate::runtime::call::Call<T> {
    /// Sends `body` as `media_type`, in place of the body built from the arguments: for another
    /// of the media types the operation accepts (its docs list them), as in
    /// `call.body_as("application/xml", xml_text)`. Bytes are sent again on a retry, a file is
    /// opened afresh for each attempt, and a stream is sent once (the request is not retried).
    pub fn body_as(
        mut self,
        media_type: impl Into<String>,
        body: impl Into<Upload>,
    ) -> Self {
        let upload = body.into().content_type(media_type);
        let request = &mut self.exchange.request;
        request.body = None;
        request.fresh_body = None;
        request.upload_body(Some(&upload), "");
        self
    }
}

impl RequestSpec {
    /// A body sent as given, with `content_type` unless the upload sets its own. Bytes are kept
    /// like any encoded body; a file or a stream is opened when each attempt is sent.
    pub(crate) fn upload_body(&mut self, upload: Option<&Upload>, content_type: &str) {
        let Some(upload) = upload else {
            return;
        };
        self.content_type = upload
            .content_type
            .clone()
            .unwrap_or_else(|| content_type.to_owned());
        match &upload.source {
            Source::Bytes(bytes) => self.body = Some(bytes.clone()),
            Source::File(_) | Source::Stream(_) => {
                self.fresh_body = Some(Arc::new(upload.clone()));
            }
        }
    }
}
