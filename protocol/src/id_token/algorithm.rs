//! The JWS algorithms this crate accepts (RFC 7518 §3.1): RS256, which ClassLink and most
//! OpenID providers sign with, and ES256. Everything else is refused by name, before any
//! key is looked up: `none` would accept any token, and an HMAC algorithm would have the
//! client "verify" with a public key used as a shared secret (the classic confusion attack).

use super::problem::IdTokenProblem;

/// The length of an ES256 signature (RFC 7518 §3.4: r ‖ s, 32 bytes each), which is also the
/// raw form WebCrypto's ECDSA signs and verifies.
pub const ES256_SIGNATURE_LEN: usize = 64;

/// An accepted JWS algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// ECDSA on P-256 with SHA-256; the signature is r ‖ s, 32 bytes each.
    Es256,
}

impl Algorithm {
    /// The algorithm a JWS header names, if it is one this crate accepts.
    #[inline]
    pub fn from_header(alg: &str) -> Result<Algorithm, IdTokenProblem> {
        match alg {
            "RS256" => Ok(Algorithm::Rs256),
            "ES256" => Ok(Algorithm::Es256),
            // `none`, `HS256`…`HS512`, `PS256`, `EdDSA`, any spelling of them: refused.
            _ => Err(IdTokenProblem::UnsupportedAlgorithm),
        }
    }

    /// The name as JWS writes it.
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Es256 => "ES256",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_rs256_and_es256_exactly() {
        assert_eq!(Algorithm::from_header("RS256"), Ok(Algorithm::Rs256));
        assert_eq!(Algorithm::from_header("ES256"), Ok(Algorithm::Es256));
        for refused in [
            "none", "None", "NONE", "", "HS256", "HS384", "HS512", "hs256", "rs256", "RS384",
            "RS512", "PS256", "ES384", "ES512", "EdDSA", "RS256 ",
        ] {
            assert_eq!(
                Algorithm::from_header(refused),
                Err(IdTokenProblem::UnsupportedAlgorithm),
                "{refused}"
            );
        }
        for alg in [Algorithm::Rs256, Algorithm::Es256] {
            assert_eq!(Algorithm::from_header(alg.name()), Ok(alg));
        }
    }
}
