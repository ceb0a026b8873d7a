//! Who an API request speaks for: the live grant behind its access token (a Bearer token, or a
//! DPoP-bound one that [`crate::dpop::resource`]'s middleware has accepted with its proof),
//! the scope each route needs, and the refusals (400 for a token in the URL, 401, 403).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;

use crate::api::seed::SeedUser;
use crate::dpop::resource::DpopAuthorized;
use crate::http::params::Params;
use crate::http::respond;
use crate::state::shared::Shared;
use crate::state::store::TokenGrant;

/// Why a request is not served (kept small; turned into a response at the edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    TokenInUrl,
    Unauthorized,
    Forbidden(&'static str),
}

impl Refusal {
    pub fn response(self) -> Response {
        match self {
            Refusal::TokenInUrl => respond::message(
                StatusCode::BAD_REQUEST,
                "Send the access token in the Authorization header, never in the URL",
            ),
            Refusal::Unauthorized => respond::unauthorized(),
            Refusal::Forbidden(reason) => respond::forbidden(reason),
        }
    }
}

/// What a request authenticates with, read the same way by every route (an extractor): its
/// `Authorization` value, the DPoP-bound token the DPoP middleware accepted (if any), and
/// whether its URL carries a token.
pub(crate) struct Credentials {
    authorization: Option<String>,
    dpop: Option<String>,
    token_in_url: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Credentials {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Credentials {
            authorization: parts
                .headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            dpop: parts
                .extensions
                .get::<DpopAuthorized>()
                .map(|DpopAuthorized(token)| token.clone()),
            token_in_url: Params::from_query(parts.uri.query()).contains("access_token"),
        })
    }
}

/// The live grant behind `Authorization: Bearer <token>` (or an accepted `DPoP <token>`).
fn authenticate(shared: &Shared, credentials: &Credentials) -> Result<TokenGrant, Refusal> {
    // RFC 6750 allows a query token, but it leaks into logs and Referer: refuse it loudly.
    if credentials.token_in_url {
        return Err(Refusal::TokenInUrl);
    }
    let bearer = || {
        credentials
            .authorization
            .as_deref()
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("Bearer").then_some(token)
            })
            .filter(|t| !t.is_empty() && !t.contains(' '))
    };
    let token = match &credentials.dpop {
        Some(token) => Some(token.as_str()),
        None => bearer(),
    }
    .ok_or(Refusal::Unauthorized)?;
    let now = shared.clock.now_ms();
    let store = shared.store();
    match store.tokens.get(token) {
        Some(grant) if now < grant.expires_at_ms => Ok(grant.clone()),
        _ => Err(Refusal::Unauthorized),
    }
}

/// The token's user together with a scope check (403 without any of `scopes`).
pub(crate) fn user_for<'a>(
    shared: &'a Shared,
    credentials: &Credentials,
    scopes: &[&str],
    reason: &'static str,
) -> Result<&'a SeedUser, Refusal> {
    let grant = authenticate(shared, credentials)?;
    if !grant.has_any_scope(scopes) {
        return Err(Refusal::Forbidden(reason));
    }
    shared
        .config
        .seed
        .user(&grant.login)
        .ok_or(Refusal::Unauthorized)
}

/// The token's user, for the OneRoster routes (scope `oneroster` or `full`).
pub(crate) fn roster_user<'a>(
    shared: &'a Shared,
    credentials: &Credentials,
) -> Result<&'a SeedUser, Refusal> {
    user_for(
        shared,
        credentials,
        &["oneroster", "full"],
        "scope oneroster required",
    )
}
