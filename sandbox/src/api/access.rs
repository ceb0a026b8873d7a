//! Who an API request speaks for: the live grant behind its access token (a Bearer token, or a
//! DPoP-bound one that [`crate::dpop::resource`]'s middleware has accepted with its proof),
//! the scope each route needs, and the refusals (400 for a token in the URL, 401, 403).

use axum::extract::Extension;
use axum::http::{header, HeaderMap, StatusCode, Uri};
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

/// What a request authenticates with: its headers, and the DPoP-bound token the DPoP
/// middleware accepted, if any.
pub(crate) struct Credentials<'a> {
    pub headers: &'a HeaderMap,
    pub dpop: Option<Extension<DpopAuthorized>>,
}

/// The live grant behind `Authorization: Bearer <token>` (or an accepted `DPoP <token>`).
fn authenticate(
    shared: &Shared,
    credentials: &Credentials,
    uri: &Uri,
) -> Result<TokenGrant, Refusal> {
    // RFC 6750 allows a query token, but it leaks into logs and Referer: refuse it loudly.
    if Params::from_query(uri.query()).contains("access_token") {
        return Err(Refusal::TokenInUrl);
    }
    let bearer = || {
        credentials
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("Bearer").then_some(token)
            })
            .filter(|t| !t.is_empty() && !t.contains(' '))
    };
    let token = match &credentials.dpop {
        Some(Extension(DpopAuthorized(token))) => Some(token.as_str()),
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
    uri: &Uri,
    scopes: &[&str],
    reason: &'static str,
) -> Result<&'a SeedUser, Refusal> {
    let grant = authenticate(shared, credentials, uri)?;
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
    uri: &Uri,
) -> Result<&'a SeedUser, Refusal> {
    user_for(
        shared,
        credentials,
        uri,
        &["oneroster", "full"],
        "scope oneroster required",
    )
}
