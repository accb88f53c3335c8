//! Pagination spelled as Rust: a page envelope's `Paginated` impl (its style as a
//! `crate::PageStyle` value and the accessor expressions for the next cursor, `has_more`,
//! total and item id, through optional nested fields) for `models.rs.askama`.

use crate::ir::{FieldPath, Operation, PageImpl, PagingStyle, Text};

impl PagingStyle {
    /// The style as a `crate::PageStyle` value (a constant expression).
    pub fn expr(&self) -> String {
        let lit = |text: &Text| text.lit();
        let opt = |text: &Option<Text>| match text {
            Some(text) => format!("Some({})", text.lit()),
            None => "None".to_owned(),
        };
        match self {
            PagingStyle::Cursor { param } => {
                format!("crate::PageStyle::Cursor {{ param: {} }}", lit(param))
            }
            PagingStyle::ItemId { after, before } => format!(
                "crate::PageStyle::ItemId {{ after: {}, before: {} }}",
                lit(after),
                opt(before)
            ),
            PagingStyle::Offset { param, size } => format!(
                "crate::PageStyle::Offset {{ param: {}, size: {} }}",
                lit(param),
                opt(size)
            ),
            PagingStyle::PageNumber { param, size, first } => format!(
                "crate::PageStyle::PageNumber {{ param: {}, size: {}, first: {first} }}",
                lit(param),
                opt(size)
            ),
            PagingStyle::NextUrl => "crate::PageStyle::NextUrl".to_owned(),
            PagingStyle::LinkHeader => "crate::PageStyle::LinkHeader".to_owned(),
        }
    }
}

impl Operation {
    /// The style a bare-array list's request carries (`request.paging`), since its page type
    /// (`Vec<Item>`) cannot say how it pages; `None` for an envelope or a `Link` header, which
    /// `Vec<Item>` pages by itself.
    pub fn bare_page_style(&self) -> Option<String> {
        let paging = self
            .pagination
            .as_ref()
            .filter(|paging| paging.bare_array)?;
        (paging.style != PagingStyle::LinkHeader).then(|| paging.style.expr())
    }
}

impl PageImpl {
    /// `crate::PageStyle::Cursor { param: "page_token" }`
    pub fn style_expr(&self) -> String {
        self.style.expr()
    }

    /// The body of `fn next_cursor(&self) -> Option<&str>`.
    pub fn next_expr(&self) -> Option<String> {
        let path = self.next.as_ref()?;
        Some(leaf(path, |place, optional| {
            if optional {
                format!("{place}.as_deref()")
            } else {
                format!("Some({place}.as_str())")
            }
        }))
    }

    /// The body of `fn has_more(&self) -> Option<bool>`.
    pub fn has_more_expr(&self) -> Option<String> {
        let path = self.has_more.as_ref()?;
        Some(leaf(path, |place, optional| {
            if optional {
                place
            } else {
                format!("Some({place})")
            }
        }))
    }

    /// The body of `fn total(&self) -> Option<u64>` (a negative total reads as none).
    pub fn total_expr(&self) -> Option<String> {
        let path = self.total.as_ref()?;
        Some(leaf(path, |place, optional| {
            if optional {
                format!("{place}.and_then(|total| u64::try_from(total).ok())")
            } else {
                format!("u64::try_from({place}).ok()")
            }
        }))
    }

    /// The body of `fn item_id(item: &Self::Item) -> Option<&str>`.
    pub fn item_id_expr(&self) -> Option<String> {
        let (field, optional) = self.item_id.as_ref()?;
        Some(if *optional {
            format!("item.{field}.as_deref()")
        } else {
            format!("Some(item.{field}.as_str())")
        })
    }
}

/// `self.a.as_ref()?.b` for the steps before the last (an optional step returns `None` early),
/// then `last` spells the leaf from its place and whether it is optional.
fn leaf(path: &FieldPath, last: impl Fn(String, bool) -> String) -> String {
    let mut place = "self".to_owned();
    // Detection never builds an empty path; should one appear, the accessor says "none".
    let Some((leaf_step, parents)) = path.steps.split_last() else {
        return "None".to_owned();
    };
    for (name, optional) in parents {
        place.push('.');
        place.push_str(name);
        if *optional {
            place.push_str(".as_ref()?");
        }
    }
    place.push('.');
    place.push_str(&leaf_step.0);
    last(place, leaf_step.1)
}
