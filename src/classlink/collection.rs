//! A OneRoster collection body in either shape it may come in: wrapped in an object under
//! the collection's name (`{"classes": […]}`, what OneRoster and ClassLink's libraries show)
//! or a bare array (`[…]`: ClassLink's nodeapi `my/…` routes have no published sample, so
//! the app accepts both). Anything else is a [`BodyError`].
//!
//! Read with a hand-written visitor rather than `#[serde(untagged)]`: an untagged enum
//! buffers the whole document before trying each shape, and its code would be the only
//! user of serde's buffering in the wasm.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;

use super::body_error::BodyError;

/// Reads `body` as `{"<key>": [T, …]}` (other keys ignored) or as `[T, …]`. Text that is
/// not JSON is [`BodyError::NotJson`]; JSON of another shape (an object without `key`,
/// `key` not an array, a string, `null`) is [`BodyError::UnexpectedShape`].
pub fn read_collection<T>(body: &str, key: &'static str) -> Result<Vec<T>, BodyError>
where
    T: for<'de> Deserialize<'de>,
{
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let items = Collection {
        key,
        item: PhantomData,
    }
    .deserialize(&mut deserializer)
    .and_then(|items| deserializer.end().map(|()| items));
    match items {
        Ok(items) => Ok(items),
        Err(e) if e.is_data() => Err(BodyError::unexpected(body)),
        Err(_) => Err(BodyError::not_json(body)),
    }
}

/// The visitor: an array is the collection; an object must hold it under `key`.
struct Collection<T> {
    key: &'static str,
    item: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Collection<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Collection<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array, or an object with a `{}` array", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(name) = map.next_key::<String>()? {
            if name != self.key {
                map.next_value::<IgnoredAny>()?;
            } else if items.is_some() {
                // As serde's derive does: two lists under one name are not one list.
                return Err(A::Error::duplicate_field(self.key));
            } else {
                items = Some(map.next_value::<Vec<T>>()?);
            }
        }
        items.ok_or_else(|| A::Error::missing_field(self.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Result<Vec<u8>, BodyError> {
        read_collection(body, "things")
    }

    #[test]
    fn reads_the_wrapped_and_the_bare_shape() {
        assert_eq!(
            read(r#"{"things":[1,2],"other":{"x":[3]}}"#),
            Ok(vec![1, 2])
        );
        assert_eq!(read(r#"{"before":1,"things":[]}"#), Ok(vec![]));
        assert_eq!(read(" [1, 2, 3] "), Ok(vec![1, 2, 3]));
        assert_eq!(read("[]"), Ok(vec![]));
    }

    #[test]
    fn any_other_shape_is_an_unexpected_shape() {
        for body in [
            r#"{"thing":[1]}"#,
            r#"{"things":{}}"#,
            r#"{"things":null}"#,
            r#"{"things":[1],"things":[2]}"#,
            "{}",
            r#""things""#,
            "null",
            "7",
            r#"["x"]"#,
        ] {
            assert!(
                matches!(read(body), Err(BodyError::UnexpectedShape { .. })),
                "{body}: {:?}",
                read(body)
            );
        }
    }

    #[test]
    fn text_that_is_not_json_is_not_json() {
        for body in ["", "<html>", r#"{"things":["#, "[1,2", "[1] [2]", "[1] x"] {
            assert!(
                matches!(read(body), Err(BodyError::NotJson { .. })),
                "{body}: {:?}",
                read(body)
            );
        }
    }
}
