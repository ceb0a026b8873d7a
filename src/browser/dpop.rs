//! The sign-in's DPoP signer (RFC 9449): its key, which signs a fresh proof for each request,
//! and the nonces servers gave it, kept per server for the rest of the sign-in. It only
//! signs: sending, and the one repeat when a server asks for a nonce, are the authorized
//! transport's (`crate::transport::authorized`).

use std::sync::{Arc, Mutex, MutexGuard};

use oauth_public_client::dpop::{NonceServer, ProofFor, ServerNonces};
use oauth_public_client::token::AccessToken;
use send_wrapper::SendWrapper;

use super::dpop_key::{DpopKey, DpopUnavailable};

/// The sign-in's key and the nonces servers gave it. Cheap to clone: every clone is the
/// same key. (The page is single-threaded; `SendWrapper` lets the key live in the session
/// the reactive screens hold, and would panic rather than let another thread touch it.)
#[derive(Clone)]
pub struct DpopSigner {
    key: Arc<SendWrapper<DpopKey>>,
    nonces: Arc<Mutex<ServerNonces>>,
}

/// A proof for one request, and the nonce it carries.
pub struct SignedProof {
    pub proof: String,
    pub nonce: Option<String>,
}

impl DpopSigner {
    /// A signer with a new key: one per sign-in.
    pub async fn generate() -> Result<DpopSigner, DpopUnavailable> {
        Ok(DpopSigner {
            key: Arc::new(SendWrapper::new(DpopKey::generate().await?)),
            nonces: Arc::default(),
        })
    }

    /// The key itself (for the tests that prove what the browser holds).
    pub fn key(&self) -> &DpopKey {
        &self.key
    }

    fn lock(&self) -> MutexGuard<'_, ServerNonces> {
        // Single-threaded page: a poisoned lock only means a panic already aborted.
        self.nonces
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A fresh proof for `method` on `url` (with `ath` for `access_token`), carrying the
    /// nonce `server` last gave, if any.
    pub async fn proof(
        &self,
        method: &str,
        url: &str,
        access_token: Option<&AccessToken>,
        server: &NonceServer,
    ) -> Result<SignedProof, DpopUnavailable> {
        let nonce = self.lock().for_server(server).map(str::to_string);
        let proof = self
            .key
            .proof(&ProofFor {
                method,
                url,
                access_token,
                nonce: nonce.as_deref(),
            })
            .await?;
        Ok(SignedProof { proof, nonce })
    }

    /// A nonce `server` offered (`DPoP-Nonce`), for the next proof to it.
    pub fn remember_nonce(&self, server: &NonceServer, offered: &str) {
        self.lock().remember(server.clone(), offered);
    }
}
