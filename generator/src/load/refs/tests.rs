//! Bundling: deep pointers, other files, cycles across files, and what is refused.

use super::*;
use std::collections::BTreeMap;

fn tree(text: &str) -> Value {
    parse_tree(text, InputFile::Spec).unwrap()
}

fn files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect()
}

fn schema<'a>(root: &'a Value, name: &str) -> &'a Value {
    &root["components"]["schemas"][name]
}

#[test]
fn a_deep_pointer_becomes_a_component_of_its_own() {
    let mut root = tree(
        "components:\n  schemas:\n    Tag: {allOf: [{type: object, properties: {id: {type: string}}}]}\n    \
         User: {allOf: [{$ref: '#/components/schemas/Tag/allOf/0'}]}\n",
    );
    let (_, warnings) = bundle(&mut root, &NoFiles);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        schema(&root, "User")["allOf"][0]["$ref"],
        "#/components/schemas/Tag_allOf_0"
    );
    assert_eq!(
        schema(&root, "Tag_allOf_0")["properties"]["id"]["type"],
        "string"
    );
}

#[test]
fn other_files_are_read_relative_to_the_file_that_refers_to_them() {
    let mut root = tree(
        "components:\n  schemas:\n    Pet: {$ref: 'schemas/pet.yaml', description: Kept}\n    \
         Owner: {properties: {pet: {$ref: './schemas/pet.yaml'}}}\n",
    );
    let others = files(&[
        (
            "schemas/pet.yaml",
            "type: object\nproperties:\n  owner: {$ref: '../common.yaml#/components/schemas/Owner'}\n  \
             tag: {$ref: 'tag.yaml'}\n",
        ),
        ("schemas/tag.yaml", "type: string\n"),
        (
            "common.yaml",
            "components:\n  schemas:\n    Owner: {properties: {pet: {$ref: 'schemas/pet.yaml'}}}\n",
        ),
    ]);
    let (_, warnings) = bundle(&mut root, &others);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(schema(&root, "Pet")["type"], "object");
    assert_eq!(schema(&root, "Pet")["description"], "Kept");
    assert_eq!(
        schema(&root, "Owner")["properties"]["pet"]["$ref"],
        "#/components/schemas/Pet"
    );
    // The other file's `Owner` is not the spec's: it gets a name of its own, and the cycle
    // Pet → Owner2 → Pet closes on the names.
    let pet = schema(&root, "Pet");
    assert_eq!(
        pet["properties"]["owner"]["$ref"],
        "#/components/schemas/Owner2"
    );
    assert_eq!(pet["properties"]["tag"]["$ref"], "#/components/schemas/tag");
    assert_eq!(
        schema(&root, "Owner2")["properties"]["pet"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(schema(&root, "tag")["type"], "string");
}

#[test]
fn urls_and_paths_outside_the_folder_are_warnings_and_any_value() {
    let mut root = tree(
        "components:\n  schemas:\n    A: {properties: {\
         u: {$ref: 'https://example.com/a.yaml#/X', description: kept}, \
         o: {$ref: '../outside.yaml'}, m: {$ref: 'missing.yaml'}, \
         d: {$ref: 'b.yaml#/nothing'}}}\n",
    );
    let (_, warnings) = bundle(&mut root, &files(&[("b.yaml", "type: string\n")]));
    let found: Vec<_> = warnings
        .iter()
        .map(|w| (w.kind, w.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("external-ref", "#/components/schemas/A/properties/u"),
            ("external-ref", "#/components/schemas/A/properties/o"),
            ("unresolved-ref", "#/components/schemas/A/properties/m"),
            ("unresolved-ref", "#/components/schemas/A/properties/d"),
        ]
    );
    let properties = &schema(&root, "A")["properties"];
    assert!(properties["u"].get("$ref").is_none());
    assert_eq!(properties["u"]["description"], "kept");
    assert!(properties["o"].get("$ref").is_none());
}

#[test]
fn non_schema_references_are_inlined_and_loops_among_them_refused() {
    let mut root = tree(
        "paths:\n  /a: {$ref: 'paths.yaml#/a'}\n  /b: {$ref: '#/paths/~1a'}\n  \
         /c: {$ref: '#/paths/~1c'}\n",
    );
    let others = files(&[
        (
            "paths.yaml",
            "a:\n  get:\n    parameters: [{$ref: '#/params/P'}]\n    responses: {}\nparams:\n  P: {name: p, in: query, schema: {$ref: 'kinds.yaml'}}\n",
        ),
        ("kinds.yaml", "enum: [x, y]\n"),
    ]);
    let (origins, warnings) = bundle(&mut root, &others);
    let parameter = &root["paths"]["/a"]["get"]["parameters"][0];
    assert_eq!(parameter["name"], "p");
    assert_eq!(parameter["schema"]["$ref"], "#/components/schemas/kinds");
    assert_eq!(root["paths"]["/b"]["get"]["parameters"][0]["name"], "p");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer, "#/paths/~1c");
    // A problem in the inlined parameter is reported in the file that holds it.
    let mut diagnostic = Diagnostic::warning(
        InputFile::Spec,
        "test",
        "#/paths/~1a/get/parameters/0/schema",
        "m",
    );
    origins.relocate(&mut diagnostic);
    assert_eq!(diagnostic.referenced(), Some("paths.yaml"));
    assert_eq!(diagnostic.pointer, "paths.yaml#/params/P/schema");
    assert_eq!(diagnostic.line_col, Some((6, 27)));
}

#[test]
fn literal_values_are_data_not_references() {
    let mut root = tree(
        "components:\n  schemas:\n    A: {type: object, example: {$ref: 'x.yaml'}, default: {$ref: 'y.yaml'}}\n",
    );
    let (_, warnings) = bundle(&mut root, &NoFiles);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(schema(&root, "A")["example"]["$ref"], "x.yaml");
}

#[test]
fn relative_paths_never_climb_out_of_the_folder() {
    assert_eq!(
        join_relative("a/b.yaml", "../c.yaml").as_deref(),
        Some("c.yaml")
    );
    assert_eq!(
        join_relative("a/b.yaml", "./d/./e.yaml").as_deref(),
        Some("a/d/e.yaml")
    );
    assert_eq!(join_relative("", "../c.yaml"), None);
    assert_eq!(join_relative("a/b.yaml", "../../c.yaml"), None);
    assert_eq!(join_relative("", "/etc/passwd"), None);
    assert!(is_url("https://x/y.yaml") && is_url("//host/y") && !is_url("y.yaml"));
    assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
}

#[test]
fn a_reusable_path_item_is_inlined_where_it_is_used_and_diagnostics_go_back_to_it() {
    let mut root = tree(
        "paths:\n  /a: {$ref: '#/components/pathItems/P', summary: Mine}\n\
         components:\n  pathItems:\n    P:\n      summary: Shared\n      \
         parameters: [{name: q, in: query, schema: {type: string}}]\n      \
         get: {responses: {'200': {description: ok}}}\n",
    );
    let (origins, warnings) = bundle(&mut root, &NoFiles);
    assert!(warnings.is_empty(), "{warnings:?}");
    let item = &root["paths"]["/a"];
    assert_eq!(item.get("$ref"), None);
    assert_eq!(item["summary"], "Mine");
    assert_eq!(item["parameters"][0]["name"], "q");
    let mut diagnostic =
        Diagnostic::warning(InputFile::Spec, "k", "#/paths/~1a/parameters/0/schema", "m");
    origins.relocate(&mut diagnostic);
    assert_eq!(
        diagnostic.pointer,
        "#/components/pathItems/P/parameters/0/schema"
    );
}

#[test]
fn operations_written_as_refs_are_inlined_or_left_out() {
    let mut root = tree(
        "paths:\n  /posts:\n    post: {$ref: '#/components/x-ops/create', summary: Mine}\n    \
         get: {$ref: 'ops.yaml#/list'}\n    put: {$ref: '#/components/x-ops/none'}\n    \
         delete: {$ref: 'gone.yaml#/delete'}\n    patch: {$ref: ''}\n    head: {$ref: 42}\n\
         components:\n  x-ops:\n    create: {operationId: create, summary: Theirs, responses: {}}\n",
    );
    let others = files(&[("ops.yaml", "list: {operationId: list, responses: {}}\n")]);
    let (_, warnings) = bundle(&mut root, &others);
    let item = &root["paths"]["/posts"];
    assert_eq!(item["post"]["operationId"], "create");
    assert_eq!(item["post"]["summary"], "Mine", "the $ref's siblings win");
    assert_eq!(item["get"]["operationId"], "list");
    let methods: Vec<String> = (item.as_mapping().unwrap().keys()).map(key_text).collect();
    assert_eq!(
        methods,
        ["post", "get"],
        "the four that lead nowhere (an empty `$ref` and a number among them) are left out"
    );
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings.len(), 4, "{messages:?}");
    assert!(
        messages[0].contains("leads to no operation; the operation is left out"),
        "{messages:?}"
    );
    assert_eq!(warnings[1].pointer, "#/paths/~1posts/delete");
}

#[test]
fn a_document_whose_references_all_name_components_is_left_as_it_is() {
    let plain = "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/P'}]\n      \
                 responses: {'200': {$ref: '#/components/responses/R'}}\n\
                 components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    \
                 B: {properties: {x: {$ref: '#/components/schemas/A'}}}\n";
    assert!(only_component_refs(&tree(plain)));
    // Each of these needs the walk: a deep pointer, another file, a reusable path item, an
    // operation written as a `$ref`, a component schema standing for another section's component,
    // a percent-encoded pointer (which may name a deeper schema once decoded).
    for needs_bundling in [
        "components:\n  schemas:\n    A: {items: {$ref: '#/components/schemas/B/items'}}\n",
        "components:\n  schemas:\n    A: {items: {$ref: 'other.yaml'}}\n",
        "paths:\n  /a: {$ref: '#/components/pathItems/A'}\n",
        "paths:\n  /a:\n    get: {$ref: '#/components/x/Get'}\n",
        "components:\n  schemas:\n    A: {$ref: '#/components/responses/R'}\n",
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B%2Fitems'}\n",
    ] {
        assert!(
            !only_component_refs(&tree(needs_bundling)),
            "{needs_bundling}"
        );
    }
}
