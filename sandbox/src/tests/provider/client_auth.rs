//! A confidential client: discovery lists only its secret methods, the token endpoint (both
//! grants) and revocation require the secret by an allowed method, PKCE stays enforced, and
//! each token request's method is recorded.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::tests::harness::*;
use crate::{ClientAuth, ConfidentialClient, SessionFeatures};

/// A secret with characters form-urlencoding must escape inside Basic.
const SECRET: &str = "s3cr+t:é/ x";

fn confidential(post: bool, basic: bool) -> Harness {
    let mut options = Options::new(Seed::default_seed());
    options.session_features = SessionFeatures {
        refresh_tokens: true,
        revocation: true,
        ..SessionFeatures::default()
    };
    options.confidential_client = Some(ConfidentialClient {
        secret: SECRET.into(),
        post,
        basic,
    });
    harness_with(options)
}

/// `Authorization: Basic` over the form-urlencoded id and secret (RFC 6749 §2.3.1).
fn basic(id: &str, secret: &str) -> String {
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(id), encode(secret)))
    )
}

/// A form POST to `uri` with `pairs`, and an `Authorization` header if given.
async fn post(
    h: &Harness,
    uri: &str,
    pairs: &[(&str, &str)],
    authorization: Option<&str>,
) -> Response<Body> {
    let mut request =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    h.send(request.body(Body::from(form(pairs))).expect("request"))
        .await
}

fn code_pairs<'a>(code: &'a str, verifier: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ]
}

/// Asserts a 401 `invalid_client` with a Basic challenge; returns its description.
async fn invalid_client(response: Response<Body>) -> String {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header_str(&response, "www-authenticate"),
        Some("Basic realm=\"classlink-sandbox\"")
    );
    let body = json(response).await;
    assert_eq!(body["error"], "invalid_client", "{body}");
    body["error_description"]
        .as_str()
        .expect("description")
        .to_string()
}

fn methods(h: &Harness) -> Vec<(Option<String>, ClientAuth, u16)> {
    h.shared
        .store()
        .token_requests
        .iter()
        .map(|r| (r.grant_type.clone(), r.client_auth, r.status))
        .collect()
}

#[tokio::test]
async fn discovery_lists_only_the_secret_methods_in_use() {
    for ((post, basic), listed) in [
        (
            (true, true),
            vec!["client_secret_post", "client_secret_basic"],
        ),
        ((false, true), vec!["client_secret_basic"]),
        ((true, false), vec!["client_secret_post"]),
    ] {
        let h = confidential(post, basic);
        let doc = json(h.get("/.well-known/openid-configuration").await).await;
        assert_eq!(
            doc["token_endpoint_auth_methods_supported"],
            serde_json::json!(listed)
        );
        assert_eq!(
            doc["revocation_endpoint_auth_methods_supported"],
            serde_json::json!(listed)
        );
    }
    let public = harness();
    let doc = json(public.get("/.well-known/openid-configuration").await).await;
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        serde_json::json!(["none"])
    );
}

#[tokio::test]
async fn the_secret_by_post_or_basic_redeems_a_code_with_pkce() {
    let h = confidential(true, true);
    let by_post = h.code_for("reading.student").await;
    let mut pairs = code_pairs(&by_post, VERIFIER);
    pairs.extend([("client_id", "demo-portal"), ("client_secret", SECRET)]);
    let answer = post(&h, "/oauth2/v2/token", &pairs, None).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let tokens = json(answer).await;

    // Basic needs no client_id in the body; one there must agree.
    let by_basic = h.code_for("reading.student").await;
    let answer = post(
        &h,
        "/oauth2/v2/token",
        &code_pairs(&by_basic, VERIFIER),
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK);

    // PKCE still holds: the right secret with the wrong verifier spends the code for nothing.
    let wrong_verifier = h.code_for("reading.student").await;
    let answer = post(
        &h,
        "/oauth2/v2/token",
        &code_pairs(&wrong_verifier, &"a".repeat(43)),
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(answer).await["error"], "invalid_grant");

    // Both grants: the refresh grant wants the secret too.
    let refresh_token = tokens["refresh_token"].as_str().expect("refresh");
    let refresh = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ];
    invalid_client(post(&h, "/oauth2/v2/token", &refresh, None).await).await;
    let refreshed = post(
        &h,
        "/oauth2/v2/token",
        &refresh,
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert_eq!(refreshed.status(), StatusCode::OK);

    let code_grant = Some("authorization_code".to_string());
    let refresh_grant = Some("refresh_token".to_string());
    assert_eq!(
        methods(&h),
        [
            (code_grant.clone(), ClientAuth::ClientSecretPost, 200),
            (code_grant.clone(), ClientAuth::ClientSecretBasic, 200),
            (code_grant, ClientAuth::ClientSecretBasic, 400),
            (refresh_grant.clone(), ClientAuth::None, 401),
            (refresh_grant, ClientAuth::ClientSecretBasic, 200),
        ]
    );
    assert_eq!(
        json(h.send(admin("GET", "/__sandbox/token-requests", "")).await).await[1]["client_auth"],
        "client_secret_basic"
    );
}

#[tokio::test]
async fn a_missing_or_wrong_secret_is_401_and_spends_no_code() {
    let h = confidential(true, true);
    let code = h.code_for("reading.student").await;
    let public_request = {
        let mut pairs = code_pairs(&code, VERIFIER);
        pairs.push(("client_id", "demo-portal"));
        pairs
    };
    let description =
        invalid_client(post(&h, "/oauth2/v2/token", &public_request, None).await).await;
    assert_eq!(
        description,
        "Client authentication failed: this client must send its client_secret"
    );
    let mut wrong = public_request.clone();
    wrong.push(("client_secret", "s3cr+t:é/ "));
    assert!(
        invalid_client(post(&h, "/oauth2/v2/token", &wrong, None).await)
            .await
            .contains("wrong client_secret")
    );
    for authorization in [
        basic("demo-portal", "nope"),
        basic("another-client", SECRET),
        "Basic not-base64!".to_string(),
        "Bearer token".to_string(),
    ] {
        let response = post(
            &h,
            "/oauth2/v2/token",
            &code_pairs(&code, VERIFIER),
            Some(&authorization),
        )
        .await;
        invalid_client(response).await;
    }
    // A body client_id that disagrees with Basic's.
    let mut other_id = code_pairs(&code, VERIFIER);
    other_id.push(("client_id", "another-client"));
    invalid_client(
        post(
            &h,
            "/oauth2/v2/token",
            &other_id,
            Some(&basic("demo-portal", SECRET)),
        )
        .await,
    )
    .await;
    // Two methods at once is a malformed request (RFC 6749 §2.3).
    let mut both = public_request.clone();
    both.push(("client_secret", SECRET));
    let response = post(
        &h,
        "/oauth2/v2/token",
        &both,
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["error"], "invalid_request");

    // None of them spent the code.
    let mut right = public_request;
    right.push(("client_secret", SECRET));
    assert_eq!(
        post(&h, "/oauth2/v2/token", &right, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn only_the_registered_methods_are_accepted() {
    let basic_only = confidential(false, true);
    let code = basic_only.code_for("reading.student").await;
    let mut pairs = code_pairs(&code, VERIFIER);
    pairs.extend([("client_id", "demo-portal"), ("client_secret", SECRET)]);
    let description =
        invalid_client(post(&basic_only, "/oauth2/v2/token", &pairs, None).await).await;
    assert!(
        description.contains("client_secret_post is not registered"),
        "{description}"
    );

    let post_only = confidential(true, false);
    let code = post_only.code_for("reading.student").await;
    let response = post(
        &post_only,
        "/oauth2/v2/token",
        &code_pairs(&code, VERIFIER),
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert!(invalid_client(response)
        .await
        .contains("client_secret_basic is not registered"));
}

#[tokio::test]
async fn revocation_requires_the_secret_too() {
    let h = confidential(true, true);
    let revoke = [("token", "anything"), ("client_id", "demo-portal")];
    invalid_client(post(&h, "/oauth2/v2/revoke", &revoke, None).await).await;
    assert!(h.shared.store().revocations.is_empty());
    let revoked = post(
        &h,
        "/oauth2/v2/revoke",
        &[("token", "anything")],
        Some(&basic("demo-portal", SECRET)),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(h.shared.store().revocations.len(), 1);
}

/// The secret is in the leak-check list (no browser may hold it) and out of `Debug`; a public
/// client's requests are recorded as `none`.
#[tokio::test]
async fn the_secret_is_watched_and_a_public_client_is_none() {
    let h = confidential(true, true);
    assert!(h.shared.store().issued.iter().any(|s| s == SECRET));
    assert!(!format!("{:?}", h.shared.config).contains(SECRET));

    let public = harness();
    public.token_for("reading.student").await;
    assert_eq!(
        methods(&public),
        [(Some("authorization_code".into()), ClientAuth::None, 200)]
    );
    // As before: a public client that sends a secret is refused.
    let code = public.code_for("reading.student").await;
    let mut pairs = code_pairs(&code, VERIFIER);
    pairs.extend([("client_id", "demo-portal"), ("client_secret", "x")]);
    let response = post(&public, "/oauth2/v2/token", &pairs, None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().get("www-authenticate").is_none());
}
