//! The root component: the page's contexts (the session controller, the language, the
//! announcer), the header, one screen at a time, and the live region.

use leptos::prelude::*;

use super::announcer::{Announcer, LiveRegion};
use super::dashboard::Dashboard;
use super::header::AppHeader;
use super::language::Language;
use super::problem_panel::{ConfigErrorPanel, SignInProblemPanel};
use super::sign_in_screen::{notice_text, SignInScreen};
use super::status::StatusScreen;
use crate::app::controller::SessionController;
use crate::app::screen::{Notice, Screen};
use crate::i18n::choice::set_document_language;
use crate::i18n::Texts;

/// What the live region says when `screen` appears, if anything.
pub fn announcement(screen: &Screen, t: &'static Texts) -> Option<String> {
    Some(match screen {
        Screen::SigningIn | Screen::Resuming => t.signing_in.into(),
        Screen::Redirecting => t.redirecting.into(),
        Screen::SignInFailed(problem) => problem.message(t),
        // After a sign-out that left the provider's session open, what that means too.
        Screen::SignedOut(Some(Notice::SignedOutOfAppOnly)) => {
            format!("{} {}", t.notice_signed_out, t.provider_session_open)
        }
        Screen::SignedOut(Some(notice)) => notice_text(*notice, t).into(),
        Screen::Starting
        | Screen::ConfigError(_)
        | Screen::SignedOut(None)
        | Screen::SignedIn(_) => return None,
    })
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let language = Language::provide();
    let announcer = Announcer::provide();
    let controller = SessionController::provide();
    controller.boot();

    // Each new screen is announced, in the language of the moment.
    Effect::new(move || {
        let said = controller
            .screen
            .with(|screen| announcement(screen, language.now().texts()));
        if let Some(said) = said {
            announcer.say(said);
        }
    });

    // Only the screen is tracked here: a language switch re-renders texts, never a screen
    // (the dashboard would load everything again).
    let screen_view = move || {
        match controller.screen.get() {
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
        Screen::SignedIn(keeper) => match controller.config.get_untracked() {
            Some(config) => view! { <Dashboard keeper config/> }.into_any(),
            None => {
                view! { <StatusScreen title=|t| t.app_name message=|t| t.loading testid="loading"/> }
                    .into_any()
            }
        },
    }
    };

    // `<html lang>` follows the language, so screen readers pronounce the page right.
    Effect::new(move || set_document_language(language.get()));

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
        <a class="skip-link" href="#main" on:click=skip>{language.text(|t| t.skip_to_content)}</a>
        <AppHeader/>
        <main id="main" class="app-main" tabindex="-1" node_ref=main>{screen_view}</main>
        <LiveRegion/>
    }
}
