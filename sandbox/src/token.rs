//! `POST /oauth2/v2/token`: the authorization-code exchange, strict per RFC 6749 §4.1.3,
//! §5.2 and RFC 7636 §4.6. A public client authenticates with PKCE only, never a secret.
//! With the `refresh_tokens` switch the exchange also starts a refresh-token family and the
//! refresh grant ([`crate::refresh`]) is accepted. With DPoP on, a request's proof is checked
//! first ([`crate::dpop::token_endpoint`]) and a valid one binds what is issued.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::dpop::token_endpoint;
use crate::control::request_log::entry::LaunchpadAttempt;
use crate::idtoken;
use crate::http::params::{is_form_urlencoded, Params};
use crate::pkce;
use crate::refresh;
use crate::http::respond::{self, oauth_error};
use crate::state::config::Config;
use crate::state::shared::Shared;
use crate::state::store::{Store, TokenGrant};

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
    // Before the grant, so a refused proof or a nonce demand spends no code.
    let proof = token_endpoint::check(&shared, &headers);
    let mut response = match (proof.refusal(), params) {
        (Some(refusal), _) => refusal,
        (None, Some(params)) => exchange(&shared, &headers, &params, proof.key()),
        (None, None) => oauth_error(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        ),
    };
    proof.finish(&shared, &headers, &mut response);
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
        Some("authorization_code") => authorization_code(shared, headers, params, proven),
        Some("refresh_token") if refresh_tokens => refresh::grant(shared, headers, params, proven),
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

/// A public client names itself and sends no secret (RFC 6749 §2.3, §3.2.1): the 401 if it
/// does not. The revocation endpoint asks the same (RFC 7009 §2.1).
pub(crate) fn client_refusal(
    config: &Config,
    headers: &HeaderMap,
    params: &Params,
) -> Option<Response> {
    match params.get("client_id") {
        Some(id) if id == config.client_id => {}
        Some(_) => return Some(oauth_error("invalid_client", "Unknown client_id")),
        None => return Some(oauth_error("invalid_client", "client_id is missing")),
    }
    if params.contains("client_secret") || headers.contains_key(header::AUTHORIZATION) {
        return Some(oauth_error(
            "invalid_client",
            "public client must not send a secret (client_secret or Authorization header)",
        ));
    }
    None
}

/// The authorization-code grant's checks, in order; the first failure answers.
fn authorization_code(
    shared: &Shared,
    headers: &HeaderMap,
    params: &Params,
    proven: Option<&str>,
) -> Response {
    let config = &shared.config;
    if let Some(refusal) = client_refusal(config, headers, params) {
        return refusal;
    }
    let Some(code) = params.get("code") else {
        return oauth_error("invalid_request", "code is missing");
    };

    let now = shared.clock.now_ms();
    let mut store = shared.store();
    let Store {
        codes,
        tokens,
        issued,
        faults,
        ..
    } = &mut *store;
    let Some(grant) = codes.get_mut(code) else {
        return oauth_error("invalid_grant", "Unknown authorization code");
    };
    if grant.used {
        // RFC 6749 §4.1.2: a code presented twice may have been stolen; revoke its tokens.
        for token in grant.tokens.drain(..) {
            tokens.remove(&token);
        }
        if let Some(family) = grant.family.take() {
            store.revoke_family(family);
        }
        return oauth_error(
            "invalid_grant",
            "Authorization code was already used; tokens issued from it are revoked",
        );
    }
    // Any redemption attempt spends the code, even one that fails below.
    grant.used = true;
    if now.saturating_sub(grant.issued_at_ms) > config.code_ttl.as_millis() as u64 {
        return oauth_error("invalid_grant", "Authorization code expired");
    }
    if grant.is_launchpad() {
        return oauth_error(
            "invalid_grant",
            "This code came from a LaunchPad launch without PKCE; only a confidential client with a client_secret could redeem it",
        );
    }
    if params.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return oauth_error(
            "invalid_grant",
            "redirect_uri does not match the authorization request",
        );
    }
    if params.get("client_id") != Some(grant.client_id.as_str()) {
        return oauth_error("invalid_grant", "Code was issued to another client");
    }
    let challenge = grant.code_challenge.as_deref().unwrap_or_default();
    match params.get("code_verifier") {
        None => return oauth_error("invalid_grant", "code_verifier is missing"),
        Some(v) if !pkce::is_valid_verifier(v) => {
            return oauth_error(
                "invalid_grant",
                "code_verifier must be 43-128 characters of [A-Za-z0-9-._~]",
            )
        }
        Some(v) if !pkce::verifier_matches(v, challenge) => {
            return oauth_error(
                "invalid_grant",
                "code_verifier does not match code_challenge",
            )
        }
        Some(_) => {}
    }

    let Ok(access_token) = pkce::random_secret() else {
        return respond::internal_error();
    };
    let binding = token_endpoint::binding(faults, proven);
    let lifetime = config.token_lifetime_or_default();
    tokens.insert(
        access_token.clone(),
        TokenGrant {
            login: grant.login.clone(),
            scope: grant.scope.clone(),
            expires_at_ms: now.saturating_add(lifetime.as_millis() as u64),
            jkt: binding.jkt.clone(),
        },
    );
    grant.tokens.push(access_token.clone());
    issued.push(access_token.clone());
    let login = grant.login.clone();
    let scope = grant.scope.clone();
    let nonce = grant.nonce.clone();
    let auth_time = grant.issued_at_ms / 1000;
    let refresh_token = if store.session_features.refresh_tokens {
        let started = refresh::start_family(
            &mut store,
            &refresh::Holder {
                login: &login,
                scope: &scope,
                jkt: binding.jkt.as_deref(),
            },
            &access_token,
        );
        let Ok(started) = started else {
            return respond::internal_error();
        };
        if let Some(grant) = store.codes.get_mut(code) {
            grant.family = Some(started.family);
        }
        Some(started.refresh_token)
    } else {
        None
    };
    drop(store);

    let id_token = idtoken::build(
        shared,
        &idtoken::Grant {
            login: &login,
            nonce: nonce.as_deref(),
            auth_time,
            now: now / 1000,
            lifetime_secs: lifetime.as_secs(),
        },
    );
    let mut body = json!({
        "access_token": access_token,
        "token_type": binding.token_type(),
        "response_type": "code",
        "id_token": id_token,
    });
    if let Some(lifetime) = config.token_lifetime {
        body["expires_in"] = json!(lifetime.as_secs());
    }
    if let Some(refresh_token) = refresh_token {
        body["refresh_token"] = json!(refresh_token);
    }
    let mut response = respond::json(StatusCode::OK, &body);
    binding.mark(&mut response);
    response
}
