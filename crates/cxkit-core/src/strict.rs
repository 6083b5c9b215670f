//! One grammar for flat input objects (events of every stream): JSON objects
//! only, every key at most once, and only the keys the object's `type`
//! allows — an unknown or misplaced key is an error that lists the accepted
//! ones (`unknown field `stauts`, expected one of `type`, `agent`, …`).
//!
//! serde's derived internally tagged enums buffer every object into an
//! intermediate tree before they know the variant (slow, and the tree loses
//! the path of an error); the stream decoders instead read the object's
//! members once into a flat set of optional slots through
//! [`next_field`], then check the set against the type's key list with
//! [`check_keys`]. Because they are plain map visitors, a wrapper such as
//! `serde_path_to_error` sees each key and reports the path of a bad value.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// A member key of a flat object: the index of one of the known names, or
/// a key outside them (kept for the error message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// `names[i]`.
    Known(usize),
    /// Not one of the names.
    Unknown(String),
}

/// Reads a key against a list of known names (no allocation for a known key).
#[derive(Debug, Clone, Copy)]
pub struct KeySeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|n| *n == v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_owned()),
        })
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// The members of one flat object as read so far: which known keys were
/// seen (a bit per name) and the first unknown key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    bits: u64,
    unknown: Option<String>,
}

impl Seen {
    /// Whether `names[i]` was seen.
    pub fn has(&self, i: usize) -> bool {
        self.bits & (1 << i) != 0
    }
}

/// Reads the next member of a flat object: `Ok(Some(i))` when it is the
/// known key `names[i]`, whose value the caller must read next (with
/// `map.next_value()`); an unknown key's value is skipped and remembered for
/// [`check_keys`]; a key seen twice is serde's "duplicate field" error.
/// `Ok(None)` at the end of the object. At most 64 names.
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    names: &'static [&'static str],
    seen: &mut Seen,
) -> Result<Option<usize>, A::Error> {
    loop {
        match map.next_key_seed(KeySeed(names))? {
            None => return Ok(None),
            Some(Key::Known(i)) => {
                if seen.has(i) {
                    return Err(de::Error::duplicate_field(names[i]));
                }
                seen.bits |= 1 << i;
                return Ok(Some(i));
            }
            Some(Key::Unknown(k)) => {
                if seen.unknown.as_ref() == Some(&k) {
                    return Err(de::Error::custom(format_args!("duplicate field `{k}`")));
                }
                map.next_value::<IgnoredAny>()?;
                if seen.unknown.is_none() {
                    seen.unknown = Some(k);
                }
            }
        }
    }
}

/// Checks the keys read against the ones the object's type allows: the
/// first key outside `allowed` (unknown, or known but not for this type) is
/// serde's "unknown field …, expected one of …" error naming `allowed`.
pub fn check_keys<E: de::Error>(
    names: &'static [&'static str],
    seen: &Seen,
    allowed: &'static [&'static str],
) -> Result<(), E> {
    if let Some(k) = &seen.unknown {
        return Err(E::unknown_field(k, allowed));
    }
    for (i, n) in names.iter().enumerate() {
        if seen.has(i) && !allowed.contains(n) {
            return Err(E::unknown_field(n, allowed));
        }
    }
    Ok(())
}

/// The slots of a flat object type: how to read the member `NAMES[i]`, and
/// which keys the object accepts once every member is read (by its `type`).
/// [`deserialize_flat`] does the rest: objects only, each key once, only
/// the accepted keys.
pub trait Flat<'de>: Default {
    /// Every key an object of this kind may have.
    const NAMES: &'static [&'static str];
    /// What the decoder expects, for serde's "invalid type" message.
    const EXPECTING: &'static str;
    /// Reads the value of member `NAMES[i]` (the next value of `map`).
    fn read<A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error>;
    /// The keys this object accepts; an error (such as a missing `type`)
    /// when that cannot be known.
    fn allowed<E: de::Error>(&self) -> Result<&'static [&'static str], E>;
}

/// Reads a [`Flat`] object from any deserializer.
pub fn deserialize_flat<'de, D: de::Deserializer<'de>, F: Flat<'de>>(d: D) -> Result<F, D::Error> {
    struct FlatVisitor<F>(std::marker::PhantomData<F>);
    impl<'de, F: Flat<'de>> Visitor<'de> for FlatVisitor<F> {
        type Value = F;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(F::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
            let mut f = F::default();
            let mut seen = Seen::default();
            while let Some(i) = next_field(&mut map, F::NAMES, &mut seen)? {
                f.read(i, &mut map)?;
            }
            let allowed = f.allowed()?;
            check_keys(F::NAMES, &seen, allowed)?;
            Ok(f)
        }
    }
    d.deserialize_map(FlatVisitor(std::marker::PhantomData))
}

/// A required member: its value, or serde's "missing field" error.
pub fn need<T, E: de::Error>(v: Option<T>, field: &'static str) -> Result<T, E> {
    v.ok_or_else(|| E::missing_field(field))
}

/// A `Timestamp` read through `time::serde_fast` (canonical fast path,
/// supported-range check), for `map.next_value::<FastTimestamp>()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FastTimestamp(pub crate::Timestamp);

impl<'de> de::Deserialize<'de> for FastTimestamp {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::time::serde_fast::timestamp(d).map(FastTimestamp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["type", "a", "b"];

    #[derive(Debug, PartialEq)]
    struct Obj {
        a: Option<u32>,
        b: Option<u32>,
    }

    impl<'de> de::Deserialize<'de> for Obj {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Obj;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj, A::Error> {
                    let mut seen = Seen::default();
                    let mut o = Obj { a: None, b: None };
                    while let Some(i) = next_field(&mut map, NAMES, &mut seen)? {
                        match i {
                            1 => o.a = Some(map.next_value()?),
                            2 => o.b = Some(map.next_value()?),
                            _ => {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                    check_keys(NAMES, &seen, &["type", "a"])?;
                    Ok(o)
                }
            }
            d.deserialize_map(V)
        }
    }

    fn read(s: &str) -> Result<Obj, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    #[test]
    fn objects_only_each_key_once_and_only_allowed_keys() {
        assert_eq!(read(r#"{"a": 1}"#), Ok(Obj { a: Some(1), b: None }));
        assert!(read(r#"{"a": 1, "a": 2}"#).unwrap_err().contains("duplicate field `a`"));
        assert!(read(r#"{"x": 1, "x": 2}"#).unwrap_err().contains("duplicate field `x`"));
        let e = read(r#"{"a": 1, "zz": [[1]]}"#).unwrap_err();
        assert!(e.contains("unknown field `zz`, expected `type` or `a`"), "{e}");
        let e = read(r#"{"b": 1}"#).unwrap_err();
        assert!(e.contains("unknown field `b`"), "{e}");
        assert!(read("[1]").unwrap_err().contains("invalid type: sequence"));
    }
}
