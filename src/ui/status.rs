//! A screen that only says what is happening: loading, signing in, redirecting.

use leptos::prelude::*;

use super::language::use_language;
use crate::i18n::Texts;

/// A busy state, never a blank page.
#[component]
pub fn StatusScreen(
    /// The screen's heading, from the catalogue.
    title: fn(&'static Texts) -> &'static str,
    /// A line under it, from the catalogue.
    message: fn(&'static Texts) -> &'static str,
    /// The `data-testid` of the section.
    testid: &'static str,
) -> impl IntoView {
    let language = use_language();
    view! {
        <section class="status-screen" aria-busy="true" data-testid=testid>
            <h1>{move || title(language.texts())}</h1>
            <div class="spinner" aria-hidden="true"></div>
            <p class="status-message">{move || message(language.texts())}</p>
        </section>
    }
}
