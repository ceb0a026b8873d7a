//! The sign-in's DPoP key (RFC 9449): a P-256 key pair made by WebCrypto with its private
//! half **non-extractable**, so no script, not even the app's, can read it out of the browser;
//! the page can only ask the browser to sign with it. It is kept in memory only (never
//! IndexedDB or any storage): a reload makes a new key along with the new sign-in. It is the
//! protocol's DPoP key port (`oauth_public_client::dpop::SigningKey`), which makes the proofs.

use std::future::Future;

use futures::FutureExt;
use js_sys::{Array, Reflect, Uint8Array};
use oauth_public_client::dpop::{sign_proof, ProofFor, PublicJwk, SigningKey};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use super::clock::now_ms;
use super::random::PlatformRandom;
use super::webcrypto::{object, settle, subtle};

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

    /// A fresh proof for one request, made now. (The protocol's proof future, its error
    /// mapped, rather than an `async fn` around it: one state machine less in the wasm.)
    pub fn proof<'a>(
        &'a self,
        request: &'a ProofFor<'a>,
    ) -> impl Future<Output = Result<String, DpopUnavailable>> + 'a {
        let now_s = (now_ms() / 1000.0) as u64;
        sign_proof(self, &PlatformRandom, request, now_s)
            .map(|proof| proof.map_err(|_| DpopUnavailable))
    }

    /// Whether the browser holds the private key as non-extractable (for the tests that
    /// prove it).
    pub fn private_key_is_extractable(&self) -> bool {
        self.private.extractable()
    }
}

impl SigningKey for DpopKey {
    fn public_jwk(&self) -> &PublicJwk {
        &self.jwk
    }

    async fn sign(&self, signing_input: &[u8]) -> Option<Vec<u8>> {
        let subtle = subtle()?;
        let algorithm = object(&[("name", "ECDSA"), ("hash", "SHA-256")]);
        let signature =
            settle(subtle.sign_with_object_and_u8_array(&algorithm, &self.private, signing_input))
                .await?;
        Some(Uint8Array::new(&signature).to_vec())
    }
}
