//! `multipart/form-data` request bodies and [`FilePart`], the file a caller uploads in one.

use crate::runtime::body_fields::{FieldPart, PartValue, field_parts};
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
    /// A `multipart/form-data` body: the fields as parts (an array as one part per item,
    /// an object as JSON: see `field_parts`), then the files, each under its field's name.
    /// Built once as bytes, so a retry re-sends it intact.
    pub(crate) fn multipart_body(
        &mut self,
        fields: &impl serde::Serialize,
        files: &[(&str, &[FilePart])],
        deep: &[&str],
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
        let parts = field_parts(&value, deep, true);
        let files: Vec<(&str, &FilePart)> = files
            .iter()
            .flat_map(|(name, files)| files.iter().map(move |file| (*name, file)))
            .collect();
        let boundary = multipart_boundary(&parts, &files);
        let mut body = Vec::new();
        for part in &parts {
            let name = quote_part_name(&part.name);
            let content_type = match part.value {
                PartValue::Json(_) => "Content-Type: application/json\r\n",
                PartValue::Text(_) => "",
            };
            let head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n{content_type}\r\n"
            );
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(part.value.text().as_bytes());
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
fn multipart_boundary(parts: &[FieldPart], files: &[(&str, &FilePart)]) -> String {
    loop {
        let (high, low) = (
            crate::runtime::retry::random_u64(),
            crate::runtime::retry::random_u64(),
        );
        let boundary = format!("sdk-boundary-{high:016x}{low:016x}");
        let needle = boundary.as_bytes();
        let clash = parts
            .iter()
            .any(|part| {
                part.name.contains(&boundary) || part.value.text().contains(&boundary)
            })
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
