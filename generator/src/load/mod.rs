//! Text → parsed inputs: the OpenAPI document (YAML or JSON, which is YAML) as `openapiv3::OpenAPI`
//! and the optional `sdk.yaml` as `SdkConfig`. Problems in both files are collected together, with
//! the parser's line and column; nothing past this stage sees raw text. OpenAPI 3.1 documents are
//! rewritten into the 3.0 model first (`normalize`), so later stages know only 3.0.

mod normalize;

use crate::config::{SdkConfig, parse_config, yaml_error};
use crate::diagnostics::{Diagnostic, InputFile};
use openapiv3::OpenAPI;
use serde::Deserialize;

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
        Err(document_problems) => {
            problems.extend(document_problems);
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

fn load_document(text: &str) -> Result<OpenAPI, Vec<Diagnostic>> {
    // Read the version first: a 2.0 document would otherwise fail deep inside the 3.0 model with
    // a message that hides the real cause, and a 3.1 document must be rewritten before it fits.
    let mut probe: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|err| vec![yaml_error(InputFile::Spec, &err)])?;
    let version = probe
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned();
    if version.starts_with("3.1.") {
        let problems = normalize::normalize_document(&mut probe);
        if !problems.is_empty() {
            return Err(problems);
        }
        // Deserialised by reference, so that the tree is still there to explain a failure.
        return OpenAPI::deserialize(&probe).map_err(|_| vec![invalid_3_1(&probe)]);
    }
    if !version.starts_with("3.0.") {
        let found = if version.is_empty() {
            match probe.get("swagger") {
                Some(_) => "a Swagger 2.0 document".to_owned(),
                None => "no `openapi` version field".to_owned(),
            }
        } else {
            format!("version {version}")
        };
        return Err(vec![
            Diagnostic::new(
                InputFile::Spec,
                "#/openapi",
                format!("unsupported OpenAPI version: found {found}"),
            )
            .with_hint("this generator reads OpenAPI 3.0.x and 3.1.x documents"),
        ]);
    }
    serde_yaml::from_value(probe)
        .or_else(|_| serde_yaml::from_str(text))
        .map_err(|err| {
            let mut diagnostic = yaml_error(InputFile::Spec, &err);
            diagnostic.message =
                format!("not a valid OpenAPI 3.0 document: {}", diagnostic.message);
            vec![diagnostic]
        })
}

/// Why a normalised 3.1 document does not fit the 3.0 model. The rewritten tree has no line and
/// column in the user's file, so it is parsed again from text only for the message, which then
/// names the path to the problem (`paths: missing field `in``) as it does for 3.0 documents.
fn invalid_3_1(normalized: &serde_yaml::Value) -> Diagnostic {
    let reason = serde_yaml::to_string(normalized)
        .and_then(|text| serde_yaml::from_str::<OpenAPI>(&text).map(|_| String::new()))
        .err()
        .map(|err| yaml_error(InputFile::Spec, &err).message)
        .unwrap_or_else(|| "it does not fit the OpenAPI 3.0 model".to_owned());
    Diagnostic::new(
        InputFile::Spec,
        "#",
        format!("not a valid OpenAPI 3.1 document: {reason}"),
    )
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
        let problems = load_inputs("openapi: 4.0.0\n", Some("bogus: 1\n")).unwrap_err();
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn reads_a_3_1_document_through_the_3_0_model() {
        let inputs = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
             components:\n  schemas:\n    A: {type: [string, 'null'], examples: [x]}\n",
            None,
        )
        .unwrap();
        let schema = &inputs.document.components.unwrap().schemas["A"];
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            panic!("{schema:?}")
        };
        assert!(schema.schema_data.nullable);
        assert!(inputs.document.paths.paths.is_empty());
    }

    #[test]
    fn a_3_1_document_reports_every_unmappable_construct() {
        let problems = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
             components:\n  schemas:\n    A: {prefixItems: []}\n    B: {if: {}}\n",
            None,
        )
        .unwrap_err();
        let pointers: Vec<_> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/prefixItems",
                "#/components/schemas/B/if"
            ]
        );
    }

    #[test]
    fn a_3_1_document_outside_the_3_0_model_names_the_path_to_the_problem() {
        let problems = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
             paths: {/a: {get: {parameters: [{name: x}], responses: {}}}}\n",
            None,
        )
        .unwrap_err();
        assert_eq!(
            problems[0].message,
            "not a valid OpenAPI 3.1 document: paths: missing field `in`"
        );
    }
}
