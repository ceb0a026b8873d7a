//! `POST /oauth2/v2/revoke`: token revocation (RFC 7009). The route always answers; discovery
//! names it only with the `revocation` switch. A public client names itself and sends no
//! secret, as at the token endpoint. Revoking a refresh token revokes its family, access tokens
//! included (§2.1 allows it, and it is what "sign out everywhere" needs).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::control::records::{Revocation, RevokedKind};
use crate::http::params::{is_form_urlencoded, Params};
use crate::http::respond::oauth_error;
use crate::provider::client_auth::client_refusal;
use crate::state::shared::Shared;

/// The handler: checks, revokes, records, and forbids caching.
pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut response = if is_form_urlencoded(&headers) {
        answer(&shared, &headers, &Params::parse(&body))
    } else {
        oauth_error(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        )
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn answer(shared: &Shared, headers: &HeaderMap, params: &Params) -> Response {
    if let Some(name) = params.first_repeated() {
        return oauth_error("invalid_request", &format!("Parameter {name} is repeated"));
    }
    if let Some(refusal) = client_refusal(&shared.config, headers, params) {
        return refusal;
    }
    let Some(token) = params.get("token") else {
        return oauth_error("invalid_request", "token is missing");
    };
    // §2.1: the hint only says where to look first; an unknown or wrong one widens the search
    // (§2.2.1's unsupported_token_type is for types the server cannot revoke, not hints).
    let mut store = shared.store();
    let kind = if store.tokens.remove(token).is_some() {
        RevokedKind::Access
    } else if let Some(refresh) = store.refresh_tokens.get(token) {
        let family = refresh.family;
        store.refresh_tokens.remove(token);
        store.revoke_family(family);
        RevokedKind::Refresh
    } else {
        // §2.2: an invalid token is no error; the client cannot do anything about it.
        RevokedKind::Unknown
    };
    store.revocations.push(Revocation {
        client_id: params.get("client_id").map(str::to_string),
        token_type_hint: params.get("token_type_hint").map(str::to_string),
        kind,
    });
    StatusCode::OK.into_response()
}
