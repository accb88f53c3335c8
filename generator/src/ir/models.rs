//! The models part of the IR: the named types of `models.rs` (structs, enums, unions, aliases)
//! and the struct field shared with the operations' params structs.

use super::needs::BuildUse;
use super::text::{Docs, Text};
use super::types::{FieldSerde, Presence, Side, Ty};
use std::collections::BTreeMap;

/// A named type in `models.rs`.
#[derive(Clone, Debug)]
pub struct Model {
    pub type_name: String,
    pub docs: Docs,
    pub deprecated: bool,
    /// Where the model's schema is in the document (`#/components/schemas/Pet`, or the inline
    /// node it was named after): the change report names it.
    pub pointer: Text,
    pub kind: ModelKind,
    /// Which serde traits the model needs in a library build (`lower/serde_needs.rs`); for a
    /// shape copy, its type's.
    pub serde: SerdeUse,
    /// An inline schema of the same shape as another model, now an alias of it
    /// (`lower/shared_shapes.rs`).
    pub shape_copy: bool,
}

/// The serde traits a struct or union derives always; the other one only under the features
/// that use it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SerdeUse {
    /// Sent and received (a tuple and what it names, always), in a crate without operations, or
    /// with `models.serde: both`. A model no operation reaches counts as received.
    #[default]
    Both,
    /// Only sent: `Deserialize` under the `serde-both` feature.
    SentOnly,
    /// Only received: `Serialize` under the `serde-both` feature.
    ReceivedOnly,
}

/// The feature under which a model derives the serde trait it does not need (`cli` and
/// `testing` enable it).
const GATE: &str = "feature = \"serde-both\"";

impl SerdeUse {
    /// The serde derives every build has (`, serde::Serialize, …`).
    pub fn derives(self) -> &'static str {
        match self {
            SerdeUse::Both => ", serde::Serialize, serde::Deserialize",
            SerdeUse::SentOnly => ", serde::Serialize",
            SerdeUse::ReceivedOnly => ", serde::Deserialize",
        }
    }

    /// The attribute that derives the other trait under the features, if any.
    pub fn gated_derive(self) -> Option<String> {
        let other = match self {
            SerdeUse::Both => return None,
            SerdeUse::SentOnly => "serde::Deserialize",
            SerdeUse::ReceivedOnly => "serde::Serialize",
        };
        Some(format!("#[cfg_attr({GATE}, derive({other}))]"))
    }

    /// The builds with the model's `Serialize`.
    pub fn serialize_use(self) -> BuildUse {
        match self {
            SerdeUse::ReceivedOnly => BuildUse::SerdeBoth,
            SerdeUse::Both | SerdeUse::SentOnly => BuildUse::Always,
        }
    }

    /// The builds with the model's `Deserialize`.
    pub fn deserialize_use(self) -> BuildUse {
        match self {
            SerdeUse::SentOnly => BuildUse::SerdeBoth,
            SerdeUse::Both | SerdeUse::ReceivedOnly => BuildUse::Always,
        }
    }

    /// `#[cfg(…)]` for a hand-written `Serialize` impl, when it is not always needed.
    pub fn serialize_cfg(self) -> Option<String> {
        self.serialize_use().cfg()
    }

    /// `#[cfg(…)]` for a hand-written `Deserialize` impl, when it is not always needed.
    pub fn deserialize_cfg(self) -> Option<String> {
        self.deserialize_use().cfg()
    }
}

/// `#[cfg(…)]` of the features under which the traits a library build leaves out exist.
pub fn gated_cfg() -> String {
    format!("#[cfg({GATE})]")
}

impl Model {
    pub fn as_struct(&self) -> Option<&StructModel> {
        match &self.kind {
            ModelKind::Struct(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_string_enum(&self) -> Option<&StringEnumModel> {
        match &self.kind {
            ModelKind::StringEnum(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_integer_enum(&self) -> Option<&IntegerEnumModel> {
        match &self.kind {
            ModelKind::IntegerEnum(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_tagged_union(&self) -> Option<&TaggedUnionModel> {
        match &self.kind {
            ModelKind::TaggedUnion(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_untagged_union(&self) -> Option<&UntaggedUnionModel> {
        match &self.kind {
            ModelKind::UntaggedUnion(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_tuple(&self) -> Option<&TupleModel> {
        match &self.kind {
            ModelKind::Tuple(model) => Some(model),
            _ => None,
        }
    }

    pub fn as_alias(&self) -> Option<&Ty> {
        match &self.kind {
            ModelKind::Alias(ty) => Some(ty),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub enum ModelKind {
    Struct(StructModel),
    StringEnum(StringEnumModel),
    IntegerEnum(IntegerEnumModel),
    TaggedUnion(TaggedUnionModel),
    UntaggedUnion(UntaggedUnionModel),
    /// A JSON array of fixed positions (3.1 `prefixItems`): a tuple struct.
    Tuple(TupleModel),
    /// `pub type Name = Ty;`: a schema that is another type, or an inline schema of the same
    /// shape as another model (`lower/shared_shapes.rs`).
    Alias(Ty),
}

/// A tuple struct read from and written as a JSON array, element by element.
#[derive(Clone, Debug, PartialEq)]
pub struct TupleModel {
    pub elements: Vec<TupleElement>,
    /// The type of the elements after the tuple's own (`items`); `None` when the array holds no
    /// more (`items: false`, or `maxItems` reached).
    pub rest: Option<Ty>,
}

impl TupleModel {
    /// Whether the array may end before one of the tuple's elements.
    pub fn has_optional(&self) -> bool {
        self.elements.iter().any(|element| element.optional)
    }

    /// How many elements the array must have (`minItems`, within the tuple's own).
    pub fn required_len(&self) -> usize {
        self.elements
            .iter()
            .filter(|element| !element.optional)
            .count()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TupleElement {
    pub ty: Ty,
    /// Beyond `minItems`: the array may end before it (`None`, and the elements after it are
    /// absent too).
    pub optional: bool,
    /// The element may be `null` (`None`, written as `null`).
    pub nullable: bool,
}

impl TupleElement {
    /// The element's Rust type in the tuple struct.
    pub fn rust_type(&self) -> String {
        match self.optional || self.nullable {
            true => format!("Option<{}>", self.ty.local()),
            false => self.ty.local(),
        }
    }
}

impl ModelKind {
    /// Whether `templates/models.rs.askama` marks the type `#[non_exhaustive]`: enums and unions
    /// are (a new value or variant is then not a breaking change), structs are not (callers build
    /// them with struct literals). The surface file records it; a test checks it against the
    /// golden crates' code.
    pub fn is_non_exhaustive(&self) -> bool {
        !matches!(
            self,
            ModelKind::Struct(_) | ModelKind::Tuple(_) | ModelKind::Alias(_)
        )
    }
}

#[derive(Clone, Debug)]
pub struct StructModel {
    pub fields: Vec<Field>,
    /// The `#[serde(flatten)]` map that keeps fields the spec does not describe (`extra`, or
    /// `extra2`… when the spec has a property of that name), so a newer server's fields stay
    /// reachable and survive a round trip. `None` when a flattened union field keeps them.
    pub extra_field: Option<String>,
    pub derive_default: bool,
    /// Present when this struct is the page envelope of a paginated operation.
    pub page: Option<Box<PageImpl>>,
}

impl StructModel {
    /// Whether the struct's `Serialize` and `Deserialize` are written out by the generator
    /// instead of derived: serde's derive for a struct that keeps unknown fields (a flattened
    /// map) expands to several times the code, which dominated large crates' compile time. A
    /// struct with a field read through a module (`with`) or flattened (a union part, whose
    /// variants then keep the unknown fields: the struct has no map of its own) is derived.
    pub fn serde_by_hand(&self) -> bool {
        self.extra_field.is_some()
            && (self.fields.iter())
                .all(|f| !f.serde.timestamp_adapter && !f.serde.flatten && !f.serde.skip)
    }
}

/// How a page envelope exposes its items and what leads to the next page.
#[derive(Clone, Debug)]
pub struct PageImpl {
    pub item: Ty,
    pub items_field: String,
    /// The items property's name in the page's JSON body (for the items as sent).
    pub items_wire: Text,
    /// The items field is an `Option<Vec<_>>` (absent reads as empty).
    pub items_optional: bool,
    pub style: PagingStyle,
    /// The next cursor (`Cursor`) or next page's URL (`NextUrl`): a string.
    pub next: Option<FieldPath>,
    /// Whether more pages follow: a boolean.
    pub has_more: Option<FieldPath>,
    /// The total number of items: an integer.
    pub total: Option<FieldPath>,
    /// `ItemId`: the items' `id` field (a string), and whether it is optional.
    pub item_id: Option<(String, bool)>,
}

/// How an operation asks for the page after the one it has; the parameters are wire names.
#[derive(Clone, Debug, PartialEq)]
pub enum PagingStyle {
    /// A cursor from the response, sent back in `param`.
    Cursor { param: Text },
    /// The last item's id in `after` (or, when the request pages backwards with `before`, the
    /// first item's id in `before`): Stripe's `starting_after` / `ending_before`.
    ItemId { after: Text, before: Option<Text> },
    /// An item offset in `param`, advanced by the number of items received; `size` is a bare
    /// array's page-size parameter (`limit`), if it has one: a page shorter than the size the
    /// request set is the last.
    Offset { param: Text, size: Option<Text> },
    /// A page number in `param`, advanced by one; `first` when the request does not say. With
    /// a `size` parameter, a bare array shorter than the size the request set is the last page.
    PageNumber {
        param: Text,
        size: Option<Text>,
        first: u64,
    },
    /// The next page's URL, in a response field.
    NextUrl,
    /// The next page's URL, in the `Link` response header.
    LinkHeader,
}

/// A field reached from the page envelope through nested structs (`meta.cursor.after`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldPath {
    /// Each step's Rust field name and whether it is an `Option`.
    pub steps: Vec<(String, bool)>,
    /// The wire names, dotted, for docs and reports.
    pub wire: String,
}

#[derive(Clone, Debug)]
pub struct StringEnumModel {
    pub variants: Vec<EnumVariant>,
    /// Some value reads as a JSON number or boolean (`"4.1"`, `"true"`, often YAML's unquoted
    /// `enum: [4.1, true]` on a string): the server may send it unquoted, so the enum also
    /// decodes numbers and booleans, as their text (runtime `enum_text`). Other enums stay
    /// strict, so an untagged union's later arms (`oneOf: [Color, integer]`) still get theirs.
    pub takes_scalars: bool,
}

/// An enum of integers (`1`, `2`, …), with an `Unknown(i64)` fallback.
#[derive(Clone, Debug)]
pub struct IntegerEnumModel {
    /// `(variant name, value)`.
    pub variants: Vec<(String, i64)>,
}

#[derive(Clone, Debug)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: Text,
    pub docs: Docs,
}

/// A union discriminated by a string property (`type`), with an `Unknown` fallback.
#[derive(Clone, Debug)]
pub struct TaggedUnionModel {
    pub tag: Text,
    pub variants: Vec<TaggedVariant>,
}

impl TaggedUnionModel {
    /// The variants grouped by tag value, in order of first appearance: a value with that tag
    /// decodes as the first variant of its group whose struct it fits.
    pub fn tag_groups(&self) -> Vec<TagGroup<'_>> {
        let mut groups: Vec<TagGroup<'_>> = Vec::new();
        for variant in &self.variants {
            match groups.iter_mut().find(|g| g.tag == &variant.tag_value) {
                Some(group) => group.variants.push(variant),
                None => groups.push(TagGroup {
                    tag: &variant.tag_value,
                    variants: vec![variant],
                }),
            }
        }
        groups
    }
}

/// The variants of a tagged union that share one tag value, in declaration order.
pub struct TagGroup<'a> {
    pub tag: &'a Text,
    pub variants: Vec<&'a TaggedVariant>,
}

#[derive(Clone, Debug)]
pub struct TaggedVariant {
    pub rust_name: String,
    pub tag_value: Text,
    /// The struct the variant wraps (a model name).
    pub type_name: String,
    /// That struct's map of undescribed fields, where a tag it does not declare would land.
    pub extra_field: Option<String>,
    /// Where other variants share the tag: `(property, value)` pairs a value of this variant
    /// must not contradict (absent, or equal) before its struct is tried.
    pub pins: Vec<(Text, Text)>,
    pub docs: Docs,
}

/// A union without a discriminator: the first variant that deserialises wins.
#[derive(Clone, Debug)]
pub struct UntaggedUnionModel {
    pub variants: Vec<UntaggedVariant>,
    /// Every arm has a text form (scalars, enums): the union implements `Display` with the
    /// arm's, so it can stand in a path, a query or a header as written.
    pub has_text_form: bool,
}

#[derive(Clone, Debug)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub ty: Ty,
    /// The value is written and read through the runtime's `timestamp` and `timestamp_read`
    /// modules, as a field's (`FieldSerde::timestamp_adapter`).
    pub timestamp_adapter: bool,
}

/// A struct field (model or params struct).
#[derive(Clone, Debug)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: Text,
    pub ty: Ty,
    pub presence: Presence,
    /// Which side of the wire the struct serves (decides `Option<Option<T>>` and whether model
    /// names are qualified).
    pub side: Side,
    pub serde: FieldSerde,
    pub docs: Docs,
    pub deprecated: bool,
}

/// The model `name` stands for: itself, or the model its alias names (an inline schema of the
/// same shape as another model is an alias of it, `lower/shared_shapes.rs`), followed a bounded
/// number of steps so that a cycle ends.
pub fn model_behind<'a>(models: &BTreeMap<&str, &'a Model>, name: &str) -> Option<&'a Model> {
    let mut model = *models.get(name)?;
    for _ in 0..16 {
        match &model.kind {
            ModelKind::Alias(Ty::Named(target)) => model = models.get(target.as_str())?,
            _ => break,
        }
    }
    Some(model)
}
