//! What the DPoP side remembers between requests, one value in the store: the live switches,
//! each server's nonces, the `jti`s of accepted proofs and the records tests read.

use super::features::DpopFeatures;
use super::nonce::Nonces;
use super::replay::SeenJtis;
use crate::control::records::DpopProofRecord;

/// The two servers that check proofs; each has its own nonces (RFC 9449 §9: a resource
/// server's nonce is its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Server {
    /// The authorization server's token endpoint.
    Token,
    /// The resource server: every API route that takes an access token.
    Api,
}

#[derive(Debug, Default)]
pub(crate) struct DpopMemory {
    /// The live switches.
    pub features: DpopFeatures,
    pub token_nonces: Nonces,
    pub api_nonces: Nonces,
    /// One set for both servers: a proof names its method and URL, so it could pass at one
    /// server only anyway.
    pub jtis: SeenJtis,
    pub proofs: Vec<DpopProofRecord>,
}

impl DpopMemory {
    pub fn nonces(&mut self, server: Server) -> &mut Nonces {
        match server {
            Server::Token => &mut self.token_nonces,
            Server::Api => &mut self.api_nonces,
        }
    }

    /// Replaces both servers' nonces now (the previous ones stay accepted until the next
    /// replacement); answers the new `(token endpoint, API)` nonces.
    pub fn rotate_nonces(&mut self, now_ms: u64) -> Result<(String, String), getrandom::Error> {
        let token = self.token_nonces.rotate(now_ms)?;
        let api = self.api_nonces.rotate(now_ms)?;
        Ok((token, api))
    }

    /// Whether `server` demands its nonce now.
    pub fn nonce_required(&self, server: Server) -> bool {
        match server {
            Server::Token => self.features.token_nonce_required(),
            Server::Api => self.features.api_nonce_required(),
        }
    }
}
