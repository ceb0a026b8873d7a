//! Error screens: what went wrong, in plain words, and the way forward.

use leptos::prelude::*;

use crate::app::portal::use_portal;
use crate::app::problem::SignInProblem;
use crate::browser::location;
use crate::config::ConfigError;

/// Signing in failed: the reason, what the provider said (as text), and "Try again".
#[component]
pub fn SignInProblemPanel(
    /// What went wrong.
    problem: SignInProblem,
) -> impl IntoView {
    let portal = use_portal();
    let detail = problem.provider_detail().map(str::to_string);
    let message = {
        let problem = problem.clone();
        move || problem.message(portal.texts())
    };
    view! {
        <section class="problem" role="alert">
            <h1>{portal.text(|t| t.sign_in_failed_title)}</h1>
            <p data-testid="error">{message}</p>
            {detail.map(|detail| view! {
                <figure class="provider-detail">
                    <figcaption>{portal.text(|t| t.provider_said)}</figcaption>
                    <blockquote data-testid="error-detail">{detail}</blockquote>
                </figure>
            })}
            <button class="button primary" type="button" data-testid="retry" on:click=move |_| portal.sign_in()>
                {portal.text(|t| t.try_again)}
            </button>
        </section>
    }
}

/// config.json is missing or invalid: which key, what is wrong. No way forward for the
/// student but to tell someone, so the text says who.
#[component]
pub fn ConfigErrorPanel(
    /// The validation error, naming the key.
    error: ConfigError,
) -> impl IntoView {
    let portal = use_portal();
    // A passing failure (offline, a server error) gets a way forward besides telling someone.
    let retry = error.may_pass().then(|| {
        view! {
            <button class="button primary" type="button" data-testid="retry" on:click=move |_| {
                location::reload();
            }>
                {portal.text(|t| t.try_again)}
            </button>
        }
    });
    view! {
        <section class="problem" role="alert" data-testid="config-error">
            <h1>{portal.text(|t| t.config_error_title)}</h1>
            <p>{portal.text(|t| t.config_error_help)}</p>
            <p><code data-testid="error">{error.to_string()}</code></p>
            {retry}
            // For the person deploying the page: every unknown, checked from here.
            <p><a href="check/" data-testid="check-link">{portal.text(|t| t.check_link)}</a></p>
        </section>
    }
}
