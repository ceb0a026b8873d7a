//! Fault injection, the applying side: the middleware that makes the oldest armed fault for a
//! request's route family replace or bend its answer, and the `no_cors` response marker the
//! CORS middleware honours. What a fault is (and whether it can be armed) lives in
//! [`crate::model`]; tests arm faults through [`crate::Running`] or `POST /__sandbox/faults`.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::model::{FaultKind, FaultTarget, MAX_STALL_SECONDS};
use crate::http::respond;
use crate::state::shared::Shared;

/// The pause between chunks of a never-ending body.
const ENDLESS_CHUNK_INTERVAL: Duration = Duration::from_millis(20);

/// The fault target of a request to `path` with `method`, if any.
pub(crate) fn target_for(method: &Method, path: &str) -> Option<FaultTarget> {
    if *method == Method::POST && path == "/oauth2/v2/token" {
        return Some(FaultTarget::Token);
    }
    if *method == Method::POST && path == "/oauth2/v2/revoke" {
        return Some(FaultTarget::Revocation);
    }
    if *method != Method::GET {
        return None;
    }
    match path {
        "/v2/my/info" | "/v2/my/profileinfo" => return Some(FaultTarget::Profile),
        "/v2/oneroster/my/classes" => return Some(FaultTarget::Classes),
        "/oauth2/v2/jwks" => return Some(FaultTarget::Jwks),
        "/.well-known/openid-configuration" => return Some(FaultTarget::Discovery),
        _ => {}
    }
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        ["", "ims", "oneroster", "v1p1", "users" | "students" | "teachers", id, "classes"]
            if !id.is_empty() =>
        {
            Some(FaultTarget::Classes)
        }
        ["", "v2", "oneroster", "my", "classes", id, "teachers"] if !id.is_empty() => {
            Some(FaultTarget::Teachers)
        }
        _ => None,
    }
}

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
    // The other kinds (id_token claims, a bare array, a stale JWKS…) are the handlers' to take.
    let Some(kind) = shared.take_fault(target, FaultKind::is_transport) else {
        return next.run(request).await;
    };
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => status_response(target, status, retry_after),
        FaultKind::Html => html_response(),
        FaultKind::NoAccessToken => {
            let mut response = respond::json(
                StatusCode::OK,
                &json!({ "token_type": "Bearer", "response_type": "code" }),
            );
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        FaultKind::SecretRequired => {
            let mut response = respond::json(
                StatusCode::UNAUTHORIZED,
                &json!({
                    "error": "invalid_client",
                    "error_description": "Client authentication failed: this client must send its client_secret"
                }),
            );
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        FaultKind::MalformedJson => respond::raw_json(StatusCode::OK, malformed_json(target)),
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
            response
        }
        FaultKind::EndlessBody => endless_body(&shared, target),
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

/// The truncated body of a `malformed_json` fault: the start of the route's real answer.
fn malformed_json(target: FaultTarget) -> &'static str {
    match target {
        FaultTarget::Token => "{\"access_token\": ",
        FaultTarget::Profile => "{\"UserId\": ",
        FaultTarget::Teachers => "{\"teachers\": [",
        FaultTarget::Jwks => "{\"keys\": [",
        FaultTarget::Discovery => "{\"issuer\": ",
        _ => "{\"classes\": [",
    }
}

/// The body each faulted status gets: OAuth errors on the token and revocation routes
/// (RFC 6749 §5.2, RFC 7009 §2.2.1), `{"message": …}` (nodeapi's shape) elsewhere.
fn status_response(target: FaultTarget, status: u16, retry_after: Option<u64>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match (target, status) {
        (FaultTarget::Token, 400) => {
            json!({ "error": "invalid_grant", "error_description": "sandbox fault" })
        }
        (FaultTarget::Revocation, 400) => {
            json!({ "error": "invalid_request", "error_description": "sandbox fault" })
        }
        (FaultTarget::Token | FaultTarget::Revocation, 401) => {
            json!({ "error": "invalid_client", "error_description": "sandbox fault" })
        }
        (_, 400) => json!({ "message": "Bad Request" }),
        (_, 401) => json!({ "message": "Unauthorized" }),
        (_, 403) => json!({ "message": "Forbidden" }),
        (_, 429) => json!({ "message": "Too Many Requests" }),
        (_, 500) => json!({ "message": "Internal error" }),
        (_, 502) => json!({ "message": "Bad Gateway" }),
        _ => json!({ "message": code.canonical_reason().unwrap_or("Sandbox fault") }),
    };
    let mut response = respond::json(code, &body);
    let retry_after = retry_after.or((status == 429).then_some(1));
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn html_response() -> Response {
    let mut response = (
        StatusCode::OK,
        "<!doctype html><html><head><title>ClassLink</title></head><body>\
         <h1>Sign in to ClassLink</h1><p>Your session has ended. Please sign in again.</p>\
         </body></html>",
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// 200 JSON that starts plausibly and never ends (until the sandbox shuts down).
fn endless_body(shared: &Shared, target: FaultTarget) -> Response {
    let (prefix, chunk): (&'static str, &'static str) = match target {
        FaultTarget::Token => ("{\"access_token\":\"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        FaultTarget::Profile => ("{\"DisplayName\":\"", "endless endless endless "),
        FaultTarget::Teachers => (
            "{\"teachers\":[",
            "{\"sourcedId\":\"endless\",\"status\":\"active\",\"givenName\":\"Endless\"},",
        ),
        FaultTarget::Jwks => (
            "{\"keys\":[",
            "{\"kty\":\"RSA\",\"kid\":\"endless\",\"n\":\"AAAA\",\"e\":\"AQAB\"},",
        ),
        FaultTarget::Discovery => ("{\"scopes_supported\":[", "\"endless\","),
        _ => (
            "{\"classes\":[",
            "{\"sourcedId\":\"endless\",\"status\":\"active\",\"title\":\"Endless\"},",
        ),
    };
    let stop = shared.shutdown_receiver();
    let stream = futures_util::stream::unfold((true, stop), move |(first, mut stop)| async move {
        if !first {
            tokio::select! {
                _ = tokio::time::sleep(ENDLESS_CHUNK_INTERVAL) => {}
                _ = stop.wait_for(|stopping| *stopping) => return None,
            }
        }
        if *stop.borrow() {
            return None;
        }
        let text = if first { prefix } else { chunk };
        Some((
            Ok::<_, Infallible>(Bytes::from_static(text.as_bytes())),
            (false, stop),
        ))
    });
    respond::raw_json(StatusCode::OK, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(
            target_for(&Method::POST, "/oauth2/v2/token"),
            Some(FaultTarget::Token)
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/token"), None);
        assert_eq!(
            target_for(&Method::POST, "/oauth2/v2/revoke"),
            Some(FaultTarget::Revocation)
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/logout"), None);
        assert_eq!(
            target_for(&Method::GET, "/v2/my/info"),
            Some(FaultTarget::Profile)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/teachers/x%2Fy/classes"),
            Some(FaultTarget::Classes)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/users//classes"),
            None
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/auth"), None);
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes"),
            Some(FaultTarget::Classes)
        );
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes/33333/teachers"),
            Some(FaultTarget::Teachers)
        );
        assert_eq!(
            target_for(&Method::GET, "/v2/oneroster/my/classes//teachers"),
            None
        );
        assert_eq!(
            target_for(&Method::GET, "/oauth2/v2/jwks"),
            Some(FaultTarget::Jwks)
        );
        assert_eq!(
            target_for(&Method::GET, "/.well-known/openid-configuration"),
            Some(FaultTarget::Discovery)
        );
    }
}
