//! Refresh tokens (RFC 6749 §6), on the `refresh_tokens` switch, rotated on every use as the
//! OAuth 2.0 Security BCP asks of public clients (RFC 9700 §4.14.2): each refresh answers a new
//! refresh token and spends the presented one. A spent token presented again means two
//! parties hold the family, so the whole family (access tokens too) is revoked.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::model::{FaultKind, FaultTarget};
use crate::params::Params;
use crate::pkce;
use crate::records::{RefreshGrant, RefreshOutcome};
use crate::respond;
use crate::state::{RefreshToken, Shared, Store, TokenGrant};
use crate::token::{client_refusal, oauth_error};

/// A family started by an authorization-code exchange.
pub(crate) struct Started {
    pub family: u64,
    pub refresh_token: String,
}

/// Starts the family of a code exchange: its first access token and a refresh token for the
/// code's login and scope.
pub(crate) fn start_family(
    store: &mut Store,
    login: &str,
    scope: &str,
    access_token: &str,
) -> Result<Started, getrandom::Error> {
    let refresh_token = pkce::random_secret()?;
    let family = store.new_family();
    add_refresh_token(store, family, &refresh_token, login, scope);
    if let Some(members) = store.families.get_mut(&family) {
        members.access_tokens.push(access_token.to_string());
    }
    Ok(Started {
        family,
        refresh_token,
    })
}

fn add_refresh_token(store: &mut Store, family: u64, token: &str, login: &str, scope: &str) {
    store.refresh_tokens.insert(
        token.to_string(),
        RefreshToken {
            family,
            login: login.to_string(),
            scope: scope.to_string(),
            used: false,
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
/// [`crate::Running::refresh_grants`]).
pub(crate) fn grant(shared: &Shared, headers: &HeaderMap, params: &Params) -> Response {
    let presented = params.get("refresh_token").unwrap_or_default().to_string();
    let (outcome, response) = answer(shared, headers, params, &presented);
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
) -> (RefreshOutcome, Response) {
    let config = &shared.config;
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
        .take_fault(FaultTarget::Token, |kind| *kind == FaultKind::RefreshReused)
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

    let (Ok(access_token), Ok(refresh_token)) = (pkce::random_secret(), pkce::random_secret())
    else {
        return (RefreshOutcome::Refused, respond::internal_error());
    };
    if let Some(spent) = store.refresh_tokens.get_mut(presented) {
        spent.used = true;
    }
    let lifetime = config.token_lifetime_or_default();
    store.tokens.insert(
        access_token.clone(),
        TokenGrant {
            login: token.login.clone(),
            scope,
            expires_at_ms: now.saturating_add(lifetime.as_millis() as u64),
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
        &token.login,
        &token.scope,
    );
    drop(store);

    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "refresh_token": refresh_token,
    });
    if let Some(lifetime) = config.token_lifetime {
        body["expires_in"] = json!(lifetime.as_secs());
    }
    (
        RefreshOutcome::Rotated,
        respond::json(StatusCode::OK, &body),
    )
}
