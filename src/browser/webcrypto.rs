//! Signature verification by the browser's WebCrypto (`crypto.subtle`), the protocol's
//! signature port (`oauth_public_client::id_token::SignatureVerifier`): the app ships no RSA
//! or elliptic-curve code, and the browser's is constant-time and well reviewed.

use js_sys::{Array, Object, Reflect, JSON};
use oauth_public_client::id_token::algorithm::{Algorithm, ES256_SIGNATURE_LEN};
use oauth_public_client::id_token::jwk::PublicKey;
use oauth_public_client::id_token::{IdTokenProblem, SignatureVerifier};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Why WebCrypto gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebCryptoFailure {
    /// No `crypto.subtle`: it exists only in secure contexts (https, or localhost).
    Unavailable,
    /// `importKey` refused the key (not a valid key of its type), or the key is for an
    /// algorithm the app does not use.
    KeyRefused,
    /// `verify` itself failed (rather than answering false).
    VerifyFailed,
}

/// Whether `signature` over `signing_input` was made with `key`, under the key's algorithm.
pub async fn verify(
    key: &PublicKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<bool, WebCryptoFailure> {
    let subtle = subtle().ok_or(WebCryptoFailure::Unavailable)?;
    let algorithm = key.algorithm().ok_or(WebCryptoFailure::KeyRefused)?;
    // A DER-encoded or truncated ECDSA signature is not ES256's; say no before asking.
    if algorithm == Algorithm::Es256 && signature.len() != ES256_SIGNATURE_LEN {
        return Ok(false);
    }
    let (import_params, verify_params) = match algorithm {
        Algorithm::Rs256 => (
            object(&[("name", "RSASSA-PKCS1-v1_5"), ("hash", "SHA-256")]),
            object(&[("name", "RSASSA-PKCS1-v1_5")]),
        ),
        Algorithm::Es256 => (
            object(&[("name", "ECDSA"), ("namedCurve", "P-256")]),
            object(&[("name", "ECDSA"), ("hash", "SHA-256")]),
        ),
    };
    let jwk: Object = JSON::parse(&key.to_public_jwk_json())
        .map_err(|_| WebCryptoFailure::KeyRefused)?
        .unchecked_into();
    let usages = Array::of1(&JsValue::from_str("verify"));
    let crypto_key: CryptoKey =
        settle(subtle.import_key_with_object("jwk", &jwk, &import_params, false, &usages))
            .await
            .ok_or(WebCryptoFailure::KeyRefused)?
            .unchecked_into();
    let verified = settle(subtle.verify_with_object_and_u8_array_and_u8_array(
        &verify_params,
        &crypto_key,
        signature,
        signing_input,
    ))
    .await
    .ok_or(WebCryptoFailure::VerifyFailed)?;
    Ok(verified.as_bool() == Some(true))
}

/// The browser's WebCrypto, as the id_token check asks for it.
pub struct WebCrypto;

impl SignatureVerifier for WebCrypto {
    async fn verify(
        &self,
        key: &PublicKey,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<bool, IdTokenProblem> {
        verify(key, signing_input, signature)
            .await
            .map_err(|failure| match failure {
                WebCryptoFailure::Unavailable => IdTokenProblem::SignatureCheckUnavailable,
                // A key the browser will not use cannot vouch for the token.
                WebCryptoFailure::KeyRefused | WebCryptoFailure::VerifyFailed => {
                    IdTokenProblem::BadSignature
                }
            })
    }
}

/// `crypto.subtle`, if this page may use it. Read through `Reflect` because in an insecure
/// context the property is simply absent, which web-sys's typed getter would not show.
pub(crate) fn subtle() -> Option<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.is_object().then(|| subtle.unchecked_into())
}

/// A plain object of string members (WebCrypto's algorithm parameters).
pub(crate) fn object(members: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (name, value) in members {
        // Setting a member of a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object
}

/// The promise's value, or `None` if calling or awaiting it threw.
pub(crate) async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}
