//! Unpredictable values for the protocol, from the platform's CSPRNG (`crypto.getRandomValues`
//! in the browser through getrandom's `wasm_js` backend).

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

/// Base64url without padding, the alphabet RFC 7636 and RFC 6749 values are written in.
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
}
