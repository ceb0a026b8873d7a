//! What the session endpoints saw (re-exported by the crate root), so tests can assert what
//! the app did rather than infer it from its screen: how each token request authenticated
//! ([`TokenRequest`]), each refresh attempt ([`RefreshGrant`]),
//! each accepted revocation ([`Revocation`]), each end-session request
//! ([`EndSessionRequest`]) and each DPoP proof ([`DpopProofRecord`]). It imports no other module of
//! the sandbox but the name of a client authentication method.

use serde::{Deserialize, Serialize};

use super::confidential_client::ClientAuth;

/// One request to the token endpoint that sent a form, whichever grant and whatever the
/// answer: how it authenticated the client (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRequest {
    /// As sent (`None` when it sent none, or more than one).
    pub grant_type: Option<String>,
    /// The method the request presented client credentials by: `none`, `client_secret_post`
    /// or `client_secret_basic` (an `Authorization` header counts as Basic).
    pub client_auth: ClientAuth,
    /// The answer's status.
    pub status: u16,
}

/// How a `grant_type=refresh_token` request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshOutcome {
    /// A live, unused refresh token: a new access token and a new refresh token were issued.
    Rotated,
    /// A refresh token that was already used (or the `refresh_reused` fault): `invalid_grant`,
    /// and its whole family was revoked (RFC 9700 §4.14.2).
    Reused,
    /// Not a refresh token the sandbox knows, or one revoked since: `invalid_grant`.
    Unknown,
    /// Any other check failed (client, a missing token, a scope beyond the original).
    Refused,
}

/// One refresh attempt at the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshGrant {
    pub outcome: RefreshOutcome,
    /// The `refresh_token` the request presented (empty when it sent none).
    pub presented: String,
}

/// What a revoked token turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevokedKind {
    /// A live (or expired) access token: it stops working.
    Access,
    /// A refresh token: its whole family, access tokens included, stops working.
    Refresh,
    /// Nothing the sandbox knows (already revoked, or never issued); still 200 (RFC 7009 §2.2).
    Unknown,
}

/// One accepted `POST /oauth2/v2/revoke` (refused ones are only in the request log). It never
/// holds the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub client_id: Option<String>,
    /// As sent, even a value RFC 7009 does not define.
    pub token_type_hint: Option<String>,
    pub kind: RevokedKind,
}

/// One `GET /oauth2/v2/logout`, accepted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndSessionRequest {
    /// The `sub` of a valid `id_token_hint`.
    pub id_token_hint_sub: Option<String>,
    /// Whether an `id_token_hint` was sent and is one this sandbox signed for its client.
    pub id_token_hint_valid: bool,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
    /// Whether the provider session ended (a redirect or the signed-out page), rather than a
    /// 400 page.
    pub accepted: bool,
}

/// One request to the token endpoint or the API that carried a `DPoP` header or used the
/// `DPoP` authorization scheme, and what the sandbox made of its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpopProofRecord {
    pub method: String,
    /// Without the query string.
    pub path: String,
    /// The proof exactly as sent (None if the request had no DPoP header).
    pub proof: Option<String>,
    /// The proof key's RFC 7638 thumbprint, when the proof parsed.
    pub jkt: Option<String>,
    /// "accepted", or the refusal's error code and reason, e.g. "invalid_dpop_proof: jti replayed".
    /// "ignored: …" when the proof was not looked at (DPoP off, a Bearer token, a
    /// `dpop_downgrade` fault).
    pub verdict: String,
    /// The nonce the proof carried, if any.
    pub nonce: Option<String>,
}
