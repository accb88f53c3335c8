//! `sdk.yaml`'s `pagination:` section → `PaginationScheme`s: one per named scheme, each a paging
//! style (`type`) with the request parameters and response fields it uses. Read strictly like the
//! rest of the file: unknown keys, unknown types and keys a type needs but lacks are located
//! problems. Which operations a scheme applies to is decided later, by shape, in `lower`.

use super::{Reader, SCHEME_KEYS, SCHEME_REQUEST_KEYS, SCHEME_RESPONSE_KEYS, kind};
use crate::diagnostics::{Diagnostic, InputFile, Pointer};
use serde_yaml::Value;

/// How a list asks for the page after the one it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A cursor from the response, sent back in a query parameter.
    Cursor,
    /// The last item's id, sent in a query parameter (Stripe's `starting_after`).
    ItemId,
    /// An item offset, advanced by the number of items received.
    Offset,
    /// A page number, advanced by one.
    PageNumber,
    /// The next page's URL, in a response field.
    NextUrl,
    /// The next page's URL, in the `Link` response header (`rel="next"`).
    LinkHeader,
}

impl PageKind {
    /// The `type:` values, as written in `sdk.yaml`.
    pub const NAMES: [(&'static str, PageKind); 6] = [
        ("cursor", PageKind::Cursor),
        ("item_id", PageKind::ItemId),
        ("offset", PageKind::Offset),
        ("page", PageKind::PageNumber),
        ("next_url", PageKind::NextUrl),
        ("link_header", PageKind::LinkHeader),
    ];

    /// The request key that names this style's parameter, and the response key it needs.
    fn required_keys(self) -> (Option<&'static str>, Option<&'static str>) {
        match self {
            PageKind::Cursor => (Some("cursor"), Some("next_cursor")),
            PageKind::ItemId => (Some("after"), None),
            PageKind::Offset => (Some("offset"), None),
            PageKind::PageNumber => (Some("page"), None),
            PageKind::NextUrl => (None, Some("next_url")),
            PageKind::LinkHeader => (None, None),
        }
    }
}

/// A pagination scheme: a style and the names it uses. An operation uses it when its shape
/// matches (it takes the request parameter; its response has the fields).
#[derive(Clone, Debug, PartialEq)]
pub struct PaginationScheme {
    pub name: String,
    pub pointer: String,
    pub kind: PageKind,
    /// The query parameter the style advances: the cursor, `after` id, offset or page number
    /// (empty for the URL styles).
    pub cursor_param: String,
    /// `item_id`: the parameter that pages backwards from the first item (`ending_before`).
    pub before_param: Option<String>,
    /// `page`: the page-size parameter, which lets the last page be known from a total.
    pub page_size_param: Option<String>,
    /// `page`: the number of the first page when the request does not say (default: the
    /// parameter's `default` or `minimum` in the spec, else 1).
    pub first_page: Option<u64>,
    /// The items array; `None` means the envelope's only array (or a bare array).
    pub items_field: Option<String>,
    /// A dotted path to the next cursor (`cursor`) or next page's URL (`next_url`).
    pub next_cursor_field: String,
    /// A dotted path to a boolean that says whether more pages follow.
    pub has_more_field: Option<String>,
    /// A dotted path to the total number of items.
    pub total_field: Option<String>,
}

impl Reader {
    pub(super) fn read_pagination_schemes(
        &mut self,
        value: &Value,
        p: &Pointer,
    ) -> Vec<PaginationScheme> {
        let mut out = Vec::new();
        let Some(map) = value.as_mapping() else {
            self.problem(
                p,
                format!(
                    "expected a mapping of scheme names to schemes, found {}",
                    kind(value)
                ),
            );
            return out;
        };
        for (key, scheme) in map {
            let Some(name) = key.as_str() else {
                self.problem(p, "scheme names must be strings");
                continue;
            };
            if let Some(scheme) = self.read_pagination_scheme(name, scheme, &p.join(name)) {
                out.push(scheme);
            }
        }
        out
    }

    fn read_pagination_scheme(
        &mut self,
        name: &str,
        value: &Value,
        sp: &Pointer,
    ) -> Option<PaginationScheme> {
        let m = self.mapping(value, sp, SCHEME_KEYS)?;
        let kind_name = self.required_string(m, "type", sp);
        let page_kind = PageKind::NAMES
            .iter()
            .find(|(known, _)| *known == kind_name)
            .map(|(_, page_kind)| *page_kind);
        let Some(page_kind) = page_kind else {
            if !kind_name.is_empty() {
                let names: Vec<_> = PageKind::NAMES.iter().map(|(known, _)| *known).collect();
                self.problems.push(
                    Diagnostic::new(
                        InputFile::Config,
                        sp.join("type").as_str(),
                        format!("unsupported pagination type `{kind_name}`"),
                    )
                    .with_hint(format!("supported: {}", names.join(", "))),
                );
            }
            return None;
        };
        let (request_key, response_key) = page_kind.required_keys();
        let request = self.string_map(m.get("request"), &sp.join("request"), SCHEME_REQUEST_KEYS);
        let response = self.string_map(
            m.get("response"),
            &sp.join("response"),
            SCHEME_RESPONSE_KEYS,
        );
        let mut take = |map: &[(String, String)], key: Option<&str>, at: &str| {
            let key = key?;
            let found = map.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            if found.is_none() {
                self.problem(
                    &sp.join(at),
                    format!("a `{kind_name}` scheme needs `{at}.{key}`"),
                );
            }
            found
        };
        let cursor_param = take(&request, request_key, "request").unwrap_or_default();
        let next_cursor_field = take(&response, response_key, "response").unwrap_or_default();
        let get = |map: &[(String, String)], key: &str| {
            map.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        let first_page = m.get("first_page").and_then(|value| {
            let number = value.as_u64();
            if number.is_none() {
                self.problem(
                    &sp.join("first_page"),
                    format!("expected a page number, found {}", kind(value)),
                );
            }
            number
        });
        Some(PaginationScheme {
            name: name.to_owned(),
            pointer: sp.to_string(),
            kind: page_kind,
            cursor_param,
            before_param: get(&request, "before"),
            page_size_param: get(&request, "page_size"),
            first_page,
            items_field: get(&response, "items"),
            next_cursor_field,
            has_more_field: get(&response, "has_more"),
            total_field: get(&response, "total"),
        })
    }

    /// A mapping of strings (absent reads as empty), every key checked against `allowed`.
    fn string_map(
        &mut self,
        value: Option<&Value>,
        p: &Pointer,
        allowed: &[&str],
    ) -> Vec<(String, String)> {
        let Some(m) = value.and_then(|value| self.mapping(value, p, allowed)) else {
            return Vec::new();
        };
        allowed
            .iter()
            .filter_map(|key| Some(((*key).to_owned(), self.string(m, key, p)?)))
            .collect()
    }
}
