//! The token endpoint: one success, and every refusal.

use std::time::Duration;

use axum::http::StatusCode;

use crate::tests::harness::*;

fn exchange_pairs(code: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "authorization_code".into()),
        ("code", code.into()),
        ("redirect_uri", REDIRECT.into()),
        ("client_id", "demo-portal".into()),
        ("code_verifier", VERIFIER.into()),
    ]
}

/// The exchange with `name` replaced or added (`Some`) or removed (`None`).
async fn exchange_with(
    h: &Harness,
    code: &str,
    name: &'static str,
    value: Option<&str>,
) -> Response<Body> {
    let mut pairs: Vec<(&str, String)> = exchange_pairs(code)
        .into_iter()
        .filter(|(k, _)| *k != name)
        .collect();
    if let Some(value) = value {
        pairs.push((name, value.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.post_form("/oauth2/v2/token", &borrowed).await
}

#[tokio::test]
async fn a_wrong_verifier_is_refused_and_spends_the_code() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    let other = "a".repeat(43);
    let description = oauth_error(
        exchange_with(&h, &code, "code_verifier", Some(&other)).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(description.contains("code_verifier"));
    // Single-use means single attempt: the right verifier now comes too late.
    oauth_error(
        h.exchange(&code, VERIFIER).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn malformed_or_missing_verifiers_are_refused() {
    let h = harness();
    let short = &VERIFIER[..42];
    let plus = format!("{}+", &VERIFIER[..42]);
    let long = "a".repeat(129);
    for verifier in [
        None,
        Some(short),
        Some(plus.as_str()),
        Some(long.as_str()),
        Some(CHALLENGE),
    ] {
        let code = h.code_for("reading.student").await;
        oauth_error(
            exchange_with(&h, &code, "code_verifier", verifier).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
    }
}

#[tokio::test]
async fn a_reused_code_fails_and_revokes_its_tokens() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    let first = h.exchange(&code, VERIFIER).await;
    assert_eq!(first.status(), StatusCode::OK);
    let token = json(first).await["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::OK
    );

    let description = oauth_error(
        h.exchange(&code, VERIFIER).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(description.contains("already used"));
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Another user's token is untouched.
    let other = h.token_for("mateo.alvarez").await;
    assert_eq!(
        h.get_with_token("/v2/my/info", &other).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    h.shared.clock.advance(Duration::from_secs(5 * 60 + 1));
    let description = oauth_error(
        h.exchange(&code, VERIFIER).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(description.contains("expired"));
}

#[tokio::test]
async fn a_code_just_inside_five_minutes_works() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    h.shared.clock.advance(Duration::from_secs(4 * 60 + 50));
    assert_eq!(h.exchange(&code, VERIFIER).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn redirect_uri_must_equal_the_bound_one() {
    let h = harness();
    for redirect in [
        Some("http://127.0.0.1:8080/"),
        Some("http://localhost:8080"),
        None,
    ] {
        let code = h.code_for("reading.student").await;
        let description = oauth_error(
            exchange_with(&h, &code, "redirect_uri", redirect).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
        assert!(description.contains("redirect_uri"));
    }
}

#[tokio::test]
async fn client_authentication_failures_are_401_invalid_client() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    oauth_error(
        exchange_with(&h, &code, "client_id", Some("someone-else")).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    oauth_error(
        exchange_with(&h, &code, "client_id", None).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    let description = oauth_error(
        exchange_with(&h, &code, "client_secret", Some("s3cret")).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    assert!(description.contains("public client must not send a secret"));
    // An empty client_secret is still a secret being sent.
    oauth_error(
        exchange_with(&h, &code, "client_secret", Some("")).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    let pairs = exchange_pairs(&code);
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let request = Request::post("/oauth2/v2/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::AUTHORIZATION, "Basic ZGVtby1wb3J0YWw6eA==")
        .body(Body::from(form(&borrowed)))
        .expect("request");
    oauth_error(
        h.send(request).await,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
    )
    .await;
    // None of that spent the code.
    assert_eq!(h.exchange(&code, VERIFIER).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_body_must_be_a_form() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    let body = form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
        ("client_id", "demo-portal"),
        ("code_verifier", VERIFIER),
    ]);
    for content_type in [
        Some("application/json"),
        Some("text/plain"),
        Some("multipart/form-data"),
        None,
    ] {
        let mut request = Request::post("/oauth2/v2/token");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = h
            .send(request.body(Body::from(body.clone())).expect("request"))
            .await;
        oauth_error(response, StatusCode::BAD_REQUEST, "invalid_request").await;
    }
    // JSON with the same fields is no better.
    let request = Request::post("/oauth2/v2/token")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"grant_type": "authorization_code", "code": code}).to_string(),
        ))
        .expect("request");
    oauth_error(
        h.send(request).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    // With `charset` the form is fine.
    let request = Request::post("/oauth2/v2/token")
        .header(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded;charset=UTF-8",
        )
        .body(Body::from(body))
        .expect("request");
    assert_eq!(h.send(request).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn grant_type_code_and_repeats() {
    let h = harness();
    let code = h.code_for("reading.student").await;
    oauth_error(
        exchange_with(&h, &code, "grant_type", Some("refresh_token")).await,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
    )
    .await;
    oauth_error(
        exchange_with(&h, &code, "grant_type", Some("client_credentials")).await,
        StatusCode::BAD_REQUEST,
        "unsupported_grant_type",
    )
    .await;
    oauth_error(
        exchange_with(&h, &code, "grant_type", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    oauth_error(
        exchange_with(&h, &code, "code", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    oauth_error(
        exchange_with(&h, &code, "code", Some("not-a-code")).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let mut pairs = exchange_pairs(&code);
    pairs.push(("code", code.clone()));
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    oauth_error(
        h.post_form("/oauth2/v2/token", &borrowed).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    // Still unspent after all those.
    assert_eq!(h.exchange(&code, VERIFIER).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn tokens_live_24_hours_by_default() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    h.shared.clock.advance(Duration::from_secs(24 * 3600 - 5));
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::OK
    );
    h.shared.clock.advance(Duration::from_secs(10));
    assert_eq!(
        h.get_with_token("/v2/my/info", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn token_lifetime_flag_adds_expires_in_and_expires() {
    let mut options = Options::new(Seed::default_seed());
    options.token_lifetime = Some(Duration::from_secs(60));
    let h = harness_with(options);
    let code = h.code_for("reading.student").await;
    let body = json(h.exchange(&code, VERIFIER).await).await;
    assert_eq!(body["expires_in"], 60);
    let token = body["access_token"].as_str().expect("token");
    assert_eq!(
        h.get_with_token("/v2/my/info", token).await.status(),
        StatusCode::OK
    );
    h.shared.clock.advance(Duration::from_secs(61));
    let response = h.get_with_token("/v2/my/info", token).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        json(response).await,
        serde_json::json!({"message": "Unauthorized"})
    );
}

/// `header_unsafe_token`: the answer's token holds what no header can carry, and is the token
/// issued (live, and in the leak-check list); a refresh token so bent still refreshes when
/// sent in a form, where it can travel.
#[tokio::test]
async fn header_unsafe_tokens_are_issued_as_answered() {
    use crate::{Fault, FaultKind, FaultTarget, RefreshOutcome, SessionFeatures, TokenField};
    let h = harness_with_features(SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    });
    let unsafe_token = |target, field, text: &str| {
        Fault::times(
            target,
            FaultKind::HeaderUnsafeToken {
                field,
                text: text.into(),
            },
            1,
        )
    };
    for text in ["€", " ", "\n"] {
        h.shared.add_fault(unsafe_token(
            FaultTarget::Token,
            TokenField::AccessToken,
            text,
        ));
        let body = h.token_response_for("reading.student").await;
        let access = body["access_token"].as_str().expect("access_token");
        assert!(access.contains(text), "{access:?}");
        assert!(
            !access
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~+/=".contains(c)),
            "not an RFC 6750 b64token"
        );
        assert!(h.shared.store().tokens.contains_key(access));
        assert!(h.shared.store().issued.iter().any(|t| t == access));
        assert!(!body["refresh_token"]
            .as_str()
            .expect("refresh")
            .contains(text));
    }

    // On the refresh target, the code exchange is untouched; the refresh's answer is bent.
    h.shared.add_fault(unsafe_token(
        FaultTarget::Refresh,
        TokenField::RefreshToken,
        "€",
    ));
    let first = h.token_response_for("reading.student").await;
    let refresh_1 = first["refresh_token"].as_str().expect("refresh");
    assert!(!refresh_1.contains('€'));
    let refreshed = |token: String| {
        let h = &h;
        async move {
            let response = h
                .post_form(
                    "/oauth2/v2/token",
                    &[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", &token),
                        ("client_id", "demo-portal"),
                    ],
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            json(response).await
        }
    };
    let second = refreshed(refresh_1.to_string()).await;
    let refresh_2 = second["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    assert!(refresh_2.contains('€'), "{refresh_2:?}");
    assert!(!second["access_token"]
        .as_str()
        .expect("access")
        .contains('€'));
    refreshed(refresh_2).await;
    assert_eq!(
        outcomes(&h),
        [RefreshOutcome::Rotated, RefreshOutcome::Rotated]
    );
    assert!(h.shared.store().faults.is_empty());
}

#[tokio::test]
async fn header_unsafe_token_faults_are_checked_when_armed() {
    let h = harness();
    h.assert_fault_admission(&[
        (r#"{"target":"token","kind":"header_unsafe_token"}"#, 201),
        (
            r#"{"target":"refresh","kind":"header_unsafe_token","field":"refresh_token","text":" "}"#,
            201,
        ),
        (
            r#"{"target":"token","kind":"header_unsafe_token","text":"\n"}"#,
            201,
        ),
        (
            r#"{"target":"token","kind":"header_unsafe_token","text":"abc"}"#,
            400,
        ),
        (
            r#"{"target":"token","kind":"header_unsafe_token","text":""}"#,
            400,
        ),
        (
            r#"{"target":"token","kind":"header_unsafe_token","field":"id_token"}"#,
            400,
        ),
        (r#"{"target":"profile","kind":"header_unsafe_token"}"#, 400),
    ])
    .await;
    let armed = json(h.send(admin("GET", "/__sandbox/faults", "")).await).await;
    assert_eq!(armed[0]["field"], "access_token");
    assert_eq!(armed[0]["text"], "€");
}
