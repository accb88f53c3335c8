//! Inline schemas of one shape share one Rust type. Large descriptions repeat the same inline
//! schema under many properties (Stripe: the 288 merchant categories 18 times, `object: list` 82
//! times, `String` or an expanded `File` 20 times), and each copy became a type with its own
//! impls: a third of the Stripe crate's model code, and its compile time. A copy identical to
//! another model (its fields with their docs, variants, serde form, page impl and the types it
//! names) becomes `pub type Copy = First;`, keeping its name and docs, so code that names it
//! compiles as before. A component schema is never made an alias (the maintainer named it as a
//! type of its own), but an inline copy of one becomes an alias of it.

use crate::ir::{Model, ModelKind, Ty};
use std::collections::{BTreeMap, HashMap};

/// Merging a copy can make the models that name it identical in turn, so the pass repeats; a
/// chain of nested copies deeper than this keeps its outer copies (a bound, so that a
/// pathological document stays linear).
const ROUNDS: usize = 8;

/// Turns every inline model identical to an earlier one into an alias of it; returns how many.
pub(super) fn share_shapes(models: &mut [Model]) -> usize {
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..ROUNDS {
        if !share_round(models, &mut canonical) {
            break;
        }
    }
    for model in models.iter_mut() {
        if let Some(target) = canonical.get(&model.type_name) {
            model.kind = ModelKind::Alias(Ty::Named(target.clone()));
        }
    }
    canonical.len()
}

/// One round: groups the models not yet merged by shape, the names they refer to read through
/// the merges so far, and merges each group's copies into one member: a component if the group
/// has one, else a model other copies already merged into, else the shortest name (the least
/// nested property, as a rule), the first by name among equals. Returns whether anything was
/// merged.
fn share_round(models: &[Model], canonical: &mut BTreeMap<String, String>) -> bool {
    let mut groups: HashMap<String, Vec<&Model>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for model in models
        .iter()
        .filter(|m| !canonical.contains_key(&m.type_name))
    {
        let Some(key) = shape_key(model, canonical) else {
            continue;
        };
        let group = groups.entry(key.clone()).or_default();
        if group.is_empty() {
            order.push(key);
        }
        group.push(model);
    }
    let mut merged = false;
    for key in order {
        let group = &groups[&key];
        let copies = group.iter().filter(|m| !is_component(m)).count();
        if group.len() < 2 || copies == 0 {
            continue;
        }
        let shortest = (group.iter())
            .min_by_key(|m| m.type_name.len())
            .unwrap_or(&group[0]);
        let first = (group.iter().find(|m| is_component(m)))
            .or_else(|| (group.iter()).find(|m| canonical.values().any(|t| *t == m.type_name)))
            .unwrap_or(shortest)
            .type_name
            .clone();
        for copy in group
            .iter()
            .filter(|m| m.type_name != first && !is_component(m))
        {
            canonical.insert(copy.type_name.clone(), first.clone());
            merged = true;
        }
    }
    // A model merged into one that was itself merged later points at the last.
    let resolved: Vec<(String, String)> = (canonical.iter())
        .map(|(name, target)| (name.clone(), follow(target, canonical)))
        .collect();
    canonical.extend(resolved);
    merged
}

/// Where a chain of merges ends.
fn follow(name: &str, canonical: &BTreeMap<String, String>) -> String {
    let mut name = name;
    for _ in 0..=canonical.len() {
        match canonical.get(name) {
            Some(target) if target != name => name = target,
            _ => break,
        }
    }
    name.to_owned()
}

/// Everything that makes the model's Rust code what it is, but its name, docs and location;
/// `None` for an alias (nothing to share).
fn shape_key(model: &Model, canonical: &BTreeMap<String, String>) -> Option<String> {
    if matches!(model.kind, ModelKind::Alias(_)) {
        return None;
    }
    let mut kind = model.kind.clone();
    rename_refs(&mut kind, &|name| canonical.get(name).cloned());
    Some(format!("{}{kind:?}", model.deprecated))
}

/// Whether the model is a component schema (`#/components/schemas/Pet`), named by the
/// maintainer, rather than an inline schema named after where it is. A schema in another file
/// of the description counts as named (by its file), so it keeps its type.
fn is_component(model: &Model) -> bool {
    let pointer = model.pointer.as_str();
    match pointer.strip_prefix("#/components/schemas/") {
        Some(rest) => !rest.contains('/'),
        None => !pointer.starts_with("#/"),
    }
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
    use crate::ir::{Api, ModelKind, Ty};

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

    /// Two inline copies of a list that holds itself name themselves, so they stay apart
    /// rather than loop or merge into a type that would hold the other by value.
    #[test]
    fn recursive_copies_stay_apart() {
        let spec = "openapi: 3.0.3
info: {title: Trees, version: '1'}
paths: {}
components:
  schemas:
    Forest:
      type: object
      properties:
        left: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Forest/properties/left'}}}}
        right: {type: object, properties: {kids: {type: array, items: {$ref: '#/components/schemas/Forest/properties/right'}}}}
";
        let api = lower(spec);
        assert_eq!(alias_of(&api, "ForestLeft"), None);
        assert_eq!(alias_of(&api, "ForestRight"), None);
    }
}
