//! `application/x-www-form-urlencoded` (the WHATWG URL standard's encoding), for every query
//! and form body the protocol writes or reads: never string concatenation.
//!
//! The encoding is a port, [`FormCodec`]: a browser already carries it (`URLSearchParams`),
//! and a WebAssembly page that used it would not ship a second copy. Elsewhere
//! [`StandardForm`] (the default `form_urlencoded` feature, servo's implementation of the
//! same standard) does the job.

/// The WHATWG form encoding (port).
pub trait FormCodec {
    /// The name/value pairs of `input` (a query without its `?`, or a form body), in order,
    /// decoded.
    fn parse(&self, input: &str) -> Vec<(String, String)>;

    /// `pairs` encoded, in order, joined by `&`, without a leading `?`.
    fn serialize<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String;
}

/// The standard's encoding by servo's `form_urlencoded` crate.
#[cfg(feature = "form_urlencoded")]
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardForm;

#[cfg(feature = "form_urlencoded")]
impl FormCodec for StandardForm {
    #[inline]
    fn parse(&self, input: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(input.as_bytes())
            .into_owned()
            .collect()
    }

    #[inline]
    fn serialize<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_through_the_standard_encoding() {
        let pairs = [("a b", "c&d=e"), ("ü", "+%"), ("", ""), ("x", "")];
        let encoded = StandardForm.serialize(pairs);
        assert_eq!(encoded, "a+b=c%26d%3De&%C3%BC=%2B%25&=&x=");
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(StandardForm.parse(&encoded), expected);
    }

    #[test]
    fn a_leading_question_mark_is_part_of_the_first_name() {
        assert_eq!(
            StandardForm.parse("?a=1&b"),
            vec![("?a".into(), "1".into()), ("b".into(), String::new())]
        );
    }
}
