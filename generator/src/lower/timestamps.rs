//! Dates and timestamps whose serde form is not the wire's: the `time` crate's types, and chrono
//! timestamps read leniently (`types.date-time-parsing: lenient`). Every struct field and union
//! variant holding one (directly, in an `Option`, `Vec`, map or through an alias) writes it
//! through the runtime's `timestamp` module and reads it through `timestamp_read`, and the
//! crates those modules implement it for are recorded here (which builds use them is
//! `serde_needs`'s to say). Where no field attribute can reach (a whole body, a bare array of
//! pages, a path or query parameter, a tuple's element) such a value stays a `String`, as the
//! caller formats it.

use crate::ir::{Api, ModelKind, Operation, Resource, ResponseKind, RuntimeNeeds, Scalar, Ty};
use std::collections::{BTreeMap, BTreeSet};

/// Aliases are followed at most this deep (alias cycles are reported and broken elsewhere).
const ALIAS_DEPTH: usize = 16;

/// Attaches the adapter to the fields and variants that need it, turns the values it cannot
/// reach into strings, and records the runtime files it takes in `api.needs`.
pub(super) fn attach_adapters(api: &mut Api, lenient: bool) {
    let aliases: BTreeMap<String, Ty> = api
        .models
        .iter()
        .filter_map(|model| Some((model.type_name.clone(), model.as_alias()?.clone())))
        .collect();
    let adapted = |scalar: Scalar| scalar.needs_wire_adapter(lenient);
    let mut used = BTreeSet::new();
    let unreached = |ty: &mut Ty| {
        if collect(ty, &aliases, &adapted, &mut BTreeSet::new(), 0) {
            *ty = as_strings(resolve(ty, &aliases), adapted);
        }
    };
    for model in &mut api.models {
        match &mut model.kind {
            ModelKind::Struct(model) => {
                for field in model.fields.iter_mut().filter(|field| !field.serde.skip) {
                    if collect(&field.ty, &aliases, &adapted, &mut used, 0) {
                        field.serde.timestamp_adapter = true;
                    }
                }
            }
            ModelKind::UntaggedUnion(union) => {
                for variant in &mut union.variants {
                    if collect(&variant.ty, &aliases, &adapted, &mut used, 0) {
                        variant.timestamp_adapter = true;
                    }
                }
            }
            // A tuple's written-out impls name each element's type itself, which no attribute
            // reaches.
            ModelKind::Tuple(tuple) => {
                let elements = tuple.elements.iter_mut().map(|element| &mut element.ty);
                elements.chain(tuple.rest.as_mut()).for_each(unreached);
            }
            _ => {}
        }
    }
    for_each_operation(&mut api.resources, &mut |op| {
        for field in op.params.iter_mut().flat_map(|params| &mut params.fields) {
            if field.field.serde.skip {
                unreached(&mut field.field.ty);
            } else if collect(&field.field.ty, &aliases, &adapted, &mut used, 0) {
                field.field.serde.timestamp_adapter = true;
            }
        }
        match &mut op.response {
            ResponseKind::Json { ty } | ResponseKind::OptionalJson { ty } => unreached(ty),
            ResponseKind::EventStream { event, .. } => unreached(event),
            _ => {}
        }
        if let Some(paging) = op.pagination.as_mut().filter(|paging| paging.bare_array) {
            unreached(&mut paging.item);
        }
    });
    record_needs(&mut api.needs, &used, lenient);
}

/// The crates whose types the runtime adapts (the adapted scalars in `used`).
fn record_needs(needs: &mut RuntimeNeeds, used: &BTreeSet<Scalar>, lenient: bool) {
    needs.chrono_timestamps = used.contains(&Scalar::DateTime);
    needs.time_timestamps =
        used.contains(&Scalar::TimeDateTime) || used.contains(&Scalar::TimeDate);
    needs.lenient_date_times = lenient;
}

/// Whether `ty` holds an adapted scalar the adapter can reach (not inside another model);
/// adds the scalars found to `used`.
fn collect(
    ty: &Ty,
    aliases: &BTreeMap<String, Ty>,
    adapted: &impl Fn(Scalar) -> bool,
    used: &mut BTreeSet<Scalar>,
    depth: usize,
) -> bool {
    match ty {
        Ty::Scalar(scalar) if adapted(*scalar) => {
            used.insert(*scalar);
            true
        }
        Ty::Array(inner) | Ty::Map(inner) => collect(inner, aliases, adapted, used, depth),
        Ty::Named(name) if depth < ALIAS_DEPTH => aliases
            .get(name)
            .is_some_and(|target| collect(target, aliases, adapted, used, depth + 1)),
        _ => false,
    }
}

/// `ty` with aliases on its outside replaced by their targets.
fn resolve(ty: &Ty, aliases: &BTreeMap<String, Ty>) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..ALIAS_DEPTH {
        match &ty {
            Ty::Named(name) if aliases.contains_key(name) => ty = aliases[name].clone(),
            Ty::Array(inner) => return Ty::Array(Box::new(resolve(inner, aliases))),
            Ty::Map(inner) => return Ty::Map(Box::new(resolve(inner, aliases))),
            _ => break,
        }
    }
    ty
}

/// `ty` with the scalars `pick` chooses replaced by `String` (in arrays and maps too).
pub(super) fn as_strings(ty: Ty, pick: impl Fn(Scalar) -> bool + Copy) -> Ty {
    match ty {
        Ty::Scalar(scalar) if pick(scalar) => Ty::String,
        Ty::Array(inner) => Ty::Array(Box::new(as_strings(*inner, pick))),
        Ty::Map(inner) => Ty::Map(Box::new(as_strings(*inner, pick))),
        other => other,
    }
}

fn for_each_operation(resources: &mut [Resource], visit: &mut impl FnMut(&mut Operation)) {
    for resource in resources {
        resource.operations.iter_mut().for_each(&mut *visit);
        for_each_operation(&mut resource.children, visit);
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Ty;

    /// A tuple's impls are written out element by element: a `time` timestamp there would have
    /// no serde form, so it stays text (the crate did not compile before).
    #[test]
    fn a_tuples_timestamp_element_stays_a_string() {
        let spec = "openapi: 3.1.0
info: {title: Spans, version: '1'}
paths:
  /spans:
    get:
      operationId: getSpan
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Span'}}}
components:
  schemas:
    Span:
      type: array
      prefixItems: [{type: string, format: date-time}, {type: integer}]
      items: {type: string, format: date}
";
        let config = "types: {date-time: time, date: time}\n";
        let inputs = crate::load::load_inputs(spec, Some(config)).unwrap();
        let api = crate::lower::lower(&inputs).unwrap().api;
        let span = api.models.iter().find(|m| m.type_name == "Span").unwrap();
        let tuple = span.as_tuple().unwrap();
        assert_eq!(tuple.elements[0].ty, Ty::String);
        assert_eq!(tuple.elements[1].ty, Ty::I64);
        assert_eq!(tuple.rest, Some(Ty::String));
        // Nothing else holds one, so the crate needs neither timestamp module.
        assert!(!api.needs.timestamps());
    }
}
