//! Security schemes and requirements as hand-written documents spell them: a scheme missing the
//! field its type requires (read as the common form of that type), `security` written as one
//! requirement or one scheme's name instead of a list, a requirement written as a scheme's name,
//! scopes as one string, no scopes as null. `openapiv3` refused the whole document for each; each
//! is read as meant, with a located warning (null scopes silently: they can mean only none).
//! Part of `check_fields`.

use super::check::key_text;
use super::check_fields::warning;
use crate::diagnostics::{Diagnostic, Pointer};
use serde_yaml::Value;

/// The field each security scheme type requires, and what a scheme without it is read as:
/// the most common form of that type (an API key in a header, a bearer token).
const SCHEME_FILLERS: [(&str, &str, &str); 5] = [
    ("apiKey", "in", "header"),
    // Filled with the scheme's own name (see `security_schemes`).
    ("apiKey", "name", ""),
    ("http", "scheme", "bearer"),
    ("oauth2", "flows", ""),
    ("openIdConnect", "openIdConnectUrl", ""),
];

/// Security schemes missing the field their type requires, filled with the common case (an
/// OAuth 2 scheme's flows are not read: the caller supplies its token).
pub(super) fn security_schemes(
    components: &mut Value,
    pointer: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::Mapping(schemes)) = components.get_mut("securitySchemes") else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let name = key_text(name);
        let pointer = pointer.join("securitySchemes").join(&name);
        let Some(scheme) = scheme.as_mapping_mut() else {
            continue;
        };
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        for (kind, field, filler) in SCHEME_FILLERS.iter().filter(|(k, ..)| *k == kind) {
            if scheme.contains_key(*field) {
                continue;
            }
            // OAuth 2 and OpenID Connect are read as a token the caller supplies, whatever the
            // missing field held; an API key is sent under the scheme's own name.
            let (value, read) = match *field {
                "flows" => (Value::Mapping(Default::default()), None),
                "name" => (
                    Value::from(name.as_str()),
                    Some(format!("`name: {name}`, the scheme's own name")),
                ),
                _ if filler.is_empty() => (Value::from(""), None),
                _ => (Value::from(*filler), Some(format!("`{field}: {filler}`"))),
            };
            let read = read.unwrap_or_else(|| "none: the caller supplies the token".to_owned());
            warnings.push(warning(
                &pointer,
                format!("this security scheme of type `{kind}` has no `{field}`; read as {read}"),
                "give the scheme every field its type requires",
            ));
            scheme.insert(Value::from(*field), value);
        }
    }
}

/// `security` written as one requirement (`security: {api_key: []}`) or as one scheme's name
/// (`security: api_key`) rather than a list of requirements: read as a list holding that one
/// requirement. In the list, a requirement written as a scheme's name (`- api_key`) is that
/// scheme with no scopes, and scopes written as one string (`- oauth: read`) are a list of it;
/// one warning each. A scheme listed with no scopes (`- api_key:`, which YAML reads as null)
/// gets the empty list it can only mean, silently. The model refused the whole document for
/// each of these.
pub(super) fn security_list(owner: &mut Value, pointer: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let pointer = pointer.join("security");
    let Some(security) = owner.get_mut("security") else {
        return;
    };
    let one = match security {
        Value::Mapping(_) => Some(security.clone()),
        Value::String(name) => Some(scheme_alone(name)),
        _ => None,
    };
    if let Some(one) = one {
        *security = Value::Sequence(vec![one]);
        warnings.push(warning(
            &pointer,
            "`security` holds one requirement, not a list of them; read as a list holding it"
                .to_owned(),
            LIST_HINT,
        ));
    }
    let Value::Sequence(requirements) = security else {
        return;
    };
    for (index, requirement) in requirements.iter_mut().enumerate() {
        if let Value::String(name) = requirement {
            let message = format!(
                "a requirement written as the scheme name `{name}`; read as `{{{name}: []}}`"
            );
            *requirement = scheme_alone(name);
            warnings.push(warning(&pointer.join(index), message, LIST_HINT));
        }
        let Value::Mapping(requirement) = requirement else {
            continue;
        };
        for (name, scopes) in requirement.iter_mut() {
            match scopes {
                Value::Null => *scopes = Value::Sequence(Vec::new()),
                Value::String(scope) => {
                    let name = key_text(name);
                    let message =
                        format!("the scopes of `{name}` are one string; read as `[{scope}]`");
                    *scopes = Value::Sequence(vec![Value::from(scope.as_str())]);
                    warnings.push(warning(
                        &pointer.join(index).join(&name),
                        message,
                        LIST_HINT,
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The requirement `{name: []}`: the scheme `name`, no scopes.
fn scheme_alone(name: &str) -> Value {
    let requirement = [(Value::from(name), Value::Sequence(Vec::new()))];
    Value::Mapping(requirement.into_iter().collect())
}

/// How `security` is written.
const LIST_HINT: &str =
    "write `security: [{scheme_name: [scopes…]}]`: a list of alternatives, each a map of schemes";

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(security: &str) -> (Value, usize) {
        let mut owner: Value = serde_yaml::from_str(&format!("security: {security}")).unwrap();
        let mut warnings = Vec::new();
        security_list(&mut owner, &Pointer::root(), &mut warnings);
        (owner["security"].clone(), warnings.len())
    }

    #[test]
    fn security_is_read_as_the_list_of_requirements_it_means() {
        let list = |text: &str| serde_yaml::from_str::<Value>(text).unwrap();
        for (written, meant, warned) in [
            ("{key: []}", "[{key: []}]", 1),
            ("key", "[{key: []}]", 1),
            ("[key, {oauth: read}]", "[{key: []}, {oauth: [read]}]", 2),
            ("[{key: }]", "[{key: []}]", 0),
            ("[{key: []}, {}]", "[{key: []}, {}]", 0),
        ] {
            assert_eq!(repaired(written), (list(meant), warned), "{written}");
        }
    }
}
