//! The app's shared state, provided as context: the screen, the configuration, the
//! language and the live-region announcement. A newtype, so no other context can collide.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use oauth_public_client::callback::{address_without_callback, parse_callback, Callback};

use super::flow;
use super::keeper::SessionKeeper;
use super::screen::{Notice, Screen};
use super::sign_out;
use crate::browser::clock::now_ms;
use crate::browser::{broadcast, location, tab_memory};
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::i18n::{self, choice, Lang, Texts};

#[derive(Clone, Copy)]
pub struct Portal {
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
    pub lang: RwSignal<Lang>,
    /// The language the student picked with the switcher: it beats the profile's.
    pub chosen: RwSignal<Option<Lang>>,
    /// Read by screen readers through the polite live region.
    pub announcement: RwSignal<String>,
}

impl Default for Portal {
    fn default() -> Self {
        Self::new()
    }
}

impl Portal {
    pub fn new() -> Portal {
        Portal {
            screen: RwSignal::new(Screen::Starting),
            config: RwSignal::new(None),
            provider: RwSignal::new(None),
            discovering: RwSignal::new(false),
            sign_in_waiting: RwSignal::new(None),
            lang: RwSignal::new(Lang::En),
            chosen: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// The catalogue for the current language (reactive).
    pub fn texts(&self) -> &'static Texts {
        self.lang.get().texts()
    }

    /// A text of the current language, for a view: `{portal.text(|t| t.sign_in)}` follows
    /// language switches. Every call returns the same closure type, so Leptos's rendering
    /// code for a reactive text is compiled once, not once per call site (wasm size).
    pub fn text(
        self,
        pick: fn(&'static Texts) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy {
        move || pick(self.texts())
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// The switcher: show `lang` from now on, and remember it for the next visit.
    pub fn choose_language(self, lang: Lang) {
        self.chosen.set(Some(lang));
        self.lang.set(lang);
        choice::remember(lang);
    }

    /// After sign-in: speak the profile's language, unless the student picked one.
    pub fn follow_profile_language(self, profile_language: &str) {
        let lang = i18n::resolve(
            self.chosen.get_untracked(),
            Some(profile_language),
            Some(self.lang.get_untracked()),
        );
        if lang != self.lang.get_untracked() {
            self.lang.set(lang);
        }
    }

    /// The language at start-up: the one the student picked last time, else the browser's.
    pub fn init_language(self) {
        let remembered = choice::remembered();
        self.chosen.set(remembered);
        self.lang
            .set(i18n::resolve(remembered, None, choice::browser_language()));
    }

    /// Start-up: take the callback out of the address bar before anything else, then load
    /// the configuration and complete the callback, if there is one.
    pub fn boot(self) {
        self.init_language();
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
            self.screen.set(Screen::SigningIn);
            self.announce(self.lang.get_untracked().texts().signing_in);
        }
        broadcast::listen_for_sign_out(move || self.signed_out_elsewhere());
        spawn_local(async move {
            let config = match flow::load_config().await {
                Ok(config) => Arc::new(config),
                Err(error) => {
                    self.screen.set(Screen::ConfigError(error));
                    return;
                }
            };
            self.config.set(Some(config.clone()));
            // A reload of a signed-in tab: back to the provider by itself, once.
            if callback == Callback::None && tab_memory::take_live_mark(now_ms()) {
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
        if self.provider.get_untracked().is_none() {
            flow::restrict_connections(config, &provider);
            self.provider.set(Some(Arc::new(provider)));
        }
    }

    /// Reads the provider's endpoints unless they are known or already being read: one
    /// discovery request per load, however often "Sign in" is pressed meanwhile.
    fn discover_in_background(self, config: Arc<Config>) {
        if self.provider.get_untracked().is_some() || self.discovering.get_untracked() {
            return;
        }
        self.discovering.set(true);
        spawn_local(async move {
            let result = flow::discover(&config).await;
            self.discovering.set(false);
            match result {
                Ok(provider) => {
                    self.adopt_provider(&config, provider);
                    if let Some(resuming) = self.sign_in_waiting.get_untracked() {
                        self.sign_in_waiting.set(None);
                        self.leave(resuming);
                    }
                }
                Err(error) => {
                    self.sign_in_waiting.set(None);
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
        let Some(config) = self.config.get_untracked() else {
            return;
        };
        self.show(if resuming {
            Screen::Resuming
        } else {
            Screen::Redirecting
        });
        match self.provider.get_untracked() {
            Some(provider) => {
                if let Err(problem) = flow::start_sign_in(&config, &provider, resuming) {
                    self.show(Screen::SignInFailed(problem));
                }
            }
            None => {
                self.sign_in_waiting.set(Some(resuming));
                self.discover_in_background(config);
            }
        }
    }

    /// The session being shown, if any.
    fn keeper(self) -> Option<SessionKeeper> {
        self.screen.with_untracked(|screen| match screen {
            Screen::SignedIn(keeper) => Some(keeper.clone()),
            _ => None,
        })
    }

    /// "Stay signed in": a refresh where the provider gave a refresh token, else the same
    /// one-hop sign-in a reload makes.
    pub fn stay_signed_in(self) {
        match self.keeper() {
            Some(keeper) if keeper.can_refresh() => spawn_local(async move {
                if keeper.refresh().await.is_err() && self.keeper().as_ref() == Some(&keeper) {
                    self.leave(true);
                }
            }),
            _ => self.leave(true),
        }
    }

    /// Forgets the tokens (they only ever lived in the screen's session) and the tab's mark,
    /// and returns to the sign-in screen.
    pub fn end_session(self, notice: Notice) {
        if let Some(keeper) = self.keeper() {
            keeper.end();
        }
        tab_memory::forget_signed_in();
        self.show(Screen::SignedOut(Some(notice)));
    }

    /// Sign out: every tab of the app forgets its tokens at once; this one revokes them and
    /// ends the provider's session where the provider offers that, else goes to the
    /// district's logout page if one is set.
    pub fn sign_out(self) {
        let ended = self.keeper().and_then(|keeper| keeper.end());
        broadcast::announce_sign_out();
        self.end_session(Notice::SignedOut);
        let Some(config) = self.config.get_untracked() else {
            return;
        };
        let provider = self.provider.get_untracked();
        spawn_local(async move {
            sign_out::finish(&config, provider.as_deref(), ended).await;
        });
    }

    /// Another tab signed out: so does this one (it revokes nothing; that tab did).
    fn signed_out_elsewhere(self) {
        if self.keeper().is_some() {
            self.end_session(Notice::SignedOut);
        }
    }

    fn show(self, screen: Screen) {
        let t = self.lang.get_untracked().texts();
        let announcement = match &screen {
            Screen::Redirecting => t.redirecting.to_string(),
            Screen::Resuming => t.signing_in.to_string(),
            Screen::SignedOut(Some(Notice::ResumeFailed)) => t.notice_resume_failed.to_string(),
            Screen::SignInFailed(problem) => problem.message(t),
            Screen::SignedOut(Some(Notice::SignedOut)) => t.notice_signed_out.to_string(),
            Screen::SignedOut(Some(Notice::SessionExpired)) => t.notice_session_expired.to_string(),
            _ => String::new(),
        };
        if !announcement.is_empty() {
            self.announce(announcement);
        }
        self.screen.set(screen);
    }
}

/// The portal context; every component below `App` has it.
pub fn use_portal() -> Portal {
    expect_context::<Portal>()
}

/// The portal context, if this component is rendered under `App`.
pub fn try_use_portal() -> Option<Portal> {
    use_context::<Portal>()
}
