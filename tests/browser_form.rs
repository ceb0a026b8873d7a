//! In the browser, src/form.rs is the platform's URLSearchParams; natively it is servo's
//! form_urlencoded. Both implement the WHATWG standard: this checks the browser's answers
//! against the ones servo's gives (written out here from a native run), on awkward input.
#![cfg(target_arch = "wasm32")]

use classlink_portal::form;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[wasm_bindgen_test]
fn parsing_matches_the_standard() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("", &[]),
        ("a=1&b=2", &[("a", "1"), ("b", "2")]),
        ("?a=1", &[("?a", "1")]),
        ("a=1&a=2", &[("a", "1"), ("a", "2")]),
        ("a", &[("a", "")]),
        ("=x", &[("", "x")]),
        ("&&a=1&&", &[("a", "1")]),
        ("a=b=c", &[("a", "b=c")]),
        ("a+b=c+d", &[("a b", "c d")]),
        ("%2B=%26%3D", &[("+", "&=")]),
        ("x=%C3%BC%E2%82%AC", &[("x", "ü€")]),
        ("x=%FF", &[("x", "\u{FFFD}")]),
        ("x=%zz%4", &[("x", "%zz%4")]),
        (
            "code=abc&state=s%20t#frag",
            &[("code", "abc"), ("state", "s t#frag")],
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(form::parse(input), owned(expected), "{input:?}");
    }
}

#[wasm_bindgen_test]
fn serializing_matches_the_standard() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[], ""),
        (&[("a", "1")], "a=1"),
        (&[("a b", "c&d=e")], "a+b=c%26d%3De"),
        (&[("ü", "+%")], "%C3%BC=%2B%25"),
        (&[("*-._", "~!'()")], "*-._=%7E%21%27%28%29"),
        (
            &[("redirect_uri", "https://d.example/portal/?a=b")],
            "redirect_uri=https%3A%2F%2Fd.example%2Fportal%2F%3Fa%3Db",
        ),
        (&[("", ""), ("x", "")], "=&x="),
    ];
    for (pairs, expected) in cases {
        assert_eq!(
            form::serialize(pairs.iter().copied()),
            *expected,
            "{pairs:?}"
        );
    }
}
