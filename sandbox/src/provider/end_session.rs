//! `GET /oauth2/v2/logout`: RP-Initiated Logout 1.0. The route always answers; discovery names
//! it (`end_session_endpoint`) only with the `end_session` switch. A valid request ends the
//! provider session its cookie names and clears the cookie, then returns to the app (with its
//! `state`, and no `iss`: §3 defines none) or shows a signed-out page. Like the authorization
//! endpoint, a request it cannot trust gets a 400 page and no redirect.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;

use crate::control::records::EndSessionRequest;
use crate::http::params::Params;
use crate::http::respond;
use crate::http::urls::with_query;
use crate::provider::id_token;
use crate::provider::pages;
use crate::provider::session;
use crate::state::config::Config;
use crate::state::shared::Shared;

/// The handler: checks, ends the session, records the request either way.
pub(crate) async fn logout(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let params = Params::from_query(uri.query());
    let text = |name: &str| params.get(name).map(str::to_string);
    let hint = params.get("id_token_hint");
    let claims = hint.and_then(|token| id_token::verify_hint(&shared, token));
    let mut record = EndSessionRequest {
        id_token_hint_sub: claims
            .as_ref()
            .and_then(|c| c.get("sub"))
            .and_then(Value::as_str)
            .map(str::to_string),
        id_token_hint_valid: claims.is_some(),
        post_logout_redirect_uri: text("post_logout_redirect_uri"),
        state: text("state"),
        client_id: text("client_id"),
        accepted: false,
    };
    let response = match check(&shared.config, &params, hint.is_some(), claims.is_some()) {
        Err(detail) => pages::page(
            StatusCode::BAD_REQUEST,
            pages::error_page("invalid end-session request", &detail),
        ),
        Ok(()) => {
            record.accepted = true;
            let mut response = match (&record.post_logout_redirect_uri, &record.state) {
                (Some(target), Some(state)) => {
                    respond::see_other(&with_query(target, &[("state", state)]))
                }
                (Some(target), None) => respond::see_other(target),
                (None, _) => pages::page(StatusCode::OK, pages::signed_out()),
            };
            session::end(&shared, &headers, &mut response);
            response
        }
    };
    shared.store().end_session_requests.push(record);
    response
}

/// §2 and §3's conditions; `Err` is the page's explanation.
fn check(
    config: &Config,
    params: &Params,
    hint_sent: bool,
    hint_valid: bool,
) -> Result<(), String> {
    if let Some(name) = params.first_repeated() {
        return Err(format!("Parameter {name} is repeated."));
    }
    if hint_sent && !hint_valid {
        return Err(
            "id_token_hint is not an id_token this sandbox signed for its client (issuer and audience checked; an expired one is fine)."
                .into(),
        );
    }
    if let Some(id) = params.get("client_id") {
        if id != config.client_id {
            return Err(format!("Unknown client_id {id:?}."));
        }
    }
    if let Some(target) = params.get("post_logout_redirect_uri") {
        if !hint_sent && params.get("client_id").is_none() {
            return Err(
                "post_logout_redirect_uri needs id_token_hint or client_id to say whose it is."
                    .into(),
            );
        }
        if !config.is_registered_redirect(target) {
            return Err(format!(
                "post_logout_redirect_uri {target:?} is not registered for {} (exact match required; registered: {}).",
                config.client_id,
                config.redirect_uris.join(", ")
            ));
        }
    }
    Ok(())
}
