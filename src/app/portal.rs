//! The app's shared state, provided as context: the screen, the configuration, the
//! language and the live-region announcement. A newtype, so no other context can collide.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::flow;
use super::screen::{Notice, Screen};
use crate::auth::callback::{address_without_callback, parse_callback, Callback};
use crate::browser::location;
use crate::config::{Config, Provider};
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
    /// "Sign in" was pressed before the provider was known: go as soon as it is.
    sign_in_waiting: RwSignal<bool>,
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
            sign_in_waiting: RwSignal::new(false),
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

    /// Start-up: take the callback out of the address bar before anything else, then load
    /// the configuration and complete the callback, if there is one.
    pub fn boot(self) {
        let remembered = choice::remembered();
        self.chosen.set(remembered);
        self.lang
            .set(i18n::resolve(remembered, None, choice::browser_language()));
        let callback = match location::current() {
            Some(page) => {
                if let Some(cleaned) =
                    address_without_callback(&page.path, &page.query, &page.fragment)
                {
                    location::replace_address(&cleaned);
                }
                parse_callback(&page.query, &page.fragment)
            }
            None => Callback::None,
        };
        if callback != Callback::None {
            self.screen.set(Screen::SigningIn);
            self.announce(self.lang.get_untracked().texts().signing_in);
        }
        spawn_local(async move {
            let config = match flow::load_config().await {
                Ok(config) => Arc::new(config),
                Err(error) => {
                    self.screen.set(Screen::ConfigError(error));
                    return;
                }
            };
            self.config.set(Some(config.clone()));
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
                    if self.sign_in_waiting.get_untracked() {
                        self.sign_in_waiting.set(false);
                        self.sign_in();
                    }
                }
                Err(error) => {
                    self.sign_in_waiting.set(false);
                    self.show(Screen::ConfigError(error));
                }
            }
        });
    }

    /// Leaves for the authorization server, or shows why it cannot. Before the provider is
    /// known, the page says it is on its way and leaves as soon as discovery has answered.
    pub fn sign_in(self) {
        let Some(config) = self.config.get_untracked() else {
            return;
        };
        self.show(Screen::Redirecting);
        match self.provider.get_untracked() {
            Some(provider) => {
                if let Err(problem) = flow::start_sign_in(&config, &provider) {
                    self.show(Screen::SignInFailed(problem));
                }
            }
            None => {
                self.sign_in_waiting.set(true);
                self.discover_in_background(config);
            }
        }
    }

    /// Forgets the token (it only ever lived in this signal) and returns to the sign-in screen.
    pub fn end_session(self, notice: Notice) {
        self.show(Screen::SignedOut(Some(notice)));
    }

    /// Sign out: forget the token, then go to the district's logout page if one is set.
    pub fn sign_out(self) {
        self.end_session(Notice::SignedOut);
        if let Some(url) = self
            .config
            .get_untracked()
            .and_then(|c| c.logout_url.clone())
        {
            location::navigate_to(&url);
        }
    }

    fn show(self, screen: Screen) {
        let t = self.lang.get_untracked().texts();
        let announcement = match &screen {
            Screen::Redirecting => t.redirecting.to_string(),
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
