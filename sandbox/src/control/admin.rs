//! `/__sandbox/*`: the request log, fault control, key rotation, the session, DPoP and CORS switches,
//! the provider sessions, DPoP's records and nonces over HTTP, for tests that do not run the
//! sandbox in-process. Loopback peers only.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

use crate::control::cors_off::CorsOff;
use crate::control::faults::fault::Fault;
use crate::control::session_features::SessionFeatures;
use crate::dpop::features::DpopFeatures;
use crate::http::respond;
use crate::provider::session;
use crate::state::shared::Shared;

/// The admin routes, guarded by [`loopback_only`].
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__sandbox/requests", get(requests).delete(clear_requests))
        .route(
            "/__sandbox/faults",
            get(faults).post(add_fault).delete(clear_faults),
        )
        .route("/__sandbox/issued", get(issued))
        .route("/__sandbox/token-requests", get(token_requests))
        .route("/__sandbox/rotate-key", post(rotate_key))
        .route(
            "/__sandbox/session-features",
            get(session_features).post(set_session_features),
        )
        .route("/__sandbox/end-idp-sessions", post(end_idp_sessions))
        .route("/__sandbox/cors-off", get(cors_off).post(set_cors_off))
        .route(
            "/__sandbox/dpop-features",
            get(dpop_features).post(set_dpop_features),
        )
        .route(
            "/__sandbox/dpop-proofs",
            get(dpop_proofs).delete(clear_dpop_proofs),
        )
        .route("/__sandbox/rotate-dpop-nonces", post(rotate_dpop_nonces))
        .route_layer(middleware::from_fn(loopback_only))
        .with_state(shared)
}

/// 403 unless the TCP peer is a loopback address (IPv4-mapped IPv6 included). Without peer
/// information (a router not served with connect info) nobody is trusted.
async fn loopback_only(request: Request, next: Next) -> Response {
    let loopback = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| peer.ip().to_canonical().is_loopback());
    if loopback {
        next.run(request).await
    } else {
        respond::message(StatusCode::FORBIDDEN, "Forbidden")
    }
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.store().requests))
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.store().requests.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.store().faults))
}

/// Body: one [`Fault`] as JSON. 400 names what is wrong with it.
async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(fault) => fault,
        Err(err) => return respond::message(StatusCode::BAD_REQUEST, &format!("Bad fault: {err}")),
    };
    if let Some(problem) = fault.problem() {
        return respond::message(StatusCode::BAD_REQUEST, &format!("Bad fault: {problem}"));
    }
    shared.add_fault(fault.clone());
    respond::json(StatusCode::CREATED, &json!(fault))
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.store().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

/// Rotates the id_token signing key; answers `{"kid": new current, "previous": replaced}`.
async fn rotate_key(State(shared): State<Arc<Shared>>) -> Response {
    let previous = shared.signing_kid();
    let kid = shared.rotate_key();
    respond::json(StatusCode::OK, &json!({ "kid": kid, "previous": previous }))
}

async fn token_requests(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.store().token_requests))
}

async fn issued(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.store().issued))
}

async fn session_features(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.session_features()))
}

/// Reads a switch set from a request body (absent switches off, unknown ones refused), hands
/// it to `keep` and answers it; a 400 names what is wrong (`what`: "session features", …).
fn set_switches<T: DeserializeOwned + Serialize>(
    body: &[u8],
    what: &str,
    keep: impl FnOnce(&T),
) -> Response {
    match serde_json::from_slice::<T>(body) {
        Ok(switches) => {
            keep(&switches);
            respond::json(StatusCode::OK, &json!(switches))
        }
        Err(err) => respond::message(StatusCode::BAD_REQUEST, &format!("Bad {what}: {err}")),
    }
}

/// Body: a [`SessionFeatures`] as JSON; answers the new value.
async fn set_session_features(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    set_switches(&body, "session features", |switches: &SessionFeatures| {
        shared.store().session_features = *switches
    })
}

async fn cors_off(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.cors_off()))
}

/// Body: a [`CorsOff`] as JSON; answers the new value.
async fn set_cors_off(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    set_switches(&body, "CORS switches", |switches: &CorsOff| {
        shared.store().cors_off = *switches
    })
}

/// "The provider session has ended": every `sandbox_idp` cookie is forgotten.
async fn end_idp_sessions(State(shared): State<Arc<Shared>>) -> Response {
    session::end_all(&shared);
    StatusCode::NO_CONTENT.into_response()
}

async fn dpop_features(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.dpop_features()))
}

/// Body: a [`DpopFeatures`] as JSON; answers the new value.
async fn set_dpop_features(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    set_switches(&body, "DPoP features", |switches: &DpopFeatures| {
        shared.store().dpop.features = *switches
    })
}

async fn dpop_proofs(State(shared): State<Arc<Shared>>) -> Response {
    respond::json(StatusCode::OK, &json!(shared.store().dpop.proofs))
}

async fn clear_dpop_proofs(State(shared): State<Arc<Shared>>) -> Response {
    shared.store().dpop.proofs.clear();
    StatusCode::NO_CONTENT.into_response()
}

/// Replaces both servers' nonces now; answers `{"token": new, "api": new}`.
async fn rotate_dpop_nonces(State(shared): State<Arc<Shared>>) -> Response {
    let now_ms = shared.clock.now_ms();
    let rotated = shared.store().dpop.rotate_nonces(now_ms);
    match rotated {
        Ok((token, api)) => respond::json(StatusCode::OK, &json!({ "token": token, "api": api })),
        Err(_) => respond::internal_error(),
    }
}
