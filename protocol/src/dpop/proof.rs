//! A DPoP proof (RFC 9449 §4.2): a JWT the client signs for one request, naming the method
//! and address it is for, when, and (on API calls) which access token it vouches for. A new
//! one for every request, retries included, so a proof seen on the wire cannot be used
//! again (`jti`, `iat`) or for another request (`htm`, `htu`, `ath`).

use std::future::Future;

use serde::Serialize;

use super::jwk::PublicJwk;
use crate::id_token::algorithm::ES256_SIGNATURE_LEN;
use crate::random::{base64url, random_bytes, sha256_base64url, RandomUnavailable, Randomness};
use crate::token::AccessToken;
use crate::urls::without_query_and_fragment;

/// The one algorithm this crate signs with: ECDSA on P-256 with SHA-256, which WebCrypto has
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

/// The sign-in's DPoP key (port): a P-256 key pair whose private half only the platform
/// holds (in a browser, a non-extractable WebCrypto key), one per sign-in.
pub trait SigningKey {
    /// The public half, as every proof's header carries it.
    fn public_jwk(&self) -> &PublicJwk;

    /// The ES256 signature over `signing_input` (r ‖ s, 64 bytes, as WebCrypto makes it), or
    /// `None` when the platform would not sign.
    fn sign(&self, signing_input: &[u8]) -> impl Future<Output = Option<Vec<u8>>>;
}

/// Why no proof could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofFailure {
    /// No random `jti` could be had.
    NoRandomness,
    /// The key did not sign, or gave something that is not an ES256 signature.
    NotSigned,
}

/// A fresh proof for one request from `key`, made at `now_s` (seconds since the epoch) with a
/// random `jti`: the compact JWS to send in the `DPoP` header.
#[inline]
pub async fn sign_proof(
    key: &impl SigningKey,
    random: &impl Randomness,
    request: &ProofFor<'_>,
    now_s: u64,
) -> Result<String, ProofFailure> {
    let unsigned = UnsignedProof::new(key.public_jwk(), request, now_s, random)
        .map_err(|_| ProofFailure::NoRandomness)?;
    match key.sign(unsigned.signing_input()).await {
        Some(signature) if signature.len() == ES256_SIGNATURE_LEN => {
            Ok(unsigned.signed(&signature))
        }
        _ => Err(ProofFailure::NotSigned),
    }
}

/// What one proof is for.
#[derive(Debug, Clone, Copy)]
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
    #[inline]
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

    #[inline]
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
    #[inline]
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The compact proof, given the ES256 signature (r ‖ s, as WebCrypto makes it).
    #[inline]
    pub fn signed(self, signature: &[u8]) -> String {
        format!("{}.{}", self.signing_input, base64url(signature))
    }
}

/// The `htu` of a request to `url`: the address without its query and fragment (RFC 9449
/// §4.2), so a proof never carries the query's values.
#[inline]
pub fn htu(url: &str) -> String {
    without_query_and_fragment(url).to_string()
}

/// The `ath` of an access token: base64url of its SHA-256 (RFC 9449 §4.2), binding the
/// proof to the token it travels with.
#[inline]
pub fn ath(token: &AccessToken) -> String {
    sha256_base64url(token.secret().as_bytes())
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::Value;

    use super::*;
    use crate::random::RandomUnavailable;
    use crate::testing::{run, SystemRandom};

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
        let token = AccessToken::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU".into()).unwrap();
        let request = ProofFor {
            method: "GET",
            url: "https://resource.example.org/protectedresource?limit=100&offset=0#top",
            access_token: Some(&token),
            nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
        };
        let (_, claims) =
            parts(&UnsignedProof::new(&jwk(), &request, 1_562_262_618, &SystemRandom).unwrap());
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
        let first = jti(UnsignedProof::new(&jwk(), &request, 1, &SystemRandom).unwrap());
        let second = jti(UnsignedProof::new(&jwk(), &request, 1, &SystemRandom).unwrap());
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
        let proof = UnsignedProof::new(&jwk(), &request, 1, &SystemRandom).unwrap();
        let input = String::from_utf8(proof.signing_input().to_vec()).unwrap();
        let compact = proof.signed(&[0xfb; 64]);
        let signature = compact.strip_prefix(&format!("{input}.")).unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap(), vec![0xfb; 64]);
        assert!(!compact.contains('='));
    }

    /// A key that "signs" with what it is given.
    struct StandInKey(Option<Vec<u8>>);

    impl SigningKey for StandInKey {
        fn public_jwk(&self) -> &PublicJwk {
            static JWK: std::sync::OnceLock<PublicJwk> = std::sync::OnceLock::new();
            JWK.get_or_init(jwk)
        }

        async fn sign(&self, _signing_input: &[u8]) -> Option<Vec<u8>> {
            self.0.clone()
        }
    }

    /// A platform without randomness.
    struct NoRandom;

    impl Randomness for NoRandom {
        fn fill(&self, _: &mut [u8]) -> Result<(), RandomUnavailable> {
            Err(RandomUnavailable)
        }
    }

    #[test]
    fn a_proof_is_signed_by_the_key_and_only_with_an_es256_signature() {
        let request = ProofFor {
            method: "POST",
            url: "https://server.example.com/token?x=1",
            access_token: None,
            nonce: None,
        };
        let proof = run(sign_proof(
            &StandInKey(Some(vec![7; 64])),
            &SystemRandom,
            &request,
            1,
        ))
        .unwrap();
        let (header_and_claims, signature) = proof.rsplit_once('.').unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap(), vec![7; 64]);
        let (header, claims) = header_and_claims.split_once('.').unwrap();
        assert_eq!(decode(header)["jwk"], serde_json::to_value(jwk()).unwrap());
        assert_eq!(decode(claims)["htu"], "https://server.example.com/token");
        for refused in [None, Some(vec![7; 63]), Some(vec![7; 72]), Some(vec![])] {
            assert_eq!(
                run(sign_proof(
                    &StandInKey(refused.clone()),
                    &SystemRandom,
                    &request,
                    1
                )),
                Err(ProofFailure::NotSigned),
                "{refused:?}"
            );
        }
        assert_eq!(
            run(sign_proof(
                &StandInKey(Some(vec![7; 64])),
                &NoRandom,
                &request,
                1
            )),
            Err(ProofFailure::NoRandomness)
        );
    }
}
