//! Revoking the tokens a session held (RFC 7009), where the provider offers a
//! `revocation_endpoint`: at sign-out in the tab that signed out, in every other tab as it
//! hears the news, and for the tokens a refresh brings back after the session ended. The
//! requests go with `keepalive`, so leaving or closing the page cannot cancel them, and
//! nobody waits for their answers: the tokens are gone from the page either way.

use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::transport::fetch::post_form_keepalive;
use oauth_public_client::id_token::IdToken;
use oauth_public_client::refresh::RefreshToken;
use oauth_public_client::revocation::revocation_request_body;
use oauth_public_client::token::AccessToken;
use oauth_public_client::token::TokenKind;

/// The tokens a session held when it ended; only revocation (and the end-session hint)
/// ever takes them out.
pub struct EndedSession {
    pub access_token: AccessToken,
    /// The refresh tokens it held: its own, and the one a refresh in flight had sent (which,
    /// revoked, takes whatever that refresh brings back with it at a provider that revokes
    /// the whole grant).
    pub refresh_tokens: Vec<RefreshToken>,
    pub id_token: Option<IdToken>,
}

/// Sends the revocations: each refresh token first (revoking one usually ends its access
/// tokens too), then the access token. A provider without a revocation endpoint (ClassLink)
/// gets nothing: its tokens are only forgotten.
pub fn revoke(config: &Config, provider: &Provider, ended: &EndedSession) {
    let Some(endpoint) = provider.revocation_endpoint.as_deref() else {
        return;
    };
    // RFC 7009 asks no proof of possession: the token itself is what is revoked.
    let send = |token: &str, kind| {
        post_form_keepalive(
            endpoint,
            &revocation_request_body(&PlatformForm, token, kind, &config.client_id),
        )
    };
    for refresh in &ended.refresh_tokens {
        send(refresh.secret(), TokenKind::Refresh);
    }
    send(ended.access_token.secret(), TokenKind::Access);
}
