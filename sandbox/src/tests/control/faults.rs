//! Every fault kind at least once, `times` counting, and target isolation.

use std::time::Duration;

use axum::http::StatusCode;
use http_body_util::BodyExt;
use serde_json::json as j;

use crate::control::faults::fault::{Fault, FaultKind, FaultTarget};

use crate::tests::harness::*;

const CLASSES: &str = "/ims/oneroster/v1p1/users/4801508017/classes";

async fn with_origin(h: &Harness, uri: &str, token: &str) -> Response<Body> {
    let request = Request::get(uri)
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    h.send(request).await
}

#[tokio::test]
async fn status_429_with_retry_after_then_normal() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.add_fault(Fault::times(
        FaultTarget::Classes,
        FaultKind::Status {
            status: 429,
            retry_after: Some(7),
        },
        1,
    ));
    let response = with_origin(&h, CLASSES, &token).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header_str(&response, "retry-after"), Some("7"));
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
    assert!(json(response).await["message"].is_string());
    assert!(h.shared.store().faults.is_empty(), "times: 1 is spent");
    assert_eq!(
        with_origin(&h, CLASSES, &token).await.status(),
        StatusCode::OK
    );

    // Without retry_after a 429 still says when to retry.
    h.shared.add_fault(Fault::times(
        FaultTarget::Classes,
        FaultKind::Status {
            status: 429,
            retry_after: None,
        },
        1,
    ));
    assert_eq!(
        header_str(&with_origin(&h, CLASSES, &token).await, "retry-after"),
        Some("1")
    );
}

#[tokio::test]
async fn status_bodies_per_target() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let cases = [
        (
            FaultTarget::Profile,
            500,
            "/v2/my/info",
            j!({"message": "Internal error"}),
        ),
        (
            FaultTarget::Profile,
            401,
            "/v2/my/info",
            j!({"message": "Unauthorized"}),
        ),
        (
            FaultTarget::Classes,
            403,
            CLASSES,
            j!({"message": "Forbidden"}),
        ),
        (
            FaultTarget::Classes,
            502,
            CLASSES,
            j!({"message": "Bad Gateway"}),
        ),
    ];
    for (target, status, uri, body) in cases {
        h.shared.add_fault(Fault::times(
            target,
            FaultKind::Status {
                status,
                retry_after: None,
            },
            1,
        ));
        let response = h.get_with_token(uri, &token).await;
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(json(response).await, body);
    }
    let code = h
        .sign_in("reading.student", None)
        .await
        .get("code")
        .expect("code")
        .to_string();
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::Status {
            status: 400,
            retry_after: None,
        },
        1,
    ));
    let response = h.exchange(&code, VERIFIER).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json(response).await,
        j!({"error": "invalid_grant", "error_description": "sandbox fault"})
    );
    // The faulted request never reached the handler: the code is still good.
    assert_eq!(h.exchange(&code, VERIFIER).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn html_instead_of_json() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared
        .add_fault(Fault::times(FaultTarget::Profile, FaultKind::Html, 1));
    let response = h.get_with_token("/v2/my/info", &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(text(response).await.starts_with("<!doctype html>"));
}

#[tokio::test]
async fn token_without_access_token() {
    let h = harness();
    let code = h
        .sign_in("reading.student", None)
        .await
        .get("code")
        .expect("code")
        .to_string();
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::NoAccessToken,
        1,
    ));
    let response = h.exchange(&code, VERIFIER).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    assert!(body.get("access_token").is_none());
    assert_eq!(body["token_type"], "Bearer");
}

#[tokio::test]
async fn malformed_json() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.add_fault(Fault::always(
        FaultTarget::Classes,
        FaultKind::MalformedJson,
    ));
    for _ in 0..2 {
        let response = h.get_with_token(CLASSES, &token).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_str(&response, "content-type"),
            Some("application/json")
        );
        assert_eq!(text(response).await, "{\"classes\": [");
    }
    assert_eq!(h.shared.store().faults.len(), 1, "no times: until cleared");
    h.shared.store().faults.clear();
    assert!(serde_json::from_str::<serde_json::Value>(
        &text(h.get_with_token(CLASSES, &token).await).await
    )
    .is_ok());
}

#[tokio::test]
async fn stall_then_normal() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::Stall { seconds: 0.3 },
        1,
    ));
    let started = tokio::time::Instant::now();
    let response = h.get_with_token("/v2/my/info", &token).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["DisplayName"], "Reading Student");
}

#[tokio::test]
async fn no_cors_strips_headers_including_preflight() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared
        .add_fault(Fault::times(FaultTarget::Profile, FaultKind::NoCors, 2));
    let preflight = Request::options("/v2/my/info")
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .expect("request");
    let response = h.send(preflight).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert!(response
        .headers()
        .get("access-control-allow-methods")
        .is_none());
    let response = with_origin(&h, "/v2/my/info", &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert!(response
        .headers()
        .get("access-control-expose-headers")
        .is_none());
    let response = with_origin(&h, "/v2/my/info", &token).await;
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
}

#[tokio::test]
async fn preflights_ignore_other_fault_kinds() {
    let h = harness();
    h.shared.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        1,
    ));
    let preflight = Request::options("/v2/my/info")
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .expect("request");
    assert_eq!(h.send(preflight).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(h.shared.store().faults.len(), 1);
}

/// `endless_body` on every target the app reads (config.json's is the app listener's, in
/// `hosting/app_files.rs`): a 200 JSON answer that starts like the route's own and is still
/// going past any plausible size cap.
#[tokio::test]
async fn endless_body_on_every_target_the_app_reads() {
    let h = harness_with_features(crate::SessionFeatures {
        refresh_tokens: true,
        ..crate::SessionFeatures::default()
    });
    let form = |pairs: &[(&str, &str)]| {
        Request::post("/oauth2/v2/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(pairs)))
            .expect("request")
    };
    let get = |uri: &str| Request::get(uri).body(Body::empty()).expect("request");
    let cases = [
        (
            FaultTarget::Discovery,
            get("/.well-known/openid-configuration"),
            "{\"scopes_supported\":[",
        ),
        (FaultTarget::Jwks, get("/oauth2/v2/jwks"), "{\"keys\":["),
        (
            FaultTarget::Token,
            form(&[("grant_type", "authorization_code"), ("code", "c")]),
            "{\"access_token\":\"",
        ),
        (
            FaultTarget::Refresh,
            form(&[("grant_type", "refresh_token"), ("refresh_token", "r")]),
            "{\"access_token\":\"",
        ),
        (
            FaultTarget::Profile,
            get("/v2/my/info"),
            "{\"DisplayName\":\"",
        ),
        (
            FaultTarget::Classes,
            get("/v2/oneroster/my/classes"),
            "{\"classes\":[",
        ),
        (
            FaultTarget::Teachers,
            get("/v2/oneroster/my/classes/33333/teachers"),
            "{\"teachers\":[",
        ),
    ];
    for (target, request, prefix) in cases {
        h.shared
            .add_fault(Fault::times(target, FaultKind::EndlessBody, 1));
        let response = h.send(request).await;
        assert_eq!(response.status(), StatusCode::OK, "{target:?}");
        assert_eq!(
            header_str(&response, "content-type"),
            Some("application/json")
        );
        let (received, _still_open) = read_at_least(response, ENDLESS_PAST).await;
        assert!(received.starts_with(prefix.as_bytes()), "{target:?}");
        assert!(h.shared.store().faults.is_empty(), "{target:?} spent it");
    }
}

/// `trickle_body` never ends either, but stays small: only a deadline stops a reader.
#[tokio::test]
async fn trickle_body_never_grows_large() {
    let h = harness();
    h.shared.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::TrickleBody,
        1,
    ));
    let response = h.get("/v2/my/info").await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut received = Vec::new();
    for _ in 0..5 {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .expect("a piece arrives")
            .expect("the body has not ended")
            .expect("no error");
        let data = frame.data_ref().expect("data");
        assert!(data.len() < 64, "a short piece: {} bytes", data.len());
        received.extend_from_slice(data);
    }
    assert!(received.starts_with(b"{\"DisplayName\":\""));
}

/// Either pace ends when the sandbox shuts down, so servers can stop.
#[tokio::test]
async fn a_never_ending_body_ends_with_the_sandbox() {
    for kind in [FaultKind::EndlessBody, FaultKind::TrickleBody] {
        let h = harness();
        h.shared
            .add_fault(Fault::times(FaultTarget::Classes, kind.clone(), 1));
        let response = h.get(CLASSES).await;
        let (_, mut body) = read_at_least(response, 1).await;
        h.shared.signal_shutdown();
        let end = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(frame) = body.frame().await {
                frame.expect("no error");
            }
        })
        .await;
        assert!(end.is_ok(), "{kind:?}");
    }
}

#[tokio::test]
async fn total_count_lies_verbatim() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    for value in ["100000", "-5", "abc", "3"] {
        h.shared.add_fault(Fault::times(
            FaultTarget::Classes,
            FaultKind::TotalCount {
                value: value.into(),
            },
            1,
        ));
        let response = h.get_with_token(CLASSES, &token).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_str(&response, "x-total-count"), Some(value));
        assert_eq!(header_str(&response, "x-count"), Some("7"));
    }
}

#[tokio::test]
async fn faults_only_hit_their_target_and_count_down() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        2,
    ));
    // A kind that cannot fire on its target is inert.
    h.shared.add_fault(Fault::always(
        FaultTarget::Token,
        FaultKind::TotalCount { value: "1".into() },
    ));
    assert_eq!(
        h.get_with_token(CLASSES, &token).await.status(),
        StatusCode::OK
    );
    assert_eq!(h.token_for("mateo.alvarez").await.len(), 43);
    assert_eq!(
        h.get("/oauth2/v2/auth").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(h.shared.store().faults[0].times, Some(2));
    assert_eq!(
        h.get_with_token("/v2/my/profileinfo", &token)
            .await
            .status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(h.shared.store().faults[0].times, Some(1));
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(h.shared.store().faults.len(), 1);
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::OK
    );
}
