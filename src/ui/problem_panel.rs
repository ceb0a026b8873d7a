//! Error screens: what went wrong, in plain words, and the way forward.

use leptos::prelude::*;

use super::language::use_language;
use crate::app::controller::use_controller;
use crate::app::problem::SignInProblem;
use crate::app::setup_error::SetupError;
use crate::browser::location;

/// Signing in failed: the reason, what the provider said (as text), and "Try again".
#[component]
pub fn SignInProblemPanel(
    /// What went wrong.
    problem: SignInProblem,
) -> impl IntoView {
    let language = use_language();
    let controller = use_controller();
    let detail = problem.provider_detail().map(str::to_string);
    let message = {
        let problem = problem.clone();
        move || problem.message(language.texts())
    };
    view! {
        <section class="problem" role="alert">
            <h1>{language.text(|t| t.sign_in_failed_title)}</h1>
            <p data-testid="error">{message}</p>
            {detail.map(|detail| view! {
                <figure class="provider-detail">
                    <figcaption>{language.text(|t| t.provider_said)}</figcaption>
                    <blockquote data-testid="error-detail">{detail}</blockquote>
                </figure>
            })}
            <button class="button primary" type="button" data-testid="retry" on:click=move |_| controller.sign_in()>
                {language.text(|t| t.try_again)}
            </button>
        </section>
    }
}

/// config.json or the provider's discovery document is missing or invalid: which key, what
/// is wrong. No way forward for the student but to tell someone, so the text says who.
#[component]
pub fn ConfigErrorPanel(
    /// What is wrong, naming the document and the key.
    error: SetupError,
) -> impl IntoView {
    let language = use_language();
    // A passing failure (offline, a server error) gets a way forward besides telling someone.
    let retry = error.may_pass().then(|| {
        view! {
            <button class="button primary" type="button" data-testid="retry" on:click=move |_| {
                location::reload();
            }>
                {language.text(|t| t.try_again)}
            </button>
        }
    });
    view! {
        <section class="problem" role="alert" data-testid="config-error">
            <h1>{language.text(|t| t.config_error_title)}</h1>
            <p>{language.text(|t| t.config_error_help)}</p>
            <p><code data-testid="error">{error.to_string()}</code></p>
            {retry}
            // For the person deploying the page: every unknown, checked from here.
            <p><a href="check/" data-testid="check-link">{language.text(|t| t.check_link)}</a></p>
        </section>
    }
}
