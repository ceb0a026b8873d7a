//! Documents a browser may keep (RFC 9111, RFC 9110 §13): `Cache-Control: public, max-age`
//! and a strong `ETag` over the exact bytes, answered `304 Not Modified` when the request's
//! `If-None-Match` names it. Discovery and the JWKS are served this way, as many providers
//! serve them: a reload within a few minutes needs no round trip, and a revalidation sees a
//! changed document (a new key changes the bytes, so the tag).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::http::respond;

/// How long a browser may reuse discovery and the JWKS without asking: a few minutes.
pub(crate) const DOCUMENT_CACHE: &str = "public, max-age=300";

/// A faulted document: never kept, so one armed fault is one answer.
pub(crate) const ONE_OFF: &str = "no-store";

/// The strong entity tag of `body`: its SHA-256, base64url, quoted.
pub(crate) fn entity_tag(body: &[u8]) -> String {
    format!("\"{}\"", URL_SAFE_NO_PAD.encode(Sha256::digest(body)))
}

/// Whether `If-None-Match` names `tag` (RFC 9110 §13.1.2: `*`, or a list compared weakly).
fn none_match_names(headers: &HeaderMap, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(tag))
}

/// `document` as JSON with `cache_control` and its `ETag`, or a bodiless 304 carrying the
/// same two headers when the request already holds it.
pub(crate) fn cacheable_json(
    request: &HeaderMap,
    document: &Value,
    cache_control: &'static str,
) -> Response {
    let body = document.to_string();
    let tag = entity_tag(body.as_bytes());
    let mut response = if none_match_names(request, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        respond::raw_json(StatusCode::OK, body)
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn if_none_match_lists_stars_and_weak_tags() {
        let tag = entity_tag(b"{}");
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 45);
        assert_ne!(tag, entity_tag(b"{ }"));
        let listed: &'static str = Box::leak(format!("\"x\", W/{tag}").into_boxed_str());
        assert!(none_match_names(&asking(listed), &tag));
        assert!(none_match_names(&asking("*"), &tag));
        assert!(!none_match_names(&asking("\"x\""), &tag));
        assert!(!none_match_names(&HeaderMap::new(), &tag));
    }

    #[test]
    fn a_held_document_is_answered_304_with_its_headers() {
        let document = serde_json::json!({ "keys": [] });
        let fresh = cacheable_json(&HeaderMap::new(), &document, DOCUMENT_CACHE);
        assert_eq!(fresh.status(), StatusCode::OK);
        let tag = fresh.headers()[header::ETAG]
            .to_str()
            .expect("tag")
            .to_string();
        let mut held = HeaderMap::new();
        held.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&tag).expect("tag"),
        );
        let again = cacheable_json(&held, &document, DOCUMENT_CACHE);
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::ETAG], tag.as_str());
        assert_eq!(again.headers()[header::CACHE_CONTROL], DOCUMENT_CACHE);
        assert!(again.headers().get(header::CONTENT_TYPE).is_none());
    }
}
