//! Rewrites of single schema keywords: 3.1's into their 3.0 spelling (`const`, numeric exclusive
//! bounds, `examples`, content keywords, `$ref` siblings), and, for every document, the type an
//! `enum` without one implies. In: one schema mapping whose subschemas are already 3.0. Out: the
//! same mapping with the keyword rewritten; none can fail.

use serde_yaml::{Mapping, Value};

/// `const: X` → `enum: [X]`, with the type of `X` when the schema names none.
pub(super) fn rewrite_const(map: &mut Mapping) {
    let Some(value) = map.shift_remove("const") else {
        return;
    };
    // 3.0 cannot say "only null"; nullable without a type is the closest, and what
    // `collapse_null_arms` recognises as a null arm.
    if value.is_null() {
        map.insert("nullable".into(), true.into());
        return;
    }
    if !map.contains_key("type")
        && let Some(name) = scalar_type(&value)
    {
        map.insert("type".into(), name.into());
    }
    map.insert("enum".into(), Value::Sequence(vec![value]));
}

/// Numeric `exclusiveMinimum: N` → `minimum: N, exclusiveMinimum: true` (and the same for the
/// maximum), unless an inclusive bound that is stricter is also given.
pub(in crate::load) fn rewrite_exclusive_bounds(map: &mut Mapping) {
    for (exclusive, inclusive, is_lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
            continue;
        };
        let stricter = match (map.get(inclusive).and_then(Value::as_f64), bound.as_f64()) {
            (Some(current), Some(new)) if is_lower => new >= current,
            (Some(current), Some(new)) => new <= current,
            _ => true,
        };
        if stricter {
            map.insert(inclusive.into(), Value::Number(bound));
            map.insert(exclusive.into(), true.into());
        } else {
            map.shift_remove(exclusive);
        }
    }
}

/// A schema's `examples` list → `example: <first item>` (3.0 schemas have one example).
pub(super) fn rewrite_examples(map: &mut Mapping) {
    let Some(examples) = map.shift_remove("examples") else {
        return;
    };
    if let Value::Sequence(examples) = examples
        && let Some(first) = examples.into_iter().next()
        && !map.contains_key("example")
    {
        map.insert("example".into(), first);
    }
}

/// 3.1 spells binary strings with content keywords where 3.0 used formats: `contentEncoding:
/// base64` → `format: byte`; a non-text `contentMediaType` → `format: binary` (a file part in a
/// multipart body). Text media types (a JSON document inside a string) stay plain strings.
pub(super) fn rewrite_content_keywords(map: &mut Mapping) {
    let encoding = map.shift_remove("contentEncoding");
    let media_type = map.shift_remove("contentMediaType");
    map.shift_remove("contentSchema");
    if map.get("type").and_then(Value::as_str) != Some("string") || map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type) {
        (Some("base64"), _) => "byte",
        (None, Some(Value::String(media_type))) if !is_textual(&media_type) => "binary",
        _ => return,
    };
    map.insert("format".into(), format.into());
}

/// `{$ref: X, description: d}` → `{allOf: [{$ref: X}], description: d}`: 3.0 ignores the
/// siblings of a `$ref`, so the reference moves into an `allOf` that can carry them.
pub(super) fn wrap_ref_with_siblings(map: &mut Mapping) {
    if map.len() < 2 {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let mut arm = Mapping::new();
    arm.insert("$ref".into(), reference);
    let mut all_of = match map.shift_remove("allOf") {
        Some(Value::Sequence(arms)) => arms,
        _ => Vec::new(),
    };
    all_of.insert(0, Value::Mapping(arm));
    map.insert("allOf".into(), Value::Sequence(all_of));
}

/// An `enum` without a `type` (`{enum: [local, sdcard], nullable: true}`) takes the type its
/// values share, `null` aside (which makes it nullable), so it is modelled as the enum it is
/// rather than as any JSON value. Values of several types, or a schema that composes others,
/// keep no type.
pub(in crate::load) fn type_from_enum(map: &mut Mapping) {
    const COMPOSING: [&str; 6] = ["allOf", "oneOf", "anyOf", "not", "properties", "items"];
    if map.contains_key("type") || COMPOSING.iter().any(|key| map.contains_key(*key)) {
        return;
    }
    let Some(Value::Sequence(values)) = map.get("enum") else {
        return;
    };
    let mut types = values
        .iter()
        .filter(|value| !value.is_null())
        .map(scalar_type);
    let Some(Some(first)) = types.next() else {
        return;
    };
    // Integers among numbers are numbers.
    let mut shared = first;
    for next in types {
        shared = match (shared, next) {
            (shared, Some(next)) if shared == next => shared,
            ("integer", Some("number")) | ("number", Some("integer")) => "number",
            _ => return,
        };
    }
    let nullable = values.iter().any(Value::is_null);
    map.insert("type".into(), shared.into());
    if nullable {
        map.insert("nullable".into(), true.into());
    }
}

/// The JSON Schema type of a scalar `const` value.
fn scalar_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        _ => None,
    }
}

fn is_textual(media_type: &str) -> bool {
    media_type.starts_with("text/") || media_type.contains("json") || media_type.contains("xml")
}

/// The heading of the section a degraded schema's description gains, so the generated docs say
/// what the generator changed.
const DEGRADED_HEADING: &str =
    "Degraded by the generator (the API description could not be modelled exactly):";

/// Appends `notes` to the schema's description under `DEGRADED_HEADING` (once per schema: a
/// second call adds its notes to the same section).
pub(in crate::load) fn note_degradation(map: &mut Mapping, notes: &[&str]) {
    if notes.is_empty() {
        return;
    }
    let lines: Vec<String> = notes.iter().map(|note| format!("- {note}")).collect();
    let lines = lines.join("\n");
    let description = match map.get("description").and_then(Value::as_str) {
        Some(text) if text.contains(DEGRADED_HEADING) => format!("{text}\n{lines}"),
        Some(text) => format!("{text}\n\n{DEGRADED_HEADING}\n{lines}"),
        None => format!("{DEGRADED_HEADING}\n{lines}"),
    };
    map.insert("description".into(), description.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rewrite` turns `input` into `expected` (compared as YAML values, so key order is free).
    fn assert_rewrites(rewrite: fn(&mut Mapping), input: &str, expected: &str) {
        let mut map: Mapping = serde_yaml::from_str(input).unwrap();
        rewrite(&mut map);
        let expected: Mapping = serde_yaml::from_str(expected).unwrap();
        assert_eq!(
            map,
            expected,
            "got:\n{}",
            serde_yaml::to_string(&map).unwrap()
        );
    }

    #[test]
    fn an_enum_without_a_type_takes_the_type_its_values_share() {
        let cases = [
            (
                "{enum: [local, sdcard]}",
                "{type: string, enum: [local, sdcard]}",
            ),
            (
                "{enum: [local, null]}",
                "{type: string, nullable: true, enum: [local, null]}",
            ),
            ("{enum: [1, 2.5]}", "{type: number, enum: [1, 2.5]}"),
            ("{enum: [1, 2]}", "{type: integer, enum: [1, 2]}"),
            // Several types, a type already given, or a composition: left as written.
            ("{enum: [a, 1]}", "{enum: [a, 1]}"),
            ("{type: string, enum: [1]}", "{type: string, enum: [1]}"),
            ("{oneOf: [{}], enum: [a]}", "{oneOf: [{}], enum: [a]}"),
            ("{enum: [null]}", "{enum: [null]}"),
        ];
        for (input, expected) in cases {
            assert_rewrites(type_from_enum, input, expected);
        }
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_rewrites(
            rewrite_const,
            "{const: user_input}",
            "{type: string, enum: [user_input]}",
        );
        assert_rewrites(
            rewrite_const,
            "{const: 2, type: number, title: t}",
            "{type: number, enum: [2], title: t}",
        );
        assert_rewrites(
            rewrite_const,
            "{const: true}",
            "{type: boolean, enum: [true]}",
        );
        assert_rewrites(rewrite_const, "{const: 1.5}", "{type: number, enum: [1.5]}");
        assert_rewrites(rewrite_const, "{const: null}", "{nullable: true}");
        assert_rewrites(
            rewrite_const,
            "{const: a, enum: [a, b], type: string}",
            "{enum: [a], type: string}",
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean_flags() {
        assert_rewrites(
            rewrite_exclusive_bounds,
            "{type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10}",
            "{type: integer, minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true}",
        );
        // An inclusive bound that is stricter wins; an exclusive one at the same value wins.
        assert_rewrites(
            rewrite_exclusive_bounds,
            "{type: number, minimum: 5, exclusiveMinimum: 1, maximum: 3, exclusiveMaximum: 3}",
            "{type: number, minimum: 5, maximum: 3, exclusiveMaximum: true}",
        );
        // A 3.0-style flag is already 3.0.
        assert_rewrites(
            rewrite_exclusive_bounds,
            "{type: integer, minimum: 0, exclusiveMinimum: true}",
            "{type: integer, minimum: 0, exclusiveMinimum: true}",
        );
    }

    #[test]
    fn examples_become_the_first_example() {
        assert_rewrites(
            rewrite_examples,
            "{type: string, examples: [a, b]}",
            "{type: string, example: a}",
        );
        assert_rewrites(
            rewrite_examples,
            "{type: string, example: x, examples: [a]}",
            "{type: string, example: x}",
        );
        assert_rewrites(
            rewrite_examples,
            "{type: string, examples: []}",
            "{type: string}",
        );
    }

    #[test]
    fn ref_siblings_move_the_ref_into_all_of() {
        assert_rewrites(
            wrap_ref_with_siblings,
            "{$ref: '#/components/schemas/A', description: d}",
            "{description: d, allOf: [{$ref: '#/components/schemas/A'}]}",
        );
        assert_rewrites(
            wrap_ref_with_siblings,
            "{$ref: '#/components/schemas/A', allOf: [{required: [x]}]}",
            "{allOf: [{$ref: '#/components/schemas/A'}, {required: [x]}]}",
        );
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_rewrites(
            rewrite_content_keywords,
            "{type: string, contentMediaType: image/png}",
            "{type: string, format: binary}",
        );
        assert_rewrites(
            rewrite_content_keywords,
            "{type: string, contentEncoding: base64, contentMediaType: image/png}",
            "{type: string, format: byte}",
        );
        assert_rewrites(
            rewrite_content_keywords,
            "{type: string, contentMediaType: application/json, contentSchema: {type: object}}",
            "{type: string}",
        );
    }
}
