//! The schema rewrites of `schema`, each on a small schema at `#/s`: what 3.1 becomes in 3.0,
//! and the located warning of what it cannot become.

use super::*;

fn normalize(input: &str) -> (Value, Vec<String>) {
    let mut schema: Value = serde_yaml::from_str(input).unwrap();
    let mut normalizer = Normalizer::default();
    normalizer.schema(&mut schema, &Pointer::root().join("s"));
    let warnings = normalizer
        .warnings
        .iter()
        .map(|warning| warning.render("openapi.yaml", "sdk.yaml"))
        .collect();
    (schema, warnings)
}

/// `input` normalises to `expected` (compared as YAML values, so key order does not matter).
fn assert_rewrites(input: &str, expected: &str) {
    let (actual, warnings) = normalize(input);
    assert!(warnings.is_empty(), "{warnings:?}");
    let expected: Value = serde_yaml::from_str(expected).unwrap();
    assert_eq!(
        actual,
        expected,
        "got:\n{}",
        serde_yaml::to_string(&actual).unwrap()
    );
}

/// `input` normalises to `expected` (its description aside, which must note the degradation)
/// with the one warning `warning`.
fn assert_noted(input: &str, expected: &str, warning: &str) {
    let (mut actual, warnings) = normalize(input);
    assert_eq!(warnings, [warning]);
    let description = actual
        .as_mapping_mut()
        .and_then(|map| map.shift_remove("description"));
    let description = description.as_ref().and_then(Value::as_str).unwrap_or("");
    assert!(
        description.contains("Degraded by the generator"),
        "{description}"
    );
    let expected: Value = serde_yaml::from_str(expected).unwrap();
    assert_eq!(
        actual,
        expected,
        "got:\n{}",
        serde_yaml::to_string(&actual).unwrap()
    );
}

#[test]
fn type_lists_become_type_and_nullable() {
    assert_rewrites("{type: [string, 'null']}", "{type: string, nullable: true}");
    assert_rewrites("{type: [integer]}", "{type: integer}");
    assert_rewrites("{type: 'null'}", "{nullable: true}");
    assert_rewrites("{type: ['null']}", "{nullable: true}");
    assert_rewrites(
        "{type: [array, 'null'], items: {type: [string, 'null']}}",
        "{type: array, nullable: true, items: {type: string, nullable: true}}",
    );
}

#[test]
fn several_types_become_a_one_of_that_splits_the_keywords() {
    assert_rewrites(
        "{type: [string, integer, 'null'], maxLength: 3, minimum: 1, description: d}",
        "{nullable: true, description: d, oneOf: [{type: string, maxLength: 3}, {type: integer, minimum: 1}]}",
    );
}

#[test]
fn null_arms_collapse_into_the_parent() {
    // FastAPI's optional string: the inline arm merges, the parent's annotations win.
    assert_rewrites(
        "{anyOf: [{type: string, maxLength: 5, title: inner}, {type: 'null'}], title: Name, default: null}",
        "{type: string, maxLength: 5, nullable: true, title: Name, default: null}",
    );
    // An optional reference: the 3.0 idiom `nullable` + `allOf: [$ref]`.
    assert_rewrites(
        "{anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}], description: d}",
        "{nullable: true, description: d, allOf: [{$ref: '#/components/schemas/A'}]}",
    );
    // Two arms remain: the union stays, and admits null.
    assert_rewrites(
        "{oneOf: [{type: string}, {type: integer}, {type: 'null'}]}",
        "{nullable: true, oneOf: [{type: string}, {type: integer}]}",
    );
    assert_rewrites("{anyOf: [{type: 'null'}]}", "{nullable: true}");
    assert_rewrites(
        "{anyOf: [{type: [string, 'null']}, {type: integer}]}",
        "{nullable: true, anyOf: [{type: string, nullable: true}, {type: integer}]}",
    );
}

#[test]
fn a_discriminated_union_keeps_its_discriminator_when_made_optional() {
    assert_rewrites(
        "anyOf:\n- oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n  \
         discriminator: {propertyName: kind}\n- type: 'null'\n",
        "nullable: true\noneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n\
         discriminator: {propertyName: kind}\n",
    );
}

#[test]
fn a_conflicting_arm_merges_with_the_parent_winning_and_a_located_warning() {
    assert_noted(
        "{type: object, anyOf: [{type: string, maxLength: 3, format: uuid, minProperties: 1, description: arm}, {type: 'null'}]}",
        "{type: object, nullable: true}",
        "warning: openapi.yaml: #/s/anyOf/0/type: the only non-null arm and the schema around it both set `type`; the arm's value is ignored, \
         and with it `maxLength`, `format`, `minProperties`, which describe its type\n  \
         hint: set the keyword in one place only, or write the schema as `nullable: true` with the arm's keywords",
    );
}

/// Values and tuples of the arm's type do not land on the parent's type either.
#[test]
fn an_arm_of_another_type_leaves_its_values_and_tuple_items_behind() {
    let (schema, warnings) = normalize(
        "{type: integer, anyOf: [{type: string, default: abc, enum: [aa, bb], example: aa}, {type: 'null'}]}",
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("and with it `default`, `enum`, `example`, which describe its type"),
        "{warnings:?}"
    );
    for keyword in ["default", "enum", "example"] {
        assert!(schema.get(keyword).is_none(), "{keyword} kept: {schema:?}");
    }
    let (schema, _) = normalize(
        "{type: object, properties: {a: {type: string}}, anyOf: [{type: array, prefixItems: [{type: number}]}, {type: 'null'}]}",
    );
    assert!(schema.get("x-prefix-items").is_none(), "{schema:?}");
    assert_eq!(schema["type"], Value::from("object"));
}

/// Without a `type` of its own the arm does not describe another type: its keywords merge, as
/// any other arm's do, and nothing is reported.
#[test]
fn an_arm_without_a_type_merges_whole_and_quietly() {
    let (schema, warnings) = normalize("{type: string, anyOf: [{maxLength: 3}, {type: 'null'}]}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(schema["maxLength"], Value::from(3));
}

#[test]
fn a_conflicting_arm_keeps_its_own_description_ahead_of_the_note() {
    let (schema, _) =
        normalize("{type: object, anyOf: [{type: string, description: arm}, {type: 'null'}]}");
    let description = schema["description"].as_str().unwrap_or("");
    assert!(
        description.starts_with("arm\n") && description.contains("Degraded by the generator"),
        "{description}"
    );
}

#[test]
fn a_type_list_entry_that_is_no_type_name_is_dropped_with_a_located_warning() {
    assert_noted(
        "{type: [string, 1, 'null']}",
        "{type: string, nullable: true}",
        "warning: openapi.yaml: #/s/type: `type` lists an entry that is not a type name; it is ignored\n  \
         hint: list type names only, e.g. `type: [string, \"null\"]`",
    );
    assert_noted(
        "{type: [{}, 2]}",
        "{}",
        "warning: openapi.yaml: #/s/type: `type` lists 2 entries that are not type names; they are ignored\n  \
         hint: list type names only, e.g. `type: [string, \"null\"]`",
    );
}

#[test]
fn a_type_list_beside_a_union_leaves_the_type_to_its_arms_with_a_located_warning() {
    assert_noted(
        "{type: [string, integer, 'null'], oneOf: [{type: string}, {type: integer, minimum: 1}]}",
        "{nullable: true, oneOf: [{type: string}, {type: integer, minimum: 1}]}",
        "warning: openapi.yaml: #/s/type: the type list [string, integer] beside `oneOf`/`anyOf` has no OpenAPI 3.0 form; it is ignored and the union's arms decide the type\n  \
         hint: move each type into an arm of the `oneOf`",
    );
}

/// A tuple's elements are kept (normalised) in an extension the 3.0 parser keeps, for
/// `lower::tuples`; `items: false` beside them, which 3.0 cannot hold, becomes a flag.
#[test]
fn prefix_items_move_to_an_extension_with_their_elements_normalised() {
    assert_rewrites(
        "{type: array, prefixItems: [{type: [number, 'null']}, {const: a}], items: false}",
        "{type: array, x-prefix-items: [{type: number, nullable: true}, {type: string, enum: [a]}], x-prefix-items-closed: true}",
    );
    assert_rewrites(
        "{type: array, prefixItems: [{type: string}], items: {type: integer}}",
        "{type: array, x-prefix-items: [{type: string}], items: {type: integer}}",
    );
}

#[test]
fn keywords_without_effect_are_dropped() {
    assert_rewrites(
        "{$schema: x, $id: y, $comment: z, $defs: {A: {}}, type: object, unevaluatedProperties: false, \
         dependentRequired: {a: [b]}, propertyNames: {pattern: x}, properties: {a: true}}",
        "{type: object, properties: {a: {}}}",
    );
    // Dropped before a `$ref` is checked for siblings, so no `allOf` wrapper is needed.
    assert_rewrites(
        "{$ref: '#/components/schemas/A', $comment: c}",
        "{$ref: '#/components/schemas/A'}",
    );
}

#[test]
fn subschemas_in_every_position_are_rewritten() {
    let nullable = "{type: [string, 'null']}";
    let (schema, warnings) = normalize(&format!(
        "{{properties: {{a: {nullable}}}, items: {nullable}, additionalProperties: {nullable}, \
         not: {nullable}, allOf: [{nullable}], anyOf: [{nullable}, {nullable}], oneOf: [{nullable}, {nullable}]}}"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let text = serde_yaml::to_string(&schema).unwrap();
    assert!(!text.contains("'null'"), "{text}");
}

/// The rendered warnings of normalising `input`, and the schema it becomes.
fn warnings_of(input: &str) -> (Value, Vec<String>) {
    let mut schema: Value = serde_yaml::from_str(input).unwrap();
    let mut normalizer = Normalizer::default();
    normalizer.schema(&mut schema, &Pointer::root().join("s"));
    let warnings = normalizer
        .warnings
        .iter()
        .map(|warning| warning.render("openapi.yaml", "sdk.yaml"))
        .collect();
    (schema, warnings)
}

/// `input` degrades to `expected_schema` (its description aside) with one warning.
fn assert_degrades(input: &str, expected_schema: &str, expected_warning: &str) {
    let (mut schema, warnings) = warnings_of(input);
    assert_eq!(warnings, [expected_warning]);
    let description = schema
        .as_mapping_mut()
        .and_then(|map| map.shift_remove("description"));
    let description = description.as_ref().and_then(Value::as_str).unwrap_or("");
    assert!(
        description.contains("Degraded by the generator")
            && description.contains("serde_json::Value"),
        "{description}"
    );
    let expected: Value = serde_yaml::from_str(expected_schema).unwrap();
    assert_eq!(schema, expected);
}

#[test]
fn unsupported_keywords_degrade_to_the_empty_schema_with_a_located_warning() {
    assert_degrades(
        "{type: array, items: [{type: string}], description: d, title: t}",
        "{title: t}",
        "warning: openapi.yaml: #/s/items: `items` as a list (a tuple) is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n  \
         hint: write the list as `prefixItems` (OpenAPI 3.1)",
    );
    assert_degrades(
        "{if: {}, then: {}, else: {}}",
        "{}",
        "warning: openapi.yaml: #/s/if: `if` is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n  \
         hint: describe the alternatives with `oneOf`, or state the condition in the description",
    );
    assert_degrades(
        "{type: object, patternProperties: {'^x': {}}}",
        "{}",
        "warning: openapi.yaml: #/s/patternProperties: `patternProperties` is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n  \
         hint: use `additionalProperties` with the value schema; the keys become plain strings",
    );
    assert_degrades(
        "{type: object, unevaluatedProperties: {type: string}}",
        "{}",
        "warning: openapi.yaml: #/s/unevaluatedProperties: `unevaluatedProperties` with a schema is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n  \
         hint: use `additionalProperties` (for objects) or `items` (for arrays) instead",
    );
    assert_degrades(
        "{$recursiveRef: '#', $recursiveAnchor: true}",
        "{}",
        "warning: openapi.yaml: #/s/$recursiveRef: `$recursiveRef` is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n  \
         hint: use a plain `$ref` to a schema in #/components/schemas",
    );
}

#[test]
fn a_degraded_schema_keeps_its_description_and_says_what_was_degraded() {
    let (schema, _) = warnings_of("{properties: {a: {$recursiveRef: '#', description: d}}}");
    let expected: Value = serde_yaml::from_str(
        "properties:\n  a:\n    description: |-\n      d\n\n      \
         Degraded by the generator (the API description could not be modelled exactly):\n      \
         - `$recursiveRef` is not supported: OpenAPI 3.0 has no equivalent; the schema is kept as `serde_json::Value`\n",
    )
    .unwrap();
    assert_eq!(
        schema,
        expected,
        "{}",
        serde_yaml::to_string(&schema).unwrap()
    );
}

#[test]
fn the_false_schema_degrades_with_a_located_warning() {
    let mut schema: Value =
        serde_yaml::from_str("{properties: {a: false, b: {items: false}}, required: [a, b]}")
            .unwrap();
    let mut normalizer = Normalizer::default();
    normalizer.schema(&mut schema, &Pointer::root().join("s"));
    let warnings: Vec<String> = (normalizer.warnings.iter())
        .map(|warning| format!("{} {}", warning.kind, warning.render("o.yaml", "s.yaml")))
        .collect();
    assert_eq!(
        warnings,
        [
            "false-schema warning: o.yaml: #/s/properties/a: property `a` has the `false` schema (it may never appear); it is left out\n  \
             hint: remove the property from `properties`",
            "false-schema warning: o.yaml: #/s/properties/b/items: the `false` schema (no value is valid) has no OpenAPI 3.0 form; it is kept as `serde_json::Value`\n  \
             hint: remove the item or body that can never be valid",
        ]
    );
    let expected: Value = serde_yaml::from_str(
        "{properties: {b: {items: {description: \"Degraded by the generator (the API description could not be modelled exactly):\\n\
         - the `false` schema (no value is valid) has no OpenAPI 3.0 form; it is kept as `serde_json::Value`\"}}}, required: [b], \
         description: \"Degraded by the generator (the API description could not be modelled exactly):\\n\
         - property `a` has the `false` schema (it may never appear); it is left out\"}",
    )
    .unwrap();
    assert_eq!(
        schema,
        expected,
        "{}",
        serde_yaml::to_string(&schema).unwrap()
    );
}
