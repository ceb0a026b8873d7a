//! The API listener's routes and the middleware stack around them.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::api::{classes, profile, teachers};
use crate::control::admin;
use crate::control::faults::middleware as faults;
use crate::control::request_log::recorder as request_log;
use crate::dpop;
use crate::http::{cors, respond};
use crate::provider::{
    authorize, discovery, end_session, jwks, launchpad, pages, revocation, token,
};
use crate::state::shared::Shared;

/// Every route of the API listener. Outermost first: latency, request log, CORS, faults; the
/// resource routes also check DPoP inside that stack (a faulted answer spends no proof).
/// The admin routes sit outside that stack: not delayed, logged, CORS-enabled or faulted.
pub(crate) fn api_router(shared: Arc<Shared>) -> Router {
    let routes = Router::new()
        .route("/", get(index))
        .route("/oauth2/v2/auth", get(authorize::authorize))
        .route("/oauth2/v2/auth/decision", post(authorize::decision))
        .route("/oauth2/v2/token", post(token::token))
        .route("/oauth2/v2/revoke", post(revocation::revoke))
        .route("/oauth2/v2/logout", get(end_session::logout))
        .route("/launchpad", get(launchpad::page))
        .route("/launchpad/launch", get(launchpad::launch))
        .route(
            "/.well-known/openid-configuration",
            get(discovery::discovery),
        )
        .route("/oauth2/v2/jwks", get(jwks::jwks))
        .merge(resource_routes(&shared))
        .fallback(not_found)
        .with_state(shared.clone())
        .layer(from_fn_with_state(shared.clone(), faults::middleware))
        .layer(from_fn_with_state(shared.clone(), cors::middleware))
        .layer(from_fn_with_state(shared.clone(), request_log::middleware))
        .layer(from_fn_with_state(shared.clone(), latency));
    routes.merge(admin::router(shared))
}

/// The resource server's routes: every one takes an access token, so every one checks DPoP
/// (a route layer: unmatched paths are not looked at).
fn resource_routes(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/v2/my/info", get(profile::my_info))
        .route("/v2/my/profileinfo", get(profile::profile_info))
        .route(
            "/ims/oneroster/v1p1/{collection}/{id}/classes",
            get(classes::classes),
        )
        .route("/v2/oneroster/my/classes", get(classes::my_classes))
        .route(
            "/v2/oneroster/my/classes/{class}/teachers",
            get(teachers::my_class_teachers),
        )
        .route_layer(from_fn_with_state(
            shared.clone(),
            dpop::resource::middleware,
        ))
}

async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let config = &shared.config;
    pages::page(
        StatusCode::OK,
        pages::index(&config.issuer, &config.client_id, &config.redirect_uris),
    )
}

async fn not_found() -> Response {
    respond::not_found()
}

/// `--latency-ms`: the same fixed delay before every response.
async fn latency(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let delay = shared.config.latency;
    if !delay.is_zero() {
        shared.sleep_unless_shutdown(delay).await;
    }
    next.run(request).await
}
