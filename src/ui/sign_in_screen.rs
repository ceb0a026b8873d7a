//! The signed-out screen: the app's name, a note when there is one, one button.

use leptos::prelude::*;

use crate::app::portal::use_portal;
use crate::app::screen::Notice;

/// The sign-in screen.
#[component]
pub fn SignInScreen(
    /// Why the student is here again, if there is something to say.
    notice: Option<Notice>,
) -> impl IntoView {
    let portal = use_portal();
    let notice_text = move || {
        let t = portal.texts();
        notice.map(|notice| match notice {
            Notice::SignedOut => t.notice_signed_out,
            Notice::SessionExpired => t.notice_session_expired,
            Notice::StaleCallback => t.notice_stale_callback,
            Notice::ExpiredSignIn => t.notice_expired_sign_in,
            Notice::ResumeFailed => t.notice_resume_failed,
        })
    };
    view! {
        <section class="sign-in-screen">
            <h1>{portal.text(|t| t.app_name)}</h1>
            <p class="tagline">{portal.text(|t| t.tagline)}</p>
            {move || notice_text().map(|text| view! { <p class="notice" data-testid="notice">{text}</p> })}
            <button class="button primary" type="button" data-testid="sign-in" on:click=move |_| portal.sign_in()>
                {portal.text(|t| t.sign_in)}
            </button>
        </section>
    }
}
