//! The shapes pagination detection looks for: each paging style with the parameter and field
//! names it may use, from a maintainer's `sdk.yaml` scheme or, without one, the conventional
//! names of every common style (`conventional_shapes`), most specific first.

use crate::config::{PageKind, PaginationScheme};

/// A style and the names it may use, each list in order of preference.
#[derive(Clone, Debug)]
pub(super) struct Shape {
    pub(super) kind: PageKind,
    pub(super) params: Vec<String>,
    pub(super) before: Vec<String>,
    pub(super) sizes: Vec<String>,
    pub(super) first_page: Option<u64>,
    /// Empty: the envelope's only array field.
    pub(super) items: Vec<String>,
    /// Dotted paths.
    pub(super) next: Vec<String>,
    pub(super) has_more: Vec<String>,
    pub(super) total: Vec<String>,
    /// Derived shapes ask for more evidence than a maintainer's scheme: `has_more` for item ids,
    /// a page size for page numbers, some paging parameter for a next URL.
    pub(super) conventional: bool,
}

pub(super) fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

/// `[parent.]child` for every parent and child: the usual places of a field nested in an
/// envelope (`meta.cursor.after`, `pagination.next_cursor`), after the top-level names.
fn nested(top: &[&str], parents: &[&str], children: &[&str]) -> Vec<String> {
    let mut out = names(top);
    for parent in parents {
        for child in children {
            out.push(format!("{parent}.{child}"));
        }
    }
    out
}

const ENVELOPES: &[&str] = &[
    "meta",
    "pagination",
    "paging",
    "page_info",
    "pageInfo",
    "response_metadata",
];
const ITEMS: &[&str] = &["items", "data", "results", "entries", "records"];
pub(super) const SIZES: &[&str] = &[
    "page_size",
    "pageSize",
    "per_page",
    "perPage",
    "limit",
    "size",
    "PageSize",
];

/// The shapes recognised without `sdk.yaml`, most specific first.
pub(super) fn conventional_shapes() -> Vec<Shape> {
    let has_more = nested(
        &["has_more", "hasMore", "more", "has_next", "hasNext"],
        ENVELOPES,
        &["has_more", "hasMore", "has_next", "hasNext"],
    );
    let total = nested(
        &[
            "total",
            "total_count",
            "totalCount",
            "total_records",
            "totalRecords",
            "total_results",
            "totalResults",
        ],
        ENVELOPES,
        &["total", "total_count", "totalCount"],
    );
    let base = Shape {
        kind: PageKind::Cursor,
        params: Vec::new(),
        before: Vec::new(),
        sizes: names(SIZES),
        first_page: None,
        items: names(ITEMS),
        next: Vec::new(),
        has_more,
        total,
        conventional: true,
    };
    vec![
        Shape {
            params: names(&[
                "page_token",
                "pageToken",
                "cursor",
                "next_token",
                "nextToken",
                "page_cursor",
                "continuation_token",
                "continuationToken",
                "marker",
            ]),
            next: nested(
                &[
                    "next_page_token",
                    "nextPageToken",
                    "next_cursor",
                    "nextCursor",
                    "next_token",
                    "nextToken",
                    "continuation_token",
                    "continuationToken",
                    "cursor",
                    "next",
                    "next_marker",
                    "nextMarker",
                ],
                ENVELOPES,
                &[
                    "next_cursor",
                    "nextCursor",
                    "cursor.after",
                    "cursor.next",
                    "after",
                    "next_page_token",
                    "end_cursor",
                    "endCursor",
                ],
            ),
            ..base.clone()
        },
        Shape {
            kind: PageKind::ItemId,
            params: names(&["starting_after", "after"]),
            before: names(&["ending_before", "before"]),
            ..base.clone()
        },
        Shape {
            kind: PageKind::NextUrl,
            next: nested(
                &[
                    "next",
                    "next_url",
                    "nextUrl",
                    "next_page_url",
                    "nextPageUrl",
                    "next_page_uri",
                    "nextPageUri",
                    "next_link",
                    "nextLink",
                ],
                &["links", "_links", "pagination", "paging", "meta"],
                &["next", "next_page", "next_url", "next_page_url"],
            ),
            ..base.clone()
        },
        Shape {
            kind: PageKind::Offset,
            params: names(&["offset", "skip"]),
            ..base.clone()
        },
        Shape {
            kind: PageKind::PageNumber,
            params: names(&["page", "page_number", "pageNumber", "Page"]),
            ..base.clone()
        },
        Shape {
            kind: PageKind::LinkHeader,
            params: names(&["page_token", "pageToken", "cursor", "page", "after"]),
            ..base
        },
    ]
}

impl Shape {
    pub(super) fn of_scheme(scheme: &PaginationScheme) -> Shape {
        let one = |name: &str| -> Vec<String> {
            if name.is_empty() {
                Vec::new()
            } else {
                vec![name.to_owned()]
            }
        };
        Shape {
            kind: scheme.kind,
            params: one(&scheme.cursor_param),
            before: scheme.before_param.iter().cloned().collect(),
            sizes: scheme.page_size_param.iter().cloned().collect(),
            first_page: scheme.first_page,
            items: scheme.items_field.iter().cloned().collect(),
            next: one(&scheme.next_cursor_field),
            has_more: scheme.has_more_field.iter().cloned().collect(),
            total: scheme.total_field.iter().cloned().collect(),
            conventional: false,
        }
    }
}
