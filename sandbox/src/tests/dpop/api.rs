//! The API with a bound token: the DPoP scheme and a proof of the bound key, on every route
//! that takes a token; a Bearer token keeps working as before.

use super::*;

const CLASSES: &str = "/ims/oneroster/v1p1/users/4801508017/classes";
const TEACHERS: &str = "/v2/oneroster/my/classes/33301/teachers";

#[tokio::test]
async fn every_token_route_serves_a_bound_token_with_a_proof() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    for path in [INFO, "/v2/my/profileinfo", MY_CLASSES, CLASSES, TEACHERS] {
        let response = dpop_get(&h, path, &access, &key).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header_str(&response, "access-control-allow-origin"),
            Some(APP_ORIGIN)
        );
    }
    // The handlers still judge the token: scope and ownership as for Bearer.
    let response = dpop_get(
        &h,
        "/ims/oneroster/v1p1/users/0000000000/classes",
        &access,
        &key,
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let query_token = format!("{INFO}?access_token={access}");
    let response = dpop_get(&h, &query_token, &access, &key).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_bound_token_under_the_bearer_scheme_is_refused() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    for path in [INFO, MY_CLASSES, TEACHERS] {
        let reason = api_challenge(
            api_get(&h, path, "Bearer", &access, &[]).await,
            "invalid_token",
        )
        .await;
        assert_eq!(
            reason,
            "a DPoP-bound token must be sent with the DPoP scheme"
        );
    }
    // Even with a good proof alongside.
    let proof = key.proof("GET", &api_url(INFO), Some(&access), None);
    api_challenge(
        api_get(&h, INFO, "Bearer", &access, &[&proof]).await,
        "invalid_token",
    )
    .await;
    // Only requests that carried a proof or the DPoP scheme are recorded.
    assert_eq!(records(&h).len(), 2);
    assert_eq!(
        records(&h)[1].verdict,
        "invalid_token: a DPoP-bound token must be sent with the DPoP scheme"
    );
}

#[tokio::test]
async fn a_stolen_token_with_another_key_is_refused() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let thief = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    let reason = api_challenge(dpop_get(&h, INFO, &access, &thief).await, "invalid_token").await;
    assert_eq!(
        reason,
        "the DPoP proof's key is not the key the token is bound to"
    );
    let record = records(&h).pop().expect("record");
    assert_eq!(record.jkt, Some(thief.jkt()));
    assert!(record.verdict.starts_with("invalid_token: "));
}

#[tokio::test]
async fn the_dpop_scheme_without_a_proof_is_refused() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    let reason = api_challenge(
        api_get(&h, INFO, "DPoP", &access, &[]).await,
        "invalid_dpop_proof",
    )
    .await;
    assert_eq!(reason, "DPoP proof is missing");
    let record = records(&h).pop().expect("record");
    assert_eq!(record.proof, None);
    assert_eq!(record.verdict, "invalid_dpop_proof: DPoP proof is missing");
    // The scheme name is case-insensitive.
    let proof = key.proof("GET", &api_url(INFO), Some(&access), None);
    let response = api_get(&h, INFO, "dpop", &access, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unbound_token_keeps_the_bearer_scheme() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let bearer = h.token_for("reading.student").await;
    let response = h.get_with_token(INFO, &bearer).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("dpop-nonce").is_none());
    // Under the DPoP scheme it is refused, even with a fine proof of some key.
    let reason = api_challenge(dpop_get(&h, INFO, &bearer, &key).await, "invalid_token").await;
    assert!(reason.contains("not DPoP-bound"), "{reason}");
    // A proof sent with a Bearer token is not looked at.
    let proof = key.proof("GET", "http://elsewhere.test/", None, None);
    let response = api_get(&h, INFO, "Bearer", &bearer, &[&proof]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let last = records(&h).pop().expect("record");
    assert!(last.verdict.starts_with("ignored: "), "{}", last.verdict);
    assert_eq!(last.jkt, Some(key.jkt()));
}

#[tokio::test]
async fn unknown_expired_and_revoked_bound_tokens() {
    let mut options = Options::new(Seed::default_seed());
    options.dpop_features.enabled = true;
    options.token_lifetime = Some(std::time::Duration::from_secs(60));
    let h = harness_with(options);
    let key = DpopTestKey::generate();
    let reason = api_challenge(
        dpop_get(&h, INFO, "never-issued", &key).await,
        "invalid_token",
    )
    .await;
    assert_eq!(reason, "the access token is unknown or expired");
    // Under Bearer an unknown token is what it always was.
    let response = h.get_with_token(INFO, "never-issued").await;
    assert_eq!(
        header_str(&response, "www-authenticate"),
        Some("Bearer realm=\"classlink-sandbox\"")
    );
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    h.shared.clock.advance(std::time::Duration::from_secs(61));
    // A proof made by the sandbox's (advanced) clock, so only the token is stale.
    let iat = (h.shared.clock.now_ms() / 1000) as i64;
    let proof = key.proof_at("GET", &api_url(INFO), Some(&access), None, iat);
    let reason = api_challenge(
        api_get(&h, INFO, "DPoP", &access, &[&proof]).await,
        "invalid_token",
    )
    .await;
    assert_eq!(reason, "the access token is unknown or expired");
}

#[tokio::test]
async fn turning_dpop_off_stops_enforcing_bindings() {
    let h = enabled();
    let key = DpopTestKey::generate();
    let access = field(&bound_tokens(&h, &key).await, "access_token");
    h.shared.store().dpop.features = DpopFeatures::default();
    // A server that knows nothing of DPoP takes the token as a bearer token.
    assert_eq!(
        h.get_with_token(INFO, &access).await.status(),
        StatusCode::OK
    );
    assert_eq!(h.shared.store().token_binding(&access), Some(key.jkt()));
    h.shared.store().dpop.features.enabled = true;
    assert_eq!(
        h.get_with_token(INFO, &access).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
