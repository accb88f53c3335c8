//! Pagination settings in `sdk.yaml`: each `type` applies to the operations whose shape fits it
//! (with the parameter and field names it gives, nested paths included), replaces the derived
//! shapes, and is read strictly (an unknown type or a missing key is a located problem).

use generator::ir::{Operation, PagingStyle, Resource};
use generator::load::load_inputs;
use generator::lower::lower;

/// A spec with one list, `GET /things`, taking `query` (YAML flow list of parameters) and
/// answering `response` (a YAML flow schema).
fn spec(query: &str, response: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters: {query}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {response}\ncomponents:\n  schemas:\n    Thing: {{type: object, required: [id], properties: {{id: {{type: string}}}}}}\n"
    )
}

fn q(name: &str, ty: &str) -> String {
    format!("{{name: {name}, in: query, schema: {{type: {ty}}}}}")
}

fn first_op(resources: &[Resource]) -> Option<Operation> {
    resources.iter().find_map(|r| {
        r.operations
            .first()
            .cloned()
            .or_else(|| first_op(&r.children))
    })
}

/// The list's pagination summary and style, or `None` when it does not page.
fn detect(spec: &str, config: Option<&str>) -> Option<(String, PagingStyle)> {
    let inputs = load_inputs(spec, config).unwrap_or_else(|e| panic!("{e:?}"));
    let api = lower(&inputs).unwrap_or_else(|e| panic!("{e:?}")).api;
    let page = first_op(&api.resources).unwrap().pagination?;
    Some((page.summary, page.style))
}

const THINGS: &str = "{type: array, items: {$ref: '#/components/schemas/Thing'}}";

#[test]
fn a_configured_scheme_names_its_own_parameter_and_nested_fields() {
    let response = format!(
        "{{type: object, properties: {{rows: {THINGS}, paging: {{type: object, properties: {{continue_with: {{type: string}}}}}}}}}}"
    );
    let spec = spec(&format!("[{}]", q("resume", "string")), &response);
    assert_eq!(
        detect(&spec, None),
        None,
        "no usual names: not paged without sdk.yaml"
    );
    let config = "pagination:\n  mine:\n    type: cursor\n    request: {cursor: resume}\n    response: {items: rows, next_cursor: paging.continue_with}\n";
    let (summary, _) = detect(&spec, Some(config)).unwrap();
    assert_eq!(summary, "cursor resume <- paging.continue_with; items rows");
}

#[test]
fn a_configured_page_scheme_sets_where_pages_start() {
    let response = format!("{{type: object, properties: {{rows: {THINGS}}}}}");
    let spec = spec(&format!("[{}]", q("p", "integer")), &response);
    let config = "pagination:\n  pages:\n    type: page\n    first_page: 0\n    request: {page: p}\n    response: {items: rows}\n";
    let (summary, style) = detect(&spec, Some(config)).unwrap();
    assert_eq!(summary, "page p from 0; items rows");
    assert!(
        matches!(style, PagingStyle::PageNumber { first: 0, .. }),
        "{style:?}"
    );
}

#[test]
fn configured_schemes_replace_the_derived_shapes() {
    let response =
        format!("{{type: object, properties: {{data: {THINGS}, next_cursor: {{type: string}}}}}}");
    let spec = spec(&format!("[{}]", q("cursor", "string")), &response);
    assert!(
        detect(&spec, None).is_some(),
        "the usual cursor shape pages by default"
    );
    let config = "pagination:\n  other:\n    type: offset\n    request: {offset: start}\n";
    assert_eq!(detect(&spec, Some(config)), None);
}

#[test]
fn shapes_that_do_not_page() {
    let list =
        format!("{{type: object, properties: {{data: {THINGS}, total: {{type: integer}}}}}}");
    // A limit alone; a page number without a page size; a cursor parameter whose response
    // has no cursor; an offset given as a string; has_more without an `after` parameter.
    for (query, response) in [
        (format!("[{}]", q("limit", "integer")), list.clone()),
        (format!("[{}]", q("page", "integer")), list.clone()),
        (format!("[{}]", q("cursor", "string")), list.clone()),
        (format!("[{}]", q("offset", "string")), list.clone()),
        (
            format!("[{}]", q("limit", "integer")),
            format!(
                "{{type: object, properties: {{data: {THINGS}, has_more: {{type: boolean}}}}}}"
            ),
        ),
    ] {
        assert_eq!(
            detect(&spec(&query, &response), None),
            None,
            "{query} {response}"
        );
    }
    // A bare array with an offset or a page number but no page size (which an `offset` alone
    // may not even be about), a limit alone, or a limit and a date range.
    for query in [
        format!("[{}]", q("offset", "integer")),
        format!("[{}]", q("page", "integer")),
        format!("[{}]", q("limit", "integer")),
        format!(
            "[{}, {}, {}]",
            q("limit", "integer"),
            q("start_date", "string"),
            q("end_date", "string")
        ),
    ] {
        assert_eq!(detect(&spec(&query, THINGS), None), None, "{query}");
    }
}

#[test]
fn a_bare_array_pages_by_an_offset_or_a_page_number_with_a_page_size() {
    let offset = spec(
        &format!("[{}, {}]", q("skip", "integer"), q("limit", "integer")),
        THINGS,
    );
    let (summary, style) = detect(&offset, None).unwrap();
    assert_eq!(summary, "offset skip/limit (a bare array)");
    assert!(
        matches!(&style, PagingStyle::Offset { param, size: Some(size) }
            if param.as_str() == "skip" && size.as_str() == "limit"),
        "{style:?}"
    );
    let pages = spec(
        &format!("[{}, {}]", q("page", "integer"), q("per_page", "integer")),
        THINGS,
    );
    let (summary, _) = detect(&pages, None).unwrap();
    assert_eq!(summary, "page page/per_page (a bare array)");
    // A token parameter says the `Link` header pages it, before an offset or page number.
    let linked = spec(
        &format!(
            "[{}, {}, {}]",
            q("page_token", "string"),
            q("page", "integer"),
            q("page_size", "integer")
        ),
        THINGS,
    );
    let (summary, _) = detect(&linked, None).unwrap();
    assert_eq!(summary, "link_header (a bare array)");
}

#[test]
fn a_configured_scheme_pages_a_bare_array_unless_it_names_response_fields() {
    let spec = spec(
        &format!("[{}, {}]", q("from", "integer"), q("n", "integer")),
        THINGS,
    );
    assert_eq!(
        detect(&spec, None),
        None,
        "no usual names: not paged without sdk.yaml"
    );
    let config = "pagination:\n  offsets: {type: offset, request: {offset: from, page_size: n}}\n";
    let (summary, _) = detect(&spec, Some(config)).unwrap();
    assert_eq!(summary, "offset from/n (a bare array)");
    let envelope = "pagination:\n  offsets: {type: offset, request: {offset: from}, response: {items: rows}}\n";
    assert_eq!(detect(&spec, Some(envelope)), None);
}

#[test]
fn pagination_settings_are_read_strictly() {
    let spec = spec("[]", THINGS);
    let problems = |config: &str| -> Vec<String> {
        match load_inputs(&spec, Some(config)) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| format!("{}: {}", p.pointer, p.message))
                .collect(),
        }
    };
    assert_eq!(
        problems("pagination:\n  a: {type: pages, request: {page: p}}\n"),
        ["#/pagination/a/type: unsupported pagination type `pages`"]
    );
    assert_eq!(
        problems(
            "pagination:\n  a: {type: cursor, request: {cursor: c}, response: {items: data}}\n"
        ),
        ["#/pagination/a/response: a `cursor` scheme needs `response.next_cursor`"]
    );
    assert_eq!(
        problems("pagination:\n  a: {type: offset, request: {offset: o, limit: l}}\n"),
        ["#/pagination/a/request/limit: unknown key `limit`"]
    );
}

#[test]
fn a_page_parameter_behind_an_escaped_component_ref_sets_where_pages_start() {
    // The component's key holds a `/`, so its `$ref` spells it `~1` (RFC 6901); the prose of
    // its description says pages start at zero.
    let spec = spec(
        &format!(
            "[{{$ref: '#/components/parameters/paging~1page'}}, {}]",
            q("per_page", "integer")
        ),
        THINGS,
    ) + "  parameters:\n    paging/page: {name: page, in: query, description: Starts at zero., schema: {type: integer}}\n";
    let (summary, style) = detect(&spec, None).unwrap();
    assert_eq!(summary, "page page/per_page from 0 (a bare array)");
    assert!(
        matches!(style, PagingStyle::PageNumber { first: 0, .. }),
        "{style:?}"
    );
}
