//! The switches: discovery names DPoP only while it is on, and the admin route sets them.

use serde_json::json as j;

use super::*;

#[tokio::test]
async fn discovery_advertises_es256_only_when_enabled() {
    let h = dpop_harness(DpopFeatures::default());
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert!(doc.get("dpop_signing_alg_values_supported").is_none());
    // A nonce switch alone offers nothing.
    h.shared.store().dpop.features = DpopFeatures {
        token_nonce: true,
        api_nonce: true,
        ..DpopFeatures::default()
    };
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert!(doc.get("dpop_signing_alg_values_supported").is_none());
    h.shared.store().dpop.features = DpopFeatures::all();
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert_eq!(doc["dpop_signing_alg_values_supported"], j!(["ES256"]));
    assert_eq!(doc["token_endpoint"], TOKEN_URL);
}

#[tokio::test]
async fn switches_over_http() {
    let h = dpop_harness(DpopFeatures::default());
    let get = json(h.send(admin("GET", "/__sandbox/dpop-features", "")).await).await;
    assert_eq!(
        get,
        j!({"enabled": false, "token_nonce": false, "api_nonce": false})
    );
    let response = h
        .send(admin(
            "POST",
            "/__sandbox/dpop-features",
            r#"{"enabled":true,"api_nonce":true}"#,
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let expected = DpopFeatures {
        enabled: true,
        api_nonce: true,
        ..DpopFeatures::default()
    };
    assert_eq!(json(response).await, j!(expected));
    assert_eq!(h.shared.dpop_features(), expected);
    for bad in ["nope", r#"{"enabled":"yes"}"#, r#"{"nonce":true}"#] {
        let response = h.send(admin("POST", "/__sandbox/dpop-features", bad)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(json(response).await["message"]
            .as_str()
            .expect("message")
            .starts_with("Bad DPoP features"));
    }
    assert_eq!(h.shared.dpop_features(), expected);
    // The session switches are another set.
    assert!(h.shared.session_features().refresh_tokens);
}
