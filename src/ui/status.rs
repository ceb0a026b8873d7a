//! A screen that only says what is happening: loading, signing in, redirecting.

use leptos::prelude::*;

use crate::app::portal::use_portal;
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
    let portal = use_portal();
    view! {
        <section class="status-screen" aria-busy="true" data-testid=testid>
            <h1>{move || title(portal.texts())}</h1>
            <div class="spinner" aria-hidden="true"></div>
            <p class="status-message">{move || message(portal.texts())}</p>
        </section>
    }
}
