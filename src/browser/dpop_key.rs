//! The sign-in's DPoP key (RFC 9449): a P-256 key pair made by WebCrypto with its private
//! half **non-extractable**, so no script, not even the app's, can read it out of the browser;
//! the page can only ask the browser to sign with it. It is kept in memory only (never
//! IndexedDB or any storage): a reload makes a new key along with the new sign-in.

use js_sys::{Array, Reflect, Uint8Array};
use oauth_public_client::id_token::algorithm::ES256_SIGNATURE_LEN;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use super::clock::now_ms;
use super::random::PlatformRandom;
use super::webcrypto::{object, settle, subtle};
use crate::auth::dpop::proof::{ProofFor, UnsignedProof};
use crate::auth::dpop::PublicJwk;

/// WebCrypto could not make or use the key (no `crypto.subtle` outside a secure context,
/// no randomness, or a browser without ECDSA P-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DpopUnavailable;

/// The private key (usable only to sign) and its public half, as proofs name it.
pub struct DpopKey {
    private: CryptoKey,
    jwk: PublicJwk,
}

impl DpopKey {
    /// A new key pair.
    pub async fn generate() -> Result<DpopKey, DpopUnavailable> {
        let subtle = subtle().ok_or(DpopUnavailable)?;
        let algorithm = object(&[("name", "ECDSA"), ("namedCurve", "P-256")]);
        let usages = Array::of1(&JsValue::from_str("sign"));
        // `false`: the private key can never be exported (the public one always can).
        let pair = settle(subtle.generate_key_with_object(&algorithm, false, &usages))
            .await
            .ok_or(DpopUnavailable)?;
        let member = |name: &str| Reflect::get(&pair, &JsValue::from_str(name)).ok();
        let private: CryptoKey = member("privateKey")
            .filter(JsValue::is_object)
            .ok_or(DpopUnavailable)?
            .unchecked_into();
        let public: CryptoKey = member("publicKey")
            .filter(JsValue::is_object)
            .ok_or(DpopUnavailable)?
            .unchecked_into();
        let exported = settle(subtle.export_key("jwk", &public))
            .await
            .ok_or(DpopUnavailable)?;
        let coordinate = |name: &str| {
            Reflect::get(&exported, &JsValue::from_str(name))
                .ok()
                .and_then(|value| value.as_string())
        };
        let jwk = PublicJwk::p256(
            &coordinate("x").ok_or(DpopUnavailable)?,
            &coordinate("y").ok_or(DpopUnavailable)?,
        )
        .ok_or(DpopUnavailable)?;
        Ok(DpopKey { private, jwk })
    }

    /// The public half, as every proof's header carries it.
    pub fn jwk(&self) -> &PublicJwk {
        &self.jwk
    }

    /// A fresh proof for one request, made now.
    pub async fn proof(&self, request: &ProofFor<'_>) -> Result<String, DpopUnavailable> {
        let now_s = (now_ms() / 1000.0) as u64;
        let unsigned = UnsignedProof::new(&self.jwk, request, now_s, &PlatformRandom)
            .map_err(|_| DpopUnavailable)?;
        let signature = self.sign(unsigned.signing_input()).await?;
        Ok(unsigned.signed(&signature))
    }

    async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, DpopUnavailable> {
        let subtle = subtle().ok_or(DpopUnavailable)?;
        let algorithm = object(&[("name", "ECDSA"), ("hash", "SHA-256")]);
        let signature =
            settle(subtle.sign_with_object_and_u8_array(&algorithm, &self.private, input))
                .await
                .ok_or(DpopUnavailable)?;
        let bytes = Uint8Array::new(&signature).to_vec();
        if bytes.len() == ES256_SIGNATURE_LEN {
            Ok(bytes)
        } else {
            Err(DpopUnavailable)
        }
    }

    /// Whether the browser holds the private key as non-extractable (for the tests that
    /// prove it).
    pub fn private_key_is_extractable(&self) -> bool {
        self.private.extractable()
    }
}
