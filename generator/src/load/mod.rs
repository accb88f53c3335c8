//! Text → parsed inputs: the OpenAPI document (YAML, or JSON read with a JSON parser) as
//! `openapiv3::OpenAPI` and the optional `sdk.yaml` as `SdkConfig`, plus a JSON pointer →
//! line:column index of each file that every diagnostic is located with. Problems in both files
//! are collected together. OpenAPI 3.1 documents are rewritten into the 3.0 model first
//! (`normalize`), so later stages know only 3.0. Every schema is checked on the untyped tree
//! (`check`) before `openapiv3` reads it, so loading is linear in the document and never panics
//! on a value the model cannot hold. What loading degrades instead of refusing (a 3.1 keyword
//! 3.0 cannot express, 3.1's numeric exclusive bounds in a 3.0 document) is returned as located
//! warnings beside the inputs.

mod check;
mod check_enums;
mod check_fields;
mod check_media;
mod check_numbers;
mod check_parameters;
mod check_required;
mod check_security;
mod check_types;
mod check_unions;
mod json_positions;
mod lift_bodies;
mod locate;
mod normalize;
mod positions;
mod refs;
mod tree;

/// The operations of a path item, as 3.0 and 3.1 both spell them: every walk over the tree
/// visits these keys.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub use check_fields::{NO_URL, OPERATION_NOTES};
pub use normalize::{PREFIX_ITEMS, PREFIX_ITEMS_CLOSED};
pub use positions::{LineCol, PositionIndex};
pub use refs::{FolderFiles, NoFiles, Origins, SpecFiles};
pub use tree::{is_json, parse_tree};

use crate::config::{SdkConfig, parse_config};
use crate::diagnostics::{Diagnostic, InputFile};
use openapiv3::OpenAPI;
use serde::Deserialize;

/// The parsed inputs of one generator run.
#[derive(Debug)]
pub struct Inputs {
    pub document: OpenAPI,
    pub config: SdkConfig,
    /// Where each JSON pointer starts in the spec.
    pub spec_positions: PositionIndex,
    /// Where each JSON pointer starts in `sdk.yaml` (empty without one).
    pub config_positions: PositionIndex,
    /// Where the schemas copied in by `$ref` resolution were written (other files included).
    pub origins: Origins,
    /// What loading degraded (unlocated); `lower` passes them on with its own warnings, so they
    /// are acknowledged, located and counted like every other warning.
    pub warnings: Vec<Diagnostic>,
}

/// What a loading stage found: the problems that stop the run, and the warnings about what it
/// degraded instead.
#[derive(Debug, Default)]
struct Findings {
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Inputs {
    /// Moves each diagnostic about a copied schema to where it was written, then gives every
    /// diagnostic without a line and column the position of its pointer.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut() {
            self.origins.relocate(diagnostic);
        }
        locate_all(diagnostics, &self.spec_positions, &self.config_positions);
    }
}

/// Gives every diagnostic without a line and column the position of its pointer (or of the
/// pointer's nearest ancestor) in its file.
pub fn locate_all(diagnostics: &mut [Diagnostic], spec: &PositionIndex, config: &PositionIndex) {
    for diagnostic in diagnostics.iter_mut().filter(|d| d.line_col.is_none()) {
        let index = match diagnostic.file {
            InputFile::Spec => spec,
            InputFile::Config => config,
        };
        diagnostic.line_col = index.locate(&diagnostic.pointer);
    }
}

/// Parses the spec text and, when given, the `sdk.yaml` text; a `$ref` to another file is
/// reported unresolved (see `load_inputs_with`).
pub fn load_inputs(spec_text: &str, config_text: Option<&str>) -> Result<Inputs, Vec<Diagnostic>> {
    load_inputs_with(spec_text, config_text, &NoFiles)
}

/// Parses the spec text and, when given, the `sdk.yaml` text; `$ref`s to other files are read
/// from `files`, relative to the spec's folder.
pub fn load_inputs_with(
    spec_text: &str,
    config_text: Option<&str>,
    files: &dyn SpecFiles,
) -> Result<Inputs, Vec<Diagnostic>> {
    let config_positions = config_text
        .map(|text| positions::index_document(text, is_json(text)))
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut origins = Origins::default();
    // The position index reads the whole text a second time, with another parser, and nothing
    // needs it before the end, so it is built beside the parse.
    let (spec_positions, document) = std::thread::scope(|scope| {
        let index = scope.spawn(|| positions::index_document(spec_text, is_json(spec_text)));
        let document = load_document(spec_text, files, &mut origins, &mut warnings);
        let index = (index.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (index, document)
    });
    let document = match document {
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
        Some(document) if problems.is_empty() => Ok(Inputs {
            document,
            config,
            spec_positions,
            config_positions,
            origins,
            warnings,
        }),
        _ => {
            for problem in &mut problems {
                origins.relocate(problem);
            }
            locate_all(&mut problems, &spec_positions, &config_positions);
            Err(problems)
        }
    }
}

/// Reads the document; what it degrades on the way is added to `warnings`.
fn load_document(
    text: &str,
    files: &dyn SpecFiles,
    origins: &mut Origins,
    warnings: &mut Vec<Diagnostic>,
) -> Result<OpenAPI, Vec<Diagnostic>> {
    let mut tree = parse_tree(text, InputFile::Spec).map_err(|problem| vec![problem])?;
    // Other files and deep pointers first: what they bring in is normalised and checked with
    // the rest.
    let (found, bundle_warnings) = refs::bundle(&mut tree, files);
    *origins = found;
    warnings.extend(bundle_warnings);
    // Read the version first: a 2.0 document would otherwise fail deep inside the 3.0 model with
    // a message that hides the real cause, and a 3.1 document must be rewritten before it fits.
    let version = check_fields::openapi_version(&mut tree, warnings);
    if version.starts_with("3.") {
        // Before normalising: a 3.1 body moved into `content` is normalised with the rest.
        warnings.extend(lift_bodies::lift_bodies(&mut tree));
    }
    let label = if version.starts_with("3.1.") {
        let findings = normalize::normalize_document(&mut tree);
        warnings.extend(findings.warnings);
        if !findings.problems.is_empty() {
            return Err(findings.problems);
        }
        "not a valid OpenAPI 3.1 document"
    } else if version.starts_with("3.0.") {
        "not a valid OpenAPI 3.0 document"
    } else {
        return Err(vec![unsupported_version(&tree, &version)]);
    };
    let findings = check::check_document(&mut tree);
    warnings.extend(findings.warnings);
    if !findings.problems.is_empty() {
        return Err(findings.problems);
    }
    let read =
        OpenAPI::deserialize(&tree).map_err(|err| vec![locate::locate_failure(&tree, &err, label)]);
    // Freeing a big document's tree (a million small allocations for Stripe's) is left to a
    // thread of its own, beside the lowering that comes next (here, if no thread can be made).
    let _ = std::thread::Builder::new().spawn(move || drop(tree));
    read
}

fn unsupported_version(tree: &serde_yaml::Value, version: &str) -> Diagnostic {
    let found = if version.is_empty() {
        match tree.get("swagger") {
            Some(_) => "a Swagger 2.0 document".to_owned(),
            None => "no `openapi` version field".to_owned(),
        }
    } else {
        format!("version {version}")
    };
    Diagnostic::new(
        InputFile::Spec,
        "#/openapi",
        format!("unsupported OpenAPI version: found {found}"),
    )
    .with_hint("this generator reads OpenAPI 3.0.x and 3.1.x documents")
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
    fn a_3_1_document_warns_about_every_unmappable_construct() {
        let inputs = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
             components:\n  schemas:\n    A: {items: []}\n    B: {if: {}}\n",
            None,
        )
        .unwrap();
        let pointers: Vec<_> = inputs.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["#/components/schemas/A/items", "#/components/schemas/B/if"]
        );
        assert!(inputs.warnings.iter().all(|w| !w.is_error()));
    }

    #[test]
    fn a_numeric_exclusive_bound_in_a_3_0_document_is_read_as_3_1_with_a_warning() {
        let inputs = load_inputs(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n\
             components:\n  schemas:\n    A: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: true, maximum: 9}\n",
            None,
        )
        .unwrap();
        let schema = &inputs.document.components.unwrap().schemas["A"];
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            panic!("{schema:?}")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer)) = &schema.schema_kind
        else {
            panic!("{schema:?}")
        };
        assert_eq!(
            (integer.minimum, integer.exclusive_minimum),
            (Some(0), true)
        );
        assert_eq!(
            (integer.maximum, integer.exclusive_maximum),
            (Some(9), true)
        );
        let pointers: Vec<_> = inputs.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/components/schemas/A/exclusiveMinimum"]);
        assert_eq!(inputs.warnings[0].kind, "openapi-3.1-keyword");
    }

    #[test]
    fn a_3_1_document_outside_the_3_0_model_names_the_path_to_the_problem() {
        let problems = load_inputs(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n\
             paths: {/a: {get: {parameters: [{in: query}], responses: {}}}}\n",
            None,
        )
        .unwrap_err();
        assert_eq!(problems[0].pointer, "#/paths/~1a/get/parameters/0");
        assert_eq!(
            problems[0].message,
            "not a valid OpenAPI 3.1 document: missing field `name`"
        );
    }
}
