//! Character classes of the OAuth 2.0 grammar (RFC 6749 Appendix A, RFC 6750 §2.1) that
//! more than one value is made of.

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

/// Whether `token` is an RFC 6750 §2.1 `b64token`:
/// `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. Only visible ASCII and no
/// space, so `Authorization: Bearer <token>` (or `DPoP <token>`) is a valid header as it is.
#[inline]
pub fn is_b64token(token: &str) -> bool {
    // Byte by byte (every b64token character is ASCII), in one pass: once `=` padding has
    // started, only `=` may follow.
    let mut padding = false;
    matches!(token.as_bytes().first(), Some(&first) if first != b'=')
        && token.bytes().all(|b| {
            padding |= b == b'=';
            if padding {
                b == b'='
            } else {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
            }
        })
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

    #[test]
    fn a_token_is_a_b64token_or_refused() {
        for good in [
            "t",
            "2YotnFZFEjr1zCsicMWpAA",
            "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
            "a+b/c==",
            "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        ] {
            assert!(is_b64token(good), "{good}");
        }
        for bad in [
            "",
            "=",
            "==",
            "a=b",
            "a b",
            " a",
            "a\t",
            "a\n",
            "a€",
            "€",
            "é",
            "a\"b",
            "a,b",
            "a;b",
            "a:b",
            "a\u{7f}",
            "a\u{0}",
            "\u{202E}a",
        ] {
            assert!(!is_b64token(bad), "{bad:?}");
        }
    }
}
