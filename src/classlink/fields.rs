//! ClassLink's JSON fields made fit for the page. The documents are read leniently
//! (`oauth_public_client::lenient`: a field of the wrong type, `null` or missing is absent, never a
//! failure, because real traffic has string booleans, `OrgId` as a string or an array, and
//! undocumented extras); these helpers turn what was read into the strings the app shows
//! or uses.
//!
//! Every display string is cleaned by [`displayable`]: bidirectional overrides and control
//! characters removed, clipped to [`DISPLAY_LIMIT`] characters (a 100 KB name must not
//! become a 100 KB DOM node).

use oauth_public_client::lenient::{MaybeObject, OneOrMany, Scalar};
use oauth_public_client::text::displayable;
use serde::Deserialize;

use crate::scalar_text::scalar_text;

/// Longest string kept for display, in characters.
pub const DISPLAY_LIMIT: usize = 200;

/// A display string; empty when absent or not a scalar.
pub fn text(value: &Scalar) -> String {
    scalar_text(value)
        .map(|s| displayable(&s, DISPLAY_LIMIT))
        .unwrap_or_default()
}

/// An identifier, trimmed but otherwise exact (it goes into URLs and keys, never the page
/// without escaping).
pub fn identifier(value: &Scalar) -> String {
    scalar_text(value)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Display strings from an array, a single scalar, or nothing; empty items dropped.
pub fn text_list(values: &OneOrMany<Scalar>) -> Vec<String> {
    values
        .0
        .iter()
        .map(text)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A OneRoster reference (`{"href":…,"sourcedId":…,"type":…}`). `href` is never read, let
/// alone followed: it points at other hosts.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Reference {
    #[serde(rename = "sourcedId")]
    pub sourced_id: Scalar,
}

/// The `sourcedId`s of one or many references; entries without one are dropped.
pub fn reference_ids(references: &OneOrMany<MaybeObject<Reference>>) -> Vec<String> {
    references
        .0
        .iter()
        .filter_map(|r| r.0.as_ref())
        .map(|r| identifier(&r.sourced_id))
        .filter(|id| !id.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Sample {
        s: Scalar,
        n: Scalar,
        b: Scalar,
        null: Scalar,
        missing: Scalar,
        arr: Scalar,
        ns: Scalar,
        t: Scalar,
        rtl: Scalar,
        list: OneOrMany<Scalar>,
        one: OneOrMany<Scalar>,
        none: OneOrMany<Scalar>,
        #[serde(rename = "ref")]
        reference: OneOrMany<MaybeObject<Reference>>,
        refs: OneOrMany<MaybeObject<Reference>>,
    }

    fn sample(json: &str) -> Sample {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_whatever_shape_arrives() {
        let o = sample(
            r#"{"s":"a","n":7,"b":true,"null":null,"arr":["x","","y",3,null],"list":["x","","y",3,null],
                "one":"z","none":null,"ns":" 42 ",
                "ref":{"sourcedId":"7"},"refs":[{"sourcedId":"FY"},{"href":"h"},"junk"]}"#,
        );
        assert_eq!(text(&o.s), "a");
        assert_eq!(text(&o.n), "7");
        assert_eq!(text(&o.b), "true");
        assert_eq!(text(&o.null), "");
        assert_eq!(text(&o.missing), "");
        assert_eq!(text(&o.arr), "");
        assert_eq!(identifier(&o.ns), "42");
        assert_eq!(text_list(&o.list), vec!["x", "y", "3"]);
        assert_eq!(text_list(&o.one), vec!["z"]);
        assert_eq!(text_list(&o.none), Vec::<String>::new());
        assert_eq!(o.n.integer(), Some(7));
        assert_eq!(o.ns.integer(), Some(42));
        assert_eq!(o.s.integer(), None);
        assert_eq!(reference_ids(&o.reference), vec!["7"]);
        assert_eq!(reference_ids(&o.refs), vec!["FY"]);
    }

    #[test]
    fn display_text_is_clipped_and_cleaned() {
        let long = format!(r#"{{"t":"{}","rtl":"abc\u202Edef"}}"#, "é".repeat(100_000));
        let o = sample(&long);
        assert_eq!(text(&o.t).chars().count(), DISPLAY_LIMIT + 1);
        assert_eq!(text(&o.rtl), "abcdef");
    }
}
