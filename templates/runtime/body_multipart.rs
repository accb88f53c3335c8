//! `multipart/form-data` request bodies and [`FilePart`], the file a caller uploads in one.

use crate::runtime::flatten::flatten_pairs;
use crate::runtime::request::RequestSpec;
use bytes::Bytes;

/// A file to upload as one part of a multipart request body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilePart {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Bytes,
}

impl FilePart {
    /// A file part with content type `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// Sets the part's content type (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

impl RequestSpec {
    /// A `multipart/form-data` body: the fields as text parts (nested values as `a[b]`), then
    /// the files. Built once as bytes, so a retry re-sends it intact.
    pub(crate) fn multipart_body(
        &mut self,
        fields: &impl serde::Serialize,
        files: &[(&str, Option<&FilePart>)],
    ) {
        let value = match serde_json::to_value(fields) {
            Ok(value) => value,
            Err(err) => {
                self.invalid
                    .get_or_insert(
                        format!("the request body cannot be serialised: {err}"),
                    );
                return;
            }
        };
        let mut pairs = Vec::new();
        flatten_pairs(String::new(), &value, &mut pairs);
        let files: Vec<(&str, &FilePart)> = files
            .iter()
            .filter_map(|(name, file)| Some((*name, (*file)?)))
            .collect();
        let boundary = multipart_boundary(&pairs, &files);
        let mut body = Vec::new();
        for (name, text) in &pairs {
            let name = quote_part_name(name);
            let head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            );
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(text.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        for (name, file) in &files {
            let name = quote_part_name(name);
            let file_name = quote_part_name(&file.file_name);
            let content_type = file.content_type.replace(['\r', '\n'], "");
            let head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            );
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(&file.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some(Bytes::from(body));
        self.content_type = format!("multipart/form-data; boundary={boundary}");
    }
}

/// A boundary that occurs in no part (RFC 2046 §5.1.1).
fn multipart_boundary(
    pairs: &[(String, String)],
    files: &[(&str, &FilePart)],
) -> String {
    loop {
        let (high, low) = (
            crate::runtime::retry::random_u64(),
            crate::runtime::retry::random_u64(),
        );
        let boundary = format!("sdk-boundary-{high:016x}{low:016x}");
        let needle = boundary.as_bytes();
        let clash = pairs
            .iter()
            .any(|(name, text)| name.contains(&boundary) || text.contains(&boundary))
            || files
                .iter()
                .any(|(_, file)| {
                    file.bytes.windows(needle.len()).any(|window| window == needle)
                });
        if !clash {
            return boundary;
        }
    }
}

/// A part or file name inside a quoted header parameter: quotes escaped, line breaks removed.
fn quote_part_name(name: &str) -> String {
    name.replace(['\r', '\n'], "").replace('"', "%22")
}
