//! The session controller: the sign-in state machine (start-up, the way to the provider and
//! back, discovery behind the sign-in screen), the signed-in session's keeper, the rule for
//! API calls made with its token, and the ways a session ends (sign-out here or in another
//! tab, a refused token, expiry). The screens ask it and show its `screen`; it knows nothing
//! of them, of the language or of the announcer. Provided as context (a newtype, so no other
//! context can collide with it).
//!
//! Every method may be called by a task or timer after the screen that started it has gone:
//! the controller's signals belong to the page, not to a screen, and are still read through
//! the `try_` accessors, so nothing here can panic on a disposed signal.

use std::sync::Arc;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use oauth_public_client::callback::{address_without_callback, parse_callback, Callback};

use super::authorized::with_one_refresh;
use super::flow;
use super::keeper::SessionKeeper;
use super::screen::{Notice, Screen};
use super::sign_out;
use crate::browser::clock::now_ms;
use crate::browser::storage::tab_marks;
use crate::browser::{broadcast, location};
use crate::classlink::api_error::ApiError;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::transport::authorized::Credential;
use crate::transport::fetch::Kept;

#[derive(Clone, Copy)]
pub struct SessionController {
    /// What the page shows.
    pub screen: RwSignal<Screen>,
    pub config: RwSignal<Option<Arc<Config>>>,
    /// The identity provider's endpoints, once known (written, discovered, or carried by
    /// the pending sign-in a callback completed).
    pub provider: RwSignal<Option<Arc<Provider>>>,
    /// Discovery is in flight: a click waits for it rather than asking again.
    discovering: RwSignal<bool>,
    /// A sign-in is to start as soon as the provider is known: `Some(false)` after a click,
    /// `Some(true)` when the app resumes a tab's session by itself.
    sign_in_waiting: RwSignal<Option<bool>>,
}

impl Default for SessionController {
    fn default() -> Self {
        Self::new()
    }
}

impl SessionController {
    pub fn new() -> SessionController {
        SessionController {
            screen: RwSignal::new(Screen::Starting),
            config: RwSignal::new(None),
            provider: RwSignal::new(None),
            discovering: RwSignal::new(false),
            sign_in_waiting: RwSignal::new(None),
        }
    }

    /// A new controller, provided as context.
    pub fn provide() -> SessionController {
        let controller = SessionController::new();
        provide_context(controller);
        controller
    }

    /// Start-up: take the callback out of the address bar before anything else, then load
    /// the configuration and complete the callback, if there is one.
    pub fn boot(self) {
        let callback = match location::current() {
            Some(page) => {
                if let Some(cleaned) =
                    address_without_callback(&PlatformForm, &page.path, &page.query, &page.fragment)
                {
                    location::replace_address(&cleaned);
                }
                parse_callback(&PlatformForm, &page.query, &page.fragment)
            }
            None => Callback::None,
        };
        if callback != Callback::None {
            self.show(Screen::SigningIn);
        }
        broadcast::listen_for_sign_out(move || self.signed_out_elsewhere());
        spawn_local(async move {
            let config = match flow::load_config().await {
                Ok(config) => Arc::new(config),
                Err(error) => {
                    self.show(Screen::ConfigError(error));
                    return;
                }
            };
            self.config.try_set(Some(config.clone()));
            // A reload of a signed-in tab: back to the provider by itself, once.
            if callback == Callback::None && tab_marks::take_live_mark(now_ms()) {
                self.leave(true);
                return;
            }
            let completed = flow::complete(callback, &config).await;
            if let Some(provider) = completed.provider {
                self.adopt_provider(&config, provider);
            }
            self.show(completed.screen);
            // Behind the sign-in screen (or a failed callback's "Try again"), the provider's
            // endpoints are read now, so the button never waits for them at boot.
            self.discover_in_background(config);
        });
    }

    /// The provider is known: the page may talk to its endpoints and no others.
    fn adopt_provider(self, config: &Config, provider: Provider) {
        if self.provider.try_with_untracked(Option::is_none) == Some(true) {
            flow::restrict_connections(config, &provider);
            self.provider.try_set(Some(Arc::new(provider)));
        }
    }

    /// Reads the provider's endpoints unless they are known or already being read: one
    /// discovery request per load, however often "Sign in" is pressed meanwhile.
    fn discover_in_background(self, config: Arc<Config>) {
        let known = self.provider.try_with_untracked(Option::is_some);
        if known != Some(false) || self.discovering.try_get_untracked() != Some(false) {
            return;
        }
        self.discovering.try_set(true);
        spawn_local(async move {
            let result = flow::discover(&config, Kept::AsAllowed).await;
            self.discovering.try_set(false);
            match result {
                Ok(provider) => {
                    self.adopt_provider(&config, provider);
                    if let Some(Some(resuming)) = self.sign_in_waiting.try_get_untracked() {
                        self.sign_in_waiting.try_set(None);
                        self.leave(resuming);
                    }
                }
                Err(error) => {
                    self.sign_in_waiting.try_set(None);
                    self.show(Screen::ConfigError(error));
                }
            }
        });
    }

    /// The "Sign in" button.
    pub fn sign_in(self) {
        self.leave(false);
    }

    /// Leaves for the authorization server, or shows why it cannot. Before the provider is
    /// known, the page says it is on its way and leaves as soon as discovery has answered.
    /// `resuming`: the app goes by itself, for a tab that was signed in ("Welcome back").
    fn leave(self, resuming: bool) {
        let Some(Some(config)) = self.config.try_get_untracked() else {
            return;
        };
        self.show(if resuming {
            Screen::Resuming
        } else {
            Screen::Redirecting
        });
        match self.provider.try_get_untracked().flatten() {
            Some(provider) => {
                if let Err(problem) = flow::start_sign_in(&config, &provider, resuming) {
                    self.show(Screen::SignInFailed(problem));
                }
            }
            None => {
                self.sign_in_waiting.try_set(Some(resuming));
                self.discover_in_background(config);
            }
        }
    }

    /// The session being shown, if any.
    pub fn keeper(self) -> Option<SessionKeeper> {
        self.screen
            .try_with_untracked(|screen| match screen {
                Screen::SignedIn(keeper) => Some(keeper.clone()),
                _ => None,
            })
            .flatten()
    }

    /// Whether `keeper` is the session the page shows (not one that has ended since).
    fn is_current(self, keeper: &SessionKeeper) -> bool {
        self.keeper().as_ref() == Some(keeper)
    }

    /// Calls an API with `keeper`'s token by the rule of `super::authorized` (one refresh and
    /// the call again after a 401). A token that has run out is not sent; it, or a final
    /// 401, ends the session, if it is still the one shown.
    pub async fn call_api<T>(
        self,
        keeper: &SessionKeeper,
        call: impl Fn(Credential) -> LocalBoxFuture<'static, Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        let result = if keeper.is_over() {
            Err(ApiError::Unauthorized)
        } else {
            with_one_refresh(keeper, call).await
        };
        if result.as_ref().err() == Some(&ApiError::Unauthorized) {
            self.end_session_of(keeper, Notice::SessionExpired);
        }
        result
    }

    /// "Stay signed in": a refresh where the provider gave a refresh token, else the same
    /// one-hop sign-in a reload makes.
    pub fn stay_signed_in(self) {
        match self.keeper() {
            Some(keeper) if keeper.can_refresh() => spawn_local(async move {
                if keeper.refresh().await.is_err() && self.is_current(&keeper) {
                    self.leave(true);
                }
            }),
            _ => self.leave(true),
        }
    }

    /// `keeper`'s session has ended by itself (a refused token, expiry): its tokens are
    /// forgotten, with the tab's mark, and the sign-in screen says why. Nothing happens for a
    /// session that is no longer the one shown.
    pub fn end_session_of(self, keeper: &SessionKeeper, notice: Notice) {
        if self.is_current(keeper) {
            keeper.end();
            self.signed_out(notice);
        }
    }

    /// Forgets the tab's mark and shows the sign-in screen with `notice`.
    fn signed_out(self, notice: Notice) {
        tab_marks::forget_signed_in();
        self.show(Screen::SignedOut(Some(notice)));
    }

    /// Sign out: every tab of the app forgets its tokens at once; this one leaves for the
    /// provider's end-session endpoint where there is one, and its tokens are revoked where
    /// the provider offers that.
    pub fn sign_out(self) {
        let ended = self.keeper().and_then(|keeper| keeper.end());
        broadcast::announce_sign_out();
        let (Some(Some(config)), provider) = (
            self.config.try_get_untracked(),
            self.provider.try_get_untracked().flatten(),
        ) else {
            self.signed_out(Notice::SignedOutOfAppOnly);
            return;
        };
        let notice = sign_out::finish(&config, provider.as_deref(), ended);
        self.signed_out(notice);
    }

    /// Another tab signed out: so does this one, revoking the tokens of its own sign-in.
    fn signed_out_elsewhere(self) {
        let Some(keeper) = self.keeper() else {
            return;
        };
        let ended = keeper.end();
        let provider = self.provider.try_get_untracked().flatten();
        if let (Some(Some(config)), Some(provider), Some(ended)) =
            (self.config.try_get_untracked(), &provider, &ended)
        {
            super::revocation::revoke(&config, provider, ended);
        }
        self.signed_out(sign_out::notice_elsewhere(provider.as_deref()));
    }

    fn show(self, screen: Screen) {
        self.screen.try_set(screen);
    }
}

/// The session controller; every component below `App` has it.
pub fn use_controller() -> SessionController {
    expect_context::<SessionController>()
}
