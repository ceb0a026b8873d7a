//! DPoP (RFC 9449): the token endpoint's binding, the API's checks, each proof check through
//! the whole stack, nonces, bound refresh tokens, the DPoP faults, CORS and the admin routes.
//! Proofs are made with the public [`crate::DpopTestKey`], as the app's end-to-end tests do.

mod admin;
mod api;
mod cors;
mod faults;
mod nonces;
mod proofs;
mod refresh;
mod switches;
mod tokens;

use axum::http::StatusCode;
use serde_json::Value;

use crate::tests::harness::*;
use crate::{DpopFeatures, DpopProofRecord, DpopTestKey, SessionFeatures};

/// The token endpoint's URL as discovery advertises it (the harness's API origin is ISSUER).
const TOKEN_URL: &str = "http://sandbox.test:8081/oauth2/v2/token";
const INFO: &str = "/v2/my/info";
const MY_CLASSES: &str = "/v2/oneroster/my/classes";

/// The URL a proof names for an API path.
fn api_url(path: &str) -> String {
    format!("{ISSUER}{path}")
}

/// A harness with these DPoP switches (and refresh tokens) on.
fn dpop_harness(features: DpopFeatures) -> Harness {
    let mut options = Options::new(Seed::default_seed());
    options.dpop_features = features;
    options.session_features = SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    };
    harness_with(options)
}

fn enabled() -> Harness {
    dpop_harness(DpopFeatures {
        enabled: true,
        ..DpopFeatures::default()
    })
}

/// A fresh authorization code for reading.student.
async fn code(h: &Harness) -> String {
    let callback = h.sign_in("reading.student", Some("s")).await;
    callback.get("code").expect("code").to_string()
}

/// The app's code exchange, with `proofs` as `DPoP` headers.
async fn exchange(h: &Harness, code: &str, proofs: &[&str]) -> Response<Body> {
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("client_id", "demo-portal"),
        ("code_verifier", VERIFIER),
    ];
    token_request(h, &pairs, proofs).await
}

/// A refresh, with `proofs` as `DPoP` headers.
async fn refresh(h: &Harness, refresh_token: &str, proofs: &[&str]) -> Response<Body> {
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", "demo-portal"),
    ];
    token_request(h, &pairs, proofs).await
}

async fn token_request(h: &Harness, pairs: &[(&str, &str)], proofs: &[&str]) -> Response<Body> {
    let mut request = Request::post("/oauth2/v2/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, APP_ORIGIN);
    for proof in proofs {
        request = request.header("DPoP", *proof);
    }
    h.send(request.body(Body::from(form(pairs))).expect("request"))
        .await
}

/// A fresh proof for the token endpoint.
fn token_proof(key: &DpopTestKey, nonce: Option<&str>) -> String {
    key.proof("POST", TOKEN_URL, None, nonce)
}

/// The token response of a code exchange with a valid proof of `key`.
async fn bound_tokens(h: &Harness, key: &DpopTestKey) -> Value {
    let response = exchange(h, &code(h).await, &[&token_proof(key, None)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await;
    assert_eq!(body["token_type"], "DPoP", "{body}");
    body
}

fn field(body: &Value, name: &str) -> String {
    body[name].as_str().expect(name).to_string()
}

/// `GET path` from the app's origin with `Authorization: <scheme> <token>` and `proofs` as
/// `DPoP` headers.
async fn api_get(
    h: &Harness,
    path: &str,
    scheme: &str,
    token: &str,
    proofs: &[&str],
) -> Response<Body> {
    let mut request = Request::get(path)
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::AUTHORIZATION, format!("{scheme} {token}"));
    for proof in proofs {
        request = request.header("DPoP", *proof);
    }
    h.send(request.body(Body::empty()).expect("request")).await
}

/// `GET path` the way a DPoP client sends it: `DPoP` scheme and a fresh proof of `key`.
async fn dpop_get(h: &Harness, path: &str, token: &str, key: &DpopTestKey) -> Response<Body> {
    let url = api_url(path);
    let proof = key.proof("GET", &url, Some(token), None);
    api_get(h, path, "DPoP", token, &[&proof]).await
}

/// Asserts an RFC 6749 §5.2 error from the token endpoint; returns its description.
async fn token_error(response: Response<Body>, error: &str) -> String {
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(header_str(&response, "cache-control"), Some("no-store"));
    let body = json(response).await;
    assert_eq!(body["error"], error, "{body}");
    field(&body, "error_description")
}

/// Asserts the API's 401 with a DPoP challenge naming `error`; returns the reason.
async fn api_challenge(response: Response<Body>, error: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header_str(&response, "www-authenticate"),
        Some(format!("DPoP error=\"{error}\", algs=\"ES256\"").as_str())
    );
    let reason = header_str(&response, "x-sandbox-reason")
        .unwrap_or_default()
        .to_string();
    assert_eq!(json(response).await["message"], "Unauthorized");
    reason
}

fn records(h: &Harness) -> Vec<DpopProofRecord> {
    h.shared.store().dpop.proofs.clone()
}

fn verdicts(h: &Harness) -> Vec<String> {
    records(h).into_iter().map(|r| r.verdict).collect()
}

fn nonce_of(response: &Response<Body>) -> String {
    header_str(response, "dpop-nonce")
        .expect("DPoP-Nonce")
        .to_string()
}
