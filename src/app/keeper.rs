//! The signed-in session's one owner: every API call asks it for the current access token,
//! and it alone uses the refresh token. Refreshes are single-flight: a second caller waits
//! for the one in flight instead of sending the same refresh token again (a provider that
//! detects reuse would revoke the whole session).

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::channel::oneshot;
use leptos::prelude::*;
use oauth_public_client::id_token::IdToken;
use oauth_public_client::refresh::{refresh_request_body, RefreshToken};
use oauth_public_client::token::{parse_token_response, AccessToken, TokenError};

use crate::auth::session::Session;
use crate::browser::clock::now_ms;
use crate::browser::dpop::{
    expected_token_type, post_token_request, Credential, DpopSigner, SendFailure,
};
use crate::browser::tab_memory;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;

use super::flow::TOKEN_TIMEOUT_MS;

/// Why a refresh gave no new token. The refresh token is gone in every case: one that was
/// sent may have been redeemed, and sending it again would look like theft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshFailure {
    /// There is none (ClassLink), or it was already spent.
    NoRefreshToken,
    Refused(TokenError),
    Unreachable,
    /// Under DPoP: WebCrypto would not sign the refresh request's proof.
    NoProof,
    /// The session ended (signed out) while the refresh was in flight.
    Ended,
}

/// The tokens sign-out hands to revocation; nothing else ever takes them out.
pub struct EndedSession {
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
    pub id_token: Option<IdToken>,
}

struct Inner {
    session: Session,
    ended: bool,
    refreshing: bool,
    waiting: Vec<oneshot::Sender<Result<(), RefreshFailure>>>,
}

/// Cheap to clone: every clone is the same session.
#[derive(Clone)]
pub struct SessionKeeper {
    inner: Arc<Mutex<Inner>>,
    config: Arc<Config>,
    provider: Arc<Provider>,
    /// The sign-in's DPoP key, when the tokens are bound to one: every token request and
    /// API call of this session carries a proof from it.
    dpop: Option<DpopSigner>,
    /// Bumped on each refresh, so the timers that depend on the expiry are set again.
    pub version: ArcRwSignal<u32>,
}

impl SessionKeeper {
    pub fn new(
        session: Session,
        config: Arc<Config>,
        provider: Arc<Provider>,
        dpop: Option<DpopSigner>,
    ) -> SessionKeeper {
        SessionKeeper {
            inner: Arc::new(Mutex::new(Inner {
                session,
                ended: false,
                refreshing: false,
                waiting: Vec::new(),
            })),
            config,
            provider,
            dpop,
            version: ArcRwSignal::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The page is single-threaded: a poisoned lock only means a panic already aborted.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A copy of the session as it is now.
    pub fn session(&self) -> Session {
        self.lock().session.clone()
    }

    pub fn token(&self) -> AccessToken {
        self.lock().session.token.clone()
    }

    /// What authorizes an API call now: the current token, and the key it is bound to.
    pub fn credential(&self) -> Credential {
        Credential {
            token: self.token(),
            dpop: self.dpop.clone(),
        }
    }

    pub fn can_refresh(&self) -> bool {
        let inner = self.lock();
        !inner.ended && (inner.refreshing || inner.session.refresh_token.is_some())
    }

    /// Sign-out: the session is over; its tokens go to revocation, once.
    pub fn end(&self) -> Option<EndedSession> {
        let mut inner = self.lock();
        if std::mem::replace(&mut inner.ended, true) {
            return None;
        }
        let session = &mut inner.session;
        Some(EndedSession {
            access_token: session.token.clone(),
            refresh_token: session.refresh_token.take(),
            id_token: session.id_token.clone(),
        })
    }

    /// Uses the refresh token for a new access token, or waits for the refresh already in
    /// flight. On success the new tokens replace the old at once and the tab's mark follows
    /// the new expiry.
    pub async fn refresh(&self) -> Result<(), RefreshFailure> {
        let spent = {
            let mut inner = self.lock();
            if inner.ended {
                return Err(RefreshFailure::Ended);
            }
            if inner.refreshing {
                let (sender, receiver) = oneshot::channel();
                inner.waiting.push(sender);
                Err(receiver)
            } else {
                let Some(spent) = inner.session.refresh_token.take() else {
                    return Err(RefreshFailure::NoRefreshToken);
                };
                inner.refreshing = true;
                Ok(spent)
            }
        };
        let spent = match spent {
            Ok(spent) => spent,
            // Another call's refresh is in flight: its outcome is this one's.
            Err(in_flight) => return in_flight.await.unwrap_or(Err(RefreshFailure::Ended)),
        };
        let result = self.redeem(&spent).await;
        let waiting = {
            let mut inner = self.lock();
            inner.refreshing = false;
            let result = match result {
                _ if inner.ended => Err(RefreshFailure::Ended),
                Ok(response) => {
                    let rotated = response.refresh_token.is_some();
                    let mut next = inner.session.refreshed(response, now_ms());
                    if !rotated {
                        // A provider that does not rotate keeps the old one valid (RFC 6749 §6).
                        next.refresh_token = Some(spent);
                    }
                    tab_memory::mark_signed_in(next.expires_at_ms);
                    inner.session = next;
                    Ok(())
                }
                Err(failure) => Err(failure),
            };
            let waiting = std::mem::take(&mut inner.waiting);
            (waiting, result)
        };
        let (waiting, result) = waiting;
        for waiter in waiting {
            let _ = waiter.send(result.clone());
        }
        if result.is_ok() {
            self.version.update(|v| *v += 1);
        }
        result
    }

    async fn redeem(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<oauth_public_client::token::TokenResponse, RefreshFailure> {
        // Under DPoP the refresh token is bound to the key too (RFC 9449 §5): the request
        // carries a proof, and the answer must be DPoP again.
        let response = post_token_request(
            self.dpop.as_ref(),
            &self.provider.token_endpoint,
            refresh_request_body(&PlatformForm, refresh_token, &self.config.client_id),
            TOKEN_TIMEOUT_MS,
        )
        .await
        .map_err(|failure| match failure {
            SendFailure::Fetch(_) => RefreshFailure::Unreachable,
            SendFailure::Proof(_) => RefreshFailure::NoProof,
        })?;
        let expected = expected_token_type(self.dpop.as_ref());
        parse_token_response(response.status, &response.body, expected)
            .map_err(RefreshFailure::Refused)
    }
}

impl fmt::Debug for SessionKeeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKeeper([redacted])")
    }
}

/// Two keepers are equal when they keep the same session.
impl PartialEq for SessionKeeper {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}
