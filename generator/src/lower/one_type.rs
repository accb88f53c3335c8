//! One Rust type per schema in the document. An inline object (enum, union) becomes one model
//! however many times it is reached: the first lowering of a schema node is remembered by its
//! location and reused. The fields an `allOf` inherits through a `$ref` are lowered where they
//! are written (in the referenced component, named after it), so every inheriting schema reuses
//! the parent's inline types instead of copying them under its own name (Figma: 223 schemas
//! had become 1 173 types, `RectangularShapeTraitsBoundVariables…` beside
//! `CornerRadiusShapeTraitsBoundVariables…` for one shape).

use super::schemas::SchemaLowerer;
use crate::diagnostics::Pointer;
use crate::ir::Ty;
use crate::naming::type_ident;
use openapiv3::Schema;
use std::collections::BTreeSet;

/// Where a schema node is: its JSON pointer and its address in the parsed document. The pointer
/// alone could name two nodes (a synthetic location), the address alone a dropped temporary's
/// successor; together they name one node of the document.
pub(super) type NodeKey = (String, usize);

fn node_key(schema: &Schema, pointer: &Pointer) -> NodeKey {
    (
        pointer.as_str().to_owned(),
        std::ptr::from_ref(schema) as usize,
    )
}

impl<'a> SchemaLowerer<'a> {
    /// The model of an inline schema that needs one (`needs_model`), named after `hint` the
    /// first time the node is lowered and reused every later time.
    pub(super) fn inline_model(&mut self, schema: &Schema, hint: &str, pointer: &Pointer) -> Ty {
        self.inline_model_skipping(schema, hint, &BTreeSet::new(), pointer)
    }

    /// `inline_model`, leaving out the properties in `skip` (an inline arm's discriminator).
    pub(super) fn inline_model_skipping(
        &mut self,
        schema: &Schema,
        hint: &str,
        skip: &BTreeSet<String>,
        pointer: &Pointer,
    ) -> Ty {
        let key = node_key(schema, pointer);
        if let Some(ty) = self.inline_models.get(&key) {
            return ty.clone();
        }
        let name = self.names.claim(type_ident(hint));
        // Remembered before lowering, so a node reached again while its own fields are being
        // lowered resolves to the model under construction.
        self.inline_models.insert(key, Ty::Named(name.clone()));
        self.lower_model(&name, schema, skip, pointer);
        Ty::Named(name)
    }

    /// The component an `allOf` part's `$ref` points at, as the owner and location to lower its
    /// fields with: its Rust name and its own pointer (`#/components/schemas/Base`), so the inline
    /// types of inherited fields are the component's own. `None` for a dangling reference.
    pub(super) fn inherited_part(&self, reference: &str) -> Option<(&'a Schema, String, Pointer)> {
        let (key, schema) = self.resolve(reference)?;
        let name = self.component_name(&key)?.to_owned();
        let pointer = (Pointer::root())
            .join("components")
            .join("schemas")
            .join(&key);
        Some((schema, name, pointer))
    }
}
