//! End-session (RP-Initiated Logout 1.0): the hint, the redirect, the cookie, the record.

use axum::http::StatusCode;

use crate::tests::harness::*;
use crate::{EndSessionRequest, Fault, FaultKind, FaultTarget};

/// An id_token for `login`, bent by `fault` if given.
async fn id_token(h: &Harness, login: &str, fault: Option<FaultKind>) -> String {
    if let Some(kind) = fault {
        h.shared
            .add_fault(Fault::times(FaultTarget::IdToken, kind, 1));
    }
    h.token_response_for(login).await["id_token"]
        .as_str()
        .expect("id_token")
        .to_string()
}

async fn logout(h: &Harness, pairs: &[(&str, &str)], cookie: Option<&str>) -> Response<Body> {
    let mut request = Request::get(format!("/oauth2/v2/logout?{}", form(pairs)));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    h.send(request.body(Body::empty()).expect("request")).await
}

fn last_record(h: &Harness) -> EndSessionRequest {
    h.shared
        .store()
        .end_session_requests
        .last()
        .cloned()
        .expect("recorded")
}

async fn session_is_live(h: &Harness, cookie: &str) -> bool {
    let response = h.authorize(&[("prompt", "none")], Some(cookie)).await;
    callback_params(&response).get("code").is_some()
}

#[tokio::test]
async fn a_valid_request_ends_the_session_and_returns_with_state_only() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    let hint = id_token(&h, "reading.student", None).await;
    let response = logout(
        &h,
        &[
            ("id_token_hint", &hint),
            ("post_logout_redirect_uri", REDIRECT),
            ("state", "bye"),
        ],
        Some(&cookie),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{REDIRECT}?state=bye"));
    assert_eq!(
        header_str(&response, "set-cookie"),
        Some("sandbox_idp=; Max-Age=0; Path=/")
    );
    assert!(!session_is_live(&h, &cookie).await);
    assert_eq!(
        last_record(&h),
        EndSessionRequest {
            id_token_hint_sub: Some("1516492".into()),
            id_token_hint_valid: true,
            post_logout_redirect_uri: Some(REDIRECT.into()),
            state: Some("bye".into()),
            client_id: None,
            accepted: true,
        }
    );
}

#[tokio::test]
async fn without_a_redirect_uri_a_signed_out_page() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    let response = logout(&h, &[], Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "set-cookie"),
        Some("sandbox_idp=; Max-Age=0; Path=/")
    );
    assert!(text(response)
        .await
        .contains("You have signed out of the sandbox"));
    assert!(!session_is_live(&h, &cookie).await);
    // client_id alone names the client well enough for the redirect; no state, no query.
    let response = logout(
        &h,
        &[
            ("client_id", "demo-portal"),
            ("post_logout_redirect_uri", REDIRECT),
        ],
        None,
    )
    .await;
    assert_eq!(location(&response), REDIRECT);
}

#[tokio::test]
async fn expired_and_es256_hints_are_fine() {
    let h = harness();
    for fault in [FaultKind::Expired, FaultKind::Es256] {
        let hint = id_token(&h, "reading.student", Some(fault.clone())).await;
        let response = logout(
            &h,
            &[
                ("id_token_hint", &hint),
                ("post_logout_redirect_uri", REDIRECT),
            ],
            None,
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{fault:?}");
        assert!(last_record(&h).id_token_hint_valid);
    }
    // A hint signed before a rotation is still the sandbox's.
    let hint = id_token(&h, "reading.student", None).await;
    h.shared.rotate_key();
    let response = logout(&h, &[("id_token_hint", &hint)], None).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_hint_the_sandbox_did_not_sign_for_this_client_is_refused() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    let mut hints = Vec::new();
    for fault in [
        FaultKind::BadSignature,
        FaultKind::OtherIssuer,
        FaultKind::OtherAudience,
        FaultKind::AlgNone,
        FaultKind::Hs256PublicKey,
        FaultKind::UnknownKid,
    ] {
        hints.push(id_token(&h, "reading.student", Some(fault)).await);
    }
    hints.push("not.a.jwt".into());
    hints.push("garbage".into());
    for hint in &hints {
        let response = logout(
            &h,
            &[
                ("id_token_hint", hint),
                ("post_logout_redirect_uri", REDIRECT),
            ],
            Some(&cookie),
        )
        .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{hint}");
        assert!(header_str(&response, "location").is_none());
        assert!(header_str(&response, "set-cookie").is_none());
        assert!(text(response).await.contains("id_token_hint"));
        let record = last_record(&h);
        assert!(!record.id_token_hint_valid && !record.accepted);
        assert_eq!(record.id_token_hint_sub, None);
    }
    assert!(session_is_live(&h, &cookie).await);
}

#[tokio::test]
async fn the_redirect_must_be_registered_and_its_client_named() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    let hint = id_token(&h, "reading.student", None).await;
    let cases: [&[(&str, &str)]; 5] = [
        &[("post_logout_redirect_uri", REDIRECT)],
        &[
            ("id_token_hint", &hint),
            ("post_logout_redirect_uri", "http://localhost:8080/other"),
        ],
        &[
            ("client_id", "demo-portal"),
            ("post_logout_redirect_uri", "http://evil.example/"),
        ],
        &[
            ("client_id", "someone-else"),
            ("post_logout_redirect_uri", REDIRECT),
        ],
        &[("state", "a"), ("state", "b")],
    ];
    for pairs in cases {
        let response = logout(&h, pairs, Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{pairs:?}");
        assert!(header_str(&response, "location").is_none());
        assert!(!last_record(&h).accepted);
    }
    assert!(session_is_live(&h, &cookie).await);
    assert_eq!(h.shared.store().end_session_requests.len(), cases.len());
}
