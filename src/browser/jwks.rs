//! Fetching the provider's JWK set (its `jwks_uri`) for the id_token check: the protocol's
//! key port (`oauth_public_client::id_token::KeySource`) in the browser.

use oauth_public_client::id_token::jwk::JwkSet;
use oauth_public_client::id_token::{KeySource, KeysFailure};

use super::http::{send, FetchFailure, Outgoing};

/// The deadline for the key set, as for the other API calls.
pub const JWKS_TIMEOUT_MS: f64 = 15_000.0;

/// Fetches and reads the key set at `jwks_uri`, bypassing the HTTP cache (a fetch after an
/// unknown `kid` must see a rotated set).
pub async fn fetch_key_set(jwks_uri: &str) -> Result<JwkSet, KeysFailure> {
    let response = send(Outgoing::GetPublic { url: jwks_uri }, JWKS_TIMEOUT_MS)
        .await
        .map_err(|failure| match failure {
            FetchFailure::Network => KeysFailure::Network,
            FetchFailure::TimedOut => KeysFailure::TimedOut,
        })?;
    if !(200..300).contains(&response.status) {
        return Err(KeysFailure::Http(response.status));
    }
    JwkSet::from_json(&response.body)
}

/// A key set fetched ahead (beside the token request, so verifying costs no extra round
/// trip), handed out first; a second ask, after an unknown `kid`, fetches anew.
pub struct PrefetchedKeys<'a> {
    pub uri: &'a str,
    pub first: std::cell::Cell<Option<Result<JwkSet, KeysFailure>>>,
}

impl KeySource for PrefetchedKeys<'_> {
    async fn key_set(&self) -> Result<JwkSet, KeysFailure> {
        match self.first.take() {
            Some(prefetched) => prefetched,
            None => fetch_key_set(self.uri).await,
        }
    }
}
