//! Unpredictable values for the protocol (the PKCE verifier, `state`, `nonce`, a DPoP proof's
//! `jti`) and their base64url text. The bytes come from a port, [`Randomness`], so the crate
//! names no source itself: a browser application passes one backed by
//! `crypto.getRandomValues`, a native one the operating system's generator.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The platform offered no secure random source: signing in cannot proceed safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomUnavailable;

/// A cryptographically secure random source (port): what the platform supplies.
///
/// An adapter over the `getrandom` crate is a few lines:
///
/// ```
/// use oauth_public_client::random::{RandomUnavailable, Randomness};
///
/// struct SystemRandom;
///
/// impl Randomness for SystemRandom {
///     fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
///         getrandom::fill(bytes).map_err(|_| RandomUnavailable)
///     }
/// }
/// ```
pub trait Randomness {
    /// Fills `bytes` with secure random bytes, or says there are none to be had.
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable>;
}

/// `N` random bytes from `random`.
#[inline]
pub fn random_bytes<const N: usize>(
    random: &impl Randomness,
) -> Result<[u8; N], RandomUnavailable> {
    let mut bytes = [0u8; N];
    random.fill(&mut bytes)?;
    Ok(bytes)
}

/// Base64url without padding, the alphabet RFC 7636 and RFC 6749 values are written in
/// (RFC 4648 §5).
#[inline]
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The base64url of the SHA-256 of `bytes`: a PKCE challenge, a DPoP `ath`, a key's
/// thumbprint. One function for the three, so the hash is written into the page once.
#[inline]
pub(crate) fn sha256_base64url(bytes: &[u8]) -> String {
    base64url(&Sha256::digest(bytes))
}

/// Whether `value` has the form [`base64url`] gives 32 bytes: 43 characters of its alphabet.
/// A `state` or `nonce` of any other form cannot be one this client made.
#[inline]
pub(crate) fn is_base64url_of_32_bytes(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::SystemRandom;

    /// A platform without a secure source.
    struct NoRandom;

    impl Randomness for NoRandom {
        fn fill(&self, _: &mut [u8]) -> Result<(), RandomUnavailable> {
            Err(RandomUnavailable)
        }
    }

    #[test]
    fn random_values_differ_and_encode_without_padding() {
        let a = random_bytes::<32>(&SystemRandom).unwrap();
        let b = random_bytes::<32>(&SystemRandom).unwrap();
        assert_ne!(a, b);
        let encoded = base64url(&a);
        assert_eq!(encoded.len(), 43);
        assert!(encoded
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn no_source_is_said_not_hidden() {
        assert_eq!(random_bytes::<32>(&NoRandom), Err(RandomUnavailable));
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
