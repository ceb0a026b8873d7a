//! The whole journey: sign-in page, Allow/Deny, token, profile, classes; and LaunchPad.

use axum::http::StatusCode;
use serde_json::Value;

use crate::tests::harness::*;

/// The claims of a token that verifies against the sandbox's own JWKS.
fn claims_of(h: &Harness, id_token: &str) -> Value {
    let jws = decode_jws(id_token);
    assert_eq!(jws.header["alg"], "RS256");
    assert_eq!(jws.header["typ"], "JWT");
    let jwks = crate::provider::jwks::jwks_document(&h.shared);
    assert!(verifies_with(&jws, &jwks), "{:?}", jws.header);
    jws.claims
}

#[tokio::test]
async fn happy_path_from_sign_in_to_the_third_page_of_classes() {
    let h = harness();
    let callback = h.sign_in("ms.rivera", Some("st4te")).await;
    assert_eq!(callback.get("state"), Some("st4te"));
    assert_eq!(callback.get("iss"), Some(ISSUER));
    let code = callback.get("code").expect("code").to_string();
    assert_eq!(code.len(), 43);

    let response = h.exchange(&code, VERIFIER).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["response_type"], "code");
    assert!(
        body.get("expires_in").is_none(),
        "ClassLink sends no expires_in"
    );
    assert!(body.get("refresh_token").is_none());
    let token = body["access_token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 43);
    let claims = claims_of(&h, body["id_token"].as_str().expect("id_token"));
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], "demo-portal");
    assert_eq!(claims["sub"], "1520044");
    assert_eq!(claims["name"], "Elena Rivera");
    assert_eq!(claims["email"], "erivera@demo.local");
    assert_eq!(
        claims["exp"].as_u64().expect("exp") - claims["iat"].as_u64().expect("iat"),
        86400
    );
    assert!(h.shared.store().issued.contains(&code));
    assert!(h.shared.store().issued.contains(&token));

    let info = h.get_with_token("/v2/my/info", &token).await;
    assert_eq!(info.status(), StatusCode::OK);
    let info = json(info).await;
    assert_eq!(Some(&info), h.shared.config.seed.user_info("ms.rivera"));
    let sourced_id = info["SourcedId"].as_str().expect("SourcedId");

    let mut seen = Vec::new();
    for (offset, expected) in [(0, 100), (100, 100), (200, 30)] {
        let uri =
            format!("/ims/oneroster/v1p1/users/{sourced_id}/classes?limit=100&offset={offset}");
        let page = h.get_with_token(&uri, &token).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(header_str(&page, "x-total-count"), Some("230"));
        assert_eq!(
            header_str(&page, "x-count"),
            Some(expected.to_string().as_str())
        );
        let body = json(page).await;
        let classes = body["classes"].as_array().expect("classes");
        assert_eq!(classes.len(), expected);
        seen.extend(
            classes
                .iter()
                .map(|c| c["sourcedId"].as_str().expect("id").to_string()),
        );
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "classes come sorted by sourcedId");
    assert_eq!(seen.len(), 230);
    sorted.dedup();
    assert_eq!(sorted.len(), 230);

    let logged = h.shared.store().requests.clone();
    assert!(logged.iter().all(|r| !r.launchpad_code));
    assert!(logged
        .iter()
        .any(|r| r.path == "/oauth2/v2/token" && r.method == "POST" && r.status == 200));
}

#[tokio::test]
async fn no_state_means_no_state_in_the_callback() {
    let h = harness();
    let callback = h.sign_in("reading.student", None).await;
    assert!(callback.get("code").is_some());
    assert!(!callback.contains("state"));
    assert_eq!(callback.get("iss"), Some(ISSUER));
}

#[tokio::test]
async fn deny_sends_access_denied_with_state_and_iss() {
    let h = harness();
    let mut fields = decision_fields(Some("abc"));
    fields.push(("login", "reading.student"));
    fields.push(("decision", "deny"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "http://localhost:8080/?error=access_denied&error_description=The+user+denied+the+request&state=abc&iss=http%3A%2F%2Fsandbox.test%3A8081"
    );
    assert!(h.shared.store().codes.is_empty());
}

#[tokio::test]
async fn decision_revalidates_hidden_fields() {
    let h = harness();
    // A tampered redirect_uri: an error page, not a redirect to the attacker.
    let mut fields: Vec<(&str, &str)> = decision_fields(Some("s"))
        .into_iter()
        .map(|(k, v)| {
            if k == "redirect_uri" {
                (k, "http://evil.example/")
            } else {
                (k, v)
            }
        })
        .collect();
    fields.push(("login", "reading.student"));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("location").is_none());

    // A dropped challenge: back to the client with invalid_request.
    let mut fields: Vec<(&str, &str)> = decision_fields(None)
        .into_iter()
        .filter(|(k, _)| *k != "code_challenge")
        .collect();
    fields.push(("login", "reading.student"));
    fields.push(("decision", "allow"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).contains("error=invalid_request"));

    // An unknown user or decision: an error page.
    for (login, decision) in [("nobody", "allow"), ("reading.student", "maybe")] {
        let mut fields = decision_fields(None);
        fields.push(("login", login));
        fields.push(("decision", decision));
        let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
    assert!(h.shared.store().codes.is_empty());

    // Not a form.
    let request = Request::post("/oauth2/v2/auth/decision")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    assert_eq!(h.send(request).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_user_with_a_password_must_give_it() {
    let text = include_str!("../../seed.json").replacen(
        "\"password\": null",
        "\"password\": \"hunter2\"",
        1,
    );
    let h = harness_with(Options::new(Seed::from_json(&text).expect("seed")));
    let mut fields = decision_fields(None);
    fields.push(("login", "reading.student"));
    fields.push(("decision", "allow"));
    fields.push(("password", "wrong"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(text_contains(response, "Wrong password").await);
    fields.pop();
    fields.push(("password", "hunter2"));
    let response = h.post_form("/oauth2/v2/auth/decision", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn text_contains(response: Response<Body>, needle: &str) -> bool {
    text(response).await.contains(needle)
}

#[tokio::test]
async fn launchpad_codes_arrive_without_state_and_never_redeem() {
    let h = harness();
    let page = h.get("/launchpad").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    for login in h.shared.config.seed.user_logins() {
        assert!(html.contains(&format!("id=\"launch-{login}\"")), "{login}");
    }
    assert!(html.contains("href=\"/launchpad/launch?user=reading.student\""));

    let response = h.get("/launchpad/launch?user=reading.student").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = location(&response);
    let query = location
        .strip_prefix("http://localhost:8080/?")
        .expect("first redirect uri");
    let params = Params::parse(query.as_bytes());
    let code = params.get("code").expect("code").to_string();
    assert_eq!(params.first_repeated(), None);
    assert!(!params.contains("state"));
    assert!(!params.contains("iss"));

    // With the app's verifier: refused.
    let refused = h.exchange(&code, VERIFIER).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(refused).await["error"], "invalid_grant");
    // Without a verifier (and no secret, which a public client never has): refused.
    let response = h
        .post_form(
            "/oauth2/v2/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("client_id", "demo-portal"),
            ],
        )
        .await;
    assert_eq!(json(response).await["error"], "invalid_grant");
    // With a secret: the public client is refused outright.
    let fresh = h.get("/launchpad/launch?user=reading.student").await;
    let fresh_location = crate::tests::harness::location(&fresh);
    let fresh_code = Params::parse(fresh_location.split_once('?').expect("q").1.as_bytes())
        .get("code")
        .expect("code")
        .to_string();
    let response = h
        .post_form(
            "/oauth2/v2/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &fresh_code),
                ("client_id", "demo-portal"),
                ("client_secret", "s3cret"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(response).await["error"], "invalid_client");

    let token_requests: Vec<_> = h
        .shared
        .store()
        .requests
        .iter()
        .filter(|r| r.path == "/oauth2/v2/token")
        .cloned()
        .collect();
    assert_eq!(token_requests.len(), 3);
    assert!(token_requests.iter().all(|r| r.launchpad_code));
}

#[tokio::test]
async fn launchpad_honours_a_registered_redirect_uri_only() {
    let h = harness();
    let response = h
        .get("/launchpad/launch?user=mateo.alvarez&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F")
        .await;
    assert!(location(&response).starts_with("http://127.0.0.1:8080/?code="));
    let response = h
        .get("/launchpad/launch?user=mateo.alvarez&redirect_uri=http%3A%2F%2Fevil.example%2F")
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        h.get("/launchpad/launch?user=ghost").await.status(),
        StatusCode::BAD_REQUEST
    );
}
