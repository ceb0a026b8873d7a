//! PKCE (RFC 7636) with the S256 method only: `plain` would let anyone who sees the
//! authorization request redeem the code.

use crate::random::{base64url, random_bytes, sha256_base64url, RandomUnavailable, Randomness};
use crate::secret::redacted_debug;

/// The secret half of PKCE. Not `Clone`, so one verifier cannot be sent twice by accident;
/// `Debug` never prints it.
pub struct CodeVerifier(String);

redacted_debug!(CodeVerifier);

/// The public half sent in the authorization request: BASE64URL(SHA-256(verifier)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChallenge(String);

impl CodeVerifier {
    /// A fresh verifier from 32 random bytes: 43 base64url characters (RFC 7636 §4.1).
    #[inline]
    pub fn new_random(random: &impl Randomness) -> Result<Self, RandomUnavailable> {
        Ok(Self::from_bytes(&random_bytes::<32>(random)?))
    }

    /// The verifier for given entropy (tests use RFC 7636 Appendix B's bytes).
    #[inline]
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        CodeVerifier(base64url(bytes))
    }

    /// Rebuilds a verifier kept across the redirect; `None` unless it has the RFC 7636 form
    /// (43–128 unreserved characters), so tampered storage cannot inject anything else.
    #[inline]
    pub fn from_stored(value: String) -> Option<Self> {
        let well_formed = (43..=128).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        well_formed.then_some(CodeVerifier(value))
    }

    /// The secret itself: only for the token request and the pending-login record.
    #[inline]
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The S256 challenge for this verifier.
    #[inline]
    pub fn challenge(&self) -> CodeChallenge {
        CodeChallenge(sha256_base64url(self.0.as_bytes()))
    }
}

impl CodeChallenge {
    /// The `code_challenge_method` this challenge is made with.
    pub const METHOD: &'static str = "S256";

    /// The `code_challenge` parameter.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A challenge and its verifier, born together (as in oauth2-rs).
#[inline]
pub fn new_random_sha256(
    random: &impl Randomness,
) -> Result<(CodeChallenge, CodeVerifier), RandomUnavailable> {
    let verifier = CodeVerifier::new_random(random)?;
    Ok((verifier.challenge(), verifier))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::SystemRandom;

    /// RFC 7636 Appendix B: the octets, the verifier and the challenge.
    #[test]
    fn matches_rfc7636_appendix_b() {
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = CodeVerifier::from_bytes(&octets);
        assert_eq!(
            verifier.secret(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            verifier.challenge().as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn every_verifier_is_fresh_and_well_formed() {
        let (challenge_a, verifier_a) = new_random_sha256(&SystemRandom).unwrap();
        let (challenge_b, verifier_b) = new_random_sha256(&SystemRandom).unwrap();
        assert_ne!(verifier_a.secret(), verifier_b.secret());
        assert_ne!(challenge_a, challenge_b);
        assert_eq!(verifier_a.secret().len(), 43);
        assert_eq!(challenge_a, verifier_a.challenge());
        assert!(CodeVerifier::from_stored(verifier_a.secret().to_string()).is_some());
    }

    #[test]
    fn stored_verifiers_must_have_the_rfc_form() {
        assert!(CodeVerifier::from_stored("short".into()).is_none());
        assert!(CodeVerifier::from_stored("a".repeat(129)).is_none());
        assert!(CodeVerifier::from_stored(format!("{}<", "a".repeat(43))).is_none());
        assert!(CodeVerifier::from_stored("a~._-".repeat(9)).is_some());
    }

    #[test]
    fn debug_never_prints_the_secret() {
        let verifier = CodeVerifier::from_bytes(&[7; 32]);
        let printed = format!("{verifier:?}");
        assert_eq!(printed, "CodeVerifier([redacted])");
        assert!(!printed.contains(verifier.secret()));
    }
}
