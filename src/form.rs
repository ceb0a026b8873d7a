//! `application/x-www-form-urlencoded`: the WHATWG parser and serializer, for every query and
//! form body (never string concatenation), and the app's implementation of the protocol's
//! form port ([`PlatformForm`]). In the browser they are the platform's own
//! `URLSearchParams`, so the app does not ship a second copy of them (about 2.6 KB of wasm);
//! natively (tests) they are the protocol crate's `StandardForm`, servo's `form_urlencoded`,
//! which implements the same standard. `tests/browser_form.rs` checks both agree on awkward
//! input.

use oauth_public_client::form::FormCodec;

/// The form encoding the protocol uses in this app: [`parse`] and [`serialize`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PlatformForm;

impl FormCodec for PlatformForm {
    fn parse(&self, input: &str) -> Vec<(String, String)> {
        parse(input)
    }

    fn serialize<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        serialize(pairs)
    }
}

/// The name/value pairs of `input` (a query without its `?`, or a form body), in order.
pub fn parse(input: &str) -> Vec<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    return platform::parse(input);
    #[cfg(not(target_arch = "wasm32"))]
    return oauth_public_client::form::StandardForm.parse(input);
}

/// `pairs` serialized, in order, without a leading `?`.
pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    #[cfg(target_arch = "wasm32")]
    return platform::serialize(pairs);
    #[cfg(not(target_arch = "wasm32"))]
    return oauth_public_client::form::StandardForm.serialize(pairs);
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
}
