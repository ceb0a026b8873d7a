//! Lenient readers for ClassLink's JSON: a field of the wrong type, `null` or missing reads
//! as empty instead of failing the whole response, because real traffic has string
//! booleans, `OrgId` as a string or an array, and undocumented extras.
//!
//! Every display string is cleaned by [`displayable`]: bidirectional overrides and control
//! characters removed, clipped to [`DISPLAY_LIMIT`] characters (a 100 KB name must not
//! become a 100 KB DOM node).

use crate::auth::oauth_error::displayable;
pub use crate::json::Object;
use crate::json::Value;

/// Longest string kept for display, in characters.
pub const DISPLAY_LIMIT: usize = 200;

/// A scalar as text: strings as they are, numbers and booleans written out.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A display string; empty when absent or not a scalar.
pub fn text(object: &Object, key: &str) -> String {
    object
        .get(key)
        .and_then(scalar_text)
        .map(|s| displayable(&s, DISPLAY_LIMIT))
        .unwrap_or_default()
}

/// An identifier, trimmed but otherwise exact (it goes into URLs and keys, never the page
/// without escaping).
pub fn identifier(object: &Object, key: &str) -> String {
    object
        .get(key)
        .and_then(scalar_text)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// A list of display strings from an array, a single scalar, or nothing; empty items dropped.
pub fn text_list(object: &Object, key: &str) -> Vec<String> {
    let items: Vec<String> = match object.get(key) {
        Some(Value::Array(values)) => values.iter().filter_map(scalar_text).collect(),
        Some(value) => scalar_text(value).into_iter().collect(),
        None => Vec::new(),
    };
    items
        .iter()
        .map(|s| displayable(s, DISPLAY_LIMIT))
        .filter(|s| !s.is_empty())
        .collect()
}

/// An integer from a number or a numeric string.
pub fn integer(object: &Object, key: &str) -> Option<i64> {
    match object.get(key)? {
        Value::Number(n) => n.parse().ok(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean from `true`/`false` or their string forms.
pub fn boolean(object: &Object, key: &str) -> Option<bool> {
    match object.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The `sourcedId` of OneRoster references (`{"href":…,"sourcedId":…,"type":…}`), one or many.
/// `href` is never followed: it points at other hosts.
pub fn reference_ids(object: &Object, key: &str) -> Vec<String> {
    let id_of = |v: &Value| {
        v.as_object()
            .map(|o| identifier(o, "sourcedId"))
            .filter(|id| !id.is_empty())
    };
    match object.get(key) {
        Some(Value::Array(values)) => values.iter().filter_map(id_of).collect(),
        Some(value) => id_of(value).into_iter().collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(json: &str) -> Object {
        crate::json::parse(json)
            .unwrap()
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn reads_whatever_shape_arrives() {
        let o = object(
            r#"{"s":"a","n":7,"b":true,"null":null,"arr":["x","","y",3,null],"one":"z","sb":"TRUE","ns":" 42 ",
                "ref":{"sourcedId":"7"},"refs":[{"sourcedId":"FY"},{"href":"h"},"junk"]}"#,
        );
        assert_eq!(text(&o, "s"), "a");
        assert_eq!(text(&o, "n"), "7");
        assert_eq!(text(&o, "b"), "true");
        assert_eq!(text(&o, "null"), "");
        assert_eq!(text(&o, "missing"), "");
        assert_eq!(text(&o, "arr"), "");
        assert_eq!(text_list(&o, "arr"), vec!["x", "y", "3"]);
        assert_eq!(text_list(&o, "one"), vec!["z"]);
        assert_eq!(text_list(&o, "null"), Vec::<String>::new());
        assert_eq!(integer(&o, "n"), Some(7));
        assert_eq!(integer(&o, "ns"), Some(42));
        assert_eq!(integer(&o, "s"), None);
        assert_eq!(boolean(&o, "b"), Some(true));
        assert_eq!(boolean(&o, "sb"), Some(true));
        assert_eq!(boolean(&o, "s"), None);
        assert_eq!(reference_ids(&o, "ref"), vec!["7"]);
        assert_eq!(reference_ids(&o, "refs"), vec!["FY"]);
    }

    #[test]
    fn display_text_is_clipped_and_cleaned() {
        let long = format!(r#"{{"t":"{}","rtl":"abc\u202Edef"}}"#, "é".repeat(100_000));
        let o = object(&long);
        assert_eq!(text(&o, "t").chars().count(), DISPLAY_LIMIT + 1);
        assert_eq!(text(&o, "rtl"), "abcdef");
    }
}
