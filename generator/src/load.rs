//! Text → parsed inputs: the OpenAPI document (YAML or JSON, which is YAML) as `openapiv3::OpenAPI`
//! and the optional `sdk.yaml` as `SdkConfig`. Problems in both files are collected together, with
//! the parser's line and column; nothing past this stage sees raw text.

use crate::config::{SdkConfig, parse_config, yaml_error};
use crate::diagnostics::{Diagnostic, InputFile};
use openapiv3::OpenAPI;

/// The parsed inputs of one generator run.
#[derive(Debug)]
pub struct Inputs {
    pub document: OpenAPI,
    pub config: SdkConfig,
}

/// Parses the spec text and, when given, the `sdk.yaml` text.
pub fn load_inputs(spec_text: &str, config_text: Option<&str>) -> Result<Inputs, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let document = match load_document(spec_text) {
        Ok(document) => Some(document),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let config = match config_text.map(parse_config).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(config_problems) => {
            problems.extend(config_problems);
            SdkConfig::default()
        }
    };
    match document {
        Some(document) if problems.is_empty() => Ok(Inputs { document, config }),
        _ => Err(problems),
    }
}

fn load_document(text: &str) -> Result<OpenAPI, Diagnostic> {
    // Read the version first: a 3.1 or 2.0 document would otherwise fail deep inside the 3.0
    // model with a message that hides the real cause.
    let probe: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|err| yaml_error(InputFile::Spec, &err))?;
    let version = probe.get("openapi").and_then(|v| v.as_str()).unwrap_or("");
    if !version.starts_with("3.0.") {
        let found = if version.is_empty() {
            match probe.get("swagger") {
                Some(_) => "a Swagger 2.0 document".to_owned(),
                None => "no `openapi` version field".to_owned(),
            }
        } else {
            format!("version {version}")
        };
        return Err(Diagnostic::new(
            InputFile::Spec,
            "#/openapi",
            format!("unsupported OpenAPI version: found {found}"),
        )
        .with_hint("this generator reads OpenAPI 3.0.x documents"));
    }
    serde_yaml::from_value(probe)
        .or_else(|_| serde_yaml::from_str(text))
        .map_err(|err| {
            let mut diagnostic = yaml_error(InputFile::Spec, &err);
            diagnostic.message =
                format!("not a valid OpenAPI 3.0 document: {}", diagnostic.message);
            diagnostic
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let problems = load_inputs("openapi: 3.0.3\ninfo: [unclosed\n", None).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].line_col.is_some(), "{problems:?}");
    }

    #[test]
    fn rejects_other_versions_with_a_hint() {
        let problems = load_inputs("swagger: '2.0'\n", None).unwrap_err();
        assert_eq!(
            problems[0].message,
            "unsupported OpenAPI version: found a Swagger 2.0 document"
        );
    }

    #[test]
    fn collects_spec_and_config_problems_together() {
        let problems = load_inputs("openapi: 3.1.0\n", Some("bogus: 1\n")).unwrap_err();
        assert_eq!(problems.len(), 2);
    }
}
