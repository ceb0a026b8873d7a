//! Query strings and urlencoded forms, read the way RFC 6749 §3.1 asks: a parameter sent
//! without a value counts as omitted, and none may be sent twice.

use axum::http::{header, HeaderMap};

/// The decoded `name=value` pairs of a query string or form body, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(Vec<(String, String)>);

/// A parameter that appeared more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repeated(pub String);

impl Params {
    pub fn parse(input: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(input)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Parses the query of a request URI (none: no parameters).
    pub fn from_query(query: Option<&str>) -> Params {
        Params::parse(query.unwrap_or("").as_bytes())
    }

    /// The one value of `name`: `Ok(None)` when absent or empty, `Err` when repeated.
    pub fn single(&self, name: &str) -> Result<Option<&str>, Repeated> {
        let mut found = self.0.iter().filter(|(k, _)| k == name);
        let first = found.next();
        if found.next().is_some() {
            return Err(Repeated(name.to_string()));
        }
        Ok(first.map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()))
    }

    /// The value of `name` if it appears exactly once with a value; `None` otherwise.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.single(name).ok().flatten()
    }

    /// Whether `name` appears at all, even empty.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The first parameter name that appears more than once.
    pub fn first_repeated(&self) -> Option<&str> {
        self.0
            .iter()
            .enumerate()
            .find(|(i, (name, _))| self.0[..*i].iter().any(|(k, _)| k == name))
            .map(|(_, (name, _))| name.as_str())
    }
}

/// Whether the request body is declared `application/x-www-form-urlencoded` (parameters such
/// as `charset` allowed, media type case-insensitive).
pub(crate) fn is_form_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_counts_as_absent_and_repeats_are_caught() {
        let p = Params::parse(b"a=1&b=&c=x%20y&a=2");
        assert_eq!(p.single("a"), Err(Repeated("a".into())));
        assert_eq!(p.single("b"), Ok(None));
        assert!(p.contains("b"));
        assert_eq!(p.get("c"), Some("x y"));
        assert_eq!(p.get("zzz"), None);
        assert_eq!(p.first_repeated(), Some("a"));
        assert_eq!(Params::parse(b"a=1&b=2").first_repeated(), None);
    }

    #[test]
    fn content_type_check() {
        let mut h = HeaderMap::new();
        assert!(!is_form_urlencoded(&h));
        h.insert(
            header::CONTENT_TYPE,
            "Application/X-WWW-Form-Urlencoded; charset=UTF-8"
                .parse()
                .expect("header"),
        );
        assert!(is_form_urlencoded(&h));
        h.insert(
            header::CONTENT_TYPE,
            "application/json".parse().expect("header"),
        );
        assert!(!is_form_urlencoded(&h));
    }
}
