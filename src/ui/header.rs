//! The page's header: the app's name and the language switcher. The app and the self-check
//! show the same one.

use leptos::prelude::*;

use super::language::use_language;
use super::language_switcher::LanguageSwitcher;

#[component]
pub fn AppHeader() -> impl IntoView {
    let language = use_language();
    view! {
        <header class="app-header">
            <span class="brand"><span class="brand-mark" aria-hidden="true"></span>{language.text(|t| t.app_name)}</span>
            <LanguageSwitcher/>
        </header>
    }
}
