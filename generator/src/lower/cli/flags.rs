//! Parameters and body fields → CLI flags: the long name (kebab case, arrays singular with the
//! plural as an alias), what kind of value the flag takes (decided from the field's Rust type and
//! the models it names), and collisions resolved deterministically — with the global flags first,
//! then by a location prefix (`--query-format`), then by a number.

use super::location_prefix;
use crate::ir::{CliFlag, CliNeeds, Model, ModelKind, ParamField, PathParam};
use crate::lower::docs::rust_literal;
use crate::naming::unraw;
use std::collections::{BTreeMap, BTreeSet};

/// Flags every command has (the tool's global options and clap's own).
const GLOBAL_FLAGS: &[&str] = &[
    "help",
    "version",
    "api-key",
    "base-url",
    "format",
    "format-error",
    "transform",
    "max-retries",
    "timeout",
    "debug",
];

/// What a flag's value is, which decides how clap parses it and how it becomes JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    String,
    Integer,
    Number,
    Boolean,
    /// A string enum: its values as literals.
    Enum(Vec<String>),
    /// An integer enum: its values as literals of their decimal text.
    IntegerEnum(Vec<String>),
    /// Anything structured, given as JSON (or YAML) text or `@file`.
    Json,
    /// A multipart file part, given as a path.
    File,
}

impl ValueKind {
    fn is_scalar(&self) -> bool {
        !matches!(self, ValueKind::Json | ValueKind::File)
    }

    /// The runtime's `Kind` as an expression.
    fn expr(&self) -> String {
        match self {
            ValueKind::String => "Kind::String".to_owned(),
            ValueKind::Integer => "Kind::Integer".to_owned(),
            ValueKind::Number => "Kind::Number".to_owned(),
            ValueKind::Boolean => "Kind::Boolean".to_owned(),
            ValueKind::Enum(values) => format!("Kind::Enum(&[{}])", values.join(", ")),
            ValueKind::IntegerEnum(values) => {
                format!("Kind::IntegerEnum(&[{}])", values.join(", "))
            }
            ValueKind::Json => "Kind::Json".to_owned(),
            ValueKind::File => "Kind::File".to_owned(),
        }
    }

    fn note(&self, needs: &mut CliNeeds) {
        needs.flags = true;
        match self {
            ValueKind::String => needs.string_flags = true,
            ValueKind::Integer => needs.integer_flags = true,
            ValueKind::Number => needs.number_flags = true,
            ValueKind::Boolean => needs.boolean_flags = true,
            ValueKind::Enum(_) => needs.enum_flags = true,
            ValueKind::IntegerEnum(_) => needs.integer_enum_flags = true,
            ValueKind::Json => needs.json_flags = true,
            ValueKind::File => needs.file_flags = true,
        }
    }
}

/// A Rust identifier as a command or flag name: `page_size` → `page-size`, `r#type` → `type`,
/// `self_` → `self`, `_2fa` → `2fa`.
pub fn kebab_name(ident: &str) -> String {
    let words: Vec<&str> = unraw(ident)
        .split('_')
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "value".to_owned()
    } else {
        words.join("-").to_ascii_lowercase()
    }
}

/// The singular of a plural last word (`index-ids` → `index-id`, `categories` → `category`), for
/// a repeated flag that takes one value at a time; `None` when the name does not look plural.
fn singular(name: &str) -> Option<String> {
    let stem = |suffix: &str, replacement: &str| {
        name.strip_suffix(suffix)
            .filter(|stem| !stem.is_empty() && !stem.ends_with('-'))
            .map(|stem| format!("{stem}{replacement}"))
    };
    if name.ends_with("ies") {
        return stem("ies", "y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes", "uses"] {
        if name.ends_with(suffix) {
            return stem("es", "");
        }
    }
    if name.ends_with('s') && !["ss", "us", "is"].iter().any(|s| name.ends_with(s)) {
        return stem("s", "");
    }
    None
}

/// Builds the flags of one operation, claiming names in a fixed order.
pub struct FlagBuilder<'a> {
    taken: BTreeSet<String>,
    flags: Vec<(CliFlag, ValueKind)>,
    models: &'a BTreeMap<&'a str, &'a Model>,
}

impl<'a> FlagBuilder<'a> {
    pub fn new(
        body_document: bool,
        paginated: bool,
        models: &'a BTreeMap<&'a str, &'a Model>,
    ) -> Self {
        let mut taken: BTreeSet<String> = GLOBAL_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        if body_document {
            taken.insert("body".to_owned());
        }
        if paginated {
            taken.insert("max-items".to_owned());
        }
        FlagBuilder {
            taken,
            flags: Vec::new(),
            models,
        }
    }

    /// A free name: `name`, else `prefix-name`, else `name-2`, `name-3`…
    fn claim(&mut self, name: &str, prefix: &str) -> String {
        let prefixed = format!("{prefix}-{name}");
        for candidate in [name, prefixed.as_str()] {
            if self.taken.insert(candidate.to_owned()) {
                return candidate.to_owned();
            }
        }
        (2..)
            .map(|n| format!("{name}-{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// The long name and aliases of a flag named after `rust_name`.
    fn names(&mut self, rust_name: &str, prefix: &str, repeated: bool) -> (String, Vec<String>) {
        let plural = kebab_name(rust_name);
        if repeated
            && let Some(one) = singular(&plural)
            && !self.taken.contains(&one)
        {
            self.taken.insert(one.clone());
            let aliases = if self.taken.insert(plural.clone()) {
                vec![plural]
            } else {
                Vec::new()
            };
            return (one, aliases);
        }
        (self.claim(&plural, prefix), Vec::new())
    }

    /// A path parameter's flag (with its positional twin): its id, the owned type it is read
    /// into, and how the method takes it (`{}` stands for the local).
    pub fn path_param(&mut self, param: &PathParam, help: &str) -> (String, String, String) {
        let (kind, owned_type, pass) = if param.rust_type == "&str" {
            (ValueKind::String, "String".to_owned(), "&{}")
        } else {
            let (kind, _) = value_kind(&param.rust_type, self.models);
            (kind, param.rust_type.clone(), "{}")
        };
        let (id, _) = self.names(&param.rust_name, "path", false);
        let positional = self.claim(&format!("{id}:positional"), "path");
        self.push(
            CliFlag {
                id_literal: rust_literal(&id),
                alias_literals: Vec::new(),
                value_name_literal: rust_literal(&value_name(&id)),
                help_literal: rust_literal(help),
                kind_expr: kind.expr(),
                repeated: false,
                required: true,
                positional_literal: Some(rust_literal(&positional)),
                in_body: false,
                wire_name_literal: rust_literal(&param.wire_name),
            },
            kind,
        );
        (id, owned_type, pass.to_owned())
    }

    /// A params field's flag: its id and value kind.
    pub fn param_field(&mut self, field: &ParamField, body_document: bool) -> (String, ValueKind) {
        let (kind, repeated) = value_kind(&field.field.rust_type, self.models);
        let prefix = location_prefix(field.location);
        let (id, aliases) = self.names(&field.field.rust_name, prefix, repeated);
        let in_body = body_document
            && field.location == crate::ir::ParamLocation::Body
            && kind != ValueKind::File;
        self.push(
            CliFlag {
                id_literal: rust_literal(&id),
                alias_literals: aliases.iter().map(|a| rust_literal(a)).collect(),
                value_name_literal: rust_literal(&value_name(&id)),
                help_literal: rust_literal(&super::doc_text(&field.field.doc_comment)),
                kind_expr: kind.expr(),
                repeated,
                required: field.field.required,
                positional_literal: None,
                in_body,
                wire_name_literal: field.wire_name_literal.clone(),
            },
            kind.clone(),
        );
        (id, kind)
    }

    fn push(&mut self, flag: CliFlag, kind: ValueKind) {
        self.flags.push((flag, kind));
    }

    /// The flags, recording the kinds they use.
    pub fn finish(self, needs: &mut CliNeeds) -> Vec<CliFlag> {
        self.flags
            .into_iter()
            .map(|(flag, kind)| {
                kind.note(needs);
                flag
            })
            .collect()
    }
}

/// `page-size` → `PAGE_SIZE`
fn value_name(id: &str) -> String {
    id.to_ascii_uppercase().replace('-', "_")
}

/// The kind of a field's value and whether the flag repeats (an array of scalars), from its Rust
/// type: `Option`s are looked through, aliases followed, arrays of structured values are JSON.
pub fn value_kind(rust_type: &str, models: &BTreeMap<&str, &Model>) -> (ValueKind, bool) {
    let Ok(ty) = syn::parse_str::<syn::Type>(rust_type) else {
        return (ValueKind::Json, false);
    };
    let ty = resolve(&ty, models);
    match generic_arg(&ty, "Vec") {
        Some(item) => {
            let kind = scalar_kind(&resolve(item, models), models);
            if kind.is_scalar() {
                (kind, true)
            } else {
                (ValueKind::Json, false)
            }
        }
        None => (scalar_kind(&ty, models), false),
    }
}

/// Looks through `Option`s and model aliases (a bounded number of steps, so a cycle ends).
fn resolve(ty: &syn::Type, models: &BTreeMap<&str, &Model>) -> syn::Type {
    let mut ty = ty.clone();
    for _ in 0..16 {
        if let Some(inner) = generic_arg(&ty, "Option") {
            ty = inner.clone();
            continue;
        }
        let alias = model_of(&ty, models).and_then(Model::as_alias);
        match alias.and_then(|target| syn::parse_str::<syn::Type>(target).ok()) {
            Some(target) => ty = target,
            None => break,
        }
    }
    ty
}

/// The single generic argument of `Name<T>` (by the last path segment), if `ty` is one.
fn generic_arg<'t>(ty: &'t syn::Type, name: &str) -> Option<&'t syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The model a type names: `crate::models::Pet`, or `Pet` inside `models.rs` (aliases).
fn model_of<'m>(ty: &syn::Type, models: &BTreeMap<&str, &'m Model>) -> Option<&'m Model> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let name = match segments.as_slice() {
        [crate_, models_, name] if crate_ == "crate" && models_ == "models" => name,
        [name] => name,
        _ => return None,
    };
    models.get(name.as_str()).copied()
}

fn scalar_kind(ty: &syn::Type, models: &BTreeMap<&str, &Model>) -> ValueKind {
    let syn::Type::Path(path) = ty else {
        return ValueKind::Json;
    };
    let Some(last) = path.path.segments.last() else {
        return ValueKind::Json;
    };
    let last = last.ident.to_string();
    match last.as_str() {
        "String" => return ValueKind::String,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize" => {
            return ValueKind::Integer;
        }
        "f32" | "f64" => return ValueKind::Number,
        "bool" => return ValueKind::Boolean,
        "FilePart" => return ValueKind::File,
        _ => {}
    }
    match model_of(ty, models).map(|m| &m.kind) {
        Some(ModelKind::StringEnum(e)) if !e.variants.is_empty() => {
            ValueKind::Enum(e.variants.iter().map(|v| v.wire_literal.clone()).collect())
        }
        Some(ModelKind::IntegerEnum(e)) if !e.variants.is_empty() => ValueKind::IntegerEnum(
            e.variants
                .iter()
                .map(|(_, value)| rust_literal(&value.to_string()))
                .collect(),
        ),
        _ => ValueKind::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, IntegerEnumModel, StringEnumModel};

    fn model(name: &str, kind: ModelKind) -> Model {
        Model {
            type_name: name.to_owned(),
            doc_comment: String::new(),
            deprecated: false,
            kind,
        }
    }

    #[test]
    fn names_are_kebab_case() {
        let cases = [
            ("page_size", "page-size"),
            ("r#type", "type"),
            ("self_", "self"),
            ("_2fa", "2fa"),
            ("page_size_2", "page-size-2"),
            ("_", "value"),
        ];
        for (ident, name) in cases {
            assert_eq!(kebab_name(ident), name, "{ident}");
        }
    }

    #[test]
    fn plurals_become_singular() {
        let cases = [
            ("index-ids", Some("index-id")),
            ("categories", Some("category")),
            ("statuses", Some("status")),
            ("boxes", Some("box")),
            ("status", None),
            ("expand", None),
            ("address", None),
            ("s", None),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural).as_deref(), one, "{plural}");
        }
    }

    #[test]
    fn kinds_follow_types_and_models() {
        let status = model(
            "Status",
            ModelKind::StringEnum(StringEnumModel {
                variants: vec![EnumVariant {
                    rust_name: "Paid".into(),
                    wire_literal: "\"paid\"".into(),
                    doc_comment: String::new(),
                }],
            }),
        );
        let priority = model(
            "Priority",
            ModelKind::IntegerEnum(IntegerEnumModel {
                variants: vec![("One".into(), 1), ("Never".into(), -1)],
            }),
        );
        let tags = model(
            "Tags",
            ModelKind::Alias {
                rust_type: "Vec<Status>".into(),
            },
        );
        let pet = model(
            "Loop",
            ModelKind::Alias {
                rust_type: "Loop".into(),
            },
        );
        let models: BTreeMap<&str, &Model> = [&status, &priority, &tags, &pet]
            .into_iter()
            .map(|m| (m.type_name.as_str(), m))
            .collect();
        let enum_kind = ValueKind::Enum(vec!["\"paid\"".into()]);
        let cases = [
            ("Option<i64>", ValueKind::Integer, false),
            ("Option<Option<Vec<String>>>", ValueKind::String, true),
            ("Vec<crate::models::Status>", enum_kind.clone(), true),
            ("crate::models::Tags", enum_kind, true),
            (
                "crate::models::Priority",
                ValueKind::IntegerEnum(vec!["\"1\"".into(), "\"-1\"".into()]),
                false,
            ),
            ("Vec<Vec<String>>", ValueKind::Json, false),
            (
                "std::collections::BTreeMap<String, i64>",
                ValueKind::Json,
                false,
            ),
            ("crate::models::Loop", ValueKind::Json, false),
            ("Option<crate::FilePart>", ValueKind::File, false),
            ("f64", ValueKind::Number, false),
            ("not a type", ValueKind::Json, false),
        ];
        for (rust_type, kind, repeated) in cases {
            assert_eq!(
                value_kind(rust_type, &models),
                (kind, repeated),
                "{rust_type}"
            );
        }
    }

    #[test]
    fn collisions_with_global_flags_get_a_location_prefix() {
        let models = BTreeMap::new();
        let mut flags = FlagBuilder::new(true, true, &models);
        assert_eq!(flags.claim("format", "query"), "query-format");
        assert_eq!(flags.claim("body", "body"), "body-body");
        assert_eq!(flags.claim("body", "body"), "body-2");
        assert_eq!(flags.claim("page-size", "query"), "page-size");
        assert_eq!(
            flags.names("index_ids", "body", true),
            ("index-id".into(), vec!["index-ids".into()])
        );
        assert_eq!(
            flags.names("index_ids", "query", true),
            ("query-index-ids".into(), vec![])
        );
    }
}
