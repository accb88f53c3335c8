//! The media types a call sends and asks for by default (`Content-Type`, `Accept`): changed,
//! they change nothing in Rust code, but an old client keeps sending and asking for what the
//! server no longer documents. A surface file of format 5 or earlier did not record them, so
//! nothing is compared against one.

use super::behaviour::Finding;
use super::classify::{breaking, compatible};
use super::surface::OperationSurface;
use super::text::quote;

/// The default `Content-Type` and `Accept` of an operation on both sides. A body that comes or
/// goes, a change of body encoding and a change of response kind are reported on their own,
/// so only a media type changed within the same kind of body or response is found here.
pub fn diff_wire_media(old: &OperationSurface, new: &OperationSurface) -> Vec<Finding> {
    let (Some(old_media), Some(new_media)) = (&old.wire_media, &new.wire_media) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let (Some(was), Some(now)) = (&old_media.content_type, &new_media.content_type)
        && was != now
        && old.body == new.body
    {
        found.push((
            format!(
                "request content type changed from {} to {}",
                quote(was),
                quote(now)
            ),
            compatible("the call is built as before; the crate sends the new type"),
            breaking(format!(
                "old clients send {}, which the server no longer documents",
                quote(was)
            )),
        ));
    }
    let same_kind = std::mem::discriminant(&old.response) == std::mem::discriminant(&new.response);
    if old_media.accept != new_media.accept && same_kind {
        found.push((
            format!(
                "response media type changed from {} to {}",
                quote(&old_media.accept),
                quote(&new_media.accept)
            ),
            compatible("the response is read as before"),
            breaking(format!(
                "old clients ask for {}, which the server no longer documents (a server that \
                 honours `Accept` may answer 406)",
                quote(&old_media.accept)
            )),
        ));
    }
    found
}
