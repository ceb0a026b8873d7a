//! Fault injection, the applying side: the middleware that makes the oldest armed fault for a
//! request's route family replace or bend its answer, and the `no_cors` response marker the
//! CORS middleware honours. What a fault is (and whether it can be armed) is
//! [`super::fault`]'s; tests arm faults through `Running::add_fault` or
//! `POST /__sandbox/faults`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::answers::{self, Pace};
use super::fault::{FaultKind, FaultTarget, MAX_STALL_SECONDS};
use super::targets::{target_for, token_targets};
use crate::http::params::{is_form_urlencoded, Params};
use crate::http::respond;
use crate::state::shared::Shared;

/// The most of a token request's body read to learn its grant type: axum's default body limit,
/// which the token endpoint's own extractor applies.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Response extension: strip every CORS header (set by the `no_cors` fault, honoured by the
/// CORS middleware).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoCors;

/// Applies the oldest armed fault for the request's route family, if any.
pub(crate) async fn middleware(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(target) = target_for(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let (request, targets) = if target == FaultTarget::Token {
        match with_token_targets(request).await {
            Ok(read) => read,
            Err(refusal) => return refusal,
        }
    } else {
        (request, std::slice::from_ref(&target))
    };
    apply(&shared, target, targets, request, next).await
}

/// Takes the oldest transport fault armed on `targets` and answers with it (`target`: the
/// route family, whose answer shapes it uses), or lets the request through. The other kinds
/// (id_token claims, a bare array, a stale JWKS…) are the handlers' to take. The app listener
/// applies its own targets' faults with it too.
pub(crate) async fn apply(
    shared: &Shared,
    target: FaultTarget,
    targets: &[FaultTarget],
    request: Request,
    next: Next,
) -> Response {
    let Some(kind) = shared.take_fault_among(targets, FaultKind::is_transport) else {
        return next.run(request).await;
    };
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => answers::status_response(target, status, retry_after),
        FaultKind::Html => answers::html_response(target),
        FaultKind::NoAccessToken => answers::no_access_token(),
        FaultKind::SecretRequired => answers::secret_required(),
        FaultKind::MalformedJson => {
            respond::raw_json(StatusCode::OK, answers::malformed_json(target))
        }
        FaultKind::Stall { seconds } => {
            shared
                .sleep_unless_shutdown(Duration::from_secs_f64(
                    seconds.clamp(0.0, MAX_STALL_SECONDS),
                ))
                .await;
            next.run(request).await
        }
        FaultKind::NoCors => {
            let mut response = next.run(request).await;
            response.extensions_mut().insert(NoCors);
            // A fault is a one-off: its answer is not to be kept by a browser's cache (the
            // provider's documents are otherwise cacheable), so the next request is answered
            // afresh.
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            );
            response
        }
        FaultKind::EndlessBody => answers::endless_body(shared, target, Pace::Flood),
        FaultKind::TrickleBody => answers::endless_body(shared, target, Pace::Trickle),
        FaultKind::TotalCount { value } => {
            let mut response = next.run(request).await;
            if let Ok(value) = HeaderValue::from_str(&value) {
                if response.status().is_success() {
                    response.headers_mut().insert("x-total-count", value);
                }
            }
            response
        }
        // Not transport kinds: `take_fault` above never returns them.
        _ => next.run(request).await,
    }
}

/// Reads a token request's form to learn its targets (a refresh grant meets `refresh` too),
/// and puts the body back for the handler. A body past the handler's own limit is refused here
/// as the handler would refuse it.
async fn with_token_targets(
    request: Request,
) -> Result<(Request, &'static [FaultTarget]), Response> {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return Err(respond::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload Too Large",
        ));
    };
    let form = is_form_urlencoded(&parts.headers).then(|| Params::parse(&bytes));
    let targets = token_targets(form.as_ref());
    Ok((Request::from_parts(parts, Body::from(bytes)), targets))
}
