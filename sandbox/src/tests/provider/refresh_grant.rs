//! Refresh tokens: off by default, rotation, reuse revoking the family, the `refresh_reused`
//! fault, narrowing the scope.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;

use crate::tests::harness::*;
use crate::{Fault, FaultKind, FaultTarget, RefreshGrant, RefreshOutcome, SessionFeatures};

fn refreshing() -> Harness {
    harness_with_features(SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    })
}

async fn refresh(h: &Harness, token: &str, extra: &[(&str, &str)]) -> Response<Body> {
    let mut pairs = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", token),
        ("client_id", "demo-portal"),
    ];
    pairs.extend_from_slice(extra);
    h.post_form("/oauth2/v2/token", &pairs).await
}

fn field(body: &Value, name: &str) -> String {
    body[name].as_str().expect(name).to_string()
}

async fn info_status(h: &Harness, token: &str) -> StatusCode {
    h.get_with_token("/v2/my/info", token).await.status()
}

#[tokio::test]
async fn off_by_default_no_refresh_token_and_no_refresh_grant() {
    let h = harness();
    let body = h.token_response_for("reading.student").await;
    assert!(body.get("refresh_token").is_none());
    let description = oauth_error(
        refresh(&h, "anything", &[]).await,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
    )
    .await;
    assert_eq!(
        description,
        "Only grant_type=authorization_code is supported"
    );
    assert!(h.shared.store().refresh_grants.is_empty());
}

#[tokio::test]
async fn a_refresh_rotates_both_tokens() {
    let mut options = Options::new(Seed::default_seed());
    options.token_lifetime = Some(Duration::from_secs(60));
    options.session_features.refresh_tokens = true;
    let h = harness_with(options);
    let first = h.token_response_for("reading.student").await;
    let refresh_1 = field(&first, "refresh_token");
    assert_eq!(refresh_1.len(), 43);
    assert!(first.get("id_token").is_some());

    let response = refresh(&h, &refresh_1, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    let second = json(response).await;
    assert_eq!(second["token_type"], "Bearer");
    assert_eq!(second["expires_in"], 60);
    assert!(second.get("id_token").is_none());
    let (access_2, refresh_2) = (
        field(&second, "access_token"),
        field(&second, "refresh_token"),
    );
    assert_ne!(refresh_2, refresh_1);
    assert_ne!(access_2, field(&first, "access_token"));
    assert_eq!(info_status(&h, &access_2).await, StatusCode::OK);
    let info = json(h.get_with_token("/v2/my/info", &access_2).await).await;
    assert_eq!(info["Email"], "reading.student@demo.local");
    // Same lifetime rules as the code exchange.
    h.shared.clock.advance(Duration::from_secs(61));
    assert_eq!(info_status(&h, &access_2).await, StatusCode::UNAUTHORIZED);
    // The new refresh token works in turn.
    assert_eq!(refresh(&h, &refresh_2, &[]).await.status(), StatusCode::OK);
    let issued = h.shared.store().issued.clone();
    for secret in [&refresh_1, &refresh_2, &access_2] {
        assert!(issued.contains(secret));
    }
    assert_eq!(
        h.shared.store().refresh_grants[0],
        RefreshGrant {
            outcome: RefreshOutcome::Rotated,
            presented: refresh_1.clone(),
        }
    );
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_its_family() {
    let h = refreshing();
    let first = h.token_response_for("reading.student").await;
    let (access_1, refresh_1) = (
        field(&first, "access_token"),
        field(&first, "refresh_token"),
    );
    let second = json(refresh(&h, &refresh_1, &[]).await).await;
    let (access_2, refresh_2) = (
        field(&second, "access_token"),
        field(&second, "refresh_token"),
    );
    // Another family, untouched by what follows.
    let other = h.token_response_for("mateo.alvarez").await;

    let description = oauth_error(
        refresh(&h, &refresh_1, &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(
        description,
        "refresh token was already used; its family is revoked"
    );
    assert_eq!(info_status(&h, &access_2).await, StatusCode::UNAUTHORIZED);
    assert_eq!(info_status(&h, &access_1).await, StatusCode::UNAUTHORIZED);
    oauth_error(
        refresh(&h, &refresh_2, &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(
        info_status(&h, &field(&other, "access_token")).await,
        StatusCode::OK
    );
    assert_eq!(
        refresh(&h, &field(&other, "refresh_token"), &[])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        outcomes(&h),
        [
            RefreshOutcome::Rotated,
            RefreshOutcome::Reused,
            RefreshOutcome::Unknown,
            RefreshOutcome::Rotated
        ]
    );
}

#[tokio::test]
async fn the_refresh_reused_fault_answers_as_a_detected_reuse() {
    let h = refreshing();
    let first = h.token_response_for("reading.student").await;
    let (access_1, refresh_1) = (
        field(&first, "access_token"),
        field(&first, "refresh_token"),
    );
    h.shared.add_fault(Fault::times(
        FaultTarget::Token,
        FaultKind::RefreshReused,
        1,
    ));
    // A code exchange does not spend it.
    let other = h.token_response_for("mateo.alvarez").await;
    assert_eq!(h.shared.store().faults.len(), 1);
    let description = oauth_error(
        refresh(&h, &refresh_1, &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(description.contains("already used"));
    assert_eq!(info_status(&h, &access_1).await, StatusCode::UNAUTHORIZED);
    assert!(h.shared.store().faults.is_empty());
    assert_eq!(
        refresh(&h, &field(&other, "refresh_token"), &[])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        outcomes(&h),
        [RefreshOutcome::Reused, RefreshOutcome::Rotated]
    );
}

/// A `refresh` fault hits refresh grants only: the code exchanges around it are untouched and
/// leave it armed, while a `token` fault hits whichever token request comes first.
#[tokio::test]
async fn refresh_faults_spare_the_code_exchange() {
    let h = refreshing();
    h.shared.add_fault(Fault::times(
        FaultTarget::Refresh,
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        1,
    ));
    h.shared.add_fault(Fault::times(
        FaultTarget::Refresh,
        FaultKind::NoAccessToken,
        1,
    ));
    let first = h.token_response_for("reading.student").await;
    assert_eq!(h.shared.store().faults.len(), 2, "the exchange spent none");
    let refresh_1 = field(&first, "refresh_token");

    let failed = refresh(&h, &refresh_1, &[]).await;
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let empty = json(refresh(&h, &refresh_1, &[]).await).await;
    assert!(empty.get("access_token").is_none(), "{empty}");
    assert!(h.shared.store().faults.is_empty());
    // Neither reached the grant: the refresh token is still unspent.
    assert!(outcomes(&h).is_empty());
    let rotated = refresh(&h, &refresh_1, &[]).await;
    assert_eq!(rotated.status(), StatusCode::OK);

    // The handler's own refresh kinds too, and a `token` fault still meets a refresh.
    h.shared.add_fault(Fault::times(
        FaultTarget::Refresh,
        FaultKind::RefreshReused,
        1,
    ));
    let second = h.token_response_for("mateo.alvarez").await;
    assert_eq!(h.shared.store().faults.len(), 1);
    oauth_error(
        refresh(&h, &field(&second, "refresh_token"), &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let third = h.token_response_for("no.oneroster").await;
    h.shared
        .add_fault(Fault::times(FaultTarget::Token, FaultKind::Html, 1));
    let html = refresh(&h, &field(&third, "refresh_token"), &[]).await;
    assert_eq!(
        header_str(&html, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        outcomes(&h),
        [RefreshOutcome::Rotated, RefreshOutcome::Reused]
    );
}

/// Over HTTP: the admin route takes `refresh` with the kinds of `token` (and refuses the rest).
#[tokio::test]
async fn the_refresh_target_over_http() {
    let h = refreshing();
    h.assert_fault_admission(&[
        (
            r#"{"target":"refresh","kind":"stall","seconds":2,"times":1}"#,
            201,
        ),
        (r#"{"target":"refresh","kind":"endless_body"}"#, 201),
        (r#"{"target":"refresh","kind":"secret_required"}"#, 201),
        (r#"{"target":"refresh","kind":"dpop_nonce_loop"}"#, 201),
        (
            r#"{"target":"refresh","kind":"total_count","value":1}"#,
            400,
        ),
        (r#"{"target":"refresh","kind":"stale_jwks"}"#, 400),
    ])
    .await;
}

#[tokio::test]
async fn a_refresh_may_narrow_the_scope_but_not_widen_it() {
    let h = refreshing();
    let first = h.token_response_for("reading.student").await;
    let refresh_1 = field(&first, "refresh_token");
    let description = oauth_error(
        refresh(&h, &refresh_1, &[("scope", "profile full")]).await,
        StatusCode::BAD_REQUEST,
        "invalid_scope",
    )
    .await;
    assert!(description.contains("full"), "{description}");
    // Refused without spending the token.
    let narrowed = json(refresh(&h, &refresh_1, &[("scope", "profile")]).await).await;
    let access = field(&narrowed, "access_token");
    assert_eq!(info_status(&h, &access).await, StatusCode::OK);
    assert_eq!(
        h.get_with_token("/v2/oneroster/my/classes", &access)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // The new refresh token keeps the original scope.
    let widened_back = json(
        refresh(
            &h,
            &field(&narrowed, "refresh_token"),
            &[("scope", "oneroster profile")],
        )
        .await,
    )
    .await;
    assert_eq!(
        h.get_with_token(
            "/v2/oneroster/my/classes",
            &field(&widened_back, "access_token")
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        outcomes(&h),
        [
            RefreshOutcome::Refused,
            RefreshOutcome::Rotated,
            RefreshOutcome::Rotated
        ]
    );
}

#[tokio::test]
async fn client_checks_and_missing_or_unknown_tokens() {
    let h = refreshing();
    let first = h.token_response_for("reading.student").await;
    let refresh_1 = field(&first, "refresh_token");
    oauth_error(
        refresh(&h, &refresh_1, &[("client_secret", "s3cret")]).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_1.as_str()),
        ("client_id", "someone-else"),
    ];
    oauth_error(
        h.post_form("/oauth2/v2/token", &pairs).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    oauth_error(
        refresh(&h, "", &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    oauth_error(
        refresh(&h, "never-issued", &[]).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(
        outcomes(&h),
        [
            RefreshOutcome::Refused,
            RefreshOutcome::Refused,
            RefreshOutcome::Refused,
            RefreshOutcome::Unknown
        ]
    );
    // None of that spent it.
    assert_eq!(refresh(&h, &refresh_1, &[]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_reused_code_revokes_its_refresh_family_too() {
    let h = refreshing();
    let callback = h.sign_in("reading.student", Some("s")).await;
    let code = callback.get("code").expect("code");
    let first = json(h.exchange(code, VERIFIER).await).await;
    let second = json(refresh(&h, &field(&first, "refresh_token"), &[]).await).await;
    assert_eq!(
        h.exchange(code, VERIFIER).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        info_status(&h, &field(&second, "access_token")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&h, &field(&second, "refresh_token"), &[])
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}
