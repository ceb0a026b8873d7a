//! Requests under DPoP (RFC 9449): each carries a proof made for it alone by the sign-in's
//! key, and a server that asks for a nonce gets the request once more with a new proof that
//! carries it. The nonces are kept per server for the rest of the sign-in.

use std::sync::{Arc, Mutex};

use oauth_public_client::dpop::{
    asks_for_nonce, worth_repeating, NonceServer, ProofFor, ServerNonces,
};
use oauth_public_client::token::{AccessToken, TokenType};
use send_wrapper::SendWrapper;

use super::dpop_key::{DpopKey, DpopUnavailable};
use super::http::{send, Authorization, FetchFailure, HttpResponse, Outgoing};

/// The sign-in's key and the nonces servers gave it. Cheap to clone: every clone is the
/// same key. (The page is single-threaded; `SendWrapper` lets the key live in the session
/// the reactive screens hold, and would panic rather than let another thread touch it.)
#[derive(Clone)]
pub struct DpopSigner {
    key: Arc<SendWrapper<DpopKey>>,
    nonces: Arc<Mutex<ServerNonces>>,
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFailure {
    Fetch(FetchFailure),
    /// WebCrypto would not sign the proof.
    Proof(DpopUnavailable),
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

    fn nonce_for(&self, server: &NonceServer) -> Option<String> {
        self.lock().for_server(server).map(str::to_string)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ServerNonces> {
        // Single-threaded page: a poisoned lock only means a panic already aborted.
        self.nonces
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends `request` with a fresh proof; if the answer asks for a nonce other than the
    /// one the proof carried, once more with a new proof carrying it. Never more than once:
    /// a server that keeps asking is answered with its own refusal.
    async fn send_proven(
        &self,
        request: Proven<'_>,
        timeout_ms: f64,
    ) -> Result<HttpResponse, SendFailure> {
        let (method, url, access_token, server) = match request {
            Proven::TokenRequest { url, .. } => {
                ("POST", url, None, NonceServer::token_endpoint(url))
            }
            Proven::ApiGet { url, token } => {
                ("GET", url, Some(token), NonceServer::resource_at(url))
            }
        };
        let mut retried = false;
        loop {
            let nonce = self.nonce_for(&server);
            let proof = self
                .key
                .proof(&ProofFor {
                    method,
                    url,
                    access_token,
                    nonce: nonce.as_deref(),
                })
                .await
                .map_err(SendFailure::Proof)?;
            let outgoing = match request {
                Proven::TokenRequest { url, body } => Outgoing::PostForm {
                    url,
                    body: body.to_string(),
                    proof: Some(&proof),
                },
                Proven::ApiGet { url, token } => Outgoing::Get {
                    url,
                    authorization: Authorization::DPoP {
                        token: token.secret(),
                        proof: &proof,
                    },
                },
            };
            let response = send(outgoing, timeout_ms)
                .await
                .map_err(SendFailure::Fetch)?;
            let offered = response.header("DPoP-Nonce");
            if let Some(offered) = &offered {
                self.lock().remember(server.clone(), offered);
            }
            let asked = asks_for_nonce(
                response.status,
                response.header("WWW-Authenticate").as_deref(),
                &response.body,
            );
            if !retried && worth_repeating(asked, nonce.as_deref(), offered.as_deref()) {
                retried = true;
                continue;
            }
            return Ok(response);
        }
    }
}

/// The two kinds of request a proof is made for.
#[derive(Clone, Copy)]
enum Proven<'a> {
    TokenRequest {
        url: &'a str,
        body: &'a str,
    },
    ApiGet {
        url: &'a str,
        token: &'a AccessToken,
    },
}

/// What `token_type` a token request sent with `signer` must be answered with.
pub fn expected_token_type(signer: Option<&DpopSigner>) -> TokenType {
    match signer {
        Some(_) => TokenType::DPoP,
        None => TokenType::Bearer,
    }
}

/// A form POST to the token endpoint, with a proof when the sign-in uses DPoP.
pub async fn post_token_request(
    signer: Option<&DpopSigner>,
    url: &str,
    body: String,
    timeout_ms: f64,
) -> Result<HttpResponse, SendFailure> {
    match signer {
        None => send(
            Outgoing::PostForm {
                url,
                body,
                proof: None,
            },
            timeout_ms,
        )
        .await
        .map_err(SendFailure::Fetch),
        Some(signer) => {
            signer
                .send_proven(Proven::TokenRequest { url, body: &body }, timeout_ms)
                .await
        }
    }
}

/// What authorizes an API call: the access token, and the key it is bound to under DPoP.
#[derive(Clone)]
pub struct Credential {
    pub token: AccessToken,
    pub dpop: Option<DpopSigner>,
}

/// An API GET with the credential.
pub async fn get_authorized(
    credential: &Credential,
    url: &str,
    timeout_ms: f64,
) -> Result<HttpResponse, SendFailure> {
    let token = credential.token.secret();
    match &credential.dpop {
        None => send(
            Outgoing::Get {
                url,
                authorization: Authorization::Bearer(token),
            },
            timeout_ms,
        )
        .await
        .map_err(SendFailure::Fetch),
        Some(signer) => {
            let request = Proven::ApiGet {
                url,
                token: &credential.token,
            };
            signer.send_proven(request, timeout_ms).await
        }
    }
}
