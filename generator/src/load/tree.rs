//! Text → untyped tree (`serde_yaml::Value`), before anything typed reads it. In: the text of a
//! spec or settings file. Out: the tree, or a located syntax error. A document whose first
//! character is `{` is JSON and read with `serde_json`, because YAML parsers reject valid JSON
//! (the surrogate-pair escape `"\ud83d\udc4d"`); everything else is YAML. Integers beyond 64
//! bits, which the YAML parser hands over as 128-bit numbers that `serde_yaml::Value` cannot
//! hold, are kept as the nearest float rather than refusing the document; the schema checks
//! clamp the integer keywords among them to the range the model can hold.

use crate::diagnostics::{Diagnostic, InputFile};
use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::{Mapping, Number, Value};
use std::fmt;

/// Whether the loader reads `text` as JSON: its first character (after a byte-order mark and
/// whitespace) opens an object.
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Parses `text` (JSON or YAML, see `is_json`) into a tree.
pub fn parse_tree(text: &str, file: InputFile) -> Result<Value, Diagnostic> {
    if is_json(text) {
        let mut deserializer =
            serde_json::Deserializer::from_str(text.trim_start_matches('\u{feff}'));
        LenientValue::deserialize(&mut deserializer)
            .and_then(|value| deserializer.end().map(|()| value))
            .map(|lenient| lenient.0)
            .map_err(|err| json_error(file, &err))
    } else {
        serde_yaml::from_str::<LenientValue>(text)
            .map(|lenient| lenient.0)
            .map_err(|err| at_duplicate_key(text, crate::config::yaml_error(file, &err)))
    }
}

/// A duplicate key is reported by the YAML parser at the start of the mapping that holds it;
/// in block style, the second occurrence is found among that mapping's keys (same indentation,
/// up to the first line indented less), and the error points at it, naming the first.
fn at_duplicate_key(text: &str, mut problem: Diagnostic) -> Diagnostic {
    let (Some(key), Some((line, column))) = (
        (problem.message.split_once("duplicate key `"))
            .and_then(|(_, rest)| rest.strip_suffix('`'))
            .map(|shown| shown.trim_matches(|c| c == '\'' || c == '"').to_owned()),
        problem.line_col,
    ) else {
        return problem;
    };
    let indent = column.saturating_sub(1);
    let mut found = Vec::new();
    for (index, text_line) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let (content, spaces) = match index + 1 == line {
            true => (text_line.get(indent..).unwrap_or(""), indent),
            false => (
                text_line.trim_start_matches(' '),
                text_line.len() - text_line.trim_start_matches(' ').len(),
            ),
        };
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if spaces < indent {
            break;
        }
        let names_key = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|form| content.starts_with(form.as_str()));
        if spaces == indent && names_key {
            found.push(index + 1);
        }
    }
    if let [first, second, ..] = found[..] {
        problem
            .message
            .push_str(&format!(" (first at line {first})"));
        problem.line_col = Some((second, column));
    }
    problem
}

/// A JSON syntax error as a diagnostic, with the parser's line and column.
fn json_error(file: InputFile, err: &serde_json::Error) -> Diagnostic {
    // serde_json appends " at line L column C" to its message; the location is reported apart.
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    };
    Diagnostic::new(file, "#", format!("invalid JSON: {message}")).at(err.line(), err.column())
}

/// A `serde_yaml::Value` that accepts 128-bit integers (as floats) and drops YAML tags.
struct LenientValue(Value);

impl<'de> Deserialize<'de> for LenientValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(LenientVisitor)
            .map(LenientValue)
    }
}

struct LenientVisitor;

impl<'de> de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_i128<E>(self, number: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(number as f64)))
    }

    fn visit_u128<E>(self, number: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(number as f64)))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        LenientValue::deserialize(deserializer).map(|lenient| lenient.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut sequence = Vec::new();
        while let Some(LenientValue(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(LenientValue(key)) = entries.next_key()? {
            if mapping.contains_key(&key) {
                let shown = serde_yaml::to_string(&key).unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "duplicate key `{}`",
                    shown.trim_end()
                )));
            }
            let LenientValue(value) = entries.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    /// A tagged YAML value (`!tag value`): OpenAPI gives tags no meaning, so the value stands.
    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<Value, A::Error> {
        let (_tag, contents): (String, _) = tagged.variant()?;
        contents
            .newtype_variant::<LenientValue>()
            .map(|lenient| lenient.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_with_a_surrogate_pair_is_read_as_json() {
        let tree = parse_tree("{\"title\": \"\\ud83d\\udc4d\"}", InputFile::Spec).unwrap();
        assert_eq!(tree["title"].as_str(), Some("👍"));
    }

    #[test]
    fn json_syntax_errors_are_located() {
        let problem = parse_tree("{\n  \"a\": 1,\n  \"b\" 2\n}", InputFile::Spec).unwrap_err();
        assert_eq!(problem.line_col, Some((3, 7)));
        assert!(
            problem.message.starts_with("invalid JSON: expected `:`"),
            "{problem:?}"
        );
    }

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let tree = parse_tree(
            "a: -9223372036854776000\nb: 99999999999999999999\n",
            InputFile::Spec,
        )
        .unwrap();
        assert_eq!(tree["a"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(tree["b"].as_f64(), Some(1e20));
        let tree = parse_tree("{\"a\": 99999999999999999999}", InputFile::Spec).unwrap();
        assert_eq!(tree["a"].as_f64(), Some(1e20));
    }

    #[test]
    fn duplicate_keys_and_tags() {
        assert!(parse_tree("a: 1\na: 2\n", InputFile::Spec).is_err());
        let nested = "# c\nopenapi: 3.0.3\ncomponents:\n  a: 1\n\n  b:\n    a: 3\n  'a': 2\n";
        let problem = parse_tree(nested, InputFile::Spec).unwrap_err();
        assert_eq!(
            problem.message,
            "components: duplicate key `a` (first at line 4)"
        );
        assert_eq!(problem.line_col, Some((8, 3)));
        let tree = parse_tree("a: !custom 3\n", InputFile::Spec).unwrap();
        assert_eq!(tree["a"].as_u64(), Some(3));
    }
}
