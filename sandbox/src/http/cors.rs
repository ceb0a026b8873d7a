//! CORS by hand, exact-origin only: an allowed `Origin` is echoed back (never `*`, never
//! credentials); any other origin gets no CORS headers at all and its preflights a 403. While
//! DPoP is on, the page may send `DPoP` and read `DPoP-Nonce` and `WWW-Authenticate` (the
//! error of a refused proof); while it is off, the lists are ClassLink's, so a page that sends
//! DPoP to a server that never offered it fails here as it would there. The standing `cors_off`
//! switches take CORS off whole surfaces (a provider that serves no browsers), the `no_cors`
//! fault off one answer.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::control::faults::middleware::NoCors;
use crate::control::faults::targets::target_for;
use crate::dpop::gate::HiddenNonce;
use crate::state::shared::Shared;

const ALLOW_METHODS: &str = "GET, POST";
const ALLOW_HEADERS: &str = "authorization, content-type";
const ALLOW_HEADERS_DPOP: &str = "authorization, content-type, dpop";
const EXPOSE_HEADERS: &str = "x-total-count, x-count, retry-after";
const EXPOSE_HEADERS_DPOP: &str =
    "x-total-count, x-count, retry-after, dpop-nonce, www-authenticate";
/// The `dpop_nonce_hidden` fault: a proxy that forgot `dpop-nonce`.
const EXPOSE_HEADERS_NONCE_HIDDEN: &str = "x-total-count, x-count, retry-after, www-authenticate";
const MAX_AGE: &str = "600";

/// Answers preflights and decorates every other response.
pub(crate) async fn middleware(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| shared.config.allowed_origins.iter().any(|a| a == o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    if let Some(method) = preflight_method(&request) {
        return preflight(&shared, origin, &method, request.uri().path());
    }

    let switched_off = surface_off(&shared, request.method(), request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // The answer depends on Origin, so caches must key on it (not a CORS header as such).
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if !switched_off && response.extensions().get::<NoCors>().is_none() {
        if let Some(origin) = origin {
            let exposed = if !shared.dpop_features().enabled {
                EXPOSE_HEADERS
            } else if response.extensions().get::<HiddenNonce>().is_some() {
                EXPOSE_HEADERS_NONCE_HIDDEN
            } else {
                EXPOSE_HEADERS_DPOP
            };
            allow(response.headers_mut(), origin);
            response.headers_mut().insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(exposed),
            );
        }
    }
    response
}

/// Whether the standing switches ([`crate::control::cors_off`]) take CORS off the surface a
/// request with `method` to `path` belongs to: the token and revocation endpoints, or the APIs.
fn surface_off(shared: &Shared, method: &Method, path: &str) -> bool {
    let off = shared.cors_off();
    match target_for(method, path) {
        Some(FaultTarget::Token | FaultTarget::Revocation) => off.token,
        Some(FaultTarget::Profile | FaultTarget::Classes | FaultTarget::Teachers) => off.api,
        _ => false,
    }
}

/// The method a CORS preflight asks about (Fetch §4.8: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`); `None` for any other request.
pub(crate) fn preflight_method(request: &Request) -> Option<Method> {
    let headers = request.headers();
    if request.method() != Method::OPTIONS || !headers.contains_key(header::ORIGIN) {
        return None;
    }
    let asked = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)?
        .to_str()
        .ok()?;
    Method::from_bytes(asked.as_bytes()).ok()
}

/// 204 with the allowed methods and headers for an allowed origin, 403 otherwise. A `no_cors`
/// fault on the route the preflight is for spends one use and strips the headers.
fn preflight(
    shared: &Shared,
    origin: Option<HeaderValue>,
    method: &Method,
    path: &str,
) -> Response {
    let Some(origin) = origin else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Origin"));
    let no_cors = surface_off(shared, method, path)
        || target_for(method, path).is_some_and(|target| {
            shared
                .take_fault(target, |kind| *kind == FaultKind::NoCors)
                .is_some()
        });
    if no_cors {
        return response;
    }
    let headers = response.headers_mut();
    allow(headers, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let allowed = if shared.dpop_features().enabled {
        ALLOW_HEADERS_DPOP
    } else {
        ALLOW_HEADERS
    };
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(allowed),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    response
}

fn allow(headers: &mut HeaderMap, origin: HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
}
