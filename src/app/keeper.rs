//! The signed-in session's one owner: every API call asks it for the current access token,
//! and it alone uses the refresh token. Refreshes are single-flight: a second caller waits
//! for the one in flight instead of sending the same refresh token again (a provider that
//! detects reuse would revoke the whole session).
//!
//! A refresh runs as a task of its own, never inside its caller's: a screen that asked for
//! it may go away meanwhile, and the refresh token's answer must not go with it. When the
//! session has ended by the time the answer comes (signed out here or in another tab), the
//! tokens it brings are revoked at once and never used.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::revocation::{revoke, EndedSession};
use crate::auth::session::Session;
use crate::browser::clock::now_ms;
use crate::browser::dpop::DpopSigner;
use crate::browser::storage::tab_marks;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::transport::authorized::{
    expected_token_type, post_token_request, Credential, SendFailure,
};
use crate::transport::{Document, NoAnswer};
use oauth_public_client::refresh::{refresh_request_body, RefreshToken};
use oauth_public_client::token::{parse_token_response, AccessToken, TokenError, TokenResponse};

/// Why a refresh gave no new token. The refresh token is gone in every case: one that was
/// sent may have been redeemed, and sending it again would look like theft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshFailure {
    /// There is none (ClassLink), or it was already spent.
    NoRefreshToken,
    Refused(TokenError),
    NoAnswer(NoAnswer),
    /// Under DPoP: WebCrypto would not sign the refresh request's proof.
    NoProof,
    /// The session ended (signed out) while the refresh was in flight.
    Ended,
}

struct Inner {
    session: Session,
    ended: bool,
    /// The refresh token a refresh in flight has sent.
    in_flight: Option<RefreshToken>,
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
    /// Bumped on each refresh, so the timers that depend on the expiry are set again. An
    /// `ArcRwSignal` belongs to no screen, so a refresh that lands after its screen is gone
    /// still finds it.
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
                in_flight: None,
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

    /// Whether the access token has run out (or the session ended): it is not sent again.
    pub fn is_over(&self) -> bool {
        let inner = self.lock();
        inner.ended || inner.session.is_expired(now_ms())
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
        !inner.ended && (inner.in_flight.is_some() || inner.session.refresh_token.is_some())
    }

    /// The session is over: its tokens go to revocation, once. A refresh in flight is
    /// answered [`RefreshFailure::Ended`] when it lands, and what it brings is revoked then.
    pub fn end(&self) -> Option<EndedSession> {
        let mut inner = self.lock();
        if std::mem::replace(&mut inner.ended, true) {
            return None;
        }
        let refresh_tokens = inner
            .session
            .refresh_token
            .take()
            .into_iter()
            .chain(inner.in_flight.clone())
            .collect();
        Some(EndedSession {
            access_token: inner.session.token.clone(),
            refresh_tokens,
            id_token: inner.session.id_token.clone(),
        })
    }

    /// Uses the refresh token for a new access token, or waits for the refresh already in
    /// flight. On success the new tokens replace the old at once and the tab's mark follows
    /// the new expiry.
    pub async fn refresh(&self) -> Result<(), RefreshFailure> {
        let answer = {
            let mut inner = self.lock();
            if inner.ended {
                return Err(RefreshFailure::Ended);
            }
            if inner.in_flight.is_none() {
                let Some(spent) = inner.session.refresh_token.take() else {
                    return Err(RefreshFailure::NoRefreshToken);
                };
                inner.in_flight = Some(spent.clone());
                spawn_local(self.clone().run_refresh(spent));
            }
            let (sender, receiver) = oneshot::channel();
            inner.waiting.push(sender);
            receiver
        };
        answer.await.unwrap_or(Err(RefreshFailure::Ended))
    }

    /// The refresh itself, as a task of its own: sends `spent`, keeps or revokes what comes
    /// back, and tells every caller waiting for it.
    async fn run_refresh(self, spent: RefreshToken) {
        let redeemed = self.redeem(&spent).await;
        let (waiting, result, orphaned) = {
            let mut inner = self.lock();
            inner.in_flight = None;
            let mut orphaned = None;
            let result = match redeemed {
                Ok(answer) if inner.ended => {
                    // Signed out meanwhile: these tokens were never anyone's to use.
                    orphaned = Some(EndedSession {
                        access_token: answer.access_token,
                        refresh_tokens: answer.refresh_token.into_iter().collect(),
                        id_token: None,
                    });
                    Err(RefreshFailure::Ended)
                }
                _ if inner.ended => Err(RefreshFailure::Ended),
                Ok(answer) => {
                    let rotated = answer.refresh_token.is_some();
                    let mut next = inner.session.refreshed(answer, now_ms());
                    if !rotated {
                        // A provider that does not rotate keeps the old one valid (RFC 6749 §6).
                        next.refresh_token = Some(spent);
                    }
                    tab_marks::mark_signed_in(next.expires_at_ms);
                    inner.session = next;
                    Ok(())
                }
                Err(failure) => Err(failure),
            };
            (std::mem::take(&mut inner.waiting), result, orphaned)
        };
        if let Some(orphaned) = orphaned {
            revoke(&self.config, &self.provider, &orphaned);
        }
        if result.is_ok() {
            self.version.update(|v| *v += 1);
        }
        for waiter in waiting {
            let _ = waiter.send(result.clone());
        }
    }

    async fn redeem(&self, refresh_token: &RefreshToken) -> Result<TokenResponse, RefreshFailure> {
        // Under DPoP the refresh token is bound to the key too (RFC 9449 §5): the request
        // carries a proof, and the answer must be DPoP again.
        let response = post_token_request(
            self.dpop.as_ref(),
            &self.provider.token_endpoint,
            refresh_request_body(&PlatformForm, refresh_token, &self.config.client_id),
            Document::TokenAnswer,
        )
        .await
        .map_err(|failure| match failure {
            SendFailure::NoAnswer(no_answer) => RefreshFailure::NoAnswer(no_answer),
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
