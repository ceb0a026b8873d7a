//! The browser-side steps of signing in: loading the configuration, starting the
//! authorization request, and completing a callback. The decisions they make are pure
//! functions elsewhere (`crate::auth`); this is the glue that does the I/O in order.

use gloo_net::http::Request;
use web_sys::RequestCache;

use super::problem::SignInProblem;
use super::screen::{Notice, Screen};
use crate::auth::authorization::authorization_url;
use crate::auth::callback::{issuer_matches, Callback};
use crate::auth::csrf_state::CsrfState;
use crate::auth::launchpad::may_restart;
use crate::auth::oauth_error::OAuthErrorCode;
use crate::auth::pending::PendingLogin;
use crate::auth::pkce::new_random_sha256;
use crate::auth::session::Session;
use crate::auth::token::{parse_token_response, token_request_body};
use crate::browser::clock::now_ms;
use crate::browser::config_prefetch;
use crate::browser::csp;
use crate::browser::http::{send, FetchFailure, Outgoing};
use crate::browser::location::{self, navigate_to};
use crate::browser::pending_store::{self, Taken};
use crate::config::{Config, ConfigError, ConfigProblem};

/// Deadline for the token request. It is never retried: a code is single-use, and a
/// request that timed out may have been redeemed.
pub const TOKEN_TIMEOUT_MS: f64 = 20_000.0;

/// Reads and validates `config.json` beside `index.html` (a relative URL, so the app works
/// under any sub-path): from index.html's prefetch when there is one, else fetched now.
pub async fn load_config() -> Result<Config, ConfigError> {
    let unavailable = |status| ConfigError {
        key: None,
        problem: ConfigProblem::Unavailable { status },
    };
    let text = match config_prefetch::take().await {
        Some(prefetched) if prefetched.ok() => prefetched.text,
        Some(prefetched) => return Err(unavailable(prefetched.status)),
        None => fetch_config_text().await.map_err(unavailable)?,
    };
    let config = Config::from_json(&text)?;
    // From here on the page may only talk to the configured endpoints.
    csp::narrow_to(&config);
    Ok(config)
}

/// Fetches `config.json`; the HTTP status on failure (0 for a network failure).
async fn fetch_config_text() -> Result<String, u16> {
    // no-cache revalidates: a district's edit to config.json takes effect on the next load.
    // (index.html's prefetch asks the same.)
    let response = Request::get("config.json")
        .cache(RequestCache::NoCache)
        .send()
        .await
        .map_err(|_| 0u16)?;
    if !response.ok() {
        return Err(response.status());
    }
    response.text().await.map_err(|_| 0u16)
}

/// Starts an authorization request: a fresh verifier and state, the pending record saved
/// under the state, then off to the authorization endpoint.
pub fn start_sign_in(config: &Config) -> Result<(), SignInProblem> {
    let page = location::current().ok_or(SignInProblem::NavigationFailed)?;
    let (challenge, verifier) = new_random_sha256().map_err(|_| SignInProblem::NoRandomness)?;
    let state = CsrfState::new_random().map_err(|_| SignInProblem::NoRandomness)?;
    let redirect_uri = config.redirect_uri_for(&page.page_url());
    let now = now_ms();
    let pending = PendingLogin {
        verifier,
        redirect_uri: redirect_uri.clone(),
        created_at_ms: now,
        nonce: None,
    };
    pending_store::save(&state, &pending, now).map_err(SignInProblem::Storage)?;
    if navigate_to(&authorization_url(
        config,
        &redirect_uri,
        &state,
        &challenge,
    )) {
        Ok(())
    } else {
        Err(SignInProblem::NavigationFailed)
    }
}

/// Decides and does what a callback calls for; the screen to show afterwards.
pub async fn complete(callback: Callback, config: &Config) -> Screen {
    let now = now_ms();
    match callback {
        Callback::None => Screen::SignedOut(None),
        Callback::Malformed(_) => Screen::SignInFailed(SignInProblem::MalformedCallback),
        Callback::Error {
            code,
            description,
            state,
            ..
        } => {
            // Use up the pending record, so the same state can never complete later.
            if let Some(state) = state.as_deref().and_then(CsrfState::from_callback) {
                let _ = pending_store::take(&state, now);
            }
            Screen::SignInFailed(match code {
                OAuthErrorCode::AccessDenied => SignInProblem::AccessDenied,
                code => SignInProblem::Provider { code, description },
            })
        }
        Callback::Code { state: None, .. } => restart_for_launchpad(config, now),
        Callback::Code {
            code,
            state: Some(state),
            iss,
        } => {
            let Some(state) = CsrfState::from_callback(&state) else {
                return Screen::SignedOut(Some(Notice::StaleCallback));
            };
            let pending = match pending_store::take(&state, now) {
                Err(failure) => return Screen::SignInFailed(SignInProblem::Storage(failure)),
                Ok(Taken::Unknown) => return Screen::SignedOut(Some(Notice::StaleCallback)),
                Ok(Taken::Expired) => return Screen::SignedOut(Some(Notice::ExpiredSignIn)),
                Ok(Taken::Found(pending)) => pending,
            };
            if !issuer_matches(config.issuer.as_deref(), iss.as_deref()) {
                return Screen::SignInFailed(SignInProblem::IssuerMismatch);
            }
            match exchange(config, &code, pending).await {
                Ok(session) => {
                    pending_store::clear_launchpad_restart();
                    Screen::SignedIn(session)
                }
                Err(problem) => Screen::SignInFailed(problem),
            }
        }
    }
}

/// A LaunchPad code: dropped unused, and a fresh app-initiated sign-in started, once.
fn restart_for_launchpad(config: &Config, now: f64) -> Screen {
    if !may_restart(pending_store::launchpad_restart_at(), now) {
        pending_store::clear_launchpad_restart();
        return Screen::SignInFailed(SignInProblem::LaunchpadLoop);
    }
    if let Err(failure) = pending_store::set_launchpad_restart(now) {
        return Screen::SignInFailed(SignInProblem::Storage(failure));
    }
    match start_sign_in(config) {
        Ok(()) => Screen::Redirecting,
        Err(problem) => Screen::SignInFailed(problem),
    }
}

/// Redeems the code at the token endpoint, exactly once.
async fn exchange(
    config: &Config,
    code: &str,
    pending: PendingLogin,
) -> Result<Session, SignInProblem> {
    let body = token_request_body(
        code,
        &pending.redirect_uri,
        &config.client_id,
        &pending.verifier,
    );
    // The verifier is dropped here: it has done its one job.
    drop(pending);
    let response = send(
        Outgoing::PostForm {
            url: &config.token_endpoint,
            body,
        },
        TOKEN_TIMEOUT_MS,
    )
    .await
    .map_err(|failure| match failure {
        FetchFailure::Network => SignInProblem::TokenUnreachable,
        FetchFailure::TimedOut => SignInProblem::TokenTimedOut,
    })?;
    let token =
        parse_token_response(response.status, &response.body).map_err(SignInProblem::Token)?;
    Ok(Session::from_token_response(token, now_ms()))
}
