//! Token revocation (RFC 7009): access tokens, refresh families, unknown tokens, refusals and
//! the `revocation` faults.

use axum::http::StatusCode;
use serde_json::Value;

use crate::tests::harness::*;
use crate::{Fault, FaultKind, FaultTarget, Revocation, RevokedKind, SessionFeatures};

/// A form's pairs.
type Form<'a> = &'a [(&'a str, &'a str)];

fn refreshing() -> Harness {
    harness_with_features(SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    })
}

async fn revoke(h: &Harness, pairs: &[(&str, &str)]) -> Response<Body> {
    h.post_form("/oauth2/v2/revoke", pairs).await
}

async fn revoke_token(h: &Harness, token: &str, hint: Option<&str>) -> Response<Body> {
    let mut pairs = vec![("token", token), ("client_id", "demo-portal")];
    if let Some(hint) = hint {
        pairs.push(("token_type_hint", hint));
    }
    revoke(h, &pairs).await
}

fn kinds(h: &Harness) -> Vec<RevokedKind> {
    h.shared
        .store()
        .revocations
        .iter()
        .map(|r| r.kind)
        .collect()
}

async fn assert_ok_and_empty(response: Response<Body>) {
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    assert_eq!(text(response).await, "");
}

#[tokio::test]
async fn an_access_token_stops_working() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let other = h.token_for("mateo.alvarez").await;
    assert_ok_and_empty(revoke_token(&h, &token, Some("access_token")).await).await;
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        h.get_with_token("/v2/my/info", &other).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        h.shared.store().revocations,
        [Revocation {
            client_id: Some("demo-portal".into()),
            token_type_hint: Some("access_token".into()),
            kind: RevokedKind::Access,
        }]
    );
}

#[tokio::test]
async fn a_refresh_token_takes_its_family_with_it_whatever_the_hint() {
    let h = refreshing();
    let body = h.token_response_for("reading.student").await;
    let access = body["access_token"].as_str().expect("access");
    let refresh = body["refresh_token"].as_str().expect("refresh");
    // A wrong hint only says where to look first.
    assert_ok_and_empty(revoke_token(&h, refresh, Some("access_token")).await).await;
    assert_eq!(
        h.get_with_token("/v2/my/info", access).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let response = h
        .post_form(
            "/oauth2/v2/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh),
                ("client_id", "demo-portal"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(kinds(&h), [RevokedKind::Refresh]);
}

#[tokio::test]
async fn unknown_tokens_and_hints_still_answer_200() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    assert_ok_and_empty(revoke_token(&h, "never-issued", None).await).await;
    assert_ok_and_empty(revoke_token(&h, &token, Some("id_token")).await).await;
    // Revoked twice: the second time it is nothing the sandbox knows.
    assert_ok_and_empty(revoke_token(&h, &token, Some("refresh_token")).await).await;
    assert_eq!(
        kinds(&h),
        [
            RevokedKind::Unknown,
            RevokedKind::Access,
            RevokedKind::Unknown
        ]
    );
    assert_eq!(
        h.shared.store().revocations[1].token_type_hint.as_deref(),
        Some("id_token")
    );
}

#[tokio::test]
async fn refusals_are_oauth_errors_and_revoke_nothing() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let cases: [(Form, StatusCode, &str); 5] = [
        (
            &[("token", &token)],
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            &[("token", &token), ("client_id", "someone-else")],
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            &[
                ("token", &token),
                ("client_id", "demo-portal"),
                ("client_secret", ""),
            ],
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            &[("client_id", "demo-portal")],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            &[
                ("token", &token),
                ("token", &token),
                ("client_id", "demo-portal"),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ];
    for (pairs, status, error) in cases {
        let response = revoke(&h, pairs).await;
        assert_eq!(response.status(), status, "{pairs:?}");
        let body: Value = json(response).await;
        assert_eq!(body["error"], error, "{pairs:?}");
    }
    let request = Request::post("/oauth2/v2/revoke")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::AUTHORIZATION, "Basic ZGVtby1wb3J0YWw6eA==")
        .body(Body::from(form(&[
            ("token", &token),
            ("client_id", "demo-portal"),
        ])))
        .expect("request");
    assert_eq!(h.send(request).await.status(), StatusCode::UNAUTHORIZED);
    let request = Request::post("/oauth2/v2/revoke")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"token":"x","client_id":"demo-portal"}"#))
        .expect("request");
    assert_eq!(h.send(request).await.status(), StatusCode::BAD_REQUEST);
    assert!(h.shared.store().revocations.is_empty());
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn revocation_faults_and_cors() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.add_fault(Fault::times(
        FaultTarget::Revocation,
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        1,
    ));
    let response = revoke_token(&h, &token, None).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::OK,
        "a failed revocation revoked nothing"
    );
    h.shared
        .add_fault(Fault::times(FaultTarget::Revocation, FaultKind::Html, 1));
    let response = revoke_token(&h, &token, None).await;
    assert_eq!(
        header_str(&response, "content-type"),
        Some("text/html; charset=utf-8")
    );

    // The app's origin may call it; a no_cors fault takes that away once.
    let request = || {
        Request::post("/oauth2/v2/revoke")
            .header(header::ORIGIN, APP_ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("token", "x"),
                ("client_id", "demo-portal"),
            ])))
            .expect("request")
    };
    let response = h.send(request()).await;
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
    h.shared
        .add_fault(Fault::times(FaultTarget::Revocation, FaultKind::NoCors, 1));
    let response = h.send(request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_str(&response, "access-control-allow-origin").is_none());

    for bad in [
        r#"{"target":"revocation","kind":"malformed_json"}"#,
        r#"{"target":"revocation","kind":"endless_body"}"#,
        r#"{"target":"revocation","kind":"no_access_token"}"#,
    ] {
        let request = Request::post("/__sandbox/faults")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(bad))
            .expect("request");
        assert_eq!(
            h.send(request).await.status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}
