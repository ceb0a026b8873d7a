//! The root component: header, one screen at a time, and the live region.

use leptos::prelude::*;

use super::dashboard::Dashboard;
use super::problem_panel::{ConfigErrorPanel, SignInProblemPanel};
use super::sign_in_screen::SignInScreen;
use super::status::StatusScreen;
use crate::app::portal::Portal;
use crate::app::screen::Screen;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let portal = Portal::new();
    provide_context(portal);
    portal.boot();

    let screen_view = move || {
        let t = portal.texts();
        match portal.screen.get() {
            Screen::Starting => {
                view! { <StatusScreen title=t.app_name message=t.loading testid="loading"/> }
                    .into_any()
            }
            Screen::SigningIn => {
                view! { <StatusScreen title=t.signing_in message=t.loading testid="signing-in"/> }
                    .into_any()
            }
            Screen::Redirecting => {
                view! { <StatusScreen title=t.redirecting message=t.loading testid="redirecting"/> }
                    .into_any()
            }
            Screen::ConfigError(error) => view! { <ConfigErrorPanel error/> }.into_any(),
            Screen::SignedOut(notice) => view! { <SignInScreen notice/> }.into_any(),
            Screen::SignInFailed(problem) => view! { <SignInProblemPanel problem/> }.into_any(),
            Screen::SignedIn(session) => match portal.config.get_untracked() {
                Some(config) => view! { <Dashboard session config/> }.into_any(),
                None => {
                    view! { <StatusScreen title=t.app_name message=t.loading testid="loading"/> }
                        .into_any()
                }
            },
        }
    };

    view! {
        <header class="app-header">
            <span class="brand">{move || portal.texts().app_name}</span>
        </header>
        <main id="main" class="app-main">{screen_view}</main>
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || portal.announcement.get()}
        </div>
    }
}
