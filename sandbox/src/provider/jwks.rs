//! `GET /oauth2/v2/jwks`: the id_token signing keys ([`super::signing_keys`]) as a JWK set.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use crate::control::faults::fault::{FaultKind, FaultTarget};
use crate::http::conditional::{cacheable_json, DOCUMENT_CACHE, ONE_OFF};
use crate::provider::signing_keys::keys;
use crate::state::shared::Shared;

/// The published keys: the current RS256 key, the previous one after a rotation, the ES256
/// key. A `stale_jwks` fault leaves the current key out of one answer.
pub(crate) fn jwks_document(shared: &Shared) -> Value {
    let stale = shared
        .take_fault(FaultTarget::Jwks, |kind| *kind == FaultKind::StaleJwks)
        .is_some();
    let rotations = shared.store().key_rotations;
    let keys = keys();
    let mut published = Vec::new();
    if !stale {
        published.push(keys.current(rotations).jwk());
    }
    if let Some(previous) = keys.previous(rotations) {
        published.push(previous.jwk());
    }
    published.push(keys.ec.jwk());
    json!({ "keys": published })
}

/// `GET /oauth2/v2/jwks`: cacheable for a few minutes, with an `ETag` that changes with the
/// keys (a rotation, a `stale_jwks` answer), so a revalidation sees a rotation.
pub(crate) async fn jwks(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let document = jwks_document(&shared);
    let not_kept = shared.store().documents_not_kept;
    let cache = if not_kept { ONE_OFF } else { DOCUMENT_CACHE };
    cacheable_json(&headers, &document, cache)
}
