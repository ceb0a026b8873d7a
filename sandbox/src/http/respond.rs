//! The response builders every handler shares: JSON and its two error shapes (nodeapi's
//! `{"message": …}` and OAuth's `{"error": …}`), the common refusals, and redirects.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A JSON response with exactly `content-type: application/json`.
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    raw_json(status, value.to_string())
}

/// A response whose body is already JSON text (or pretends to be).
pub(crate) fn raw_json(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut response = (status, body.into()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// An RFC 6749 §5.2 error body; 401 for `invalid_client`, 400 otherwise.
pub(crate) fn oauth_error(error: &'static str, description: &str) -> Response {
    let status = if error == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    json(
        status,
        &json!({ "error": error, "error_description": description }),
    )
}

/// ClassLink's API error shape: `{"message": "..."}`.
pub(crate) fn message(status: StatusCode, text: &str) -> Response {
    json(status, &json!({ "message": text }))
}

/// 401 as nodeapi answers it, with RFC 6750's challenge.
pub(crate) fn unauthorized() -> Response {
    let mut response = message(StatusCode::UNAUTHORIZED, "Unauthorized");
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"classlink-sandbox\""),
    );
    response
}

/// 403 `{"message":"Forbidden"}`; `reason` goes to `x-sandbox-reason` for humans and tests
/// (not exposed to the browser app through CORS).
pub(crate) fn forbidden(reason: &'static str) -> Response {
    let mut response = message(StatusCode::FORBIDDEN, "Forbidden");
    response
        .headers_mut()
        .insert("x-sandbox-reason", HeaderValue::from_static(reason));
    response
}

pub(crate) fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not Found")
}

/// 500 for the rare server-side failure (no randomness available).
pub(crate) fn internal_error() -> Response {
    message(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
}

/// A 303 See Other to `location` (after a form POST the browser must GET the target).
pub(crate) fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            response.headers_mut().insert(header::LOCATION, value);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        // Only reachable with a registered redirect URI containing control characters.
        Err(_) => internal_error(),
    }
}
