//! Timestamps from servers that leave the zone out (`types.date-time-parsing: lenient`):
//! `2024-05-01T12:00:00`, `2024-05-01 12:00:00.250` and the like are read as UTC, which is what
//! such servers (Python's `datetime.isoformat()` of a naive value, many SQL drivers) mean in
//! practice. Text with a zone is read as sent.

use std::borrow::Cow;

/// RFC 3339 text for `text`: a space between date and time becomes `T`, and a time without `Z`
/// or an offset gets `Z`. Anything else is left for the RFC 3339 parser to reject.
pub(crate) fn prepare(text: &str) -> Cow<'_, str> {
    // `YYYY-MM-DD` is ten bytes; the date-time separator follows it.
    let spaced = text.as_bytes().get(10) == Some(&b' ');
    let zoned = text
        .get(11..)
        .is_some_and(|time| time.ends_with(['Z', 'z']) || time.contains(['+', '-']));
    if !spaced && zoned {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 1);
    if spaced {
        out.push_str(&text[..10]);
        out.push('T');
        out.push_str(&text[11..]);
    } else {
        out.push_str(text);
    }
    if !zoned {
        out.push('Z');
    }
    Cow::Owned(out)
}
