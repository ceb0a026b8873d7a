//! The answers a transport fault gives instead of the route's own: a status with the body
//! its route would send, an HTML page, a token answer without a token, the secret demand,
//! truncated JSON, and a body that never ends.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::fault::FaultTarget;
use crate::http::respond;
use crate::provider::client_auth::SECRET_REQUIRED;
use crate::state::shared::Shared;

/// How a never-ending body arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pace {
    /// About 1.6 MB/s (16 KiB every 10 ms): past any size cap within seconds.
    Flood,
    /// One short piece every 20 ms: small for as long as anyone waits, so only a deadline ends
    /// it.
    Trickle,
}

impl Pace {
    /// The pause between chunks, and the least each chunk carries.
    fn rhythm(self) -> (Duration, usize) {
        match self {
            Pace::Flood => (Duration::from_millis(10), 16 * 1024),
            Pace::Trickle => (Duration::from_millis(20), 1),
        }
    }
}

/// A token answer (200) without `access_token`.
pub(crate) fn no_access_token() -> Response {
    let mut response = respond::json(
        StatusCode::OK,
        &json!({ "token_type": "Bearer", "response_type": "code" }),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 401 `invalid_client`, as a provider answers a client registered as confidential that sent
/// no secret.
pub(crate) fn secret_required() -> Response {
    let mut response = respond::json(
        StatusCode::UNAUTHORIZED,
        &json!({
            "error": "invalid_client",
            "error_description": SECRET_REQUIRED
        }),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The truncated body of a `malformed_json` fault: the start of the route's real answer.
pub(crate) fn malformed_json(target: FaultTarget) -> &'static str {
    match target {
        FaultTarget::Token | FaultTarget::Refresh => "{\"access_token\": ",
        FaultTarget::ConfigJson => "{\"client_id\": ",
        FaultTarget::Profile => "{\"UserId\": ",
        FaultTarget::Teachers => "{\"teachers\": [",
        FaultTarget::Jwks => "{\"keys\": [",
        FaultTarget::Discovery => "{\"issuer\": ",
        _ => "{\"classes\": [",
    }
}

/// The body each faulted status gets: OAuth errors on the token and revocation routes
/// (RFC 6749 §5.2, RFC 7009 §2.2.1), a static host's HTML page on the app's files,
/// `{"message": …}` (nodeapi's shape) elsewhere.
pub(crate) fn status_response(
    target: FaultTarget,
    status: u16,
    retry_after: Option<u64>,
) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match (target, status) {
        (FaultTarget::ConfigJson | FaultTarget::AppWasm, _) => {
            return with_retry_after(host_page(code), status, retry_after)
        }
        (FaultTarget::Token | FaultTarget::Refresh, 400) => {
            json!({ "error": "invalid_grant", "error_description": "sandbox fault" })
        }
        (FaultTarget::Revocation, 400) => {
            json!({ "error": "invalid_request", "error_description": "sandbox fault" })
        }
        (FaultTarget::Token | FaultTarget::Refresh | FaultTarget::Revocation, 401) => {
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
    with_retry_after(respond::json(code, &body), status, retry_after)
}

/// `Retry-After` as given, and 1 s on a 429 that gave none.
fn with_retry_after(mut response: Response, status: u16, retry_after: Option<u64>) -> Response {
    let retry_after = retry_after.or((status == 429).then_some(1));
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// What a static host or a school's web filter answers for a file it will not serve.
fn host_page(code: StatusCode) -> Response {
    let text = match code {
        StatusCode::FORBIDDEN => {
            "Access denied: this site is blocked by your network's web filter."
        }
        StatusCode::NOT_FOUND => "The requested file was not found on this server.",
        _ => code.canonical_reason().unwrap_or("Error"),
    };
    html(
        code,
        format!(
            "<!doctype html><html><head><title>{} {}</title></head><body><h1>{}</h1>\
             </body></html>",
            code.as_u16(),
            code.canonical_reason().unwrap_or(""),
            text
        ),
    )
}

/// 200 with an HTML page where data was expected: on the API, ClassLink's sign-in page (a
/// session the network ended); on the app's files, a web filter's block page.
pub(crate) fn html_response(target: FaultTarget) -> Response {
    let page = match target {
        FaultTarget::ConfigJson | FaultTarget::AppWasm => {
            "<!doctype html><html><head><title>Blocked</title></head><body>\
             <h1>This page is blocked</h1><p>Your school's web filter blocked this download.</p>\
             </body></html>"
        }
        _ => {
            "<!doctype html><html><head><title>ClassLink</title></head><body>\
             <h1>Sign in to ClassLink</h1><p>Your session has ended. Please sign in again.</p>\
             </body></html>"
        }
    };
    html(StatusCode::OK, page.to_string())
}

fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// 200 JSON that starts like the route's answer and never ends (until the sandbox shuts
/// down), at `pace`.
pub(crate) fn endless_body(shared: &Shared, target: FaultTarget, pace: Pace) -> Response {
    let (prefix, chunk): (&'static str, &'static str) = match target {
        FaultTarget::Token | FaultTarget::Refresh => {
            ("{\"access_token\":\"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        }
        FaultTarget::ConfigJson => ("{\"client_id\":\"", "endless-endless-endless-"),
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
    let (interval, least) = pace.rhythm();
    // Whole repetitions of the piece, so the text stays plausible JSON however it is cut.
    let chunk = Bytes::from(chunk.repeat(least.div_ceil(chunk.len())));
    let stop = shared.shutdown_receiver();
    let stream = futures_util::stream::unfold((true, stop), move |(first, mut stop)| {
        let chunk = chunk.clone();
        async move {
            if !first {
                tokio::select! {
                    _ = tokio::time::sleep(interval) => {}
                    _ = stop.wait_for(|stopping| *stopping) => return None,
                }
            }
            if *stop.borrow() {
                return None;
            }
            let bytes = if first {
                Bytes::from_static(prefix.as_bytes())
            } else {
                chunk
            };
            Some((Ok::<_, Infallible>(bytes), (false, stop)))
        }
    });
    respond::raw_json(StatusCode::OK, Body::from_stream(stream))
}
