//! The root component: header, one screen at a time, and the live region.

use leptos::prelude::*;

use super::dashboard::Dashboard;
use super::language_switcher::LanguageSwitcher;
use super::problem_panel::{ConfigErrorPanel, SignInProblemPanel};
use super::sign_in_screen::SignInScreen;
use super::status::StatusScreen;
use crate::app::portal::Portal;
use crate::app::screen::Screen;
use crate::i18n::choice::set_document_language;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let portal = Portal::new();
    provide_context(portal);
    portal.boot();

    // Only the screen is tracked here: a language switch re-renders texts, never a screen
    // (the dashboard would load everything again).
    let screen_view = move || {
        match portal.screen.get() {
        Screen::Starting => {
            view! { <StatusScreen title=|t| t.app_name message=|t| t.loading testid="loading"/> }
                .into_any()
        }
        Screen::SigningIn => {
            view! { <StatusScreen title=|t| t.signing_in message=|t| t.loading testid="signing-in"/> }
                .into_any()
        }
        Screen::Redirecting => {
            view! { <StatusScreen title=|t| t.redirecting message=|t| t.loading testid="redirecting"/> }
                .into_any()
        }
        Screen::Resuming => {
            view! { <StatusScreen title=|t| t.welcome_back message=|t| t.signing_in testid="resuming"/> }
                .into_any()
        }
        Screen::ConfigError(error) => view! { <ConfigErrorPanel error/> }.into_any(),
        Screen::SignedOut(notice) => view! { <SignInScreen notice/> }.into_any(),
        Screen::SignInFailed(problem) => view! { <SignInProblemPanel problem/> }.into_any(),
        Screen::SignedIn(keeper) => match portal.config.get_untracked() {
            Some(config) => view! { <Dashboard keeper config/> }.into_any(),
            None => {
                view! { <StatusScreen title=|t| t.app_name message=|t| t.loading testid="loading"/> }
                    .into_any()
            }
        },
    }
    };

    // `<html lang>` follows the language, so screen readers pronounce the page right.
    Effect::new(move || set_document_language(portal.lang.get()));

    // The skip link moves focus itself: a `#main` fragment would linger in the address bar,
    // where the callback is read from.
    let main = NodeRef::<leptos::html::Main>::new();
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main.get() {
            let _ = main.focus();
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>{portal.text(|t| t.skip_to_content)}</a>
        <header class="app-header">
            <span class="brand"><span class="brand-mark" aria-hidden="true"></span>{portal.text(|t| t.app_name)}</span>
            <LanguageSwitcher/>
        </header>
        <main id="main" class="app-main" tabindex="-1" node_ref=main>{screen_view}</main>
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || portal.announcement.get()}
        </div>
    }
}
