//! OpenAPI 3.1 input, which `load` rewrites into the 3.0 model before anything else sees it. A
//! FastAPI-style 3.1 document generates the types its author meant; the 3.1 rendition of the chat
//! spec generates byte for byte the crate the 3.0 spec does; 3.1 constructs without a 3.0 form
//! degrade with exact, located warnings. The documents are under `tests/openapi31/`.

use generator::{Generated, Sources, generate};
use std::collections::BTreeMap;
use tests::snapshot::{generate_from, repo_root};

/// Where the first difference between two texts is, with three lines of context from each.
fn first_difference(left: &str, right: &str) -> String {
    let left: Vec<&str> = left.lines().collect();
    let right: Vec<&str> = right.lines().collect();
    let at = (0..left.len().max(right.len()))
        .find(|&i| left.get(i) != right.get(i))
        .unwrap_or(0);
    let window = |lines: &[&str], sign: char| {
        (at.saturating_sub(3)..(at + 4).min(lines.len()))
            .map(|i| format!("{sign}{:>5} | {}\n", i + 1, lines[i]))
            .collect::<String>()
    };
    format!(
        "first difference at line {}:\n{}{}",
        at + 1,
        window(&left, '-'),
        window(&right, '+')
    )
}

#[test]
fn the_3_1_chat_spec_generates_the_same_crate_as_the_3_0_one() {
    let root = repo_root();
    let config = root.join("spec/sdk.yaml");
    let from_3_0 = generate_from(&root.join("spec/openapi.yaml"), Some(&config));
    let from_3_1 = generate_from(&root.join("tests/openapi31/chat.yaml"), Some(&config));
    let paths = |files: &BTreeMap<String, String>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        paths(&from_3_0.files),
        paths(&from_3_1.files),
        "the two specs generate different sets of files"
    );
    for (path, text) in &from_3_0.files {
        let other = &from_3_1.files[path];
        assert!(
            text == other,
            "{path} differs (- from spec/openapi.yaml, + from tests/openapi31/chat.yaml)\n{}",
            first_difference(text, other)
        );
    }
}

fn generate_fastapi() -> Generated {
    generate_from(&repo_root().join("tests/openapi31/fastapi.yaml"), None)
}

/// The lines of the item that opens with `header` (`pub struct Item {`) in `code`, trimmed.
fn body_lines<'a>(code: &'a str, header: &str) -> Vec<&'a str> {
    let body = code
        .split_once(header)
        .unwrap_or_else(|| panic!("no `{header}` in:\n{code}"))
        .1;
    let body = body.split_once("\n}").map_or(body, |(body, _)| body);
    body.lines().map(str::trim).collect()
}

/// Every one of `lines` is a line of the item that opens with `header`.
fn assert_lines(code: &str, header: &str, lines: &[&str]) {
    let body = body_lines(code, header);
    for line in lines {
        assert!(
            body.contains(line),
            "`{line}` is not a line of `{header}`:\n{}",
            body.join("\n")
        );
    }
}

fn assert_fields(code: &str, name: &str, fields: &[&str]) {
    assert_lines(code, &format!("pub struct {name} {{"), fields);
}

#[test]
fn a_fastapi_document_generates_its_models() {
    let generated = generate_fastapi();
    assert_eq!(generated.crate_name, "inventory-api");
    assert_eq!(generated.operations, 6);
    let models = &generated.files["src/models.rs"];
    // Response model: pydantic marks every field required in serialization mode, so an
    // `anyOf [T, null]` field is `Option<T>` without a serde default.
    assert_fields(
        models,
        "ItemOutput",
        &[
            "pub id: i64,",
            "pub description: Option<String>,",
            "pub tax: Option<f64>,",
            "pub tags: Vec<String>,",
            "pub category: Category,",
            "pub dimensions: Option<Dimensions>,",
            "pub last_event: Option<ItemOutputLastEvent>,",
        ],
    );
    assert_fields(
        models,
        "ItemInput",
        &[
            "pub name: String,",
            "pub description: Option<String>,",
            "pub price: f64,",
            "pub category: Option<Category>,",
        ],
    );
    assert_fields(models, "ItemUpdate", &["pub name: Option<String>,"]);
    // `const` tags become one-value enums; `unit` has no type of its own.
    assert_fields(models, "Restocked", &["pub kind: RestockedKind,"]);
    assert_fields(models, "Dimensions", &["pub unit: Option<DimensionsUnit>,"]);
    assert_lines(models, "pub enum DimensionsUnit {", &["Cm,"]);
    // FastAPI's validation error: `loc` items are `anyOf [string, integer]`.
    assert_fields(
        models,
        "ValidationError",
        &[
            "pub loc: Vec<ValidationErrorLocItem>,",
            "pub input: Option<serde_json::Value>,",
        ],
    );
    assert_lines(
        models,
        "pub enum ValidationErrorLocItem {",
        &["String(String),", "Integer(i64),"],
    );
    // The description next to a `$ref` is kept (3.0 would have ignored it).
    assert!(
        models.contains("/// Where the item is shelved."),
        "{models}"
    );
}

#[test]
fn a_fastapi_document_generates_its_operations() {
    let generated = generate_fastapi();
    let items = &generated.files["src/resources/items.rs"];
    for line in [
        "pub q: Option<String>,",
        "pub tag: Option<Vec<String>>,",
        "pub x_request_id: Option<String>,",
        // Optional and nullable in a request body: leave out (`None`) apart from send null.
        "pub dimensions: Option<Option<crate::models::Dimensions>>,",
        // `contentMediaType` on a multipart property is a file part.
        "pub file: crate::FilePart,",
    ] {
        assert!(
            items.lines().any(|l| l.trim() == line),
            "no `{line}` in:\n{items}"
        );
    }
    // Webhooks are requests the API makes, not calls a client makes.
    let all: String = generated.files.values().map(String::as_str).collect();
    assert!(!all.to_lowercase().contains("stock_low"));
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

/// The rendered warnings of generating from `spec` (a 3.1 document), which must succeed.
fn warnings_of(spec: &str) -> String {
    let sources = Sources {
        spec_path: "spec/openapi.yaml",
        spec_text: spec,
        config_path: "spec/sdk.yaml",
        config_text: None,
    };
    match generate(&sources) {
        Ok(generated) => generated.warnings.to_string(),
        Err(err) => panic!("the spec must generate a degraded crate:\n{err}"),
    }
}

/// `prefixItems` is a tuple struct (elements past `minItems` optional, later elements kept),
/// read and written as a JSON array.
#[test]
fn a_tuple_array_is_a_tuple_struct() {
    let spec = format!(
        "{HEAD}components:\n  schemas:\n    Point:\n      type: array\n      \
         prefixItems: [{{type: number}}, {{type: number}}, {{type: string}}]\n      minItems: 2\n"
    );
    let sources = Sources {
        spec_path: "spec/openapi.yaml",
        spec_text: &spec,
        config_path: "spec/sdk.yaml",
        config_text: None,
    };
    let generated = generate(&sources).expect("a tuple generates");
    assert_eq!(generated.warnings.warnings(), 0, "{}", generated.warnings);
    let models = &generated.files["src/models.rs"];
    assert!(
        models.contains(
            "pub struct Point(\n    pub f64,\n    pub f64,\n    pub Option<String>,\n    /// The elements after the tuple's own.\n    pub Vec<serde_json::Value>,\n);"
        ),
        "{models}"
    );
}

/// 3.1 schemas keep local definitions in `$defs`; a `$ref` to any pointer in the document is
/// resolved, so the definition becomes a model of its own.
#[test]
fn a_ref_into_defs_becomes_a_model() {
    let spec = format!(
        "{HEAD}components:\n  schemas:\n    Order:\n      type: object\n      \
         $defs: {{Line: {{type: object, properties: {{sku: {{type: string}}}}}}}}\n      \
         properties:\n        line: {{$ref: '#/components/schemas/Order/$defs/Line'}}\n"
    );
    let sources = Sources {
        spec_path: "spec/openapi.yaml",
        spec_text: &spec,
        config_path: "spec/sdk.yaml",
        config_text: None,
    };
    let generated = generate(&sources).expect("a `$defs` reference resolves");
    assert_eq!(generated.warnings.warnings(), 0, "{}", generated.warnings);
    let models = &generated.files["src/models.rs"];
    assert!(models.contains("pub line: Option<OrderLine>"), "{models}");
    assert!(models.contains("pub struct OrderLine"), "{models}");
}

/// A `$ref` into `$defs` that names nothing is dangling like any other reference: a warning,
/// and the property is kept as `serde_json::Value`.
#[test]
fn a_dangling_ref_into_defs_is_a_dangling_ref_warning() {
    let spec = format!(
        "{HEAD}components:\n  schemas:\n    A:\n      type: object\n      \
         properties:\n        b: {{$ref: '#/components/schemas/A/$defs/Missing'}}\n"
    );
    assert_eq!(
        warnings_of(&spec),
        "warning: spec/openapi.yaml:8:9: #/components/schemas/A/properties/b: dangling $ref `#/components/schemas/A/$defs/Missing`: no such schema in this document\n  \
         hint: the value is kept as `serde_json::Value`\n\
         1 warning: the affected items are degraded and documented (`--deny-warnings` makes them errors; `warnings.acknowledge` in sdk.yaml silences one by pointer)"
    );
}

#[test]
fn unmappable_constructs_are_reported_at_once_and_do_not_stop_the_run() {
    let spec = format!(
        "{HEAD}paths:\n  /shared:\n    $ref: '#/components/pathItems/Shared'\n  /search:\n    get:\n      \
         parameters:\n        - name: filter\n          in: query\n          schema:\n            \
         type: object\n            patternProperties: {{'^x-': {{type: string}}}}\n      \
         responses: {{'200': {{description: ok}}}}\n\
         components:\n  schemas:\n    Shape:\n      if: {{properties: {{kind: {{const: circle}}}}}}\n      \
         then: {{required: [radius]}}\n    Orbit:\n      $recursiveRef: '#'\n"
    );
    // A reference to a path item that is not there leaves its path out; nothing is an error.
    let warnings = warnings_of(&spec);
    for pointer in [
        "#/paths/~1shared/$ref: path item `$ref` `#/components/pathItems/Shared` leads to no path item",
        "#/paths/~1search/get/parameters/0/schema/patternProperties: `patternProperties` is not supported",
        "#/components/schemas/Shape/if: `if` is not supported",
        "#/components/schemas/Orbit/$recursiveRef: `$recursiveRef` is not supported",
    ] {
        assert!(warnings.contains(pointer), "no `{pointer}` in:\n{warnings}");
    }
}

/// The golden `styles-auth` crate's tuples (`prefixItems`) read and write JSON arrays: optional
/// elements past `minItems` may be absent, `items: false` rejects more, `items` types the rest.
#[test]
fn tuples_read_and_write_json_arrays() {
    use serde_json::json;
    use styles_and_auth::models::{Point, Trail};
    let full: Point = serde_json::from_value(json!([1.5, 2.0, "home"])).unwrap();
    assert_eq!(full, Point(1.5, 2.0, Some("home".to_owned())));
    let short: Point = serde_json::from_value(json!([1.5, 2.0])).unwrap();
    assert_eq!(serde_json::to_value(&short).unwrap(), json!([1.5, 2.0]));
    for wrong in [json!([1.5]), json!([1.5, 2.0, "a", "b"]), json!([1.5, "x"])] {
        let decoded = serde_json::from_value::<Point>(wrong.clone());
        assert!(decoded.is_err(), "{wrong} decoded as {decoded:?}");
    }
    let trail: Trail = serde_json::from_value(json!(["start", 1, 2])).unwrap();
    assert_eq!(trail, Trail("start".to_owned(), vec![1, 2]));
    assert_eq!(
        serde_json::to_value(&trail).unwrap(),
        json!(["start", 1, 2])
    );
}
