//! Everything that changes while serving ([`Store`]): issued codes and tokens with their
//! grants, refresh-token families, provider sessions, armed faults, the request log and the
//! records tests read. Plain data with the few operations that must keep it consistent.

use std::collections::HashMap;

use crate::control::cors_off::CorsOff;
use crate::control::faults::fault::Fault;
use crate::control::records::{EndSessionRequest, RefreshGrant, Revocation, TokenRequest};
use crate::control::request_log::entry::LoggedRequest;
use crate::control::session_features::SessionFeatures;
use crate::dpop::memory::DpopMemory;

/// An issued authorization code and what it is bound to.
#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    /// `None` for a LaunchPad-initiated code, which this public client can never redeem.
    pub code_challenge: Option<String>,
    pub scope: String,
    pub login: String,
    /// The authorization request's `nonce`, echoed in the id_token.
    pub nonce: Option<String>,
    pub issued_at_ms: u64,
    /// Set by the first redemption attempt: codes are single-use.
    pub used: bool,
    /// Access tokens issued from this code, revoked if the code is presented again.
    pub tokens: Vec<String>,
    /// The refresh-token family the exchange started (with `refresh_tokens` on), revoked with
    /// those tokens if the code is presented again.
    pub family: Option<u64>,
}

impl CodeGrant {
    pub fn is_launchpad(&self) -> bool {
        self.code_challenge.is_none()
    }
}

/// An access token's grant.
#[derive(Debug, Clone)]
pub(crate) struct TokenGrant {
    pub login: String,
    pub scope: String,
    pub expires_at_ms: u64,
    /// The RFC 7638 thumbprint of the DPoP key it is bound to; `None`: a Bearer token. The
    /// tokens are opaque, so the binding lives here (a JWT would carry it as `cnf.jkt`).
    pub jkt: Option<String>,
}

impl TokenGrant {
    /// Whether the space-separated scope includes any of `wanted`.
    pub fn has_any_scope(&self, wanted: &[&str]) -> bool {
        self.scope.split(' ').any(|s| wanted.contains(&s))
    }
}

/// A refresh token's grant. Refresh tokens do not expire; they end by rotation, reuse or
/// revocation.
#[derive(Debug, Clone)]
pub(crate) struct RefreshToken {
    pub family: u64,
    pub login: String,
    /// The scope of the original grant; a refresh may narrow it, never widen it.
    pub scope: String,
    /// Set when it was exchanged: presenting it again is reuse (RFC 9700 §4.14.2).
    pub used: bool,
    /// The DPoP key it is bound to (RFC 9449 §5); `None`: bound to nothing.
    pub jkt: Option<String>,
}

/// Every token descended from one authorization code: revoked together on reuse.
#[derive(Debug, Clone, Default)]
pub(crate) struct Family {
    pub access_tokens: Vec<String>,
    pub refresh_tokens: Vec<String>,
}

/// Everything that changes while serving.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub codes: HashMap<String, CodeGrant>,
    /// Live tokens only: revoking removes the entry.
    pub tokens: HashMap<String, TokenGrant>,
    /// Every code and access token ever issued, for leak checks.
    pub issued: Vec<String>,
    pub requests: Vec<LoggedRequest>,
    pub faults: Vec<Fault>,
    /// How often the RS256 signing key was rotated (see [`crate::provider::signing_keys::KeySet::current`]).
    pub key_rotations: usize,
    /// The live session switches.
    pub session_features: SessionFeatures,
    /// The surfaces that serve no browsers now.
    pub cors_off: CorsOff,
    /// Provider sessions: the `sandbox_idp` cookie's secret → who signed in.
    pub idp_sessions: HashMap<String, String>,
    /// Refresh tokens, used ones included (so reuse is recognised); revoking removes them.
    pub refresh_tokens: HashMap<String, RefreshToken>,
    /// Refresh-token families by id; revoking removes the entry.
    pub families: HashMap<u64, Family>,
    pub next_family: u64,
    pub token_requests: Vec<TokenRequest>,
    pub refresh_grants: Vec<RefreshGrant>,
    pub revocations: Vec<Revocation>,
    pub end_session_requests: Vec<EndSessionRequest>,
    /// The DPoP switches, nonces, accepted proofs and records.
    pub dpop: DpopMemory,
    /// Discovery and the key set sent `no-store`, as by a provider that lets no browser keep
    /// them; off by default (they are cacheable for a few minutes, as many providers send them).
    pub documents_not_kept: bool,
}

impl Store {
    /// Records a new secret (code or token) in the leak-check list.
    pub fn remember_issued(&mut self, secret: &str) {
        self.issued.push(secret.to_string());
    }

    /// The RFC 7638 thumbprint of the DPoP key a live access token is bound to; `None` for a
    /// Bearer token, or one revoked or never issued.
    pub fn token_binding(&self, access_token: &str) -> Option<String> {
        self.tokens
            .get(access_token)
            .and_then(|grant| grant.jkt.clone())
    }

    /// Starts a refresh-token family and returns its id.
    pub fn new_family(&mut self) -> u64 {
        let id = self.next_family;
        self.next_family += 1;
        self.families.insert(id, Family::default());
        id
    }

    /// Revokes every access and refresh token of a family (unknown ids: nothing to do).
    pub fn revoke_family(&mut self, id: u64) {
        if let Some(family) = self.families.remove(&id) {
            for token in &family.access_tokens {
                self.tokens.remove(token);
            }
            for token in &family.refresh_tokens {
                self.refresh_tokens.remove(token);
            }
        }
    }
}
