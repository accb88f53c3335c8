//! The values of an `enum` against the schema's `type`. `openapiv3` reads `{type: string, enum:
//! [1, 2]}` (YAML's unquoted numbers) as a schema of no particular type, which became any JSON
//! value without a word. Values that have an exact spelling in the declared type are read in it
//! (`1` → `"1"`, `"2"` → `2`); when one has none (`{type: integer, enum: [a]}`), the `enum` is
//! dropped and the declared type kept. A `default` is read the same way, and dropped when it has
//! no spelling in the type or is not among the `enum` values (the docs would show a value the API
//! never takes).

use super::check::SchemaChecker;
use crate::diagnostics::Pointer;
use serde_yaml::Mapping;
use serde_yaml::{Number, Value};

/// What became of an `enum` whose values were checked against `type_name`.
#[derive(Debug, PartialEq)]
pub(super) enum EnumReading {
    /// Every value is already of the type (or `null`), or the type is not a scalar one.
    Fits,
    /// Some values were rewritten into the type; the message names them.
    Converted(String),
    /// A value has no spelling in the type; the reason names it, and the `enum` must go.
    Unfit(String),
}

/// Checks `values` against `type_name` and rewrites those that have an exact spelling in it.
pub(super) fn read_enum_values(type_name: &str, values: &mut [Value]) -> EnumReading {
    let Some((one, many)) = scalar_nouns(type_name) else {
        return EnumReading::Fits;
    };
    let mut converted = Vec::new();
    for value in values.iter_mut().filter(|value| !value.is_null()) {
        if fits(type_name, value) {
            continue;
        }
        let Some(spelling) = convert(type_name, value) else {
            return EnumReading::Unfit(format!(
                "`enum` value {} is not {one} (the schema's `type`)",
                shown(value)
            ));
        };
        converted.push(format!("{} as {}", shown(value), shown(&spelling)));
        *value = spelling;
    }
    match converted.is_empty() {
        true => EnumReading::Fits,
        false => EnumReading::Converted(format!(
            "`enum` values must be {many} (the schema's `type`); read {}",
            converted.join(", ")
        )),
    }
}

/// "a string" and "strings" for `string`; `None` for types whose `enum` is not checked here.
fn scalar_nouns(type_name: &str) -> Option<(&'static str, &'static str)> {
    match type_name {
        "string" => Some(("a string", "strings")),
        "integer" => Some(("an integer", "integers")),
        "number" => Some(("a number", "numbers")),
        "boolean" => Some(("a boolean", "booleans")),
        _ => None,
    }
}

/// Whether the model reads `value` as a value of `type_name` as it is.
fn fits(type_name: &str, value: &Value) -> bool {
    match (type_name, value) {
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
        ("integer", Value::Number(number)) => number.is_i64(),
        ("number", Value::Number(number)) => number.as_f64().is_some_and(f64::is_finite),
        _ => false,
    }
}

/// `value` spelled exactly in `type_name`, when it has such a spelling.
fn convert(type_name: &str, value: &Value) -> Option<Value> {
    match (type_name, value) {
        ("string", Value::Number(number)) => Some(Value::String(number.to_string())),
        ("string", Value::Bool(flag)) => Some(Value::String(flag.to_string())),
        ("integer", Value::Number(number)) => {
            let float = number.as_f64()?;
            // Whole floats inside `i64` only: the cast below is then exact.
            let whole = float.fract() == 0.0 && float.abs() < 9.0e18;
            whole.then(|| Value::Number(Number::from(float as i64)))
        }
        ("integer", Value::String(text)) => text.parse::<i64>().ok().map(Value::from),
        ("number", Value::String(text)) => (text.parse::<f64>().ok())
            .filter(|float| float.is_finite())
            .map(|float| match text.parse::<i64>() {
                Ok(integer) => Value::from(integer),
                Err(_) => Value::from(float),
            }),
        ("boolean", Value::String(text)) => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    }
}

/// Whether two values are equal, numbers by value (`1` is `1.0`).
fn same_value(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => left.as_f64() == right.as_f64(),
        _ => left == right,
    }
}

/// A value as the message shows it: YAML's flow form (`1`, `"a"`, `{…}` for collections).
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Tagged(_) => "a tagged value".to_owned(),
    }
}

/// The schema walk's step for `enum` values (`check.rs` walks, this module decides).
impl SchemaChecker {
    /// An `enum` whose values are not of the schema's `type` (see `check_enums`).
    pub(super) fn enum_values(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        let type_name = mapping.get("type").and_then(Value::as_str).unwrap_or("");
        let type_name = type_name.to_owned();
        let Some(Value::Sequence(values)) = mapping.get_mut("enum") else {
            return;
        };
        match read_enum_values(&type_name, values) {
            EnumReading::Fits => {}
            EnumReading::Converted(message) => {
                let hint = match type_name.as_str() {
                    "string" => "quote the values (`enum: [\"1\"]`): YAML reads `1` as a number",
                    _ => "write each value in the schema's type",
                };
                self.warn(&pointer.join("enum"), message.clone(), hint);
                notes.push(message);
            }
            EnumReading::Unfit(reason) => {
                self.drop_keyword(mapping, "enum", reason, pointer, notes);
            }
        }
    }

    /// A `default` that is not a value of the schema's `type`, or not among its `enum` values
    /// (see `check_enums`): read in the type where it has an exact spelling there, else dropped.
    pub(super) fn default_value(
        &mut self,
        mapping: &mut Mapping,
        pointer: &Pointer,
        notes: &mut Vec<String>,
    ) {
        let type_name = mapping.get("type").and_then(Value::as_str).unwrap_or("");
        let type_name = type_name.to_owned();
        let Some(default) = mapping.get("default").filter(|value| !value.is_null()) else {
            return;
        };
        let default = default.clone();
        let reading = match scalar_nouns(&type_name) {
            Some(_) if fits(&type_name, &default) => Some(default.clone()),
            Some(_) => convert(&type_name, &default),
            None => Some(default.clone()),
        };
        let Some(reading) = reading else {
            let (one, _) = scalar_nouns(&type_name).unwrap_or(("a value", "values"));
            let reason = format!(
                "`default` ({}) is not {one} (the schema's `type`)",
                shown(&default)
            );
            return self.drop_keyword(mapping, "default", reason, pointer, notes);
        };
        if let Some(Value::Sequence(values)) = mapping.get("enum")
            && !values.iter().any(|value| same_value(value, &reading))
        {
            let reason = format!(
                "`default` ({}) is not among the `enum` values",
                shown(&default)
            );
            return self.drop_keyword(mapping, "default", reason, pointer, notes);
        }
        if reading != default {
            let message = format!(
                "`default` must be {} (the schema's `type`); read {} as {}",
                scalar_nouns(&type_name).map_or("of the type", |(one, _)| one),
                shown(&default),
                shown(&reading)
            );
            self.warn(
                &pointer.join("default"),
                message.clone(),
                "write the default in the schema's `type`",
            );
            notes.push(message);
            mapping.insert("default".into(), reading);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enum_holds_a_default_whose_number_is_written_another_way() {
        let whole: Value = serde_yaml::from_str("1").unwrap();
        let float: Value = serde_yaml::from_str("1.0").unwrap();
        assert!(same_value(&whole, &float));
        assert!(!same_value(&whole, &Value::String("1".into())));
    }

    fn read(type_name: &str, values: &str) -> (EnumReading, Vec<Value>) {
        let mut values: Vec<Value> = serde_yaml::from_str(values).unwrap();
        let reading = read_enum_values(type_name, &mut values);
        (reading, values)
    }

    #[test]
    fn values_of_the_type_fit_and_are_left_alone() {
        assert_eq!(read("string", "[a, null]").0, EnumReading::Fits);
        assert_eq!(read("integer", "[1, -2]").0, EnumReading::Fits);
        assert_eq!(read("number", "[1, 2.5]").0, EnumReading::Fits);
        assert_eq!(read("object", "[1, a]").0, EnumReading::Fits);
    }

    #[test]
    fn unquoted_yaml_numbers_in_a_string_enum_are_read_as_strings() {
        let (reading, values) = read("string", "[1, 2.5, true, x]");
        let expected: Vec<Value> = serde_yaml::from_str(r#"["1", "2.5", "true", x]"#).unwrap();
        assert_eq!(values, expected);
        let EnumReading::Converted(message) = reading else {
            panic!("{reading:?}")
        };
        assert!(message.contains(r#"1 as "1""#), "{message}");
    }

    #[test]
    fn quoted_numbers_and_whole_floats_are_read_in_their_numeric_type() {
        let (_, values) = read("integer", r#"["3", 4.0]"#);
        assert_eq!(values, vec![Value::from(3), Value::from(4)]);
        let (_, values) = read("number", r#"["0.5", "7"]"#);
        assert_eq!(values, vec![Value::from(0.5), Value::from(7)]);
        let (_, values) = read("boolean", r#"["true"]"#);
        assert_eq!(values, vec![Value::Bool(true)]);
    }

    #[test]
    fn a_value_without_a_spelling_in_the_type_makes_the_enum_unfit() {
        let (reading, _) = read("integer", "[1, a]");
        assert_eq!(
            reading,
            EnumReading::Unfit(
                r#"`enum` value "a" is not an integer (the schema's `type`)"#.into()
            )
        );
        assert!(matches!(read("integer", "[1.5]").0, EnumReading::Unfit(_)));
        assert!(matches!(
            read("string", "[{a: 1}]").0,
            EnumReading::Unfit(_)
        ));
    }
}
