//! What sign-out does beyond forgetting the tokens, where the provider offers it: revoke
//! them (RFC 7009), then end the provider's own session (RP-Initiated Logout) so the next
//! student on a shared laptop is not signed in as this one. A provider without either gets
//! the district's `logout_url`, if any.

use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::end_session::end_session_url;
use oauth_public_client::revocation::revocation_request_body;
use oauth_public_client::token::TokenKind;

use crate::browser::http::{send, Outgoing};
use crate::browser::location::{self, navigate_to};
use crate::browser::random::PlatformRandom;
use crate::browser::tab_memory;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;

use super::keeper::EndedSession;

/// Deadline for each revocation request: sign-out does not wait longer for a provider that
/// does not answer; the token is gone from the page either way.
const REVOCATION_TIMEOUT_MS: f64 = 5_000.0;

/// Revokes what the provider can revoke, then leaves for its end-session endpoint or the
/// district's logout page. Failures are not shown: the student is signed out of the page
/// already, and nothing here can undo that.
pub async fn finish(config: &Config, provider: Option<&Provider>, ended: Option<EndedSession>) {
    if let (Some(provider), Some(ended)) = (provider, ended.as_ref()) {
        if let Some(endpoint) = provider.revocation_endpoint.as_deref() {
            revoke(config, endpoint, ended).await;
        }
    }
    let end_session = provider.and_then(|p| p.end_session_endpoint.as_deref());
    match (
        end_session,
        location::current(),
        CsrfState::new_random(&PlatformRandom),
    ) {
        (Some(endpoint), Some(page), Ok(state)) => {
            tab_memory::remember_sign_out(&state);
            let hint = ended
                .as_ref()
                .and_then(|e| e.id_token.as_ref())
                .map(|t| t.secret());
            navigate_to(&end_session_url(
                &PlatformForm,
                endpoint,
                hint,
                &config.redirect_uri_for(&page.page_url()),
                &state,
                &config.client_id,
            ));
        }
        _ => {
            if let Some(url) = config.logout_url.as_deref() {
                navigate_to(url);
            }
        }
    }
}

/// The refresh token first (revoking it usually ends its access tokens too), then the
/// access token; both at once, each with its own short deadline.
async fn revoke(config: &Config, endpoint: &str, ended: &EndedSession) {
    let request = |token: &str, kind| {
        send(
            Outgoing::PostForm {
                url: endpoint,
                body: revocation_request_body(&PlatformForm, token, kind, &config.client_id),
                // RFC 7009 asks no proof of possession: the token itself is what is revoked.
                proof: None,
            },
            REVOCATION_TIMEOUT_MS,
        )
    };
    let refresh = async {
        if let Some(refresh) = &ended.refresh_token {
            let _ = request(refresh.secret(), TokenKind::Refresh).await;
        }
    };
    let access = request(ended.access_token.secret(), TokenKind::Access);
    let _ = futures::join!(refresh, access);
}
