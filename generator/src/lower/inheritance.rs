//! A `discriminator` on a base object → a tagged union over the schemas that extend it. OpenAPI's
//! inheritance: `Pet` has `discriminator: {propertyName: petType}` and `Cat`, `Dog` extend it with
//! `allOf: [$ref: Pet, …]`, so a `$ref` to `Pet` may hold a cat or a dog. In: the base component
//! and its heirs (the mapping's targets, then the components whose `allOf` names the base). Out:
//! under the base's name, the union of its heirs; where a value may be of the base itself, a
//! variant holding a struct of the base's own fields (`PetBase`). Heirs merge the base's fields
//! from the spec, not from its model, so they are lowered as before. An heir whose tag the
//! base's property can never carry is left out with a located warning; a base left without heirs
//! stays the struct it always was.

use super::context::{SCHEMA_PREFIX, escape, unescape};
use super::docs::code_span;
use super::schemas::{PendingKind, SchemaLowerer};
use super::shapes::{all_of_parts, union_arms};
use super::tagged_unions::{ArmTag, arm_tags, mapped_tags};
use crate::diagnostics::Pointer;
use crate::naming::type_ident;
use openapiv3::{Discriminator, OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Component key of every base (an object with a `discriminator` and no `oneOf`/`anyOf` of its
/// own) → the `$ref`s of its heirs: the mapping's targets in its order, then the components
/// whose `allOf` names the base directly, in key order. A base no schema extends is absent.
pub(super) fn find_heirs(doc: &OpenAPI) -> BTreeMap<String, Vec<String>> {
    let Some(components) = doc.components.as_ref().map(|c| &c.schemas) else {
        return BTreeMap::new();
    };
    let is_base = |key: &str| match components.get(key) {
        Some(ReferenceOr::Item(schema)) => {
            schema.schema_data.discriminator.is_some() && union_arms(schema).is_empty()
        }
        _ => false,
    };
    let mut heirs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |base: &str, heir: &str| {
        let list = heirs.entry(base.to_owned()).or_default();
        if heir != base && components.contains_key(heir) && !list.iter().any(|h| h == heir) {
            list.push(heir.to_owned());
        }
    };
    let mut keys: Vec<&String> = components.keys().collect();
    keys.sort();
    for &key in &keys {
        let Some(ReferenceOr::Item(schema)) = components.get(key) else {
            continue;
        };
        if let Some(discriminator) = &schema.schema_data.discriminator
            && is_base(key)
        {
            for target in discriminator.mapping.values() {
                add(key, &target_key(target));
            }
        }
    }
    for &key in &keys {
        let Some(ReferenceOr::Item(schema)) = components.get(key) else {
            continue;
        };
        for part in all_of_parts(schema).unwrap_or_default() {
            if let ReferenceOr::Reference { reference } = part
                && let Some(base) = reference.strip_prefix(SCHEMA_PREFIX).map(unescape)
                && is_base(&base)
            {
                add(&base, key);
            }
        }
    }
    heirs.retain(|_, list| !list.is_empty());
    heirs
        .into_iter()
        .map(|(base, list)| (base, list.iter().map(|key| component_ref(key)).collect()))
        .collect()
}

impl<'a> SchemaLowerer<'a> {
    /// Lowers the base component `key` (named `name`), which `heirs` extend: their tagged union,
    /// or the base's struct when no heir can be told apart by a tag the base allows.
    pub(super) fn lower_base(
        &mut self,
        key: &str,
        name: &str,
        schema: &'a Schema,
        heirs: &[String],
        skip: &BTreeSet<String>,
        pointer: &Pointer,
    ) {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return self.lower_model(name, schema, skip, pointer);
        };
        let property = &discriminator.property_name;
        // The values the base's own property allows, when it lists them: a value of any heir
        // is also a value of the base (the heir's `allOf` names it), so it carries one of them.
        let allowed = match arm_tags(self.resolver, schema, property, 0, &mut BTreeSet::new()) {
            ArmTag::Values(values) => Some(values),
            _ => None,
        };
        let mut variants: Vec<(String, String)> = Vec::new();
        for heir in heirs {
            let Some((heir_key, heir_schema)) = self.resolve(heir) else {
                continue;
            };
            let Some(model) = self.component_name(&heir_key).map(str::to_owned) else {
                continue;
            };
            let tags = heir_tags(self, discriminator, heir, heir_schema, key);
            let (kept, refused): (Vec<String>, Vec<String>) = (tags.into_iter())
                .partition(|tag| allowed.as_ref().is_none_or(|values| values.contains(tag)));
            if kept.is_empty() {
                self.warn_unreachable_heir(key, &heir_key, property, &refused, pointer);
            }
            for tag in kept {
                if !variants
                    .iter()
                    .any(|(seen, arm)| *seen == tag && *arm == model)
                {
                    variants.push((tag, model.clone()));
                }
            }
        }
        if variants.is_empty() {
            return self.lower_model(name, schema, skip, pointer);
        }
        let own_tags = base_tags(discriminator, key, allowed, &variants);
        if !own_tags.is_empty() {
            let base_name = self.names.claim(type_ident(&format!("{name}Base")));
            self.lower_model(&base_name, schema, skip, pointer);
            if let Some(model) = self.models.get_mut(&base_name) {
                let own = format!(
                    "The fields {} declares itself: a value whose {} names none of the schemas that extend it.",
                    code_span(key),
                    code_span(property)
                );
                model.description = Some(paragraphs(model.description.take(), own));
            }
            variants.extend(own_tags.into_iter().map(|tag| (tag, base_name.clone())));
        }
        let data = &schema.schema_data;
        let union = format!(
            "A value of one of the schemas that extend {} (through `allOf`), told apart by {}.",
            code_span(key),
            code_span(property)
        );
        let description = data.description.as_deref().or(data.title.as_deref());
        let description = paragraphs(description.map(str::to_owned), union);
        let kind = PendingKind::TaggedUnion(property.clone(), variants);
        self.insert(name, Some(&description), data.deprecated, kind, pointer);
    }

    /// An heir whose every tag is outside the values the base's property allows: no value can
    /// select it (pagerduty's `WeeklyRestriction`, implicitly tagged with its schema name, under
    /// a `type` of `daily_restriction`/`weekly_restriction`).
    fn warn_unreachable_heir(
        &mut self,
        base: &str,
        heir: &str,
        property: &str,
        tags: &[String],
        pointer: &Pointer,
    ) {
        let tags: Vec<String> = tags.iter().map(|tag| code_span(tag)).collect();
        let message = format!(
            "{} extends {} (through `allOf`) with the tag {}, which {}'s {} never takes, so it is left out of the union of {}'s heirs",
            code_span(heir),
            code_span(base),
            tags.join(", "),
            code_span(base),
            code_span(property),
            code_span(base),
        );
        self.degrade(
            &pointer.join("discriminator"),
            "discriminator-heir",
            message,
            Some("map the value the heir carries to it under the base's `discriminator.mapping`"),
        );
    }
}

/// The tags an heir answers to: the mapping values that point at it; else the values its own
/// definition of the property pins (its properties and `allOf` parts, leaving out the base,
/// whose definition every heir shares); else its component key (OpenAPI's implicit mapping).
fn heir_tags(
    lowerer: &SchemaLowerer<'_>,
    discriminator: &Discriminator,
    heir: &str,
    heir_schema: &Schema,
    base: &str,
) -> Vec<String> {
    let mapped = mapped_tags(discriminator, heir);
    if !mapped.is_empty() {
        return mapped;
    }
    let mut seen = BTreeSet::from([component_ref(base)]);
    let property = &discriminator.property_name;
    match arm_tags(lowerer.resolver, heir_schema, property, 0, &mut seen) {
        ArmTag::Values(tags) => tags,
        _ => vec![unescape(heir.trim_start_matches(SCHEMA_PREFIX))],
    }
}

/// The tags under which a value is of the base itself: the allowed values no heir claims; with
/// no list of values, the mapping values that point at the base, else (no mapping at all) its
/// component key. An explicit mapping that leaves the base out makes it abstract.
fn base_tags(
    discriminator: &Discriminator,
    key: &str,
    allowed: Option<Vec<String>>,
    variants: &[(String, String)],
) -> Vec<String> {
    let claimed = |tag: &String| variants.iter().any(|(seen, _)| seen == tag);
    match allowed {
        Some(values) => values.into_iter().filter(|tag| !claimed(tag)).collect(),
        None => {
            let mapped = mapped_tags(discriminator, &component_ref(key));
            if !mapped.is_empty() || !discriminator.mapping.is_empty() {
                return mapped.into_iter().filter(|tag| !claimed(tag)).collect();
            }
            Some(key.to_owned())
                .filter(|tag| !claimed(tag))
                .into_iter()
                .collect()
        }
    }
}

/// The component key a mapping value names: a `$ref` into the schemas, or the bare key.
fn target_key(target: &str) -> String {
    match target.strip_prefix(SCHEMA_PREFIX) {
        Some(key) => unescape(key),
        None => target.to_owned(),
    }
}

/// `#/components/schemas/{key}`, the key escaped as a JSON pointer segment.
fn component_ref(key: &str) -> String {
    format!("{SCHEMA_PREFIX}{}", escape(key))
}

/// `first`, a blank line and `second` (just `second` when there is no `first`).
fn paragraphs(first: Option<String>, second: String) -> String {
    match first {
        Some(first) if !first.trim().is_empty() => format!("{first}\n\n{second}"),
        _ => second,
    }
}
