//! The numbers of schema keywords as the model holds them: finite, counts as `usize`, and the
//! bounds of an integer schema as `i64` integers. `openapiv3` reads an integer schema's
//! `minimum`, `maximum` and `multipleOf` as `i64`: a float there (`minimum: 0.0`, which
//! pydantic writes) would make it give up on the whole schema, which then decodes as any JSON.

use super::check::kind;
use serde_yaml::{Number, Value};

/// An integer schema's numeric keyword, as the model can hold it.
pub(super) enum IntegerKeyword {
    /// The same bound (`0.0` is `0`; beyond `i64`, the nearest `i64`, the same for any value
    /// the type holds).
    Exact(Number),
    /// A fractional bound rounded to the integers it admits (`minimum: 0.5` → `1`), which makes
    /// an exclusive bound inclusive.
    Rounded(Number),
}

/// `minimum`, `maximum` or `multipleOf` of an integer schema; a fractional `multipleOf` has no
/// integer form the model can hold, and is dropped.
pub(super) fn integer_keyword(keyword: &str, number: Number) -> Result<IntegerKeyword, String> {
    if number.is_i64() || number.is_u64() {
        return Ok(IntegerKeyword::Exact(clamp_to_i64(number)));
    }
    let float = number.as_f64().unwrap_or_default();
    if float.fract() == 0.0 {
        return Ok(IntegerKeyword::Exact(clamp_to_i64(number)));
    }
    match keyword {
        "minimum" => Ok(IntegerKeyword::Rounded(clamp_to_i64(Number::from(
            float.ceil(),
        )))),
        "maximum" => Ok(IntegerKeyword::Rounded(clamp_to_i64(Number::from(
            float.floor(),
        )))),
        _ => Err(format!(
            "`{keyword}` of an integer schema must be a whole number, found {number}"
        )),
    }
}

/// The keyword's number if it is a finite one; otherwise why not.
pub(super) fn finite_number(value: &Value, keyword: &str) -> Result<Number, String> {
    let Value::Number(number) = value else {
        return Err(format!(
            "`{keyword}` must be a number, found {}",
            kind(value)
        ));
    };
    if number.is_nan() || number.is_infinite() {
        // `.inf` as a bound could mean "no bound", but `.nan` means nothing, and the model
        // holds neither: leaving the keyword out says "no bound" in every case.
        return Err(format!(
            "`{keyword}` must be a finite number, found {number}"
        ));
    }
    Ok(number.clone())
}

/// A whole number as the nearest `i64`, written as an integer (`0.0` becomes `0`).
fn clamp_to_i64(number: Number) -> Number {
    if let Some(unsigned) = number.as_u64() {
        return i64::try_from(unsigned).map_or(Number::from(i64::MAX), Number::from);
    }
    if number.is_i64() {
        return number;
    }
    // Float to integer conversion saturates at the bounds of the target type.
    Number::from(number.as_f64().unwrap_or_default() as i64)
}

/// A count keyword as the nearest `usize`, or `None` for a fraction.
pub(super) fn clamp_to_count(number: Number) -> Option<Number> {
    if number.is_u64() {
        return Some(number);
    }
    if number.is_i64() {
        return Some(Number::from(0u64));
    }
    let float = number.as_f64()?;
    if float.fract() != 0.0 {
        return None;
    }
    // Float to integer conversion saturates at the bounds of the target type.
    Some(Number::from(float.max(0.0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(keyword: &str, value: f64) -> (String, bool) {
        match integer_keyword(keyword, Number::from(value)) {
            Ok(IntegerKeyword::Exact(number)) => (number.to_string(), false),
            Ok(IntegerKeyword::Rounded(number)) => (number.to_string(), true),
            Err(reason) => (reason, false),
        }
    }

    #[test]
    fn integer_bounds_become_the_integers_they_admit() {
        assert_eq!(bound("minimum", 0.0), ("0".to_owned(), false));
        assert_eq!(bound("minimum", 0.5), ("1".to_owned(), true));
        assert_eq!(bound("minimum", -0.5), ("0".to_owned(), true));
        assert_eq!(bound("maximum", 10.5), ("10".to_owned(), true));
        assert_eq!(bound("maximum", 1e30), (i64::MAX.to_string(), false));
        assert_eq!(bound("multipleOf", 2.0), ("2".to_owned(), false));
        assert!(
            bound("multipleOf", 0.5)
                .0
                .contains("must be a whole number")
        );
    }
}
