//! Server-provided nonces (RFC 9449 §8, §9): each server demands its own, a retry with it is
//! accepted, the one before a rotation stays good, and a demand spends no code.

use std::time::Duration;

use super::*;

#[tokio::test]
async fn the_token_endpoint_demands_its_nonce_and_the_retry_is_accepted() {
    let h = dpop_harness(DpopFeatures {
        enabled: true,
        token_nonce: true,
        ..DpopFeatures::default()
    });
    let key = DpopTestKey::generate();
    let code = code(&h).await;
    let response = exchange(&h, &code, &[&token_proof(&key, None)]).await;
    let nonce = nonce_of(&response);
    assert!(nonce.len() >= 22, "at least 16 random bytes: {nonce}");
    assert_eq!(
        token_error(response, "use_dpop_nonce").await,
        "nonce is missing"
    );
    assert!(
        !h.shared.store().codes[&code].used,
        "a demand spends no code"
    );
    let response = exchange(&h, &code, &[&token_proof(&key, Some("made-up"))]).await;
    assert_eq!(nonce_of(&response), nonce);
    assert_eq!(
        token_error(response, "use_dpop_nonce").await,
        "nonce is not current"
    );

    let response = exchange(&h, &code, &[&token_proof(&key, Some(&nonce))]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(nonce_of(&response), nonce, "successes carry it too");
    assert_eq!(json(response).await["token_type"], "DPoP");
    let records = records(&h);
    assert_eq!(
        records.iter().map(|r| r.nonce.clone()).collect::<Vec<_>>(),
        [None, Some("made-up".into()), Some(nonce.clone())]
    );
    assert_eq!(records[0].verdict, "use_dpop_nonce: nonce is missing");
    // A request without DPoP is not asked for one: it gets Bearer tokens.
    let response = exchange(&h, &super::code(&h).await, &[]).await;
    assert!(response.headers().get("dpop-nonce").is_none());
    assert_eq!(json(response).await["token_type"], "Bearer");
}

#[tokio::test]
async fn the_api_demands_its_own_nonce() {
    let h = dpop_harness(DpopFeatures::all());
    let key = DpopTestKey::generate();
    let response = exchange(&h, &code(&h).await, &[&token_proof(&key, None)]).await;
    let token_nonce = nonce_of(&response);
    let response = exchange(
        &h,
        &code(&h).await,
        &[&token_proof(&key, Some(&token_nonce))],
    )
    .await;
    let access = field(&json(response).await, "access_token");

    let url = api_url(INFO);
    // The token endpoint's nonce is not the API's.
    let proof = key.proof("GET", &url, Some(&access), Some(&token_nonce));
    let response = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    let api_nonce = nonce_of(&response);
    assert_ne!(api_nonce, token_nonce);
    assert_eq!(
        header_str(&response, "www-authenticate"),
        Some("DPoP error=\"use_dpop_nonce\", algs=\"ES256\"")
    );
    assert_eq!(
        api_challenge(response, "use_dpop_nonce").await,
        "nonce is not current"
    );
    let proof = key.proof("GET", &url, Some(&access), None);
    let response = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    assert_eq!(nonce_of(&response), api_nonce);
    assert_eq!(
        api_challenge(response, "use_dpop_nonce").await,
        "nonce is missing"
    );

    let proof = key.proof("GET", &url, Some(&access), Some(&api_nonce));
    let response = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(nonce_of(&response), api_nonce);
    // And the API's nonce is no good at the token endpoint.
    let response = exchange(&h, &code(&h).await, &[&token_proof(&key, Some(&api_nonce))]).await;
    assert_eq!(
        token_error(response, "use_dpop_nonce").await,
        "nonce is not current"
    );
}

#[tokio::test]
async fn the_nonce_before_a_rotation_is_still_accepted() {
    let h = dpop_harness(DpopFeatures {
        enabled: true,
        token_nonce: true,
        ..DpopFeatures::default()
    });
    let key = DpopTestKey::generate();
    let first = nonce_of(&exchange(&h, &code(&h).await, &[&token_proof(&key, None)]).await);

    // Replaced after its lifetime by the sandbox's clock (proofs made by that clock too).
    h.shared.clock.advance(Duration::from_secs(6 * 60));
    let iat = || (h.shared.clock.now_ms() / 1000) as i64;
    let proof = |nonce: &str| key.proof_at("POST", TOKEN_URL, None, Some(nonce), iat());
    let response = exchange(&h, &code(&h).await, &[&proof(&first)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = nonce_of(&response);
    assert_ne!(second, first, "rotated; the old one was accepted");

    // A rotation on demand: the previous one still good, the one before it not.
    let now_ms = h.shared.clock.now_ms();
    let (third, _) = h.shared.store().dpop.rotate_nonces(now_ms).expect("random");
    assert_eq!(
        exchange(&h, &code(&h).await, &[&proof(&second)])
            .await
            .status(),
        StatusCode::OK
    );
    let response = exchange(&h, &code(&h).await, &[&proof(&first)]).await;
    assert_eq!(nonce_of(&response), third);
    assert_eq!(
        token_error(response, "use_dpop_nonce").await,
        "nonce is not current"
    );
}

#[tokio::test]
async fn nonces_wait_for_a_valid_proof_first() {
    let h = dpop_harness(DpopFeatures::all());
    let key = DpopTestKey::generate();
    // A proof that fails another check hears about that check, with the nonce for the retry.
    let response = exchange(
        &h,
        &code(&h).await,
        &[&key.proof("GET", TOKEN_URL, None, None)],
    )
    .await;
    assert!(response.headers().get("dpop-nonce").is_some());
    let description = token_error(response, "invalid_dpop_proof").await;
    assert!(description.starts_with("htm "), "{description}");
}
