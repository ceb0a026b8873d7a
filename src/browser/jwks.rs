//! Fetching the provider's JWK set (its `jwks_uri`) for the id_token check: the protocol's
//! key port (`oauth_public_client::id_token::KeySource`) in the browser.
//!
//! The first ask of a check takes the set as the provider's `Cache-Control` allows (the
//! browser's HTTP cache may answer it); a second ask, which the check makes only after an
//! unknown `kid`, revalidates with the provider, so a rotated set is read however long the
//! cached one had left.

use std::cell::Cell;

use oauth_public_client::id_token::jwk::JwkSet;
use oauth_public_client::id_token::{KeySource, KeysFailure};

use crate::transport::fetch::{send, Deadline, Kept, Outgoing};
use crate::transport::{Document, NoAnswer};

/// Fetches and reads the key set at `jwks_uri`, kept by the HTTP cache as `cache` says.
pub async fn fetch_key_set(jwks_uri: &str, cache: Kept) -> Result<JwkSet, KeysFailure> {
    let deadline = Deadline::for_document(Document::Jwks);
    let response = send(
        Outgoing::GetProviderDocument {
            url: jwks_uri,
            cache,
        },
        Document::Jwks,
        deadline,
    )
    .await
    .and_then(|response| response.success())
    .map_err(keys_failure)?;
    JwkSet::from_json(&response.body)
}

/// The id_token check's word for no usable answer. A set too large to read is one that could
/// not be read: none of it is used, and the student is told the keys could not be loaded.
fn keys_failure(no_answer: NoAnswer) -> KeysFailure {
    match no_answer {
        NoAnswer::Unreachable => KeysFailure::Network,
        NoAnswer::TimedOut => KeysFailure::TimedOut,
        NoAnswer::Status(status) => KeysFailure::Http(status),
        NoAnswer::TooLarge { .. } => KeysFailure::NotJson,
    }
}

/// The provider's published keys, as the id_token check asks for them: the first ask as the
/// cache allows, any later one revalidated.
pub struct JwksEndpoint<'a> {
    pub uri: &'a str,
    pub asked: Cell<bool>,
}

impl KeySource for JwksEndpoint<'_> {
    async fn key_set(&self) -> Result<JwkSet, KeysFailure> {
        let cache = if self.asked.replace(true) {
            Kept::Revalidated
        } else {
            Kept::AsAllowed
        };
        fetch_key_set(self.uri, cache).await
    }
}

/// A key set fetched ahead (beside the token request, so verifying costs no extra round
/// trip), handed out first; a second ask, after an unknown `kid`, fetches anew, revalidated.
pub struct PrefetchedKeys<'a> {
    pub uri: &'a str,
    pub first: Cell<Option<Result<JwkSet, KeysFailure>>>,
}

impl KeySource for PrefetchedKeys<'_> {
    async fn key_set(&self) -> Result<JwkSet, KeysFailure> {
        match self.first.take() {
            Some(prefetched) => prefetched,
            None => fetch_key_set(self.uri, Kept::Revalidated).await,
        }
    }
}
