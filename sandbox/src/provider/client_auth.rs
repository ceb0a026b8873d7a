//! Client authentication at the token and revocation endpoints (RFC 6749 §2.3, RFC 7009
//! §2.1): who the client says it is, and whether it proves it the way it is registered.

use axum::http::{header, HeaderMap};
use axum::response::Response;

use crate::http::params::Params;
use crate::http::respond::oauth_error;
use crate::state::config::Config;

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
