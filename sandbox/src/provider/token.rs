//! `POST /oauth2/v2/token`: the form is read, a DPoP proof checked first
//! ([`crate::dpop::token_endpoint`]: a refusal spends no code), then the grant type picks the
//! grant: the authorization-code exchange ([`super::code_grant`]) and, with the
//! `refresh_tokens` switch, the refresh grant ([`super::refresh_grant`]). Every answer is
//! `no-store`, one that presented a LaunchPad code is marked for the request log, and each
//! form's grant and client authentication method is recorded.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use crate::control::faults::targets::token_targets;
use crate::control::records::TokenRequest;
use crate::control::request_log::entry::LaunchpadAttempt;
use crate::dpop::token_endpoint;
use crate::http::params::{is_form_urlencoded, Params};
use crate::http::respond::oauth_error;
use crate::provider::client_auth::presented_method;
use crate::provider::{code_grant, refresh_grant};
use crate::state::shared::Shared;

/// The handler: checks a DPoP proof, runs the exchange, then marks LaunchPad attempts and
/// forbids caching.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = is_form_urlencoded(&headers).then(|| Params::parse(&body));
    // Looked up before any check, so an attempt is recorded whichever check refuses it.
    let launchpad = params
        .as_ref()
        .and_then(|p| p.get("code"))
        .is_some_and(|code| {
            shared
                .store()
                .codes
                .get(code)
                .is_some_and(|grant| grant.is_launchpad())
        });
    let targets = token_targets(params.as_ref());
    // Before the grant, so a refused proof or a nonce demand spends no code.
    let proof = token_endpoint::check(&shared, &headers, targets);
    let mut response = match (proof.refusal(), &params) {
        (Some(refusal), _) => refusal,
        (None, Some(form)) => exchange(&shared, &headers, form, proof.key()),
        (None, None) => oauth_error(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        ),
    };
    proof.finish(&shared, &headers, &mut response);
    if let Some(params) = &params {
        shared.store().token_requests.push(TokenRequest {
            grant_type: params.get("grant_type").map(str::to_string),
            client_auth: presented_method(&headers, params),
            status: response.status().as_u16(),
        });
    }
    if launchpad {
        response.extensions_mut().insert(LaunchpadAttempt);
    }
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Repeats, then the grant type picks the grant. `proven`: the key of the request's valid DPoP
/// proof.
fn exchange(
    shared: &Shared,
    headers: &HeaderMap,
    params: &Params,
    proven: Option<&str>,
) -> Response {
    if let Some(name) = params.first_repeated() {
        return oauth_error("invalid_request", &format!("Parameter {name} is repeated"));
    }
    let refresh_tokens = shared.session_features().refresh_tokens;
    match params.get("grant_type") {
        None => oauth_error("invalid_request", "grant_type is missing"),
        Some("authorization_code") => code_grant::grant(shared, headers, params, proven),
        Some("refresh_token") if refresh_tokens => {
            refresh_grant::grant(shared, headers, params, proven)
        }
        Some(_) if refresh_tokens => oauth_error(
            "unsupported_grant_type",
            "Only grant_type=authorization_code and refresh_token are supported",
        ),
        Some(_) => oauth_error(
            "unsupported_grant_type",
            "Only grant_type=authorization_code is supported",
        ),
    }
}
