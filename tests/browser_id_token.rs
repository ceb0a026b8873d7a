//! The id_token's signature check by WebCrypto, in real Chromium and Firefox: keys made
//! and tokens signed here with WebCrypto itself, the RFC 7515 examples, and the whole
//! check (key choice, signature, claims) over a token signed in the test.
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use classlink_portal::browser::random::PlatformRandom;
use classlink_portal::browser::webcrypto::{verify, WebCrypto};
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use oauth_public_client::id_token::jwk::{JwkSet, PublicKey};
use oauth_public_client::id_token::jws::CompactJws;
use oauth_public_client::id_token::verify::{verify_with, KeySource};
use oauth_public_client::id_token::{
    Expectations, IdToken, IdTokenProblem, KeysFailure, VerifiedIdToken,
};
use oauth_public_client::nonce::Nonce;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CryptoKey, SubtleCrypto};

wasm_bindgen_test_configure!(run_in_browser);

const A2_TOKEN: &str = concat!(
    "eyJhbGciOiJSUzI1NiJ9",
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw",
);
const A2_JWK: &str = r#"{"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
const A3_TOKEN: &str = concat!(
    "eyJhbGciOiJFUzI1NiJ9",
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
);
const A3_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;

#[derive(Clone, Copy)]
enum Kind {
    Rs256,
    Es256,
}

/// A key pair made by WebCrypto, and its public half as the app reads it from a JWK set.
struct TestKey {
    kind: Kind,
    private: CryptoKey,
    public_jwk: String,
}

fn subtle() -> SubtleCrypto {
    web_sys::window().unwrap().crypto().unwrap().subtle()
}

fn object(members: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in members {
        Reflect::set(&object, &JsValue::from_str(name), value).unwrap();
    }
    object
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> JsValue {
    JsFuture::from(promise.unwrap()).await.unwrap()
}

fn key_set(jwks: &[&str]) -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{}]}}"#, jwks.join(","))).unwrap()
}

fn only_key(jwk: &str) -> PublicKey {
    key_set(&[jwk]).keys.remove(0)
}

impl TestKey {
    async fn generate(kind: Kind) -> TestKey {
        let params = match kind {
            Kind::Rs256 => object(&[
                ("name", "RSASSA-PKCS1-v1_5".into()),
                ("modulusLength", 2048.into()),
                ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
                ("hash", "SHA-256".into()),
            ]),
            Kind::Es256 => object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
        };
        let usages = Array::of2(&"sign".into(), &"verify".into());
        let pair = settle(subtle().generate_key_with_object(&params, true, &usages)).await;
        let half = |name: &str| -> CryptoKey {
            Reflect::get(&pair, &name.into()).unwrap().unchecked_into()
        };
        let exported = settle(subtle().export_key("jwk", &half("publicKey"))).await;
        TestKey {
            kind,
            private: half("privateKey"),
            public_jwk: JSON::stringify(&exported).unwrap().into(),
        }
    }

    fn public_key(&self) -> PublicKey {
        only_key(&self.public_jwk)
    }

    async fn sign(&self, data: &[u8]) -> Vec<u8> {
        let params = match self.kind {
            Kind::Rs256 => object(&[("name", "RSASSA-PKCS1-v1_5".into())]),
            Kind::Es256 => object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
        };
        let signature =
            settle(subtle().sign_with_object_and_u8_array(&params, &self.private, data)).await;
        Uint8Array::new(&signature).to_vec()
    }
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    bytes[at] ^= 0x01;
    bytes
}

async fn check_signatures(kind: Kind) {
    let key = TestKey::generate(kind).await;
    let other = TestKey::generate(kind).await;
    let input = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI3In0";
    let signature = key.sign(input).await;
    let public = key.public_key();

    assert_eq!(verify(&public, input, &signature).await, Ok(true));
    for at in [0, signature.len() / 2, signature.len() - 1] {
        assert_eq!(
            verify(&public, input, &flipped(&signature, at)).await,
            Ok(false),
            "signature byte {at}"
        );
    }
    assert_eq!(
        verify(&public, &flipped(input, 5), &signature).await,
        Ok(false)
    );
    assert_eq!(
        verify(&other.public_key(), input, &signature).await,
        Ok(false)
    );
    assert_eq!(
        verify(&public, input, &signature[..signature.len() - 1]).await,
        Ok(false)
    );
    assert_eq!(verify(&public, input, &[]).await, Ok(false));
}

#[wasm_bindgen_test]
async fn rs256_signatures_verify_and_tampering_is_refused() {
    check_signatures(Kind::Rs256).await;
}

#[wasm_bindgen_test]
async fn es256_signatures_verify_and_tampering_is_refused() {
    check_signatures(Kind::Es256).await;
    // A DER-encoded ECDSA signature (what other APIs produce) is not ES256's r ‖ s.
    let key = TestKey::generate(Kind::Es256).await;
    let input = b"input";
    let raw = key.sign(input).await;
    let mut der = vec![0x30, 0x44, 0x02, 0x20];
    der.extend_from_slice(&raw[..32]);
    der.extend_from_slice(&[0x02, 0x20]);
    der.extend_from_slice(&raw[32..]);
    assert_eq!(verify(&key.public_key(), input, &der).await, Ok(false));
    assert_eq!(verify(&key.public_key(), input, &raw).await, Ok(true));
}

#[wasm_bindgen_test]
async fn the_rfc_7515_examples_verify() {
    for (token, jwk) in [(A2_TOKEN, A2_JWK), (A3_TOKEN, A3_JWK)] {
        let jws = CompactJws::parse(token).unwrap();
        let key = only_key(jwk);
        assert_eq!(
            verify(&key, jws.signing_input(), jws.signature()).await,
            Ok(true),
            "{}",
            jws.header.alg
        );
        assert_eq!(
            verify(&key, &flipped(jws.signing_input(), 30), jws.signature()).await,
            Ok(false)
        );
    }
    // Each example's signature under the other's key: a different type, refused.
    let a2 = CompactJws::parse(A2_TOKEN).unwrap();
    assert_eq!(
        verify(&only_key(A3_JWK), a2.signing_input(), a2.signature()).await,
        Ok(false)
    );
}

/// A key set handed out as is, as the provider's jwks_uri would.
struct Published(JwkSet);

impl KeySource for Published {
    async fn key_set(&self) -> Result<JwkSet, KeysFailure> {
        Ok(self.0.clone())
    }
}

async fn signed_token(key: &TestKey, header: &str, claims: &str) -> IdToken {
    let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
    let input = format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()));
    let signature = key.sign(input.as_bytes()).await;
    IdToken::new(format!("{input}.{}", b64(&signature)))
}

#[wasm_bindgen_test]
async fn a_token_signed_by_the_provider_passes_the_whole_check() {
    let rsa = TestKey::generate(Kind::Rs256).await;
    let ec = TestKey::generate(Kind::Es256).await;
    let with_kid = |jwk: &str, kid: &str| jwk.replacen('{', &format!(r#"{{"kid":"{kid}","#), 1);
    let published = Published(key_set(&[
        &with_kid(&rsa.public_jwk, "rsa-1"),
        &with_kid(&ec.public_jwk, "ec-1"),
    ]));
    let nonce = Nonce::new_random(&PlatformRandom).unwrap();
    let now = js_sys::Date::now() / 1000.0;
    let expected = Expectations {
        issuer: "http://127.0.0.1:8081",
        client_id: "demo-portal",
        nonce: Some(&nonce),
        now_s: now,
        sourced_id_claim: "classLink_sourcedId",
    };
    let claims = format!(
        r#"{{"iss":"http://127.0.0.1:8081","sub":"7","aud":"demo-portal","nonce":"{}","iat":{},"exp":{},"classLink_sourcedId":"s-7"}}"#,
        nonce.as_str(),
        now.floor(),
        now.floor() + 86_400.0
    );
    let accepted = Ok(VerifiedIdToken {
        subject: "7".into(),
        sourced_id: Some("s-7".into()),
    });
    for (key, header) in [
        (&rsa, r#"{"alg":"RS256","kid":"rsa-1","typ":"JWT"}"#),
        (&ec, r#"{"alg":"ES256","kid":"ec-1","typ":"JWT"}"#),
    ] {
        let token = signed_token(key, header, &claims).await;
        assert_eq!(
            verify_with(&token, &published, &WebCrypto, &expected).await,
            accepted,
            "{header}"
        );
    }
    // Signed by a key the provider does not publish, under a published kid.
    let stranger = TestKey::generate(Kind::Rs256).await;
    let forged = signed_token(&stranger, r#"{"alg":"RS256","kid":"rsa-1"}"#, &claims).await;
    assert_eq!(
        verify_with(&forged, &published, &WebCrypto, &expected).await,
        Err(IdTokenProblem::BadSignature)
    );
    // Well signed, but for another sign-in.
    let replayed = claims.replace(nonce.as_str(), &"x".repeat(43));
    let token = signed_token(&rsa, r#"{"alg":"RS256","kid":"rsa-1"}"#, &replayed).await;
    assert_eq!(
        verify_with(&token, &published, &WebCrypto, &expected).await,
        Err(IdTokenProblem::WrongNonce)
    );
}
