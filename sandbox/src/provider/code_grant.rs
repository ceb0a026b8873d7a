//! The authorization-code grant (RFC 6749 §4.1.3, §5.2; RFC 7636 §4.6): a public client
//! authenticates with PKCE only. The code is single-use (any attempt spends it, a second one
//! revokes what it gave); with `refresh_tokens` on, the exchange starts a refresh-token family.
//! What it issues is bound to a valid DPoP proof's key.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::control::faults::fault::FaultTarget;
use crate::dpop::token_endpoint;
use crate::http::params::Params;
use crate::http::respond::{self, oauth_error};
use crate::provider::client_auth::client_refusal;
use crate::provider::fresh_tokens::{fresh_tokens, FreshTokens};
use crate::provider::{id_token, pkce, refresh_grant};
use crate::state::shared::Shared;
use crate::state::store::{Store, TokenGrant};

/// The authorization-code grant's checks, in order; the first failure answers. `proven`: the
/// key of the request's valid DPoP proof.
pub(crate) fn grant(
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
    let refreshes = store.session_features.refresh_tokens;
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
    // The client that authenticated above is the registered one.
    if grant.client_id != config.client_id {
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

    let targets = [FaultTarget::Token];
    let Ok(FreshTokens {
        access_token,
        refresh_token,
    }) = fresh_tokens(faults, &targets, refreshes)
    else {
        return respond::internal_error();
    };
    let binding = token_endpoint::binding(faults, proven, &targets);
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
    if let Some(refresh_token) = &refresh_token {
        let family = refresh_grant::start_family(
            &mut store,
            &refresh_grant::Holder {
                login: &login,
                scope: &scope,
                jkt: binding.jkt.as_deref(),
            },
            &access_token,
            refresh_token,
        );
        if let Some(grant) = store.codes.get_mut(code) {
            grant.family = Some(family);
        }
    }
    drop(store);

    let id_token = id_token::build(
        shared,
        &id_token::Grant {
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
