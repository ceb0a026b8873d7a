//! Unpredictable values for the protocol, from the platform's CSPRNG (`crypto.getRandomValues`
//! in the browser through getrandom's `wasm_js` backend), and their base64url text.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

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
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
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
