//! `generator init`'s `pagination:` section: each way the document's lists page, as detected,
//! written as the `sdk.yaml` scheme that says the same (`config/pagination.rs` reads it back),
//! so a maintainer edits real settings rather than comments. Operations that page alike share
//! one scheme; a scheme names no first page number, so each operation keeps the one its
//! parameter gives (as detection does).

use crate::init::scalar;
use crate::ir::{Api, Model, Operation, PageImpl, PagingStyle, Resource, model_behind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The schemes of `api`'s paging operations, by operation (its `page_type` and style), in the
/// order `sdk.yaml` must list them.
pub(crate) struct Schemes {
    /// `(name, flow mapping)`, most specific first: an operation uses the first scheme that
    /// fits it, so a scheme naming more fields must come before one it would otherwise lose to.
    pub(crate) listed: Vec<(String, String)>,
    /// The scheme name of each paging operation, by `method path`.
    pub(crate) of_operation: BTreeMap<String, String>,
}

pub(crate) fn schemes(api: &Api) -> Schemes {
    let models: BTreeMap<&str, &Model> = api
        .models
        .iter()
        .map(|model| (model.type_name.as_str(), model))
        .collect();
    let mut bodies: Vec<((bool, usize), String, String)> = Vec::new();
    let mut per_style: BTreeMap<&str, usize> = BTreeMap::new();
    let mut of_operation = BTreeMap::new();
    let mut operations = Vec::new();
    collect(&api.resources, &mut operations);
    for op in operations {
        let Some(paging) = &op.pagination else {
            continue;
        };
        // A page envelope of another's shape is an alias of it (`lower/shared_shapes.rs`).
        let model = model_behind(&models, &paging.page_type);
        let page = model.and_then(|m| m.as_struct()?.page.as_deref());
        let (keys, body) = scheme_body(&paging.style, page, model);
        let name = match bodies.iter().find(|(_, _, known)| *known == body) {
            Some((_, name, _)) => name.clone(),
            None => {
                let style = style_name(&paging.style);
                let taken = per_style.entry(style).or_default();
                *taken += 1;
                let name = match *taken {
                    1 => style.to_owned(),
                    n => format!("{style}_{n}"),
                };
                bodies.push((keys, name.clone(), body));
                name
            }
        };
        of_operation.insert(format!("{} {}", op.http_method, op.path.as_str()), name);
    }
    // Stable: among equally specific schemes, the order of first use. A scheme naming response
    // fields goes before any naming none (a bare array's), which would take envelopes too.
    bodies.sort_by_key(|(keys, _, _)| std::cmp::Reverse(*keys));
    Schemes {
        listed: bodies
            .into_iter()
            .map(|(_, name, body)| (name, body))
            .collect(),
        of_operation,
    }
}

fn collect<'a>(resources: &'a [Resource], out: &mut Vec<&'a Operation>) {
    for resource in resources {
        out.extend(&resource.operations);
        collect(&resource.children, out);
    }
}

fn style_name(style: &PagingStyle) -> &'static str {
    match style {
        PagingStyle::Cursor { .. } => "cursor",
        PagingStyle::ItemId { .. } => "item_id",
        PagingStyle::Offset { .. } => "offset",
        PagingStyle::PageNumber { .. } => "page",
        PagingStyle::NextUrl => "next_url",
        PagingStyle::LinkHeader => "link_header",
    }
}

/// The scheme as a YAML flow mapping, and its specificity: whether it names response fields,
/// then how many keys it names.
fn scheme_body(
    style: &PagingStyle,
    page: Option<&PageImpl>,
    model: Option<&Model>,
) -> ((bool, usize), String) {
    let mut request: Vec<(&str, String)> = Vec::new();
    match style {
        PagingStyle::Cursor { param } => request.push(("cursor", param.as_str().to_owned())),
        PagingStyle::ItemId { after, before } => {
            request.push(("after", after.as_str().to_owned()));
            if let Some(before) = before {
                request.push(("before", before.as_str().to_owned()));
            }
        }
        PagingStyle::Offset { param, size } => {
            request.push(("offset", param.as_str().to_owned()));
            if let Some(size) = size {
                request.push(("page_size", size.as_str().to_owned()));
            }
        }
        PagingStyle::PageNumber { param, size, .. } => {
            request.push(("page", param.as_str().to_owned()));
            if let Some(size) = size {
                request.push(("page_size", size.as_str().to_owned()));
            }
        }
        PagingStyle::NextUrl | PagingStyle::LinkHeader => {}
    }
    let mut response: Vec<(&str, String)> = Vec::new();
    if let Some(page) = page {
        let items = model
            .and_then(|model| model.as_struct())
            .and_then(|model| {
                model
                    .fields
                    .iter()
                    .find(|f| f.rust_name == page.items_field)
            })
            .map(|field| field.wire_name.as_str().to_owned());
        if let Some(items) = items {
            response.push(("items", items));
        }
        let next_key = match style {
            PagingStyle::NextUrl => "next_url",
            _ => "next_cursor",
        };
        if let Some(next) = &page.next {
            response.push((next_key, next.wire.clone()));
        }
        if let Some(has_more) = &page.has_more {
            response.push(("has_more", has_more.wire.clone()));
        }
        if let Some(total) = &page.total {
            response.push(("total", total.wire.clone()));
        }
    }
    let mut body = format!("{{type: {}", style_name(style));
    for (section, pairs) in [("request", &request), ("response", &response)] {
        if pairs.is_empty() {
            continue;
        }
        let pairs: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}: {}", flow_scalar(value)))
            .collect();
        let _ = write!(body, ", {section}: {{{}}}", pairs.join(", "));
    }
    body.push('}');
    ((!response.is_empty(), request.len() + response.len()), body)
}

/// A scalar inside a flow mapping: plain when YAML reads it back as the same string and it has
/// no flow indicator, else a JSON string (which YAML reads as a double-quoted scalar).
fn flow_scalar(text: &str) -> String {
    let plain = scalar(text);
    if plain == text && !text.contains([',', '{', '}', '[', ']']) {
        plain
    } else {
        serde_json::to_string(text).unwrap_or(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, lower};

    /// A list of `Thing`s at `path`, paged by `params` (flow YAML) with `fields` in its envelope.
    fn list(path: &str, op: &str, params: &str, fields: &str) -> String {
        format!(
            "  {path}:\n    get:\n      operationId: {op}\n      tags: [things]\n      \
             parameters: {params}\n      responses:\n        \"200\":\n          \
             description: ok\n          content:\n            application/json:\n              \
             schema: {{type: object, properties: {{{fields}}}}}\n"
        )
    }

    fn schemes_of(paths: &[String]) -> Schemes {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: \"1\"}}\npaths:\n{}components:\n  \
             schemas:\n    Thing: {{type: object, properties: {{id: {{type: string}}}}}}\n",
            paths.concat()
        );
        let inputs = load::load_inputs(&spec, None).unwrap();
        schemes(&lower::lower(&inputs).unwrap().api)
    }

    const THINGS: &str = "{type: array, items: {$ref: \"#/components/schemas/Thing\"}}";
    const OFFSET: &str = "[{name: offset, in: query, schema: {type: integer}}, \
                          {name: limit, in: query, schema: {type: integer}}]";

    #[test]
    fn lists_that_page_alike_share_one_scheme_and_the_more_specific_comes_first() {
        let jobs = format!("jobs: {THINGS}");
        let counted = format!("jobs: {THINGS}, total_count: {{type: integer}}");
        let schemes = schemes_of(&[
            list("/a", "listA", OFFSET, &jobs),
            list("/b", "listB", OFFSET, &jobs),
            list("/c", "listC", OFFSET, &counted),
        ]);
        let listed: Vec<(&str, &str)> = schemes
            .listed
            .iter()
            .map(|(name, body)| (name.as_str(), body.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                (
                    "offset_2",
                    "{type: offset, request: {offset: offset}, \
                     response: {items: jobs, total: total_count}}"
                ),
                (
                    "offset",
                    "{type: offset, request: {offset: offset}, response: {items: jobs}}"
                ),
            ]
        );
        let of_operation: Vec<(&str, &str)> = schemes
            .of_operation
            .iter()
            .map(|(op, name)| (op.as_str(), name.as_str()))
            .collect();
        assert_eq!(
            of_operation,
            [
                ("GET /a", "offset"),
                ("GET /b", "offset"),
                ("GET /c", "offset_2")
            ]
        );
    }

    #[test]
    fn a_bare_array_paged_by_offset_gets_a_scheme_with_its_page_size() {
        let path = "  /docs:\n    get:\n      operationId: listDocs\n      tags: [docs]\n      \
                    parameters: [{name: skip, in: query, schema: {type: integer}}, \
                    {name: limit, in: query, schema: {type: integer}}]\n      responses:\n        \
                    \"200\":\n          description: ok\n          content:\n            \
                    application/json:\n              schema: ";
        let schemes = schemes_of(&[format!("{path}{THINGS}\n")]);
        assert_eq!(
            schemes.listed,
            [(
                "offset".to_owned(),
                "{type: offset, request: {offset: skip, page_size: limit}}".to_owned()
            )]
        );
    }

    #[test]
    fn a_list_that_does_not_page_gets_no_scheme() {
        let limit_only = "[{name: limit, in: query, schema: {type: integer}}]";
        let schemes = schemes_of(&[list("/a", "listA", limit_only, &format!("jobs: {THINGS}"))]);
        assert!(schemes.listed.is_empty());
        assert!(schemes.of_operation.is_empty());
    }

    #[test]
    fn flow_scalars_are_quoted_where_yaml_would_misread_them() {
        for (text, written) in [
            ("next_page_token", "next_page_token"),
            ("links.next", "links.next"),
            ("a,b", "\"a,b\""),
            ("{x}", "\"{x}\""),
            ("true", "\"true\""),
            ("", "\"\""),
        ] {
            assert_eq!(flow_scalar(text), written, "{text}");
            let read: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&format!("{{key: {written}}}")).unwrap();
            assert_eq!(read["key"], text);
        }
    }
}
