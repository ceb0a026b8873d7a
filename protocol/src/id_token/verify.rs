//! The steps of an id_token check, in the order that keeps each safe:
//!
//! 1. parse the compact JWS; refuse `none`, HMAC and unknown algorithms, before any key is
//!    fetched;
//! 2. fetch the provider's key set and choose the key (by `kid`); on an unknown key fetch
//!    the set once more (the provider may have just rotated), then give up;
//! 3. verify the signature with that key's algorithm;
//! 4. only then read the claims and check them.
//!
//! The fetching and the cryptography are the platform's, behind two small traits (ports),
//! so the sequence itself is tested natively with stand-ins.

use std::future::Future;

use super::algorithm::Algorithm;
use super::claims::{check_claims, Expectations, VerifiedIdToken};
use super::jwk::{JwkSet, PublicKey};
use super::jws::CompactJws;
use super::key_choice::choose_key;
use super::problem::{IdTokenProblem, KeysFailure};
use super::raw::IdToken;

/// Where the provider's keys come from (port). Each call fetches them anew (no cache may
/// answer): the second call, after an unknown `kid`, must see a rotation.
pub trait KeySource {
    /// The provider's key set, read with [`JwkSet::from_json`].
    fn key_set(&self) -> impl Future<Output = Result<JwkSet, KeysFailure>>;
}

/// What checks a signature (port): in a browser, WebCrypto.
pub trait SignatureVerifier {
    /// Whether `signature` over `signing_input` was made with `key`, under the key's
    /// algorithm ([`PublicKey::algorithm`]; an ES256 signature is r ‖ s, 64 bytes).
    fn verify(
        &self,
        key: &PublicKey,
        signing_input: &[u8],
        signature: &[u8],
    ) -> impl Future<Output = Result<bool, IdTokenProblem>>;
}

/// Checks `token` with the given key source and verifier.
#[inline]
pub async fn verify_with(
    token: &IdToken,
    keys: &impl KeySource,
    verifier: &impl SignatureVerifier,
    expected: &Expectations<'_>,
) -> Result<VerifiedIdToken, IdTokenProblem> {
    let jws = CompactJws::parse(token.secret())?;
    let alg = Algorithm::from_header(&jws.header.alg)?;
    let kid = jws.header.kid.as_deref();
    let unavailable = IdTokenProblem::KeysUnavailable;

    let published = keys.key_set().await.map_err(unavailable)?;
    let refetched;
    let key = match choose_key(&published, kid, alg) {
        Err(IdTokenProblem::UnknownKey) => {
            refetched = keys.key_set().await.map_err(unavailable)?;
            choose_key(&refetched, kid, alg)?
        }
        chosen => chosen?,
    };
    if !verifier
        .verify(key, jws.signing_input(), jws.signature())
        .await?
    {
        return Err(IdTokenProblem::BadSignature);
    }
    check_claims(jws.verified_payload(), expected)
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;

    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::json;

    use super::super::jwk::tests::{ec_entry, rsa_entry, set};
    use super::*;
    use crate::nonce::Nonce;
    use crate::testing::run;

    /// Key sets to hand out, one per call, counting calls.
    struct Published {
        answers: RefCell<VecDeque<Result<JwkSet, KeysFailure>>>,
        calls: Cell<usize>,
    }

    impl Published {
        fn new(answers: impl IntoIterator<Item = Result<JwkSet, KeysFailure>>) -> Self {
            Published {
                answers: RefCell::new(answers.into_iter().collect()),
                calls: Cell::new(0),
            }
        }
    }

    impl KeySource for Published {
        async fn key_set(&self) -> Result<JwkSet, KeysFailure> {
            self.calls.set(self.calls.get() + 1);
            self.answers
                .borrow_mut()
                .pop_front()
                .expect("no more key sets than answers")
        }
    }

    /// "Verifies" a signature that reads `good`, and says which key it was asked about.
    #[derive(Default)]
    struct Verifier {
        asked_with: RefCell<Option<PublicKey>>,
    }

    impl SignatureVerifier for Verifier {
        async fn verify(
            &self,
            key: &PublicKey,
            _signing_input: &[u8],
            signature: &[u8],
        ) -> Result<bool, IdTokenProblem> {
            *self.asked_with.borrow_mut() = Some(key.clone());
            Ok(signature == b"good")
        }
    }

    const NOW: f64 = 1_700_000_000.0;

    fn nonce() -> Nonce {
        Nonce::from_stored("n".repeat(43)).unwrap()
    }

    fn token(header: serde_json::Value, signature: &[u8]) -> IdToken {
        let claims = json!({
            "iss": "http://127.0.0.1:8081", "sub": "7", "aud": "demo-portal",
            "nonce": "n".repeat(43), "iat": NOW, "exp": NOW + 86_400.0,
            "classLink_sourcedId": "s-7",
        });
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        IdToken::new(format!(
            "{}.{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes()),
            b64(signature)
        ))
    }

    fn check(
        token: &IdToken,
        keys: &Published,
        verifier: &Verifier,
    ) -> Result<VerifiedIdToken, IdTokenProblem> {
        let nonce = nonce();
        let expected = Expectations {
            issuer: "http://127.0.0.1:8081",
            client_id: "demo-portal",
            nonce: Some(&nonce),
            now_s: NOW,
            sourced_id_claim: "classLink_sourcedId",
        };
        run(verify_with(token, keys, verifier, &expected))
    }

    fn rotated_keys() -> JwkSet {
        set(&[rsa_entry(r#","kid":"old""#), ec_entry(r#","kid":"new""#)])
    }

    #[test]
    fn a_good_token_verifies_with_the_key_it_names() {
        let keys = Published::new([Ok(rotated_keys())]);
        let verifier = Verifier::default();
        let token = token(json!({"alg": "ES256", "kid": "new"}), b"good");
        assert_eq!(
            check(&token, &keys, &verifier),
            Ok(VerifiedIdToken {
                subject: "7".into(),
                sourced_id: Some("s-7".into())
            })
        );
        assert_eq!(keys.calls.get(), 1);
        assert_eq!(
            verifier.asked_with.borrow().as_ref(),
            Some(&rotated_keys().keys[1])
        );
    }

    #[test]
    fn refuses_none_and_hmac_before_fetching_any_key() {
        for alg in ["none", "HS256", "PS256"] {
            let keys = Published::new([]);
            let token = token(json!({"alg": alg, "kid": "old"}), b"good");
            assert_eq!(
                check(&token, &keys, &Verifier::default()),
                Err(IdTokenProblem::UnsupportedAlgorithm),
                "{alg}"
            );
            assert_eq!(keys.calls.get(), 0);
        }
    }

    #[test]
    fn an_unknown_kid_refetches_the_keys_once() {
        let before = set(&[rsa_entry(r#","kid":"old""#)]);
        let keys = Published::new([Ok(before.clone()), Ok(rotated_keys())]);
        let token = token(json!({"alg": "ES256", "kid": "new"}), b"good");
        assert!(check(&token, &keys, &Verifier::default()).is_ok());
        assert_eq!(keys.calls.get(), 2);

        let keys = Published::new([Ok(before.clone()), Ok(before)]);
        assert_eq!(
            check(&token, &keys, &Verifier::default()),
            Err(IdTokenProblem::UnknownKey)
        );
        assert_eq!(keys.calls.get(), 2);
    }

    #[test]
    fn a_key_of_another_algorithm_is_not_refetched() {
        let keys = Published::new([Ok(rotated_keys())]);
        let token = token(json!({"alg": "RS256", "kid": "new"}), b"good");
        assert_eq!(
            check(&token, &keys, &Verifier::default()),
            Err(IdTokenProblem::AlgorithmMismatch)
        );
        assert_eq!(keys.calls.get(), 1);
    }

    #[test]
    fn keys_that_cannot_be_had_are_reported() {
        let token = token(json!({"alg": "RS256", "kid": "x"}), b"good");
        let keys = Published::new([Err(KeysFailure::Http(503))]);
        assert_eq!(
            check(&token, &keys, &Verifier::default()),
            Err(IdTokenProblem::KeysUnavailable(KeysFailure::Http(503)))
        );
        let keys = Published::new([Ok(rotated_keys()), Err(KeysFailure::Network)]);
        assert_eq!(
            check(&token, &keys, &Verifier::default()),
            Err(IdTokenProblem::KeysUnavailable(KeysFailure::Network))
        );
    }

    #[test]
    fn a_bad_signature_is_refused_before_the_claims_are_read() {
        let keys = Published::new([Ok(rotated_keys())]);
        let token = token(json!({"alg": "RS256", "kid": "old"}), b"forged");
        assert_eq!(
            check(&token, &keys, &Verifier::default()),
            Err(IdTokenProblem::BadSignature)
        );
        // Claims that would not even parse are never looked at without a signature.
        let b64 = |text: &str| URL_SAFE_NO_PAD.encode(text);
        let unreadable = IdToken::new(format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"old"}"#),
            b64("not json"),
            b64("forged")
        ));
        let keys = Published::new([Ok(rotated_keys())]);
        assert_eq!(
            check(&unreadable, &keys, &Verifier::default()),
            Err(IdTokenProblem::BadSignature)
        );
    }

    #[test]
    fn a_malformed_token_fetches_nothing() {
        let keys = Published::new([]);
        assert_eq!(
            check(
                &IdToken::new("not.a-token".into()),
                &keys,
                &Verifier::default()
            ),
            Err(IdTokenProblem::Malformed)
        );
        assert_eq!(keys.calls.get(), 0);
    }
}
