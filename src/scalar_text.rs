//! A lenient JSON scalar (`oauth_public_client::lenient::Scalar`) as the text the page shows.
//! A number with a fraction or an exponent is written out in the browser by JavaScript's
//! `Number.prototype.toString`: Rust's float formatting would be the only user of its
//! ~11 KB of wasm (a fraction in a name or a room number is rare, and only ever shown).
//! Natively (tests), Rust's. Both give the shortest text that reads back as the same number.

use oauth_public_client::lenient::Scalar;

/// The value as text: strings as they are, numbers and booleans written out; `None` when
/// absent.
pub fn scalar_text(value: &Scalar) -> Option<String> {
    match value {
        Scalar::Absent => None,
        Scalar::String(s) => Some(s.clone()),
        Scalar::Integer(n) => Some(n.to_string()),
        Scalar::Unsigned(n) => Some(n.to_string()),
        Scalar::Float(f) => Some(float_text(*f)),
        Scalar::Bool(b) => Some(b.to_string()),
    }
}

fn float_text(value: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    return value.to_string();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scalar_is_written_as_it_came() {
        let text = |json: &str| scalar_text(&serde_json::from_str::<Scalar>(json).unwrap());
        assert_eq!(text(r#""a""#).as_deref(), Some("a"));
        assert_eq!(text("7").as_deref(), Some("7"));
        assert_eq!(
            text("18446744073709551615").as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(text("-1.5").as_deref(), Some("-1.5"));
        assert_eq!(text("true").as_deref(), Some("true"));
        for absent in ["null", "[1,[2]]", r#"{"x":{"y":1}}"#] {
            assert_eq!(text(absent), None, "{absent}");
        }
    }
}
