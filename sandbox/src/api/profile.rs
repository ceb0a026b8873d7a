//! nodeapi's profile routes: `GET /v2/my/info` (the seed's object, verbatim) and
//! `GET /v2/my/profileinfo` (OpenID-style claims derived from it).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::api::access::{user_for, Credentials};
use crate::http::respond;
use crate::state::shared::Shared;

/// `GET /v2/my/info`: the seed's object, verbatim.
pub(crate) async fn my_info(
    State(shared): State<Arc<Shared>>,
    credentials: Credentials,
) -> Response {
    match user_for(
        &shared,
        &credentials,
        &["profile", "full"],
        "scope profile required",
    ) {
        Ok(user) => respond::json(StatusCode::OK, &user.info),
        Err(refusal) => refusal.response(),
    }
}

/// `GET /v2/my/profileinfo`: OIDC-style claims derived from the info object.
pub(crate) async fn profile_info(
    State(shared): State<Arc<Shared>>,
    credentials: Credentials,
) -> Response {
    let scopes = ["profile", "openid", "full"];
    let user = match user_for(
        &shared,
        &credentials,
        &scopes,
        "scope profile or openid required",
    ) {
        Ok(user) => user,
        Err(refusal) => return refusal.response(),
    };
    let claims = json!({
        "sub": user.subject(),
        "name": user.display_name(),
        "given_name": user.info_str("FirstName"),
        "family_name": user.info_str("LastName"),
        "email": user.info_str("Email"),
        "email_verified": !user.info_str("Email").is_empty(),
        "preferred_username": user.info_str("LoginId"),
        "locale": user.info_str("Language"),
        "profile": user.role(),
        "address": { "locality": user.info_str("Tenant"), "region": user.info_str("StateName") },
    });
    respond::json(StatusCode::OK, &claims)
}
