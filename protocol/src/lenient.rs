//! Small serde field types for JSON that arrives in more shapes than its documentation says
//! (ClassLink's `OrgId` as a string or an array, booleans and numbers as strings, `null`
//! where a string belongs, undocumented extras). Each reads whatever value it is given and
//! never fails, so one odd field cannot fail a whole profile or class page; the model
//! decides what an absent or odd value means.
//!
//! - [`Scalar`]: a string, number or boolean as it came; anything else is absent.
//! - [`OneOrMany`]: a list from an array, a single value, or nothing.
//! - [`MaybeObject`]: a record from an object; any other value is skipped.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    Deserialize, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// A JSON scalar as it arrived. Arrays, objects and `null` read as [`Scalar::Absent`], as
/// does a missing field (with `#[serde(default)]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Scalar {
    /// `null`, an array, an object, or no value at all.
    #[default]
    Absent,
    /// A JSON string.
    String(String),
    /// A whole number from `i64::MIN` to `i64::MAX`.
    Integer(i64),
    /// A whole number above `i64::MAX`.
    Unsigned(u64),
    /// A number with a fraction or an exponent.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Scalar {
    /// Only a JSON string: where a number or a boolean must not pass for text (a token).
    #[inline]
    pub fn string(&self) -> Option<&str> {
        match self {
            Scalar::String(s) => Some(s),
            _ => None,
        }
    }

    /// A whole number, or a string holding one (`"3"`, `" 42 "`).
    #[inline]
    pub fn integer(&self) -> Option<i64> {
        match self {
            Scalar::Integer(n) => Some(*n),
            Scalar::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A non-negative count, e.g. seconds: a whole number, a fraction rounded down, or a
    /// string holding a whole number. Negative, non-finite and non-numeric values are absent.
    #[inline]
    pub fn count(&self) -> Option<u64> {
        match self {
            Scalar::Integer(n) => u64::try_from(*n).ok(),
            Scalar::Unsigned(n) => Some(*n),
            // `as` saturates, and 1e300 seconds is as good as forever.
            Scalar::Float(f) if f.is_finite() && *f >= 0.0 => Some(f.trunc() as u64),
            Scalar::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;

        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;

            #[inline]
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            #[inline]
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            #[inline]
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Integer(v))
            }
            #[inline]
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map_or(Scalar::Unsigned(v), Scalar::Integer))
            }
            #[inline]
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            #[inline]
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::String(v.to_string()))
            }
            #[inline]
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::String(v))
            }
            #[inline]
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Absent)
            }
            #[inline]
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Absent)
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            #[inline]
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Scalar::Absent)
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Scalar::Absent)
            }
        }

        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A list that may arrive as an array, as a single value, or not at all (`null` or a
/// missing field, with `#[serde(default)]`). Each item is read as a `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOrMany<T>(
    /// The items, in order.
    pub Vec<T>,
);

impl<T> Default for OneOrMany<T> {
    #[inline]
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> OneOrManyVisitor<T> {
            #[inline]
            fn one<E: serde::de::Error>(
                d: impl Deserializer<'de, Error = E>,
            ) -> Result<OneOrMany<T>, E> {
                T::deserialize(d).map(|item| OneOrMany(vec![item]))
            }
        }

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            #[inline]
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or an array of values")
            }
            #[inline]
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Self::one(MapAccessDeserializer::new(map))
            }
            #[inline]
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            #[inline]
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                OneOrMany::deserialize(d)
            }
            #[inline]
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            #[inline]
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            #[inline]
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            #[inline]
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
            #[inline]
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Self::one(v.into_deserializer())
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// A record that is only read from a JSON object; any other value (a string, a number,
/// an array, `null`) is skipped as `None`, so one stray entry does not fail its list.
#[derive(Debug, Clone, PartialEq)]
pub struct MaybeObject<T>(
    /// The record, if the value was an object.
    pub Option<T>,
);

impl<T> Default for MaybeObject<T> {
    #[inline]
    fn default() -> Self {
        MaybeObject(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeObject<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MaybeObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for MaybeObjectVisitor<T> {
            type Value = MaybeObject<T>;

            #[inline]
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            #[inline]
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| MaybeObject(Some(t)))
            }
            #[inline]
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| MaybeObject(None))
            }
            #[inline]
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                MaybeObject::deserialize(d)
            }
            #[inline]
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
            #[inline]
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeObject(None))
            }
        }

        deserializer.deserialize_any(MaybeObjectVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug, Default)]
    #[serde(default)]
    struct Sample {
        s: Scalar,
        n: Scalar,
        big: Scalar,
        f: Scalar,
        b: Scalar,
        null: Scalar,
        arr: Scalar,
        obj: Scalar,
        ns: Scalar,
        missing: Scalar,
        list: OneOrMany<Scalar>,
        one: OneOrMany<Scalar>,
        none: OneOrMany<Scalar>,
        records: Vec<MaybeObject<Record>>,
        single_record: OneOrMany<MaybeObject<Record>>,
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Record {
        id: Scalar,
    }

    fn sample() -> Sample {
        serde_json::from_str(
            r#"{"s":"a","n":7,"big":18446744073709551615,"f":-1.5,"b":true,"null":null,
                "arr":[1,[2]],"obj":{"x":{"y":1}},"ns":" 42 ",
                "list":["x",3,null,{"k":1}],"one":"z","none":null,
                "records":[{"id":"r1"},"junk",7,null,[{"id":"r2"}],{"id":5,"extra":[1]}],
                "single_record":{"id":"FY"}}"#,
        )
        .unwrap()
    }

    #[test]
    fn scalars_read_as_they_came_and_the_rest_as_absent() {
        let s = sample();
        assert_eq!(s.s, Scalar::String("a".into()));
        assert_eq!(s.n, Scalar::Integer(7));
        assert_eq!(s.big, Scalar::Unsigned(u64::MAX));
        assert_eq!(s.f, Scalar::Float(-1.5));
        assert_eq!(s.b, Scalar::Bool(true));
        for absent in [&s.null, &s.arr, &s.obj, &s.missing] {
            assert_eq!(absent, &Scalar::Absent);
        }
        assert_eq!(s.s.string(), Some("a"));
        assert_eq!(s.n.string(), None);
        assert_eq!(s.b.string(), None);
        assert_eq!(s.n.integer(), Some(7));
        assert_eq!(s.ns.integer(), Some(42));
        assert_eq!(s.s.integer(), None);
        assert_eq!(s.f.integer(), None);
    }

    #[test]
    fn counts_are_whole_and_never_negative() {
        let count = |json: &str| serde_json::from_str::<Scalar>(json).unwrap().count();
        assert_eq!(count("3600"), Some(3600));
        assert_eq!(count("3600.9"), Some(3600));
        assert_eq!(count("3.6e3"), Some(3600));
        assert_eq!(count("\" 60 \""), Some(60));
        assert_eq!(count("18446744073709551615"), Some(u64::MAX));
        for none in [
            "-5", "-0.5", "\"-1\"", "\"1.5\"", "true", "null", "[]", "{}",
        ] {
            assert_eq!(count(none), None, "{none}");
        }
    }

    #[test]
    fn lists_come_from_arrays_single_values_or_nothing() {
        let s = sample();
        assert_eq!(
            s.list.0,
            vec![
                Scalar::String("x".into()),
                Scalar::Integer(3),
                Scalar::Absent,
                Scalar::Absent
            ]
        );
        assert_eq!(s.one.0, vec![Scalar::String("z".into())]);
        assert!(s.none.0.is_empty());
        assert_eq!(
            s.single_record.0,
            vec![MaybeObject(Some(Record {
                id: Scalar::String("FY".into())
            }))]
        );
    }

    #[test]
    fn records_are_read_from_objects_and_anything_else_is_skipped() {
        let ids: Vec<Option<Scalar>> = sample()
            .records
            .into_iter()
            .map(|r| r.0.map(|r| r.id))
            .collect();
        assert_eq!(
            ids,
            vec![
                Some(Scalar::String("r1".into())),
                None,
                None,
                None,
                None,
                Some(Scalar::Integer(5)),
            ]
        );
    }
}
