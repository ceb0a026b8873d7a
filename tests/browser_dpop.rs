//! The sign-in's DPoP key and its proofs, in real Chromium and Firefox: the private key is
//! made non-extractable, each proof is signed by it (checked here with WebCrypto's own
//! verify over the public key the proof names), and each proof is new.
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use classlink_portal::browser::dpop::DpopSigner;
use classlink_portal::browser::dpop_key::DpopKey;
use classlink_portal::browser::webcrypto::verify;
use oauth_public_client::dpop::{ath, ProofFor, PublicJwk, SigningKey};
use oauth_public_client::id_token::jwk::JwkSet;
use oauth_public_client::token::AccessToken;
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The proof's header, claims and whether its signature verifies with the key its header
/// names.
async fn open(proof: &str) -> (Value, Value, bool) {
    let parts: Vec<&str> = proof.split('.').collect();
    assert_eq!(parts.len(), 3, "{proof}");
    let (header, claims) = (json(parts[0]), json(parts[1]));
    let jwk = serde_json::to_string(&header["jwk"]).unwrap();
    let key = JwkSet::from_json(&format!(r#"{{"keys":[{jwk}]}}"#))
        .unwrap()
        .keys
        .remove(0);
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    let signing_input = format!("{}.{}", parts[0], parts[1]);
    let verified = verify(&key, signing_input.as_bytes(), &signature)
        .await
        .unwrap();
    (header, claims, verified)
}

fn jwk_of(key: &DpopKey) -> Value {
    serde_json::to_value(key.public_jwk()).unwrap()
}

#[wasm_bindgen_test]
async fn the_private_key_cannot_leave_the_browser() {
    let key = DpopKey::generate().await.unwrap();
    assert!(!key.private_key_is_extractable());
    let jwk = jwk_of(&key);
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["crv"], "P-256");
    assert!(
        jwk.get("d").is_none(),
        "no private member in the public key"
    );
}

#[wasm_bindgen_test]
async fn an_api_proof_is_signed_by_the_key_it_names() {
    let key = DpopKey::generate().await.unwrap();
    let token = AccessToken::new("bound-token".into()).unwrap();
    let proof = key
        .proof(&ProofFor {
            method: "GET",
            url: "https://api.example/v2/oneroster/my/classes?limit=100#x",
            access_token: Some(&token),
            nonce: Some("server-nonce"),
        })
        .await
        .unwrap();
    let (header, claims, verified) = open(&proof).await;
    assert!(verified, "the signature verifies with the header's key");
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["jwk"], jwk_of(&key));
    assert_eq!(claims["htm"], "GET");
    assert_eq!(claims["htu"], "https://api.example/v2/oneroster/my/classes");
    assert_eq!(claims["ath"], ath(&token));
    assert_eq!(claims["nonce"], "server-nonce");
    let now_s = js_sys::Date::now() / 1000.0;
    let iat = claims["iat"].as_f64().unwrap();
    assert!(
        (now_s - iat).abs() < 300.0,
        "iat is now, by this browser's clock"
    );
}

#[wasm_bindgen_test]
async fn every_proof_is_new_and_a_tampered_one_fails() {
    let key = DpopKey::generate().await.unwrap();
    let request = ProofFor {
        method: "POST",
        url: "https://login.example/oauth2/token",
        access_token: None,
        nonce: None,
    };
    let first = key.proof(&request).await.unwrap();
    let second = key.proof(&request).await.unwrap();
    let (_, first_claims, _) = open(&first).await;
    let (_, second_claims, _) = open(&second).await;
    assert_ne!(first_claims["jti"], second_claims["jti"]);
    assert!(first_claims.get("ath").is_none(), "no token, no ath");
    // The claims of one proof under the signature of another do not verify.
    let parts: Vec<&str> = first.split('.').collect();
    let other: Vec<&str> = second.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], other[1], parts[2]);
    assert!(!open(&forged).await.2);
}

#[wasm_bindgen_test]
async fn each_sign_in_has_its_own_key() {
    let first = DpopSigner::generate().await.unwrap();
    let second = DpopSigner::generate().await.unwrap();
    let thumbprint = |signer: &DpopSigner| signer.key().public_jwk().thumbprint();
    assert_ne!(thumbprint(&first), thumbprint(&second));
    // A clone is the same key.
    assert_eq!(thumbprint(&first.clone()), thumbprint(&first));
    let _: &PublicJwk = first.key().public_jwk();
}
