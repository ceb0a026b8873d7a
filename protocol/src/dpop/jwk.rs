//! The public half of the sign-in's DPoP key, as it goes into every proof's header.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;

use crate::random::sha256_base64url;

/// A P-256 public key as a JWK (RFC 7518 §6.2.1), with only the members that define it: the
/// header must never carry more (a private `d` above all). The fields are declared in
/// lexicographic order so that serialising it is also RFC 7638's canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicJwk {
    crv: &'static str,
    kty: &'static str,
    x: String,
    y: String,
}

/// A P-256 coordinate is 32 bytes.
const COORDINATE_LEN: usize = 32;

impl PublicJwk {
    /// From the coordinates a key exports (WebCrypto's `exportKey("jwk")`), if each is 32
    /// bytes of base64url.
    #[inline]
    pub fn p256(x: &str, y: &str) -> Option<PublicJwk> {
        let coordinate = |text: &str| {
            URL_SAFE_NO_PAD
                .decode(text)
                .ok()
                .filter(|bytes| bytes.len() == COORDINATE_LEN)
                .map(|_| text.to_string())
        };
        Some(PublicJwk {
            crv: "P-256",
            kty: "EC",
            x: coordinate(x)?,
            y: coordinate(y)?,
        })
    }

    /// The RFC 7638 thumbprint (SHA-256, base64url): what a server binds the tokens to
    /// (`cnf.jkt`).
    #[inline]
    pub fn thumbprint(&self) -> String {
        // Serialising a struct of strings cannot fail.
        let canonical = serde_json::to_string(self).unwrap_or_default();
        sha256_base64url(canonical.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of RFC 9449's examples (§4.1, §6.1).
    const RFC_X: &str = "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs";
    const RFC_Y: &str = "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA";

    #[test]
    fn the_thumbprint_is_rfc_9449s() {
        let jwk = PublicJwk::p256(RFC_X, RFC_Y).unwrap();
        assert_eq!(
            jwk.thumbprint(),
            "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
        );
    }

    #[test]
    fn serialises_only_the_public_members_in_canonical_order() {
        let jwk = PublicJwk::p256(RFC_X, RFC_Y).unwrap();
        assert_eq!(
            serde_json::to_string(&jwk).unwrap(),
            format!(r#"{{"crv":"P-256","kty":"EC","x":"{RFC_X}","y":"{RFC_Y}"}}"#)
        );
    }

    #[test]
    fn refuses_coordinates_that_are_not_p256s() {
        assert_eq!(PublicJwk::p256("", RFC_Y), None);
        assert_eq!(PublicJwk::p256(RFC_X, "AAAA"), None);
        assert_eq!(PublicJwk::p256(&format!("{RFC_X}=="), RFC_Y), None);
        assert_eq!(PublicJwk::p256("not base64!", RFC_Y), None);
    }
}
