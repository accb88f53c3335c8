//! Parameters and body fields → CLI flags: the long name (kebab case, arrays singular with the
//! plural as an alias), what kind of value the flag takes (decided from the field's `Ty` and the
//! models it names), and collisions resolved deterministically — with the global flags first,
//! then by a location prefix (`--query-format`), then by a number.

use super::location_prefix;
use crate::ir::{
    CliFlag, CliNeeds, FlagKind, Model, ModelKind, ParamField, ParamLocation, PathParam, Text, Ty,
};
use crate::naming::{CLI_FLAGS_RESERVED, claim_suffixed, unraw};
use std::collections::{BTreeMap, BTreeSet};

/// Records which kinds of flags the commands use.
fn note_kind(kind: &FlagKind, needs: &mut CliNeeds) {
    needs.flags = true;
    match kind {
        FlagKind::String => needs.string_flags = true,
        FlagKind::Integer => needs.integer_flags = true,
        FlagKind::Number => needs.number_flags = true,
        FlagKind::Boolean => needs.boolean_flags = true,
        FlagKind::Enum(_) => needs.enum_flags = true,
        FlagKind::IntegerEnum(_) => needs.integer_enum_flags = true,
        FlagKind::Json => needs.json_flags = true,
        FlagKind::File => needs.file_flags = true,
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
    flags: Vec<CliFlag>,
    models: &'a BTreeMap<&'a str, &'a Model>,
}

impl<'a> FlagBuilder<'a> {
    /// `command_flags`: the flags the command itself has besides the operation's (`body`,
    /// `max-items`, `accept`), which the operation's flags must not take.
    pub fn new(command_flags: &[&str], models: &'a BTreeMap<&'a str, &'a Model>) -> Self {
        let taken: BTreeSet<String> = (CLI_FLAGS_RESERVED.iter().chain(command_flags))
            .map(|f| (*f).to_owned())
            .collect();
        FlagBuilder {
            taken,
            flags: Vec::new(),
            models,
        }
    }

    /// A free name: `name`, else `prefix-name`, else `name-2`, `name-3`…
    fn claim(&mut self, name: &str, prefix: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let prefixed = format!("{prefix}-{name}");
        if self.taken.insert(prefixed.clone()) {
            return prefixed;
        }
        claim_suffixed(name, "-", |candidate| {
            self.taken.insert(candidate.to_owned())
        })
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

    /// A path parameter's flag (with its positional twin); returns its id.
    pub fn path_param(&mut self, param: &PathParam, help: &str) -> String {
        let kind = match param.ty {
            Ty::String => FlagKind::String,
            ref ty => value_kind(ty, self.models).0,
        };
        let (id, _) = self.names(&param.rust_name, "path", false);
        let positional = self.claim(&format!("{id}:positional"), "path");
        self.flags.push(CliFlag {
            value_name: Text::new(value_name(&id)),
            id: Text::new(id.clone()),
            aliases: Vec::new(),
            help: Text::new(help),
            kind,
            repeated: false,
            required: true,
            positional: Some(Text::new(positional)),
            in_body: false,
            wire_name: param.wire_name.clone(),
        });
        id
    }

    /// A params field's flag: its id and value kind. A field that shares its wire name with
    /// another parameter (`project_id` in the query and in the body) says in its help which one
    /// it is, since its flag had to take another name (`--project-id-2`).
    pub fn param_field(
        &mut self,
        field: &ParamField,
        body_document: bool,
        shares_wire_name: bool,
    ) -> (String, FlagKind) {
        let (kind, repeated) = value_kind(&field.field.ty, self.models);
        let prefix = location_prefix(field.location);
        let (id, aliases) = self.names(&field.field.rust_name, prefix, repeated);
        let in_body = body_document
            && field.location == crate::ir::ParamLocation::Body
            && kind != FlagKind::File;
        self.flags.push(CliFlag {
            value_name: Text::new(value_name(&id)),
            id: Text::new(id.clone()),
            aliases: aliases.into_iter().map(Text::new).collect(),
            help: Text::new(field_help(field, shares_wire_name)),
            kind: kind.clone(),
            repeated,
            required: field.field.presence.is_required(),
            positional: None,
            in_body,
            wire_name: field.field.wire_name.clone(),
        });
        (id, kind)
    }

    /// The flags, recording the kinds they use.
    pub fn finish(self, needs: &mut CliNeeds) -> Vec<CliFlag> {
        for flag in &self.flags {
            note_kind(&flag.kind, needs);
        }
        self.flags
    }
}

/// A field's one-line docs, naming where it goes when its wire name is not enough to tell.
fn field_help(field: &ParamField, shares_wire_name: bool) -> String {
    let docs = field.field.docs.one_line();
    if !shares_wire_name {
        return docs;
    }
    let place = match field.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Body => "body field",
    };
    let wire: String = (field.field.wire_name.as_str().chars())
        .filter(|c| !c.is_control() && *c != '`')
        .collect();
    if docs.is_empty() {
        format!("The {place} `{wire}`.")
    } else {
        format!("{docs} (the {place} `{wire}`)")
    }
}

/// `page-size` → `PAGE_SIZE`
fn value_name(id: &str) -> String {
    id.to_ascii_uppercase().replace('-', "_")
}

/// The kind of a field's value and whether the flag repeats (an array of scalars or files), from its
/// type: aliases are followed, arrays of structured values are JSON.
pub fn value_kind(ty: &Ty, models: &BTreeMap<&str, &Model>) -> (FlagKind, bool) {
    match resolve(ty, models) {
        Ty::Array(item) => {
            let kind = scalar_kind(resolve(item, models), models);
            if kind.is_scalar() || kind == FlagKind::File {
                (kind, true)
            } else {
                (FlagKind::Json, false)
            }
        }
        ty => (scalar_kind(ty, models), false),
    }
}

/// Looks through model aliases (a bounded number of steps, so a cycle ends).
fn resolve<'t>(ty: &'t Ty, models: &BTreeMap<&str, &'t Model>) -> &'t Ty {
    let mut ty = ty;
    for _ in 0..16 {
        match ty
            .by_value_model()
            .and_then(|name| models.get(name))
            .and_then(|model| model.as_alias())
        {
            Some(target) => ty = target,
            None => break,
        }
    }
    ty
}

fn scalar_kind(ty: &Ty, models: &BTreeMap<&str, &Model>) -> FlagKind {
    match ty {
        Ty::String => FlagKind::String,
        Ty::I32 | Ty::I64 => FlagKind::Integer,
        Ty::F64 => FlagKind::Number,
        Ty::Bool => FlagKind::Boolean,
        Ty::File | Ty::Upload => FlagKind::File,
        Ty::Named(name) => match models.get(name.as_str()).map(|m| &m.kind) {
            Some(ModelKind::StringEnum(e)) if !e.variants.is_empty() => {
                FlagKind::Enum(e.variants.iter().map(|v| v.wire_value.clone()).collect())
            }
            Some(ModelKind::IntegerEnum(e)) if !e.variants.is_empty() => {
                FlagKind::IntegerEnum(e.variants.iter().map(|(_, value)| *value).collect())
            }
            _ => FlagKind::Json,
        },
        _ => FlagKind::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, EnumVariant, IntegerEnumModel, StringEnumModel};

    fn model(name: &str, kind: ModelKind) -> Model {
        Model {
            type_name: name.to_owned(),
            docs: Docs::default(),
            deprecated: false,
            pointer: crate::ir::Text::new("#/components/schemas/Test"),
            kind,
            serde: Default::default(),
            shape_copy: false,
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
                    wire_value: Text::from("paid"),
                    docs: Docs::default(),
                }],
                takes_scalars: false,
            }),
        );
        let priority = model(
            "Priority",
            ModelKind::IntegerEnum(IntegerEnumModel {
                variants: vec![("One".into(), 1), ("Never".into(), -1)],
            }),
        );
        let named = |name: &str| Ty::Named(name.to_owned());
        let tags = model(
            "Tags",
            ModelKind::Alias(Ty::Array(Box::new(named("Status")))),
        );
        let looped = model("Loop", ModelKind::Alias(named("Loop")));
        let models: BTreeMap<&str, &Model> = [&status, &priority, &tags, &looped]
            .into_iter()
            .map(|m| (m.type_name.as_str(), m))
            .collect();
        let enum_kind = FlagKind::Enum(vec![Text::from("paid")]);
        let strings = Ty::Array(Box::new(Ty::String));
        let cases = [
            (Ty::I64, FlagKind::Integer, false),
            (strings.clone(), FlagKind::String, true),
            (
                Ty::Array(Box::new(named("Status"))),
                enum_kind.clone(),
                true,
            ),
            (named("Tags"), enum_kind, true),
            (named("Priority"), FlagKind::IntegerEnum(vec![1, -1]), false),
            (Ty::Array(Box::new(strings)), FlagKind::Json, false),
            (Ty::Map(Box::new(Ty::I64)), FlagKind::Json, false),
            (named("Loop"), FlagKind::Json, false),
            (Ty::File, FlagKind::File, false),
            (Ty::F64, FlagKind::Number, false),
        ];
        for (ty, kind, repeated) in cases {
            assert_eq!(value_kind(&ty, &models), (kind, repeated), "{ty:?}");
        }
    }

    #[test]
    fn collisions_with_global_flags_get_a_location_prefix() {
        let models = BTreeMap::new();
        let mut flags = FlagBuilder::new(&["body", "max-items", "accept"], &models);
        assert_eq!(flags.claim("format", "query"), "query-format");
        assert_eq!(flags.claim("body", "body"), "body-body");
        assert_eq!(flags.claim("body", "body"), "body-2");
        assert_eq!(flags.claim("page-size", "query"), "page-size");
        assert_eq!(flags.claim("accept", "query"), "query-accept");
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
