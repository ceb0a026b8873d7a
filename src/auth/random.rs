//! Unpredictable values for the protocol, from the platform's CSPRNG (`crypto.getRandomValues`
//! in the browser through getrandom's `wasm_js` backend).

/// The browser offered no secure random source: signing in cannot proceed safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomUnavailable;

/// `N` random bytes.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RandomUnavailable> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| RandomUnavailable)?;
    Ok(bytes)
}

/// Base64url without padding, the alphabet RFC 7636 and RFC 6749 values are written in
/// (RFC 4648 §5).
///
/// Written out rather than taken from the base64 crate, whose general-purpose engine cost
/// 2 KB gzip of wasm for the three 32-byte values a sign-in encodes (verifier, challenge,
/// state; docs/performance.md). The tests hold it to that crate's answers for every length
/// and any bytes.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        // Up to 24 bits, most significant first; a short last group yields 2 or 3 symbols.
        let bits = group.iter().enumerate().fold(0u32, |bits, (i, byte)| {
            bits | u32::from(*byte) << (16 - 8 * i)
        });
        for symbol in 0..=group.len() {
            let index = (bits >> (18 - 6 * symbol)) & 0b11_1111;
            encoded.push(char::from(ALPHABET[index as usize]));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_values_differ_and_encode_without_padding() {
        let a = random_bytes::<32>().unwrap();
        let b = random_bytes::<32>().unwrap();
        assert_ne!(a, b);
        let encoded = base64url(&a);
        assert_eq!(encoded.len(), 43);
        assert!(encoded
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn base64url_matches_rfc_4648_test_vectors() {
        // RFC 4648 §10, without padding; then bytes that use both URL-safe symbols.
        let vectors: [(&[u8], &str); 9] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
            (&[0xfb, 0xff], "-_8"),
            (&[0xff, 0xff, 0xff], "____"),
        ];
        for (bytes, expected) in vectors {
            assert_eq!(base64url(bytes), expected, "{bytes:?}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod against_the_base64_crate {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    use super::base64url;

    proptest! {
        #[test]
        fn base64url_equals_the_crates_url_safe_no_pad(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(base64url(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
        }
    }
}
