//! [`DpopTestKey`] (re-exported by the crate root): a throwaway P-256 key that makes DPoP
//! proofs, for tests of this crate and of the app (end-to-end tests present a stolen token
//! with another key, replay a proof, or send a proof with one claim wrong).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};

use super::jwk::thumbprint_of;
use super::proof::{access_token_hash, ALGORITHM};

/// A random P-256 key and the proofs it signs. Its private half never leaves it (`Debug` shows
/// the thumbprint only).
#[derive(Clone)]
pub struct DpopTestKey {
    signing: SigningKey,
    x: [u8; 32],
    y: [u8; 32],
}

impl fmt::Debug for DpopTestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopTestKey")
            .field("jkt", &self.jkt())
            .finish_non_exhaustive()
    }
}

impl DpopTestKey {
    /// A new random key. Panics if the system has no randomness (a test cannot go on anyway).
    pub fn generate() -> Self {
        let signing = loop {
            let mut bytes = [0u8; 32];
            if let Err(err) = getrandom::fill(&mut bytes) {
                panic!("DpopTestKey: no randomness: {err}");
            }
            // Nearly every 32-byte string is a valid scalar; try again in the rare other case.
            if let Ok(key) = SigningKey::from_bytes(&bytes.into()) {
                break key;
            }
        };
        let point = signing.verifying_key().to_encoded_point(false);
        let coordinate = |c: Option<&p256::FieldBytes>| -> [u8; 32] {
            c.map(|bytes| bytes.as_slice().try_into().unwrap_or([0; 32]))
                .unwrap_or([0; 32])
        };
        let (x, y) = (coordinate(point.x()), coordinate(point.y()));
        DpopTestKey { signing, x, y }
    }

    /// The RFC 7638 JWK SHA-256 thumbprint: what a token bound to this key is bound to.
    pub fn jkt(&self) -> String {
        thumbprint_of(&self.x, &self.y)
    }

    /// The public JWK a proof carries.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(self.x),
            "y": URL_SAFE_NO_PAD.encode(self.y),
        })
    }

    /// A valid proof's header: `typ` dpop+jwt, `alg` ES256, the public `jwk`.
    pub fn header(&self) -> Value {
        json!({ "typ": "dpop+jwt", "alg": ALGORITHM, "jwk": self.public_jwk() })
    }

    /// A fresh proof (random `jti`, `iat` now by the system clock) for a request with method
    /// `htm` to `htu`; `ath` when an access token goes with it, `nonce` when given.
    pub fn proof(
        &self,
        htm: &str,
        htu: &str,
        access_token: Option<&str>,
        nonce: Option<&str>,
    ) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        self.proof_at(htm, htu, access_token, nonce, now)
    }

    /// [`DpopTestKey::proof`] with `iat` chosen (seconds since the epoch).
    pub fn proof_at(
        &self,
        htm: &str,
        htu: &str,
        access_token: Option<&str>,
        nonce: Option<&str>,
        iat_s: i64,
    ) -> String {
        self.sign(
            &self.header(),
            &claims(htm, htu, access_token, nonce, iat_s),
        )
    }

    /// Any header and claims as a compact JWS signed ES256 by this key (the header is taken as
    /// given: a test may lie in it).
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
        let input = format!("{}.{}", part(header), part(claims));
        let signature: Signature = self.signing.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// The private scalar as a JWK `d` (tests of a proof that leaks it).
    #[cfg(test)]
    pub(crate) fn private_d(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.to_bytes())
    }
}

/// A proof's claims with a random `jti`.
pub(crate) fn claims(
    htm: &str,
    htu: &str,
    access_token: Option<&str>,
    nonce: Option<&str>,
    iat_s: i64,
) -> Value {
    let mut jti = [0u8; 16];
    if let Err(err) = getrandom::fill(&mut jti) {
        panic!("DpopTestKey: no randomness: {err}");
    }
    let mut claims = json!({
        "jti": URL_SAFE_NO_PAD.encode(jti),
        "htm": htm,
        "htu": htu,
        "iat": iat_s,
    });
    if let Some(token) = access_token {
        claims["ath"] = json!(access_token_hash(token));
    }
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    claims
}
