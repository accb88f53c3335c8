//! Reading a model struct from a JSON object, the shared half of the `Deserialize` impls the
//! generator writes for structs instead of serde's derive. The derive expands a key type, a key
//! visitor of sixteen methods and a buffer of unknown keys into every struct that keeps unknown
//! fields (`#[serde(flatten)]`), which made such code most of a large crate's compile time;
//! here one key visitor serves every struct, each struct gives it a plain function from wire
//! name to position, and unknown values go straight into the struct's map. Behaviour is the
//! derive's: a duplicate key or a missing required field is an error naming the field, and an
//! absent `Option` is `None`.

/// A key of the object being read.
pub(crate) enum Key {
    /// The position of a declared field's wire name in the struct's list of them.
    Field(usize),
    /// A key the API description does not declare.
    Other(String),
}

/// Reads one key, looking it up with the struct's function from wire name to position.
pub(crate) struct KeySeed(pub(crate) fn(&str) -> Option<usize>);
impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok((self.0)(name).map_or_else(|| Key::Other(name.to_owned()), Key::Field))
    }

    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Key, E> {
        Ok((self.0)(&name).map_or(Key::Other(name), Key::Field))
    }
}

/// Reads a declared field's value into its slot; a second occurrence is an error, as with
/// serde's derive. A call per field, rather than the same lines in every arm of every struct's
/// `visit_map`, is cheaper to type-check; always inlined, so that the decoding itself is as
/// before (the generator's bench/README.md, "Changes of 2026-12-05").
#[inline(always)]
pub(crate) fn field<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of a key the API description does not declare into the struct's map of
/// them.
#[inline(always)]
pub(crate) fn unknown<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    extra: &mut serde_json::Map<String, serde_json::Value>,
    name: String,
) -> Result<(), A::Error> {
    extra.insert(name, map.next_value()?);
    Ok(())
}
