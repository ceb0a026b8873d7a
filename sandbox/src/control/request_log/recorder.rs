//! The middleware that fills the in-memory request log (`GET /__sandbox/requests`): what the
//! app actually sent, so tests can assert it never redeemed a LaunchPad code or leaked a token
//! through Referer, and count its API requests and the preflights beside them. The entry type, [`LoggedRequest`], is [`super::entry`]'s.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;

use super::entry::{LaunchpadAttempt, LoggedRequest};
use crate::http::cors::preflight_method;
use crate::state::shared::Shared;

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Records every request except the admin routes' own.
pub(crate) async fn middleware(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/__sandbox/") {
        return next.run(request).await;
    }
    let at_ms = shared.clock.now_ms();
    let method = request.method().to_string();
    let origin = header_text(request.headers(), header::ORIGIN);
    let referer = header_text(request.headers(), header::REFERER);
    let preflight = preflight_method(&request).is_some();
    let response = next.run(request).await;
    let entry = LoggedRequest {
        method,
        path,
        status: response.status().as_u16(),
        at_ms,
        origin,
        referer,
        launchpad_code: response.extensions().get::<LaunchpadAttempt>().is_some(),
        preflight,
    };
    shared.store().requests.push(entry);
    response
}
