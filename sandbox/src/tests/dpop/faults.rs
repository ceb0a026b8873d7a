//! The DPoP faults: a downgrade to Bearer, a nonce that never sticks, a nonce the page cannot
//! read.

use crate::control::faults::fault::{Fault, FaultKind, FaultTarget};

use super::*;

#[tokio::test]
async fn dpop_downgrade_answers_bearer_to_a_valid_proof() {
    let h = enabled();
    let key = DpopTestKey::generate();
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::DpopDowngrade,
        1,
    ));
    // Not spent without a proof, nor by a refused one.
    let plain = json(exchange(&h, &code(&h).await, &[]).await).await;
    assert_eq!(plain["token_type"], "Bearer");
    let wrong = key.proof("GET", TOKEN_URL, None, None);
    token_error(
        exchange(&h, &code(&h).await, &[&wrong]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert_eq!(h.shared.store().faults.len(), 1);

    let response = exchange(&h, &code(&h).await, &[&token_proof(&key, None)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    let access = field(&body, "access_token");
    assert_eq!(h.shared.store().token_binding(&access), None);
    assert_eq!(
        h.shared.store().refresh_tokens[&field(&body, "refresh_token")].jkt,
        None
    );
    assert_eq!(
        h.get_with_token(INFO, &access).await.status(),
        StatusCode::OK
    );
    assert!(h.shared.store().faults.is_empty());
    assert_eq!(
        verdicts(&h).last().map(String::as_str),
        Some("ignored: dpop_downgrade fault (Bearer tokens issued)")
    );
    // Spent: the next proof binds again.
    bound_tokens(&h, &key).await;
}

#[tokio::test]
async fn dpop_nonce_loop_asks_again_even_with_the_current_nonce() {
    let h = dpop_harness(DpopFeatures {
        enabled: true,
        token_nonce: true,
        ..DpopFeatures::default()
    });
    let key = DpopTestKey::generate();
    let code = code(&h).await;
    let mut nonce = nonce_of(&exchange(&h, &code, &[&token_proof(&key, None)]).await);
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::DpopNonceLoop,
        2,
    ));
    for _ in 0..2 {
        let response = exchange(&h, &code, &[&token_proof(&key, Some(&nonce))]).await;
        let fresh = nonce_of(&response);
        assert_ne!(fresh, nonce, "a fresh nonce every time");
        let description = token_error(response, "use_dpop_nonce").await;
        assert!(description.contains("dpop_nonce_loop"), "{description}");
        nonce = fresh;
    }
    assert!(h.shared.store().faults.is_empty());
    assert!(!h.shared.store().codes[&code].used);
    let response = exchange(&h, &code, &[&token_proof(&key, Some(&nonce))]).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn dpop_nonce_loop_works_without_the_nonce_switch_and_at_the_api() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    h.shared.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::DpopNonceLoop,
        1,
    ));
    // Another route family is not affected.
    assert_eq!(
        dpop_get(&h, MY_CLASSES, &access, &key).await.status(),
        StatusCode::OK
    );
    let response = dpop_get(&h, INFO, &access, &key).await;
    let nonce = nonce_of(&response);
    api_challenge(response, "use_dpop_nonce").await;
    // The API does not require nonces, so the retry is fine with or without it.
    let proof = key.proof("GET", &api_url(INFO), Some(&access), Some(&nonce));
    let response = api_get(&h, INFO, "DPoP", &access, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("dpop-nonce").is_none());
}

#[tokio::test]
async fn dpop_nonce_hidden_leaves_the_nonce_out_of_the_exposed_headers() {
    let h = dpop_harness(DpopFeatures::all());
    let key = DpopTestKey::generate();
    let exposed = |response: &Response<Body>| {
        header_str(response, "access-control-expose-headers")
            .expect("exposed")
            .to_string()
    };
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::DpopNonceHidden,
        1,
    ));
    let code = code(&h).await;
    let response = exchange(&h, &code, &[&token_proof(&key, None)]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // Sent, but not readable by the page.
    let nonce = nonce_of(&response);
    assert_eq!(
        exposed(&response),
        "x-total-count, x-count, retry-after, www-authenticate"
    );
    assert!(h.shared.store().faults.is_empty());
    let response = exchange(&h, &code, &[&token_proof(&key, Some(&nonce))]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(exposed(&response).contains("dpop-nonce"));
    let access = field(&json(response).await, "access_token");

    // At the API: spent only by a nonce demand.
    h.shared.add_fault(Fault::times(
        FaultTarget::Classes,
        FaultKind::DpopNonceHidden,
        1,
    ));
    let response = dpop_get(&h, MY_CLASSES, &access, &key).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(!exposed(&response).contains("dpop-nonce"));
    assert!(exposed(&response).contains("www-authenticate"));
    let api_nonce = nonce_of(&response);
    let proof = key.proof("GET", &api_url(MY_CLASSES), Some(&access), Some(&api_nonce));
    let response = api_get(&h, MY_CLASSES, "DPoP", &access, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(exposed(&response).contains("dpop-nonce"));
}

#[tokio::test]
async fn dpop_faults_over_http_and_their_targets() {
    let h = enabled();
    let admin = |body: &str| {
        Request::post("/__sandbox/faults")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request")
    };
    for body in [
        r#"{"target":"token","kind":"dpop_downgrade","times":1}"#,
        r#"{"target":"token","kind":"dpop_nonce_loop","times":2}"#,
        r#"{"target":"profile","kind":"dpop_nonce_loop"}"#,
        r#"{"target":"classes","kind":"dpop_nonce_hidden","times":1}"#,
        r#"{"target":"teachers","kind":"dpop_nonce_hidden","times":1}"#,
    ] {
        assert_eq!(
            h.send(admin(body)).await.status(),
            StatusCode::CREATED,
            "{body}"
        );
    }
    for body in [
        r#"{"target":"profile","kind":"dpop_downgrade"}"#,
        r#"{"target":"jwks","kind":"dpop_nonce_loop"}"#,
        r#"{"target":"revocation","kind":"dpop_nonce_hidden"}"#,
    ] {
        assert_eq!(
            h.send(admin(body)).await.status(),
            StatusCode::BAD_REQUEST,
            "{body}"
        );
    }
    assert_eq!(h.shared.store().faults.len(), 5);
}
