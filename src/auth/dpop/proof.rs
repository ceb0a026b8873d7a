//! A DPoP proof (RFC 9449 §4.2): a JWT the page signs for one request, naming the method
//! and address it is for, when, and (on API calls) which access token it vouches for. A new
//! one for every request, retries included, so a proof seen on the wire cannot be used
//! again (`jti`, `iat`) or for another request (`htm`, `htu`, `ath`).

use oauth_public_client::random::{base64url, random_bytes, RandomUnavailable, Randomness};
use oauth_public_client::token::AccessToken;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::jwk::PublicJwk;

/// The one algorithm the app signs with: ECDSA on P-256 with SHA-256, which WebCrypto has
/// in every browser and which providers advertise most.
pub const ALGORITHM: &str = "ES256";
/// The proof's JOSE type (RFC 9449 §4.2), so it cannot pass for any other kind of JWT.
const PROOF_TYPE: &str = "dpop+jwt";

#[derive(Serialize)]
struct Header<'a> {
    typ: &'static str,
    alg: &'static str,
    jwk: &'a PublicJwk,
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: &'a str,
    htm: &'a str,
    htu: String,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

/// What one proof is for.
pub struct ProofFor<'a> {
    /// The HTTP method, in capitals.
    pub method: &'a str,
    /// The request's address; its query and fragment are left out of the proof.
    pub url: &'a str,
    /// On API calls: the access token the request carries.
    pub access_token: Option<&'a AccessToken>,
    /// The server's latest nonce, when it has given one.
    pub nonce: Option<&'a str>,
}

/// A proof's header and claims, ready for the key to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedProof {
    signing_input: String,
}

impl UnsignedProof {
    /// The proof for `request` from `jwk`'s key, made at `now_s` (seconds since the epoch)
    /// with a fresh random `jti`.
    pub fn new(
        jwk: &PublicJwk,
        request: &ProofFor<'_>,
        now_s: u64,
        random: &impl Randomness,
    ) -> Result<UnsignedProof, RandomUnavailable> {
        // 128 bits: no two proofs a key signs will share one (RFC 9449 §11.1).
        let jti = base64url(&random_bytes::<16>(random)?);
        Ok(UnsignedProof::with_jti(jwk, request, now_s, &jti))
    }

    fn with_jti(jwk: &PublicJwk, request: &ProofFor<'_>, now_s: u64, jti: &str) -> UnsignedProof {
        let header = Header {
            typ: PROOF_TYPE,
            alg: ALGORITHM,
            jwk,
        };
        let claims = Claims {
            jti,
            htm: request.method,
            htu: htu(request.url),
            iat: now_s,
            ath: request.access_token.map(ath),
            nonce: request.nonce,
        };
        // Serialising structs of strings and numbers cannot fail.
        let part = |json: String| base64url(json.as_bytes());
        let signing_input = format!(
            "{}.{}",
            part(serde_json::to_string(&header).unwrap_or_default()),
            part(serde_json::to_string(&claims).unwrap_or_default())
        );
        UnsignedProof { signing_input }
    }

    /// The bytes the key signs (JWS signing input, RFC 7515 §5.1).
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The compact proof, given the ES256 signature (r ‖ s, as WebCrypto makes it).
    pub fn signed(self, signature: &[u8]) -> String {
        format!("{}.{}", self.signing_input, base64url(signature))
    }
}

/// The `htu` of a request to `url`: the address without its query and fragment (RFC 9449
/// §4.2), so a proof never carries the query's values.
pub fn htu(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].to_string()
}

/// The `ath` of an access token: base64url of its SHA-256 (RFC 9449 §4.2), binding the
/// proof to the token it travels with.
pub fn ath(token: &AccessToken) -> String {
    base64url(&Sha256::digest(token.secret().as_bytes()))
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::Value;

    use super::*;
    use crate::browser::random::PlatformRandom;

    fn jwk() -> PublicJwk {
        PublicJwk::p256(
            "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
            "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA",
        )
        .unwrap()
    }

    fn decode(part: &str) -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    }

    fn parts(proof: &UnsignedProof) -> (Value, Value) {
        let text = std::str::from_utf8(proof.signing_input()).unwrap();
        let (header, claims) = text.split_once('.').unwrap();
        (decode(header), decode(claims))
    }

    #[test]
    fn a_token_request_proof_has_the_header_and_claims_of_rfc_9449() {
        let request = ProofFor {
            method: "POST",
            url: "https://server.example.com/token",
            access_token: None,
            nonce: None,
        };
        let proof = UnsignedProof::with_jti(&jwk(), &request, 1_562_262_616, "e1j3V_bKic8-LAEB");
        let (header, claims) = parts(&proof);
        assert_eq!(
            header,
            serde_json::json!({
                "typ": "dpop+jwt",
                "alg": "ES256",
                "jwk": {
                    "kty": "EC", "crv": "P-256",
                    "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
                    "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"
                }
            })
        );
        assert_eq!(
            claims,
            serde_json::json!({
                "jti": "e1j3V_bKic8-LAEB",
                "htm": "POST",
                "htu": "https://server.example.com/token",
                "iat": 1_562_262_616
            })
        );
    }

    #[test]
    fn an_api_proof_carries_ath_and_the_servers_nonce_and_no_query() {
        let token = AccessToken::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU".into());
        let request = ProofFor {
            method: "GET",
            url: "https://resource.example.org/protectedresource?limit=100&offset=0#top",
            access_token: Some(&token),
            nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
        };
        let (_, claims) =
            parts(&UnsignedProof::new(&jwk(), &request, 1_562_262_618, &PlatformRandom).unwrap());
        assert_eq!(
            claims["htu"],
            "https://resource.example.org/protectedresource"
        );
        assert_eq!(claims["ath"], "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
        assert_eq!(claims["nonce"], "eyJ7S_zG.eyJH0-Z.HX4w-7v");
        assert_eq!(claims["iat"], 1_562_262_618);
    }

    #[test]
    fn every_proof_has_its_own_jti() {
        let request = ProofFor {
            method: "GET",
            url: "https://api.example/",
            access_token: None,
            nonce: None,
        };
        let jti = |proof: UnsignedProof| parts(&proof).1["jti"].as_str().unwrap().to_string();
        let first = jti(UnsignedProof::new(&jwk(), &request, 1, &PlatformRandom).unwrap());
        let second = jti(UnsignedProof::new(&jwk(), &request, 1, &PlatformRandom).unwrap());
        assert_ne!(first, second);
        assert_eq!(first.len(), 22);
    }

    #[test]
    fn htu_drops_the_query_and_the_fragment_only() {
        for (url, expected) in [
            ("https://a.example/p", "https://a.example/p"),
            ("https://a.example/p?x=1", "https://a.example/p"),
            ("https://a.example/p#f", "https://a.example/p"),
            ("https://a.example/p#f?x", "https://a.example/p"),
            (
                "https://a.example:8443/a/b/?",
                "https://a.example:8443/a/b/",
            ),
        ] {
            assert_eq!(htu(url), expected, "{url}");
        }
    }

    #[test]
    fn the_signed_proof_is_three_base64url_parts() {
        let request = ProofFor {
            method: "POST",
            url: "https://server.example.com/token",
            access_token: None,
            nonce: None,
        };
        let proof = UnsignedProof::new(&jwk(), &request, 1, &PlatformRandom).unwrap();
        let input = String::from_utf8(proof.signing_input().to_vec()).unwrap();
        let compact = proof.signed(&[0xfb; 64]);
        let signature = compact.strip_prefix(&format!("{input}.")).unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap(), vec![0xfb; 64]);
        assert!(!compact.contains('='));
    }
}
