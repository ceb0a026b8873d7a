//! Refresh tokens (RFC 6749 §6), on the `refresh_tokens` switch, rotated on every use as the
//! OAuth 2.0 Security BCP asks of public clients (RFC 9700 §4.14.2): each refresh answers a new
//! refresh token and spends the presented one. A spent token presented again means two
//! parties hold the family, so the whole family (access tokens too) is revoked. A refresh token
//! bound to a DPoP key is exchanged only with a proof of that key, and what it gives is bound to
//! that key too (RFC 9449 §5).

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::control::faults::fault::FaultKind;
use crate::control::faults::targets::token_targets;
use crate::control::records::{RefreshGrant, RefreshOutcome};
use crate::dpop::token_endpoint;
use crate::http::params::Params;
use crate::http::respond;
use crate::http::respond::oauth_error;
use crate::provider::client_auth::client_refusal;
use crate::provider::fresh_tokens::{fresh_tokens, FreshTokens};
use crate::state::shared::Shared;
use crate::state::store::{RefreshToken, Store, TokenGrant};

/// Whom a refresh token is for: the grant's user and scope, and the DPoP key it is bound to.
pub(crate) struct Holder<'a> {
    pub login: &'a str,
    pub scope: &'a str,
    pub jkt: Option<&'a str>,
}

/// Starts the family of a code exchange, its first access token and refresh token for the
/// code's holder, and answers its id.
pub(crate) fn start_family(
    store: &mut Store,
    holder: &Holder,
    access_token: &str,
    refresh_token: &str,
) -> u64 {
    let family = store.new_family();
    add_refresh_token(store, family, refresh_token, holder);
    if let Some(members) = store.families.get_mut(&family) {
        members.access_tokens.push(access_token.to_string());
    }
    family
}

fn add_refresh_token(store: &mut Store, family: u64, token: &str, holder: &Holder) {
    store.refresh_tokens.insert(
        token.to_string(),
        RefreshToken {
            family,
            login: holder.login.to_string(),
            scope: holder.scope.to_string(),
            used: false,
            jkt: holder.jkt.map(str::to_string),
        },
    );
    if let Some(members) = store.families.get_mut(&family) {
        members.refresh_tokens.push(token.to_string());
    }
    store.remember_issued(token);
}

/// The answer to reuse, detected or faulted.
fn reused() -> Response {
    oauth_error(
        "invalid_grant",
        "refresh token was already used; its family is revoked",
    )
}

/// `grant_type=refresh_token`: the checks in order, each attempt recorded (see
/// [`crate::Running::refresh_grants`]). `proven`: the key of the request's valid DPoP proof.
pub(crate) fn grant(
    shared: &Shared,
    headers: &HeaderMap,
    params: &Params,
    proven: Option<&str>,
) -> Response {
    let presented = params.get("refresh_token").unwrap_or_default().to_string();
    let (outcome, response) = answer(shared, headers, params, &presented, proven);
    shared
        .store()
        .refresh_grants
        .push(RefreshGrant { outcome, presented });
    response
}

fn answer(
    shared: &Shared,
    headers: &HeaderMap,
    params: &Params,
    presented: &str,
    proven: Option<&str>,
) -> (RefreshOutcome, Response) {
    let config = &shared.config;
    // Where this request's faults are armed: `refresh`, then `token`.
    let targets = token_targets(Some(params));
    if let Some(refusal) = client_refusal(config, headers, params) {
        return (RefreshOutcome::Refused, refusal);
    }
    if presented.is_empty() {
        return (
            RefreshOutcome::Refused,
            oauth_error("invalid_request", "refresh_token is missing"),
        );
    }
    let faulted = shared
        .take_fault_among(targets, |kind| *kind == FaultKind::RefreshReused)
        .is_some();

    let now = shared.clock.now_ms();
    let mut store = shared.store();
    let token = store.refresh_tokens.get(presented).cloned();
    if faulted {
        if let Some(token) = &token {
            store.revoke_family(token.family);
        }
        return (RefreshOutcome::Reused, reused());
    }
    let Some(token) = token else {
        return (
            RefreshOutcome::Unknown,
            oauth_error("invalid_grant", "Unknown or revoked refresh token"),
        );
    };
    if token.used {
        store.revoke_family(token.family);
        return (RefreshOutcome::Reused, reused());
    }
    // Refused without spending it: the holder of the key may still use it.
    let enabled = store.dpop.features.enabled;
    if let Some(refusal) = token_endpoint::refresh_refusal(enabled, token.jkt.as_deref(), proven) {
        return (RefreshOutcome::Refused, refusal);
    }
    // §6: the new grant may not exceed the original; a narrower one is fine.
    let scope = params.get("scope").unwrap_or(&token.scope).to_string();
    if let Some(extra) = scope
        .split(' ')
        .find(|s| !token.scope.split(' ').any(|o| o == *s))
    {
        return (
            RefreshOutcome::Refused,
            oauth_error(
                "invalid_scope",
                &format!("scope {extra:?} was not part of the original grant"),
            ),
        );
    }

    let Ok(FreshTokens {
        access_token,
        refresh_token: Some(refresh_token),
    }) = fresh_tokens(&mut store.faults, targets, true)
    else {
        return (RefreshOutcome::Refused, respond::internal_error());
    };
    if let Some(spent) = store.refresh_tokens.get_mut(presented) {
        spent.used = true;
    }
    // An unbound refresh token exchanged with a proof gives tokens bound to its key.
    let binding = token_endpoint::binding(&mut store.faults, proven, targets);
    let lifetime = config.token_lifetime_or_default();
    store.tokens.insert(
        access_token.clone(),
        TokenGrant {
            login: token.login.clone(),
            scope,
            expires_at_ms: now.saturating_add(lifetime.as_millis() as u64),
            jkt: binding.jkt.clone(),
        },
    );
    store.remember_issued(&access_token);
    if let Some(members) = store.families.get_mut(&token.family) {
        members.access_tokens.push(access_token.clone());
    }
    // The new refresh token keeps the original scope (§6).
    add_refresh_token(
        &mut store,
        token.family,
        &refresh_token,
        &Holder {
            login: &token.login,
            scope: &token.scope,
            jkt: binding.jkt.as_deref(),
        },
    );
    drop(store);

    let mut body = json!({
        "access_token": access_token,
        "token_type": binding.token_type(),
        "refresh_token": refresh_token,
    });
    if let Some(lifetime) = config.token_lifetime {
        body["expires_in"] = json!(lifetime.as_secs());
    }
    let mut response = respond::json(StatusCode::OK, &body);
    binding.mark(&mut response);
    (RefreshOutcome::Rotated, response)
}
