//! The language the page speaks, as a context of its own (a newtype, so no other context can
//! collide with it). Which language wins is decided by `crate::i18n::resolve`: the student's
//! pick, else the profile's, else the browser's. The session controller knows nothing of it:
//! the screens read it, the switcher and the signed-in screen change it.

use leptos::prelude::*;

use crate::i18n::{self, choice, Lang, Texts};

#[derive(Clone, Copy)]
pub struct Language {
    current: RwSignal<Lang>,
    /// The language the student picked with the switcher: it beats the profile's.
    chosen: RwSignal<Option<Lang>>,
}

impl Default for Language {
    fn default() -> Self {
        Self::new()
    }
}

impl Language {
    /// English until [`Language::init`] reads the browser's and the remembered choice.
    pub fn new() -> Language {
        Language {
            current: RwSignal::new(Lang::En),
            chosen: RwSignal::new(None),
        }
    }

    /// A language for the page, read from the browser, and provided as context.
    pub fn provide() -> Language {
        let language = Language::new();
        language.init();
        provide_context(language);
        language
    }

    /// The language at start-up: the one the student picked last time, else the browser's.
    pub fn init(self) {
        let remembered = choice::remembered();
        self.chosen.set(remembered);
        self.current
            .set(i18n::resolve(remembered, None, choice::browser_language()));
    }

    /// The current language (reactive).
    pub fn get(self) -> Lang {
        self.current.get()
    }

    /// The current language, for code that runs outside the view, possibly after its screen
    /// is gone: English then, never a panic.
    pub fn now(self) -> Lang {
        self.current.try_get_untracked().unwrap_or(Lang::En)
    }

    /// Shows `lang` from now on (tests, and the choices below).
    pub fn set(self, lang: Lang) {
        self.current.try_set(lang);
    }

    /// The catalogue for the current language (reactive).
    pub fn texts(self) -> &'static Texts {
        self.get().texts()
    }

    /// A text of the current language, for a view: `{language.text(|t| t.sign_in)}` follows
    /// language switches. Every call returns the same closure type, so Leptos's rendering
    /// code for a reactive text is compiled once, not once per call site (wasm size).
    pub fn text(
        self,
        pick: fn(&'static Texts) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy {
        move || pick(self.texts())
    }

    /// The switcher: show `lang` from now on, and remember it for the next visit.
    pub fn choose(self, lang: Lang) {
        self.chosen.try_set(Some(lang));
        self.set(lang);
        choice::remember(lang);
    }

    /// After sign-in: speak the profile's language, unless the student picked one.
    pub fn follow_profile(self, profile_language: &str) {
        let (Some(chosen), Some(current)) = (
            self.chosen.try_get_untracked(),
            self.current.try_get_untracked(),
        ) else {
            return;
        };
        let lang = i18n::resolve(chosen, Some(profile_language), Some(current));
        if lang != current {
            self.set(lang);
        }
    }
}

/// The language context, which `App` and `SelfCheckApp` provide. A component rendered on its
/// own (a browser test, the benchmark) without one speaks English.
pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or_default()
}
