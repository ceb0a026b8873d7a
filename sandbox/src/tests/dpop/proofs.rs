//! Each proof check, through the whole stack, at the server whose request it fits: the
//! refusal names the check, and the record says the same.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::json as j;

use super::*;

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Valid token-endpoint claims.
fn claims() -> Value {
    let jti = crate::random::random_secret().expect("random");
    j!({"jti": jti, "htm": "POST", "htu": TOKEN_URL, "iat": now_s()})
}

/// Sends `proof` with a code exchange and returns the refusal's description; the code is then
/// redeemed with a good proof, so no refusal spent it.
async fn refused_at_token_endpoint(h: &Harness, proof: &str) -> String {
    let code = code(h).await;
    let description = token_error(exchange(h, &code, &[proof]).await, "invalid_dpop_proof").await;
    // Made by the sandbox's clock, which a test may have moved.
    let iat = (h.shared.clock.now_ms() / 1000) as i64;
    let good = DpopTestKey::generate().proof_at("POST", TOKEN_URL, None, None, iat);
    assert_eq!(exchange(h, &code, &[&good]).await.status(), StatusCode::OK);
    let records = records(h);
    let record = &records[records.len() - 2];
    assert_eq!(record.verdict, format!("invalid_dpop_proof: {description}"));
    description
}

#[tokio::test]
async fn header_checks() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let with = |name: &str, value: Value| {
        let mut header = key.header();
        header[name] = value;
        key.sign(&header, &claims())
    };
    assert_eq!(
        refused_at_token_endpoint(&h, &with("typ", j!("JWT"))).await,
        "typ must be dpop+jwt"
    );
    assert_eq!(
        refused_at_token_endpoint(&h, &with("alg", j!("RS256"))).await,
        "alg RS256 is not supported (only ES256)"
    );
    let mut jwk = key.public_jwk();
    jwk["d"] = j!(key.private_d());
    let description = refused_at_token_endpoint(&h, &with("jwk", jwk)).await;
    assert_eq!(description, "jwk contains a private key member");
    // The key was never read, so the record names none.
    assert_eq!(records(&h)[4].jkt, None);
}

#[tokio::test]
async fn alg_none_and_hs256() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let mut header = key.header();
    header["alg"] = j!("none");
    let unsigned = format!("{}.{}.", b64(&header), b64(&claims()));
    assert_eq!(
        refused_at_token_endpoint(&h, &unsigned).await,
        "alg none is not allowed"
    );
    header["alg"] = j!("HS256");
    let input = format!("{}.{}", b64(&header), b64(&claims()));
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key.public_jwk().to_string().as_bytes()).expect("key");
    mac.update(input.as_bytes());
    let hs256 = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );
    assert_eq!(
        refused_at_token_endpoint(&h, &hs256).await,
        "alg HS256 is not supported (only ES256)"
    );
}

#[tokio::test]
async fn a_bad_signature() {
    let h = enabled();
    let key = DpopTestKey::generate();
    // Signed by one key, naming another: the signature does not verify with the jwk.
    let thief = DpopTestKey::generate();
    let forged = thief.sign(&key.header(), &claims());
    assert_eq!(
        refused_at_token_endpoint(&h, &forged).await,
        "signature does not verify with jwk"
    );
    // The record names the key the proof claimed.
    assert_eq!(records(&h)[0].jkt, Some(key.jkt()));
}

#[tokio::test]
async fn method_and_url() {
    let h = enabled();
    let key = DpopTestKey::generate();
    assert_eq!(
        refused_at_token_endpoint(&h, &key.proof("GET", TOKEN_URL, None, None)).await,
        "htm GET does not match the request method POST"
    );
    let other = "http://sandbox.test:8081/oauth2/v2/revoke";
    assert_eq!(
        refused_at_token_endpoint(&h, &key.proof("POST", other, None, None)).await,
        format!("htu {other} does not match {TOKEN_URL}")
    );
    let other_port = "http://sandbox.test:8082/oauth2/v2/token";
    assert!(
        refused_at_token_endpoint(&h, &key.proof("POST", other_port, None, None))
            .await
            .starts_with("htu ")
    );
    // Compared without query and fragment, scheme and host without case, no default port.
    for htu in [
        format!("{TOKEN_URL}?x=1#y"),
        "HTTP://SANDBOX.TEST:8081/oauth2/v2/token".to_string(),
    ] {
        let response = exchange(&h, &code(&h).await, &[&key.proof("POST", &htu, None, None)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{htu}");
    }
}

#[tokio::test]
async fn the_api_compares_its_url_without_the_query() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    let path = "/v2/oneroster/my/classes?limit=2&offset=1";
    for htu in [api_url(path), api_url(MY_CLASSES)] {
        let proof = key.proof("GET", &htu, Some(&access), None);
        let response = api_get(&h, path, "DPoP", &access, &[&proof]).await;
        assert_eq!(response.status(), StatusCode::OK, "{htu}");
        assert_eq!(header_str(&response, "x-count"), Some("2"));
    }
    let proof = key.proof("GET", &api_url(INFO), Some(&access), None);
    let reason = api_challenge(
        api_get(&h, path, "DPoP", &access, &[&proof]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert!(reason.starts_with("htu "), "{reason}");
    let proof = key.proof("POST", &api_url(MY_CLASSES), Some(&access), None);
    let reason = api_challenge(
        api_get(&h, MY_CLASSES, "DPoP", &access, &[&proof]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert_eq!(reason, "htm POST does not match the request method GET");
}

#[tokio::test]
async fn iat_by_the_sandbox_clock() {
    let h = enabled();
    let key = DpopTestKey::generate();
    assert_eq!(
        refused_at_token_endpoint(
            &h,
            &key.proof_at("POST", TOKEN_URL, None, None, now_s() - 120)
        )
        .await,
        "iat is more than 60 s in the past"
    );
    assert_eq!(
        refused_at_token_endpoint(
            &h,
            &key.proof_at("POST", TOKEN_URL, None, None, now_s() + 120)
        )
        .await,
        "iat is more than 60 s in the future"
    );
    // The sandbox's clock counts, the one that expires tokens: a proof made "now" by the wall
    // clock is old once the sandbox's time has moved on.
    h.shared.clock.advance(Duration::from_secs(90));
    assert_eq!(
        refused_at_token_endpoint(&h, &token_proof(&key, None)).await,
        "iat is more than 60 s in the past"
    );
}

#[tokio::test]
async fn a_replayed_proof() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let proof = token_proof(&key, None);
    let code_1 = code(&h).await;
    assert_eq!(
        exchange(&h, &code_1, &[&proof]).await.status(),
        StatusCode::OK
    );
    let code_2 = code(&h).await;
    assert_eq!(
        token_error(exchange(&h, &code_2, &[&proof]).await, "invalid_dpop_proof").await,
        "jti replayed"
    );
    assert!(!h.shared.store().codes[&code_2].used);

    // At the API too: the same request, the same proof, once.
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    let proof = key.proof("GET", &api_url(INFO), Some(&access), None);
    let first = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    assert_eq!(
        api_challenge(again, "invalid_dpop_proof").await,
        "jti replayed"
    );
    let last = records(&h).pop().expect("record");
    assert_eq!(last.verdict, "invalid_dpop_proof: jti replayed");
    assert_eq!(last.proof, Some(proof));
    assert_eq!(last.path, INFO);
    assert_eq!(last.method, "GET");
}

#[tokio::test]
async fn ath_binds_the_proof_to_the_token() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    let other = field(&bound_tokens(&h, &key).await, "access_token");
    let url = api_url(INFO);
    let missing = key.proof("GET", &url, None, None);
    assert_eq!(
        api_challenge(
            api_get(&h, INFO, "DPoP", &access, &[&missing]).await,
            "invalid_dpop_proof"
        )
        .await,
        "ath is missing"
    );
    let wrong = key.proof("GET", &url, Some(&other), None);
    assert_eq!(
        api_challenge(
            api_get(&h, INFO, "DPoP", &access, &[&wrong]).await,
            "invalid_dpop_proof"
        )
        .await,
        "ath does not match the access token"
    );
    let right = key.proof("GET", &url, Some(&access), None);
    assert_eq!(
        api_get(&h, INFO, "DPoP", &access, &[&right]).await.status(),
        StatusCode::OK
    );
}
