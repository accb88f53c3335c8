//! Reading a model struct from a JSON object, the shared half of the `Deserialize` impls the
//! generator writes for structs instead of serde's derive. The derive expands a key type, a key
//! visitor of sixteen methods and a buffer of unknown keys into every struct that keeps unknown
//! fields (`#[serde(flatten)]`), which made such code most of a large crate's compile time; here
//! the keys are looked up in one non-generic function and unknown values go straight into the
//! struct's map. Behaviour is the derive's: a duplicate key or a missing required field is an
//! error naming the field, and an absent `Option` is `None`.

/// A key of the object being read.
pub(crate) enum Key {
    /// The position of a declared field's wire name in the struct's list of them.
    Field(usize),
    /// A key the API description does not declare.
    Other(String),
}

/// Reads one key, looking it up among a struct's declared wire names.
pub(crate) struct KeySeed(pub(crate) &'static [&'static str]);
impl KeySeed {
    fn key(&self, name: &str) -> Option<Key> {
        (self.0.iter()).position(|field| *field == name).map(Key::Field)
    }
}

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
        Ok(self.key(name).unwrap_or_else(|| Key::Other(name.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Key, E> {
        Ok(self.key(&name).unwrap_or(Key::Other(name)))
    }
}
