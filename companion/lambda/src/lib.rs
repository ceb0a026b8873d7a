//! The companion as an AWS Lambda function behind a Function URL: each event (an API
//! Gateway v2 payload, which is what Function URLs send) becomes an `http::Request` for the
//! core, and the core's answer becomes the function's. No logic of its own.
//!
//! Why Lambda: its local runtime (`cargo lambda watch`, from PyPI) proves the function here,
//! and a district whose traffic outgrows one machine scales on AWS's concurrency, not ours.

use std::convert::Infallible;

use bytes::Bytes;
use classlink_companion::Companion;
use lambda_http::http::{Request, Response};
use lambda_http::Body;

/// Answers one Function URL event.
pub async fn handle(
    companion: &Companion,
    event: Request<Body>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = event.into_parts();
    let body = match body {
        Body::Text(text) => Bytes::from(text),
        Body::Binary(data) => Bytes::from(data),
        _ => Bytes::new(),
    };
    let response = companion.handle(Request::from_parts(parts, body)).await;
    Ok(response.map(|body| match String::from_utf8(body.to_vec()) {
        _ if body.is_empty() => Body::Empty,
        Ok(text) => Body::Text(text),
        Err(error) => Body::Binary(error.into_bytes()),
    }))
}
