//! `application/x-www-form-urlencoded`: the WHATWG parser and serializer, for every query and
//! form body (never string concatenation). In the browser they are the platform's own
//! `URLSearchParams`, so the app does not ship a second copy of them (about 2.6 KB of wasm);
//! natively (tests) they are servo's `form_urlencoded`, which implements the same standard.
//! `tests/browser_form.rs` checks both agree on awkward input.

/// The name/value pairs of `input` (a query without its `?`, or a form body), in order.
pub fn parse(input: &str) -> Vec<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    return platform::parse(input);
    #[cfg(not(target_arch = "wasm32"))]
    return form_urlencoded::parse(input.as_bytes())
        .into_owned()
        .collect();
}

/// `pairs` serialized, in order, without a leading `?`.
pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    #[cfg(target_arch = "wasm32")]
    return platform::serialize(pairs);
    #[cfg(not(target_arch = "wasm32"))]
    return form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use wasm_bindgen::JsCast;
    use web_sys::UrlSearchParams;

    pub fn parse(input: &str) -> Vec<(String, String)> {
        // URLSearchParams drops one leading `?`; form_urlencoded keeps it as part of the
        // first name. One added `?` makes both read `input` the same way.
        let Ok(params) = UrlSearchParams::new_with_str(&format!("?{input}")) else {
            return Vec::new();
        };
        params
            .entries()
            .into_iter()
            .filter_map(|entry| {
                let entry: js_sys::Array = entry.ok()?.unchecked_into();
                Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
            })
            .collect()
    }

    pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let Ok(params) = UrlSearchParams::new() else {
            return String::new();
        };
        for (name, value) in pairs {
            params.append(name, value);
        }
        params.to_string().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_through_the_standard_encoding() {
        let pairs = [("a b", "c&d=e"), ("ü", "+%"), ("", ""), ("x", "")];
        let encoded = serialize(pairs);
        assert_eq!(encoded, "a+b=c%26d%3De&%C3%BC=%2B%25&=&x=");
        let decoded = parse(&encoded);
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(decoded, expected);
    }

    /// The expectations `tests/browser_form.rs` holds the browser to, checked against
    /// servo's implementation here, so they are the standard's answers.
    #[test]
    fn the_browser_tests_expectations_are_servos() {
        assert_eq!(parse("x=%FF"), vec![("x".into(), "\u{FFFD}".into())]);
        assert_eq!(parse("x=%zz%4"), vec![("x".into(), "%zz%4".into())]);
        assert_eq!(parse("&&a=1&&"), vec![("a".into(), "1".into())]);
        assert_eq!(
            parse("code=abc&state=s%20t#frag"),
            vec![
                ("code".into(), "abc".into()),
                ("state".into(), "s t#frag".into())
            ]
        );
        assert_eq!(serialize([("*-._", "~!'()")]), "*-._=%7E%21%27%28%29");
        assert_eq!(
            serialize([("redirect_uri", "https://d.example/portal/?a=b")]),
            "redirect_uri=https%3A%2F%2Fd.example%2Fportal%2F%3Fa%3Db"
        );
    }

    #[test]
    fn a_leading_question_mark_is_part_of_the_first_name() {
        assert_eq!(
            parse("?a=1&b"),
            vec![("?a".into(), "1".into()), ("b".into(), String::new())]
        );
    }
}
