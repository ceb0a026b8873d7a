//! A screen that only says what is happening: loading, signing in, redirecting.

use leptos::prelude::*;

/// A busy state, never a blank page.
#[component]
pub fn StatusScreen(
    /// The screen's heading.
    title: &'static str,
    /// A line under it.
    message: &'static str,
    /// The `data-testid` of the section.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <section class="status-screen" aria-busy="true" data-testid=testid>
            <h1>{title}</h1>
            <div class="spinner" aria-hidden="true"></div>
            <p class="status-message">{message}</p>
        </section>
    }
}
