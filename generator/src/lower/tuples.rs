//! 3.1 tuples (`prefixItems`, kept by the loader as the `x-prefix-items` extension) → a tuple
//! struct read from and written as a JSON array: `{prefixItems: [{type: number}, {type:
//! string}], minItems: 2}` is `pub struct Pair(pub f64, pub String)`. Elements beyond `minItems`
//! are `Option`s (JSON Schema lets the array end early); the elements after the tuple's own are
//! a last `Vec` field typed by `items`, or any JSON when `items` is absent (kept, like a
//! struct's `extra` map), and there is no such field for `items: false` or when `maxItems`
//! allows none (an extra element is then a decoding error, as the schema says).

use super::schemas::{SchemaLowerer, SchemaRef};
use crate::diagnostics::Pointer;
use crate::ir::{TupleElement, TupleModel, Ty};
use crate::load::{PREFIX_ITEMS, PREFIX_ITEMS_CLOSED};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// Whether the schema is a tuple (it needs a model of its own).
pub(super) fn is_tuple(schema: &Schema) -> bool {
    schema.schema_data.extensions.contains_key(PREFIX_ITEMS)
}

impl SchemaLowerer<'_> {
    /// The tuple model of `schema` named `name`; `None` when it is not a tuple, or its element
    /// list does not read as schemas (then it is lowered as the array it also is).
    pub(super) fn tuple_model(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<TupleModel> {
        let elements = schema.schema_data.extensions.get(PREFIX_ITEMS)?;
        let elements: Vec<ReferenceOr<Schema>> = serde_json::from_value(elements.clone()).ok()?;
        let (items, min_items, max_items) = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                (array.items.as_ref(), array.min_items, array.max_items)
            }
            SchemaKind::Any(any) => (any.items.as_ref(), any.min_items, any.max_items),
            _ => (None, None, None),
        };
        let required = min_items.unwrap_or(0);
        let mut lowered = Vec::new();
        for (index, element) in elements.iter().enumerate() {
            let hint = format!("{name}Element{index}");
            let at = pointer.join("prefixItems").join(index);
            let (ty, nullable) = self.type_of(SchemaRef::from(element), &hint, &at);
            lowered.push(TupleElement {
                ty,
                optional: index >= required,
                nullable,
            });
        }
        let closed = schema.schema_data.extensions.get(PREFIX_ITEMS_CLOSED)
            == Some(&serde_json::Value::Bool(true))
            || max_items.is_some_and(|max| max <= elements.len());
        let rest = match (closed, items) {
            (true, _) => None,
            (false, Some(items)) => Some(
                self.type_of(items.into(), &format!("{name}Rest"), &pointer.join("items"))
                    .0,
            ),
            (false, None) => Some(Ty::Json),
        };
        Some(TupleModel {
            elements: lowered,
            rest,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ModelKind, TupleElement, TupleModel, Ty};

    fn tuples(schemas: &str) -> Vec<(String, TupleModel)> {
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let lowered = crate::lower::lower(&crate::load::load_inputs(&spec, None).unwrap()).unwrap();
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
        lowered
            .api
            .models
            .into_iter()
            .filter_map(|model| match model.kind {
                ModelKind::Tuple(tuple) => Some((model.type_name, tuple)),
                _ => None,
            })
            .collect()
    }

    fn element(ty: Ty, optional: bool) -> TupleElement {
        TupleElement {
            ty,
            optional,
            nullable: false,
        }
    }

    #[test]
    fn prefix_items_are_a_tuple_whose_rest_follows_items_and_max_items() {
        let found = tuples(
            "    Closed: {type: array, prefixItems: [{type: number}, {type: string}], minItems: 2, items: false}\n    \
             Open: {type: array, prefixItems: [{type: number}], minItems: 1}\n    \
             Typed: {type: array, prefixItems: [{type: string}, {type: integer}], minItems: 1, items: {type: boolean}}\n    \
             Bounded: {type: array, prefixItems: [{type: string}], maxItems: 1}\n",
        );
        let expect = |name: &str, elements: Vec<TupleElement>, rest: Option<Ty>| {
            (name.to_owned(), TupleModel { elements, rest })
        };
        assert_eq!(
            found,
            [
                expect("Bounded", vec![element(Ty::String, true)], None),
                expect(
                    "Closed",
                    vec![element(Ty::F64, false), element(Ty::String, false)],
                    None
                ),
                expect("Open", vec![element(Ty::F64, false)], Some(Ty::Json)),
                expect(
                    "Typed",
                    vec![element(Ty::String, false), element(Ty::I64, true)],
                    Some(Ty::Bool)
                ),
            ]
        );
    }
}
