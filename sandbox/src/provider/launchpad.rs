//! An imitation of a student clicking the app's tile in ClassLink LaunchPad: the browser
//! lands on the redirect URI with `?code=…` and nothing else — no state, no PKCE. The code is
//! real but this public client can never redeem it (see `token.rs`).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use crate::http::params::Params;
use crate::http::respond;
use crate::http::urls::with_query;
use crate::provider::pages;
use crate::state::shared::Shared;

/// The scopes a LaunchPad tile grants.
const LAUNCHPAD_SCOPE: &str = "profile oneroster";

/// The `redirect_uri` parameter if registered, else the first registered one; `None` for an
/// unregistered or repeated one.
fn target(shared: &Shared, params: &Params) -> Option<String> {
    match params.single("redirect_uri") {
        Ok(None) => shared.config.redirect_uris.first().cloned(),
        Ok(Some(uri)) if shared.config.is_registered_redirect(uri) => Some(uri.to_string()),
        _ => None,
    }
}

fn bad_target() -> Response {
    pages::page(
        StatusCode::BAD_REQUEST,
        pages::error_page(
            "invalid LaunchPad request",
            "redirect_uri must be given once and be registered.",
        ),
    )
}

/// `GET /launchpad`: one link per user (`id="launch-<login>"`).
pub(crate) async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    let Some(redirect_uri) = target(&shared, &params) else {
        return bad_target();
    };
    let explicit = params.get("redirect_uri").is_some();
    let users = shared.config.seed.users();
    let links: Vec<String> = users
        .iter()
        .map(|user| {
            let mut pairs = vec![("user", user.login.as_str())];
            if explicit {
                pairs.push(("redirect_uri", redirect_uri.as_str()));
            }
            with_query("/launchpad/launch", &pairs)
        })
        .collect();
    pages::page(
        StatusCode::OK,
        pages::launchpad(users, &links, &redirect_uri),
    )
}

/// `GET /launchpad/launch?user=<login>[&redirect_uri=…]`: issue a challenge-less code and
/// send the browser to the app with only `code`.
pub(crate) async fn launch(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let params = Params::from_query(uri.query());
    let Some(redirect_uri) = target(&shared, &params) else {
        return bad_target();
    };
    let Some(user) = params.get("user").and_then(|l| shared.config.seed.user(l)) else {
        return pages::page(
            StatusCode::BAD_REQUEST,
            pages::error_page("invalid LaunchPad request", "Unknown user."),
        );
    };
    match shared.issue_code(&redirect_uri, None, LAUNCHPAD_SCOPE, &user.login, None) {
        Ok(code) => respond::see_other(&with_query(&redirect_uri, &[("code", &code)])),
        Err(_) => respond::internal_error(),
    }
}
