//! What sign-out does beyond forgetting the tokens. Where the provider offers end-session
//! (RP-Initiated Logout), the browser leaves for it at once, so the next student on a shared
//! laptop is not signed in as this one, and comes back to a "You have signed out" checked by a
//! single-use `state`. The revocations (RFC 7009, where offered) go with `keepalive` as the
//! page leaves: nobody waits for them, and closing the tab cannot cancel them.
//!
//! ClassLink offers neither. Its session on the device then stays open whatever this page
//! does, so the page does not leave by itself for a page the student did not ask for: the
//! signed-out screen says plainly that this app has forgotten everything and that the
//! ClassLink session may still be open, and offers **Sign out of ClassLink** when the
//! district has set `logout_url` (docs/deploy.md, "Shared devices").

use super::revocation::{revoke, EndedSession};
use super::screen::Notice;
use crate::browser::location::{self, navigate_to};
use crate::browser::random::PlatformRandom;
use crate::browser::storage::tab_marks;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::end_session::end_session_url;

/// Leaves for the provider's end-session endpoint where there is one, then sends the
/// revocations. The note the sign-in screen shows meanwhile (or for good, when the page
/// stays): whether the provider's session was ended too.
pub fn finish(config: &Config, provider: Option<&Provider>, ended: Option<EndedSession>) -> Notice {
    let left = provider.is_some_and(|provider| leave_for_end_session(config, provider, &ended));
    if let (Some(provider), Some(ended)) = (provider, &ended) {
        revoke(config, provider, ended);
    }
    if left {
        Notice::SignedOut
    } else {
        Notice::SignedOutOfAppOnly
    }
}

/// The note for a tab that heard another tab sign out: the same as that tab's, without
/// leaving (the other tab has ended the provider's session, where that can be done).
pub fn notice_elsewhere(provider: Option<&Provider>) -> Notice {
    match provider.and_then(|p| p.end_session_endpoint.as_deref()) {
        Some(_) => Notice::SignedOut,
        None => Notice::SignedOutOfAppOnly,
    }
}

/// Off to the provider's end-session endpoint with the id_token as a hint, this page as the
/// way back, and a fresh single-use state. False when there is none, or the page cannot go.
fn leave_for_end_session(
    config: &Config,
    provider: &Provider,
    ended: &Option<EndedSession>,
) -> bool {
    let Some(endpoint) = provider.end_session_endpoint.as_deref() else {
        return false;
    };
    let (Some(page), Ok(state)) = (location::current(), CsrfState::new_random(&PlatformRandom))
    else {
        return false;
    };
    tab_marks::remember_sign_out(&state);
    let hint = ended
        .as_ref()
        .and_then(|ended| ended.id_token.as_ref())
        .map(|token| token.secret());
    navigate_to(&end_session_url(
        &PlatformForm,
        endpoint,
        hint,
        &config.redirect_uri_for(&page.page_url()),
        &state,
        &config.client_id,
    ))
}
