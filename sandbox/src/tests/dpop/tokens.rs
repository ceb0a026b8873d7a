//! The token endpoint: a valid proof binds the tokens, no proof gets Bearer ones, a refused
//! proof spends no code, and with DPoP off nothing changes.

use super::*;

#[tokio::test]
async fn a_code_exchanged_with_a_proof_gives_tokens_bound_to_its_key() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let proof = token_proof(&key, None);
    let response = exchange(&h, &code(&h).await, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().get("dpop-nonce").is_none(),
        "no nonce asked"
    );
    let body = json(response).await;
    assert_eq!(body["token_type"], "DPoP");
    assert!(body.get("id_token").is_some());
    let access = field(&body, "access_token");
    // Opaque tokens: the binding is kept by the server, not in a cnf claim.
    assert_eq!(access.len(), 43);
    assert_eq!(h.shared.store().token_binding(&access), Some(key.jkt()));
    let refresh_token = field(&body, "refresh_token");
    assert_eq!(
        h.shared.store().refresh_tokens[&refresh_token].jkt,
        Some(key.jkt())
    );
    assert_eq!(
        records(&h),
        [DpopProofRecord {
            method: "POST".into(),
            path: "/oauth2/v2/token".into(),
            proof: Some(proof),
            jkt: Some(key.jkt()),
            verdict: "accepted".into(),
            nonce: None,
        }]
    );

    // The API serves it with a proof of that key.
    let response = dpop_get(&h, INFO, &access, &key).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["DisplayName"], "Reading Student");
    assert_eq!(verdicts(&h), ["accepted", "accepted"]);
}

#[tokio::test]
async fn without_a_dpop_header_the_tokens_are_bearer_tokens() {
    let h = enabled();
    let response = exchange(&h, &code(&h).await, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    let access = field(&body, "access_token");
    assert_eq!(h.shared.store().token_binding(&access), None);
    assert_eq!(
        h.get_with_token(INFO, &access).await.status(),
        StatusCode::OK
    );
    assert!(records(&h).is_empty());
}

#[tokio::test]
async fn a_refused_proof_spends_no_code() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let code = code(&h).await;
    let wrong_url = key.proof(
        "POST",
        "http://sandbox.test:8081/oauth2/v2/auth",
        None,
        None,
    );
    let description = token_error(
        exchange(&h, &code, &[&wrong_url]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert!(description.starts_with("htu "), "{description}");
    let twice = token_proof(&key, None);
    let description = token_error(
        exchange(&h, &code, &[&twice, &twice]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert_eq!(description, "more than one DPoP header");
    assert!(!h.shared.store().codes[&code].used);
    let response = exchange(&h, &code, &[&token_proof(&key, None)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["token_type"], "DPoP");
    let verdicts = verdicts(&h);
    assert!(
        verdicts[0].starts_with("invalid_dpop_proof: htu "),
        "{verdicts:?}"
    );
    assert_eq!(verdicts[1], "invalid_dpop_proof: more than one DPoP header");
    assert_eq!(verdicts[2], "accepted");
    assert_eq!(records(&h)[1].proof, Some(format!("{twice}, {twice}")));
}

#[tokio::test]
async fn a_valid_proof_with_a_bad_code_is_still_an_accepted_proof() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let description = token_error(
        exchange(&h, "no-such-code", &[&token_proof(&key, None)]).await,
        "invalid_grant",
    )
    .await;
    assert_eq!(description, "Unknown authorization code");
    assert_eq!(verdicts(&h), ["accepted"]);
}

#[tokio::test]
async fn with_dpop_off_a_proof_is_ignored_and_nothing_changes() {
    let h = dpop_harness(DpopFeatures::default());
    let key = DpopTestKey::generate();
    let proof = token_proof(&key, None);
    let response = exchange(&h, &code(&h).await, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("dpop-nonce").is_none());
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    let access = field(&body, "access_token");
    assert_eq!(h.shared.store().token_binding(&access), None);
    // The API knows only Bearer: the DPoP scheme is not a credential.
    let response = dpop_get(&h, INFO, &access, &key).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header_str(&response, "www-authenticate"),
        Some("Bearer realm=\"classlink-sandbox\"")
    );
    let response = api_get(&h, INFO, "Bearer", &access, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Recorded, so a test can see a page that sends DPoP to a server that never offered it.
    let records = records(&h);
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.verdict == "ignored: DPoP is off"));
    assert_eq!(records[0].jkt, Some(key.jkt()));
    assert_eq!(records[0].proof.as_deref(), Some(proof.as_str()));
}

#[tokio::test]
async fn a_proof_is_checked_before_the_form() {
    let h = enabled();
    let request = Request::post("/oauth2/v2/token")
        .header(header::CONTENT_TYPE, "application/json")
        .header("DPoP", "not-a-jws")
        .body(Body::from("{}"))
        .expect("request");
    let description = token_error(h.send(request).await, "invalid_dpop_proof").await;
    assert_eq!(description, "proof is not a compact JWS of three parts");
}
