//! The companion's own refusals: an OAuth-shaped JSON error (RFC 6749 §5.2: `error`,
//! `error_description`), the right status, `Cache-Control: no-store`, and a machine-readable
//! reason in `Token-Companion-Refusal`. Whether a refusal carries CORS headers is the
//! caller's decision: never for an origin that is not the app's.

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, PRAGMA};
use http::{HeaderValue, Response, StatusCode};

use crate::names::{TOKEN_COMPANION, TOKEN_COMPANION_REFUSAL, TOKEN_COMPANION_VERSION};

/// Why the companion refused, one word each (the `Token-Companion-Refusal` header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    OriginMissing,
    OriginNotAllowed,
    NotFound,
    MethodNotAllowed,
    BodyTooLarge,
    ContentType,
    ClientCredentials,
    Form,
    GrantType,
    ClientId,
    RedirectUri,
    HeaderNotAllowed,
    HeaderRepeated,
    PathNotAllowed,
    QueryNotAllowed,
    UpstreamTimeout,
    UpstreamUnreachable,
    UpstreamAnswerTooLarge,
    UpstreamRedirect,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OriginMissing => "origin-missing",
            Reason::OriginNotAllowed => "origin-not-allowed",
            Reason::NotFound => "not-found",
            Reason::MethodNotAllowed => "method-not-allowed",
            Reason::BodyTooLarge => "body-too-large",
            Reason::ContentType => "content-type",
            Reason::ClientCredentials => "client-credentials",
            Reason::Form => "form",
            Reason::GrantType => "grant-type",
            Reason::ClientId => "client-id",
            Reason::RedirectUri => "redirect-uri",
            Reason::HeaderNotAllowed => "header-not-allowed",
            Reason::HeaderRepeated => "header-repeated",
            Reason::PathNotAllowed => "path-not-allowed",
            Reason::QueryNotAllowed => "query-not-allowed",
            Reason::UpstreamTimeout => "upstream-timeout",
            Reason::UpstreamUnreachable => "upstream-unreachable",
            Reason::UpstreamAnswerTooLarge => "upstream-answer-too-large",
            Reason::UpstreamRedirect => "upstream-redirect",
        }
    }

    /// The status and the OAuth `error` code.
    fn status_and_error(self) -> (StatusCode, &'static str) {
        match self {
            Reason::OriginMissing | Reason::OriginNotAllowed => {
                (StatusCode::FORBIDDEN, "invalid_request")
            }
            Reason::NotFound | Reason::PathNotAllowed => (StatusCode::NOT_FOUND, "invalid_request"),
            Reason::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "invalid_request"),
            Reason::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "invalid_request"),
            Reason::ContentType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_request"),
            Reason::GrantType => (StatusCode::BAD_REQUEST, "unsupported_grant_type"),
            Reason::ClientId => (StatusCode::UNAUTHORIZED, "invalid_client"),
            Reason::ClientCredentials
            | Reason::Form
            | Reason::RedirectUri
            | Reason::HeaderNotAllowed
            | Reason::HeaderRepeated
            | Reason::QueryNotAllowed => (StatusCode::BAD_REQUEST, "invalid_request"),
            Reason::UpstreamTimeout => (StatusCode::GATEWAY_TIMEOUT, "temporarily_unavailable"),
            Reason::UpstreamUnreachable => (StatusCode::BAD_GATEWAY, "temporarily_unavailable"),
            Reason::UpstreamAnswerTooLarge | Reason::UpstreamRedirect => {
                (StatusCode::BAD_GATEWAY, "server_error")
            }
        }
    }
}

/// A refusal: its reason and a sentence for a person (no request value is echoed in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: Reason,
    pub description: String,
}

impl Refusal {
    pub fn new(reason: Reason, description: impl Into<String>) -> Refusal {
        Refusal {
            reason,
            description: description.into(),
        }
    }

    /// The answer, without CORS headers (the caller adds them for the app's origin only).
    pub fn response(&self) -> Response<Bytes> {
        let (status, error) = self.reason.status_and_error();
        let body = serde_json::json!({ "error": error, "error_description": self.description });
        let mut response = Response::new(Bytes::from(body.to_string()));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        no_store(headers);
        headers.insert(
            TOKEN_COMPANION,
            HeaderValue::from_static(TOKEN_COMPANION_VERSION),
        );
        headers.insert(
            TOKEN_COMPANION_REFUSAL,
            HeaderValue::from_static(self.reason.as_str()),
        );
        response
    }
}

/// `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1), on every answer.
pub fn no_store(headers: &mut http::HeaderMap) {
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
}
