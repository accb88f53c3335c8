//! Inline schemas of one shape share one Rust type. Large descriptions repeat the same inline
//! schema under many properties (Stripe: the 288 merchant categories 18 times, `object: list` 82
//! times, `String` or an expanded `File` 20 times), and each copy became a type with its own
//! impls: a third of the Stripe crate's model code, and its compile time. A copy whose definition
//! equals another model's (its fields with their docs, variants, serde form, page impl and the
//! types it names) becomes `pub type Copy = Type;`, keeping its name and docs. A schema the
//! maintainer named (`named_schema`: a component schema, a component parameter's schema,
//! a `$defs` entry, a schema of another file) is never made an alias, but an inline copy of one
//! becomes an alias of it. Tuples are left alone: a type
//! alias cannot construct a tuple struct, so callers' `Copy(a, b)` would stop compiling.

use super::context::unescape;
use crate::ir::{Model, ModelKind, Ty};
use crate::load::Origins;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Merging a copy can make the models that name it identical in turn, so the pass repeats; a
/// chain of nested copies deeper than this keeps its outer copies (a bound on the rounds, each
/// linear in the models).
const ROUNDS: usize = 8;

/// Turns every inline model of the same shape as another into an alias of one type of that
/// shape, and marks it (`Model::shape_copy`). `origins` says where bundling copied schemas from,
/// so which were named by the maintainer (`named_schema`).
pub(super) fn share_shapes(models: &mut [Model], origins: &Origins) {
    let named: BTreeSet<String> = (models.iter())
        .filter(|m| named_schema(m.pointer.as_str(), origins))
        .map(|m| m.type_name.clone())
        .collect();
    let mut merges = Merges::default();
    for _ in 0..ROUNDS {
        if !merges.round(models, &named) {
            break;
        }
    }
    for model in models.iter_mut() {
        if let Some(target) = merges.target.get(&model.type_name) {
            model.kind = ModelKind::Alias(Ty::Named(target.clone()));
            model.shape_copy = true;
        }
    }
}

/// Whether the schema of a model (at `pointer` in the bundled document) was named by the
/// maintainer: a component schema of the spec (not a name bundling made up for a copy), a
/// component parameter's schema (its type is named after the entry), a `$defs` or `definitions`
/// entry, or, where bundling copied it from, a whole file, a top-level key of another file or a
/// component there.
fn named_schema(pointer: &str, origins: &Origins) -> bool {
    let named_at = |pointer: &str, in_other_file: bool| {
        let parts: Vec<&str> = pointer.split('/').skip(1).collect();
        match parts.as_slice() {
            [] | [""] => in_other_file,
            [_] => in_other_file,
            // Bundling names another file's component after its key, and records it as made up.
            ["components", "schemas", name] => {
                in_other_file || !origins.is_invented(&unescape(name))
            }
            ["$defs" | "definitions", _] => true,
            ["components", "parameters", _, "schema"]
            | ["components", "parameters", _, "content", _, "schema"] => true,
            _ => false,
        }
    };
    let local = pointer.strip_prefix('#').unwrap_or(pointer);
    if named_at(local, false) {
        return true;
    }
    let written = origins.written_at(pointer);
    match written.split_once('#') {
        Some((file, local)) if !file.is_empty() => named_at(local, true),
        _ => false,
    }
}

/// The merges made so far: each copy's type, and the set of those types.
#[derive(Default)]
struct Merges {
    target: BTreeMap<String, String>,
    targets: BTreeSet<String>,
}

impl Merges {
    /// One round: groups the models not yet merged by shape, the names they refer to read
    /// through the merges so far, and merges each group's copies into one member: a named
    /// schema if the group has one, else a model other copies already merged into, else the
    /// shortest name (the least nested property, as a rule), the first by name among equals.
    /// Returns whether anything was merged.
    fn round(&mut self, models: &[Model], named: &BTreeSet<String>) -> bool {
        let mut groups: HashMap<String, Vec<&Model>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for model in (models.iter()).filter(|m| !self.target.contains_key(&m.type_name)) {
            let Some(key) = shape_key(model, &self.target) else {
                continue;
            };
            let group = groups.entry(key.clone()).or_default();
            if group.is_empty() {
                order.push(key);
            }
            group.push(model);
        }
        let is_named = |m: &&&Model| named.contains(&m.type_name);
        let mut merged = false;
        for key in order {
            let group = &groups[&key];
            if group.len() < 2 || group.iter().all(|m| is_named(&m)) {
                continue;
            }
            let shortest = (group.iter())
                .min_by_key(|m| m.type_name.len())
                .unwrap_or(&group[0]);
            let target = (group.iter().find(is_named))
                .or_else(|| (group.iter()).find(|m| self.targets.contains(&m.type_name)))
                .unwrap_or(shortest)
                .type_name
                .clone();
            for copy in (group.iter()).filter(|m| m.type_name != target && !is_named(m)) {
                self.target.insert(copy.type_name.clone(), target.clone());
                merged = true;
            }
            self.targets.insert(target);
        }
        // A model merged into one that was itself merged later points at the last.
        let resolved: Vec<(String, String)> = (self.target.iter())
            .map(|(name, target)| (name.clone(), follow(target, &self.target)))
            .collect();
        self.target.extend(resolved);
        merged
    }
}

/// Where a chain of merges ends.
fn follow(name: &str, target: &BTreeMap<String, String>) -> String {
    let mut name = name;
    for _ in 0..=target.len() {
        match target.get(name) {
            Some(next) if next != name => name = next,
            _ => break,
        }
    }
    name.to_owned()
}

/// Everything that makes the model's Rust code what it is, but its name, docs and location;
/// `None` for an alias (nothing to share) and a tuple (see the module docs).
fn shape_key(model: &Model, merged: &BTreeMap<String, String>) -> Option<String> {
    if matches!(model.kind, ModelKind::Alias(_) | ModelKind::Tuple(_)) {
        return None;
    }
    let mut kind = model.kind.clone();
    rename_refs(&mut kind, &|name| merged.get(name).cloned());
    Some(format!("{}{kind:?}", model.deprecated))
}

/// Rewrites the model names the kind refers to where `rename` has a new one.
fn rename_refs(kind: &mut ModelKind, rename: &dyn Fn(&str) -> Option<String>) {
    let mut types: Vec<&mut Ty> = Vec::new();
    match kind {
        ModelKind::Struct(s) => {
            types.extend(s.fields.iter_mut().map(|f| &mut f.ty));
            types.extend(s.page.as_mut().map(|page| &mut page.item));
        }
        ModelKind::UntaggedUnion(u) => types.extend(u.variants.iter_mut().map(|v| &mut v.ty)),
        ModelKind::Tuple(t) => {
            types.extend(t.elements.iter_mut().map(|e| &mut e.ty));
            types.extend(t.rest.as_mut());
        }
        ModelKind::TaggedUnion(u) => {
            for variant in &mut u.variants {
                if let Some(name) = rename(&variant.type_name) {
                    variant.type_name = name;
                }
            }
        }
        ModelKind::StringEnum(_) | ModelKind::IntegerEnum(_) | ModelKind::Alias(_) => {}
    }
    while let Some(ty) = types.pop() {
        match ty {
            Ty::Array(inner) | Ty::Map(inner) => types.push(inner),
            Ty::Named(name) | Ty::Boxed(name) => {
                if let Some(new) = rename(name) {
                    *name = new;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, ModelKind, SerdeUse, Ty};

    fn lower(spec: &str) -> Api {
        let inputs = crate::load::load_inputs(spec, None).unwrap();
        crate::lower::lower(&inputs).unwrap().api
    }

    /// What each model became: the alias's target, or `None` for a type of its own.
    fn alias_of<'a>(api: &'a Api, name: &str) -> Option<&'a str> {
        let model = api.models.iter().find(|m| m.type_name == name).unwrap();
        match &model.kind {
            ModelKind::Alias(Ty::Named(target)) => Some(target),
            _ => None,
        }
    }

    /// `Thing` holds the same inline enum four times, two inline objects that hold it (equal
    /// once their enums are), one whose field is documented otherwise, a deprecated copy of the
    /// enum and an inline copy of the `Point` component; `Spot` is a component of `Point`'s shape.
    const SPEC: &str = "openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Point: {type: object, properties: {x: {type: integer}}}
    Spot: {type: object, properties: {x: {type: integer}}}
    Thing:
      type: object
      properties:
        mode: {type: string, enum: [on, off]}
        other_mode: {type: string, description: Another., enum: [on, off]}
        old_mode: {type: string, deprecated: true, enum: [on, off]}
        first: {type: object, properties: {mode: {type: string, enum: [on, off]}, note: {type: string, description: A note.}}}
        second: {type: object, properties: {mode: {type: string, enum: [on, off]}, note: {type: string, description: A note.}}}
        third: {type: object, properties: {mode: {type: string, enum: [on, off]}, note: {type: string, description: Why.}}}
        origin: {type: object, properties: {x: {type: integer}}}
        spot: {$ref: '#/components/schemas/Spot'}
";

    #[test]
    fn inline_copies_become_aliases_of_one_type() {
        let api = lower(SPEC);
        // The shortest name of the enum's copies is the type; the others name it.
        assert_eq!(alias_of(&api, "ThingMode"), None);
        for copy in [
            "ThingOtherMode",
            "ThingFirstMode",
            "ThingSecondMode",
            "ThingThirdMode",
        ] {
            assert_eq!(alias_of(&api, copy), Some("ThingMode"), "{copy}");
        }
        // An alias keeps its own docs.
        let other = api.models.iter().find(|m| m.type_name == "ThingOtherMode");
        assert!(format!("{:?}", other.unwrap().docs).contains("Another."));
        // Deprecation is part of the shape: the deprecated copy stays apart.
        assert_eq!(alias_of(&api, "ThingOldMode"), None);
        // Equal once their enums are one type (a second round); a field's docs are its shape.
        assert_eq!(alias_of(&api, "ThingFirst"), None);
        assert_eq!(alias_of(&api, "ThingSecond"), Some("ThingFirst"));
        assert_eq!(alias_of(&api, "ThingThird"), None);
        // An inline copy of a component names it; a component never becomes an alias.
        assert_eq!(alias_of(&api, "ThingOrigin"), Some("Point"));
        assert_eq!(alias_of(&api, "Spot"), None);
        assert_eq!(alias_of(&api, "Point"), None);
    }

    /// An inline copy of a component that holds a list of itself names the component: the
    /// rounds stop, and the alias holds nothing by value.
    #[test]
    fn an_inline_copy_of_a_recursive_component_names_it() {
        let spec = "openapi: 3.0.3
info: {title: Trees, version: '1'}
paths: {}
components:
  schemas:
    Node: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
    Forest:
      type: object
      properties:
        tree: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
";
        let api = lower(spec);
        assert_eq!(alias_of(&api, "ForestTree"), Some("Node"));
        assert_eq!(alias_of(&api, "Node"), None);
    }

    /// `Order`, only sent, holds two inline objects of one shape, each holding one more: the
    /// inner copy is named by nothing once the outer one is an alias, and must not count as a
    /// model no operation reaches (which is read, so its type would derive `Deserialize`).
    #[test]
    fn a_copy_named_only_by_a_copy_keeps_its_types_serde() {
        let spec = "openapi: 3.0.3
info: {title: Orders, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
      responses: {'204': {description: done}}
components:
  schemas:
    Order:
      type: object
      properties:
        billing: {type: object, properties: {addr: {type: object, properties: {line: {type: string}}}}}
        shipping: {type: object, properties: {addr: {type: object, properties: {line: {type: string}}}}}
";
        let api = lower(spec);
        assert_eq!(
            alias_of(&api, "OrderShippingAddr"),
            Some("OrderBillingAddr")
        );
        let serde = |name: &str| {
            api.models
                .iter()
                .find(|m| m.type_name == name)
                .unwrap()
                .serde
        };
        assert_eq!(serde("OrderBillingAddr"), SerdeUse::SentOnly);
        // A copy records its type's traits (the surface file lists them).
        assert_eq!(serde("OrderShippingAddr"), SerdeUse::SentOnly);
    }

    /// A schema named in another file (a top-level key, a component or a `$defs` entry there) or
    /// by a component that refers to a deep pointer keeps its type: bundling copies both to made-up or borrowed component
    /// names, and where they were written says who named them.
    #[test]
    fn schemas_named_elsewhere_keep_their_types() {
        let spec = "openapi: 3.0.3
info: {title: Pets, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        kind: {$ref: 'kinds.yaml#/PetKind'}
        kd: {type: string, enum: [cat, dog]}
        colour: {$ref: 'kinds.yaml#/components/schemas/DogColour'}
        c: {type: string, enum: [black, white]}
        size: {$ref: 'kinds.yaml#/$defs/PetSize'}
        s: {type: string, enum: [s, m]}
    Label: {$ref: '#/components/schemas/Tagged/properties/inner'}
    Tagged:
      type: object
      properties:
        inner: {type: object, properties: {t: {type: string}}}
        other: {type: object, properties: {t: {type: string}}}
";
        let files: std::collections::BTreeMap<String, String> = [(
            "kinds.yaml".to_owned(),
            "PetKind: {type: string, enum: [cat, dog]}\n\
             components: {schemas: {DogColour: {type: string, enum: [black, white]}}}\n\
             $defs: {PetSize: {type: string, enum: [s, m]}}\n"
                .to_owned(),
        )]
        .into();
        let inputs = crate::load::load_inputs_with(spec, None, &files).unwrap();
        let api = crate::lower::lower(&inputs).unwrap().api;
        let names: Vec<&str> = api.models.iter().map(|m| m.type_name.as_str()).collect();
        assert_eq!(alias_of(&api, "PetKind"), None, "{names:?}");
        assert_eq!(alias_of(&api, "PetKd"), Some("PetKind"));
        // The copies' names are shorter, so only being named keeps these the types.
        assert_eq!(alias_of(&api, "DogColour"), None, "{names:?}");
        assert_eq!(alias_of(&api, "PetC"), Some("DogColour"));
        assert_eq!(alias_of(&api, "PetSize"), None, "{names:?}");
        assert_eq!(alias_of(&api, "PetS"), Some("PetSize"));
        assert_eq!(alias_of(&api, "Label"), None, "{names:?}");
        assert_eq!(alias_of(&api, "TaggedOther"), Some("Label"));
    }
}
