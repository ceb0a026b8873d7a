//! The signed-out screen: the app's name, a note when there is one, one button. After a
//! sign-out that could not end the provider's own session (ClassLink), the note says so, and
//! the district's `logout_url`, when set, is offered as **Sign out of ClassLink**.

use leptos::prelude::*;

use super::language::use_language;
use crate::app::controller::use_controller;
use crate::app::screen::Notice;
use crate::i18n::Texts;

/// The sign-in screen.
#[component]
pub fn SignInScreen(
    /// Why the student is here again, if there is something to say.
    notice: Option<Notice>,
) -> impl IntoView {
    let language = use_language();
    let controller = use_controller();
    let notice_view = notice.map(|notice| {
        view! { <p class="notice" data-testid="notice">{move || notice_text(notice, language.texts())}</p> }
    });
    // Only after a sign-out that left the provider's session open: what that means, and the
    // provider's sign-out page where the district named one.
    let provider_open = notice == Some(Notice::SignedOutOfAppOnly);
    let provider_note = provider_open.then(|| {
        view! { <p class="notice-detail" data-testid="provider-session-note">{language.text(|t| t.provider_session_open)}</p> }
    });
    let provider_sign_out = provider_open
        .then(|| {
            controller
                .config
                .get_untracked()
                .and_then(|config| config.logout_url.clone())
        })
        .flatten()
        .map(|url| {
            view! {
                <a class="button" href=url data-testid="provider-sign-out">
                    {language.text(|t| t.sign_out_of_provider)}
                </a>
            }
        });
    view! {
        <section class="sign-in-screen">
            <h1>{language.text(|t| t.app_name)}</h1>
            <p class="tagline">{language.text(|t| t.tagline)}</p>
            {notice_view}
            {provider_note}
            <button class="button primary" type="button" data-testid="sign-in" on:click=move |_| controller.sign_in()>
                {language.text(|t| t.sign_in)}
            </button>
            {provider_sign_out}
        </section>
    }
}

/// The words of a note on the sign-in screen.
pub fn notice_text(notice: Notice, t: &'static Texts) -> &'static str {
    match notice {
        Notice::SignedOut | Notice::SignedOutOfAppOnly => t.notice_signed_out,
        Notice::SessionExpired => t.notice_session_expired,
        Notice::StaleCallback => t.notice_stale_callback,
        Notice::ExpiredSignIn => t.notice_expired_sign_in,
        Notice::ResumeFailed => t.notice_resume_failed,
    }
}
