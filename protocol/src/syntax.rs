//! Character classes of the OAuth 2.0 grammar (RFC 6749 Appendix A) that more than one value
//! is made of.

/// Whether `text` is one or more `NQCHAR`s (`%x21 / %x23-5B / %x5D-7E`: visible ASCII but `"`
/// and `\`, no space): a scope token (RFC 6749 §3.3) and a DPoP nonce (RFC 9449 §8.1) are.
/// Such text goes into a JSON string and a header as it is.
#[inline]
pub fn is_nqchars(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nqchars_are_visible_ascii_but_quote_and_backslash() {
        for good in ["openid", "a!#$%&'()*+,-./:;<=>?@[]^_`{|}~", "n-1"] {
            assert!(is_nqchars(good), "{good}");
        }
        for bad in ["", "a b", "a\"b", "a\\b", "é", "a\u{7f}", "a\tb"] {
            assert!(!is_nqchars(bad), "{bad:?}");
        }
    }
}
