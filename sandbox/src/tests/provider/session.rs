//! The provider session: its cookie, `prompt`, `sso`, the `silent_refused` fault, the session
//! switches over HTTP and in discovery.

use axum::http::StatusCode;
use serde_json::json as j;

use crate::tests::harness::*;
use crate::{Fault, FaultKind, FaultTarget, SessionFeatures};

fn sso() -> SessionFeatures {
    SessionFeatures {
        sso: true,
        ..SessionFeatures::default()
    }
}

/// Asserts a callback error (with `state` and `iss`) and returns its description.
fn callback_error(response: &Response<Body>, error: &str) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let params = callback_params(response);
    assert_eq!(params.get("error"), Some(error));
    assert_eq!(params.get("state"), Some("s2"));
    assert_eq!(params.get("iss"), Some(ISSUER));
    assert!(params.get("code").is_none());
    params
        .get("error_description")
        .unwrap_or_default()
        .to_string()
}

/// Asserts a code came back at once, and that it is `login`'s.
async fn code_for(h: &Harness, response: &Response<Body>, login: &str) {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = location(response);
    assert!(location.starts_with(REDIRECT), "{location}");
    let params = callback_params(response);
    assert_eq!(params.get("state"), Some("s2"));
    assert_eq!(params.get("iss"), Some(ISSUER));
    let code = params.get("code").expect("code");
    assert_eq!(h.shared.store().codes[code].login, login);
    assert_eq!(h.exchange(code, VERIFIER).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn allow_starts_an_http_only_provider_session_and_deny_does_not() {
    let h = harness();
    let mut fields = decision_fields(Some("s"));
    fields.push(("login", "reading.student"));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    let cookie = header_str(&response, "set-cookie").expect("set-cookie");
    let (pair, attributes) = cookie.split_once("; ").expect("attributes");
    let secret = pair.strip_prefix("sandbox_idp=").expect("name");
    assert_eq!(secret.len(), 43);
    assert_eq!(attributes, "Path=/; HttpOnly; SameSite=Lax");
    assert_eq!(h.shared.store().idp_sessions[secret], "reading.student");
    // With every switch off the leak-check list is as it always was: the code only.
    assert_eq!(h.shared.store().issued.len(), 1);

    let mut fields = decision_fields(Some("s"));
    fields.push(("login", "reading.student"));
    fields.push(("decision", "deny"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert!(header_str(&response, "set-cookie").is_none());

    // A new sign-in in the same browser replaces its session.
    let mut fields = decision_fields(Some("s"));
    fields.push(("login", "mateo.alvarez"));
    fields.push(("decision", "allow"));
    let request = Request::post("/oauth2/v2/auth/decision")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, pair)
        .body(Body::from(form(&fields)))
        .expect("request");
    h.send(request).await;
    let sessions = h.shared.store().idp_sessions.clone();
    assert_eq!(sessions.len(), 1);
    assert!(sessions.values().all(|login| login == "mateo.alvarez"));
}

#[tokio::test]
async fn with_a_switch_on_the_session_secret_is_checked_for_leaks() {
    let h = harness_with_features(sso());
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    let secret = cookie.strip_prefix("sandbox_idp=").expect("cookie");
    assert!(h.shared.store().issued.iter().any(|s| s == secret));
}

#[tokio::test]
async fn prompt_none_answers_from_the_provider_session_even_with_every_switch_off() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("mateo.alvarez").await;
    let response = h.authorize(&[("prompt", "none")], Some(&cookie)).await;
    code_for(&h, &response, "mateo.alvarez").await;

    // No cookie, an unknown one, or a session ended since: login_required.
    let description = callback_error(
        &h.authorize(&[("prompt", "none")], None).await,
        "login_required",
    );
    assert_eq!(description, "No provider session");
    callback_error(
        &h.authorize(&[("prompt", "none")], Some("sandbox_idp=forged"))
            .await,
        "login_required",
    );
    crate::provider::session::end_all(&h.shared);
    callback_error(
        &h.authorize(&[("prompt", "none")], Some(&cookie)).await,
        "login_required",
    );
}

#[tokio::test]
async fn prompt_none_with_another_value_is_invalid_and_unknown_values_are_ignored() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    for prompt in ["none login", "login none", "none whatever"] {
        let description = callback_error(
            &h.authorize(&[("prompt", prompt)], Some(&cookie)).await,
            "invalid_request",
        );
        assert!(description.contains("prompt=none"), "{description}");
    }
    let page = h.authorize(&[("prompt", "whatever")], Some(&cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    // Client and redirect errors still get a page, prompt or not.
    let mut pairs = auth_params(Some("s"));
    pairs.retain(|(k, _)| *k != "client_id");
    pairs.push(("client_id", "someone-else"));
    pairs.push(("prompt", "none"));
    let response = h.get(&auth_uri(&pairs)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(header_str(&response, "location").is_none());
}

#[tokio::test]
async fn sso_answers_a_plain_request_from_the_session_unless_prompt_asks_for_the_page() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    // Off: the page, although the session is live.
    assert_eq!(
        h.authorize(&[], Some(&cookie)).await.status(),
        StatusCode::OK
    );

    h.shared.store().session_features = sso();
    let response = h.authorize(&[], Some(&cookie)).await;
    code_for(&h, &response, "reading.student").await;
    for prompt in ["login", "consent", "select_account"] {
        let page = h.authorize(&[("prompt", prompt)], Some(&cookie)).await;
        assert_eq!(page.status(), StatusCode::OK, "{prompt}");
        assert!(text(page).await.contains("id=\"allow\""));
    }
    assert_eq!(h.authorize(&[], None).await.status(), StatusCode::OK);
    crate::provider::session::end_all(&h.shared);
    assert_eq!(
        h.authorize(&[], Some(&cookie)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_silent_refused_fault_answers_its_error_once() {
    let h = harness();
    let (_, cookie) = h.sign_in_with_session("reading.student").await;
    h.shared.add_fault(Fault::times(
        FaultTarget::Authorize,
        FaultKind::SilentRefused {
            error: "consent_required".into(),
        },
        1,
    ));
    // A request with a page to show does not spend it.
    assert_eq!(
        h.authorize(&[("prompt", "login")], Some(&cookie))
            .await
            .status(),
        StatusCode::OK
    );
    callback_error(
        &h.authorize(&[("prompt", "none")], Some(&cookie)).await,
        "consent_required",
    );
    let response = h.authorize(&[("prompt", "none")], Some(&cookie)).await;
    code_for(&h, &response, "reading.student").await;

    for (body, status) in [
        (
            r#"{"target":"authorize","kind":"silent_refused","error":"interaction_required"}"#,
            StatusCode::CREATED,
        ),
        (
            r#"{"target":"authorize","kind":"silent_refused","error":"access_denied"}"#,
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"target":"authorize","kind":"silent_refused"}"#,
            StatusCode::BAD_REQUEST,
        ),
        (
            r#"{"target":"token","kind":"silent_refused","error":"login_required"}"#,
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let response = h.send(admin("POST", "/__sandbox/faults", body)).await;
        assert_eq!(response.status(), status, "{body}");
    }
    callback_error(
        &h.authorize(&[("prompt", "none")], Some(&cookie)).await,
        "interaction_required",
    );
}

#[tokio::test]
async fn session_switches_and_provider_sessions_over_http() {
    let h = harness();
    let get = json(
        h.send(admin("GET", "/__sandbox/session-features", ""))
            .await,
    )
    .await;
    assert_eq!(get, j!(SessionFeatures::default()));
    let response = h
        .send(admin(
            "POST",
            "/__sandbox/session-features",
            r#"{"sso":true,"revocation":true}"#,
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let expected = SessionFeatures {
        sso: true,
        revocation: true,
        ..SessionFeatures::default()
    };
    assert_eq!(json(response).await, j!(expected));
    assert_eq!(h.shared.session_features(), expected);
    for bad in ["nope", r#"{"sso":"yes"}"#, r#"{"single_sign_on":true}"#] {
        let response = h
            .send(admin("POST", "/__sandbox/session-features", bad))
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(h.shared.session_features(), expected);

    h.sign_in_with_session("reading.student").await;
    assert_eq!(h.shared.store().idp_sessions.len(), 1);
    let response = h
        .send(admin("POST", "/__sandbox/end-idp-sessions", ""))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(h.shared.store().idp_sessions.is_empty());

    for (method, uri) in [
        ("GET", "/__sandbox/session-features"),
        ("POST", "/__sandbox/session-features"),
        ("POST", "/__sandbox/end-idp-sessions"),
    ] {
        let response = h
            .send_from(admin(method, uri, "{}"), "192.168.1.20:40000")
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {uri}");
    }
}

#[tokio::test]
async fn discovery_names_each_piece_only_with_its_switch() {
    let h = harness();
    let plain = json(h.get("/.well-known/openid-configuration").await).await;
    for absent in [
        "prompt_values_supported",
        "revocation_endpoint",
        "revocation_endpoint_auth_methods_supported",
        "end_session_endpoint",
    ] {
        assert!(plain.get(absent).is_none(), "{absent}");
    }
    assert_eq!(plain["grant_types_supported"], j!(["authorization_code"]));

    let only = |features: SessionFeatures| {
        h.shared.store().session_features = features;
    };
    only(SessionFeatures {
        prompt_none: true,
        ..SessionFeatures::default()
    });
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert_eq!(doc["prompt_values_supported"], j!(["none", "login"]));
    assert!(doc.get("revocation_endpoint").is_none());

    only(SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    });
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert_eq!(
        doc["grant_types_supported"],
        j!(["authorization_code", "refresh_token"])
    );
    assert!(doc.get("prompt_values_supported").is_none());

    only(SessionFeatures {
        revocation: true,
        ..SessionFeatures::default()
    });
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert_eq!(
        doc["revocation_endpoint"],
        format!("{ISSUER}/oauth2/v2/revoke")
    );
    assert_eq!(
        doc["revocation_endpoint_auth_methods_supported"],
        j!(["none"])
    );
    assert!(doc.get("end_session_endpoint").is_none());

    only(SessionFeatures {
        end_session: true,
        ..SessionFeatures::default()
    });
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    assert_eq!(
        doc["end_session_endpoint"],
        format!("{ISSUER}/oauth2/v2/logout")
    );
    assert!(doc.get("revocation_endpoint").is_none());

    only(SessionFeatures::all());
    let doc = json(h.get("/.well-known/openid-configuration").await).await;
    for present in [
        "prompt_values_supported",
        "revocation_endpoint",
        "end_session_endpoint",
    ] {
        assert!(doc.get(present).is_some(), "{present}");
    }
}
