//! The DPoP admin routes: the records and the nonces (the switches: `switches.rs`); loopback
//! only.

use super::*;

#[tokio::test]
async fn records_and_nonces_over_http() {
    let h = dpop_harness(DpopFeatures::all());
    let key = DpopTestKey::generate();
    let response = exchange(&h, &code(&h).await, &[&token_proof(&key, None)]).await;
    let nonce = nonce_of(&response);
    let listed = json(h.send(admin("GET", "/__sandbox/dpop-proofs", "")).await).await;
    let listed: Vec<DpopProofRecord> = serde_json::from_value(listed).expect("records");
    assert_eq!(listed, records(&h));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].verdict, "use_dpop_nonce: nonce is missing");
    let raw = json(h.send(admin("GET", "/__sandbox/dpop-proofs", "")).await).await;
    assert_eq!(
        raw[0]
            .as_object()
            .expect("object")
            .keys()
            .collect::<Vec<_>>(),
        ["jkt", "method", "nonce", "path", "proof", "verdict"]
    );

    let rotated = json(
        h.send(admin("POST", "/__sandbox/rotate-dpop-nonces", ""))
            .await,
    )
    .await;
    let (token, api) = (field(&rotated, "token"), field(&rotated, "api"));
    assert_ne!(token, nonce);
    assert_ne!(token, api);
    // The one replaced is still accepted.
    let response = exchange(&h, &code(&h).await, &[&token_proof(&key, Some(&nonce))]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(nonce_of(&response), token);

    let response = h.send(admin("DELETE", "/__sandbox/dpop-proofs", "")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(records(&h).is_empty());

    for (method, uri) in [
        ("GET", "/__sandbox/dpop-features"),
        ("POST", "/__sandbox/dpop-features"),
        ("GET", "/__sandbox/dpop-proofs"),
        ("DELETE", "/__sandbox/dpop-proofs"),
        ("POST", "/__sandbox/rotate-dpop-nonces"),
    ] {
        let response = h
            .send_from(admin(method, uri, "{}"), "192.168.1.20:40000")
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {uri}");
    }
    assert_eq!(h.shared.dpop_features(), DpopFeatures::all());
}
