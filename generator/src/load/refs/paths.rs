//! The path part of a `$ref`: is it a URL, where does it lead relative to the referring file,
//! and its percent-escapes decoded.

/// `http://…`, `https://…`, `//host/…`, `urn:…`: anything with a scheme or an authority.
pub(super) fn is_url(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    let scheme = path.split_once(':').map(|(scheme, _)| scheme);
    scheme.is_some_and(|scheme| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// `path` read relative to the folder of `base` (both relative to the spec's folder), with `.`
/// and `..` applied; `None` if it is absolute or climbs out of the spec's folder.
pub(super) fn join_relative(base: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('\\') {
        return None;
    }
    let mut segments: Vec<&str> = base.split('/').collect();
    segments.pop();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    segments.retain(|segment| !segment.is_empty());
    Some(segments.join("/"))
}

/// `%20` → space, for the path and pointer of a `$ref` (an invalid escape is kept as written).
pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
