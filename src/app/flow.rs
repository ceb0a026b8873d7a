//! The browser-side steps of signing in: loading the configuration, starting the
//! authorization request, and completing a callback. The decisions they make are pure
//! functions elsewhere (`crate::auth`); this is the glue that does the I/O in order.

use std::cell::Cell;
use std::sync::Arc;

use futures::future::{select, Either};
use oauth_public_client::authorization::{authorization_url, AuthorizationRequest};
use oauth_public_client::callback::{issuer_matches, Callback};
use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::id_token::{verify_with, Expectations};
use oauth_public_client::nonce::Nonce;
use oauth_public_client::pending::PendingLogin;
use oauth_public_client::pkce::new_random_sha256;
use oauth_public_client::prompt::prompt_for;
use oauth_public_client::token::{parse_token_response, token_request_body};

use super::error_callback::{screen_for_error, Asked};
use super::keeper::SessionKeeper;
use super::problem::SignInProblem;
use super::screen::{Notice, Screen};
use super::setup_error::SetupError;
use crate::auth::launchpad::may_restart;
use crate::auth::session::Session;
use crate::browser::clock::now_ms;
use crate::browser::config_prefetch;
use crate::browser::csp;
use crate::browser::dpop::DpopSigner;
use crate::browser::jwks::{fetch_key_set, PrefetchedKeys};
use crate::browser::location::{self, navigate_to};
use crate::browser::random::PlatformRandom;
use crate::browser::storage::pending::{self, Taken};
use crate::browser::storage::tab_marks;
use crate::browser::timer::sleep;
use crate::browser::webcrypto::WebCrypto;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::transport::authorized::{expected_token_type, post_token_request, SendFailure};
use crate::transport::fetch::{send, Deadline, Kept, Outgoing};
use crate::transport::{Document, NoAnswer};

/// What completing a load leads to: the screen, and the provider if this load learnt it
/// (from discovery, or from the pending sign-in the callback completes).
pub struct Completed {
    pub screen: Screen,
    pub provider: Option<Provider>,
}

impl Completed {
    fn screen(screen: Screen) -> Completed {
        Completed {
            screen,
            provider: None,
        }
    }
}

/// Reads and validates `config.json` beside `index.html` (a relative URL, so the app works
/// under any sub-path): from index.html's prefetch when there is one, else fetched now;
/// either way within its deadline and size cap.
pub async fn load_config() -> Result<Config, SetupError> {
    let text = config_text().await.map_err(SetupError::ConfigUnanswered)?;
    Ok(Config::from_json(&text)?)
}

/// config.json's text, or why there is none.
async fn config_text() -> Result<String, NoAnswer> {
    let document = Document::Config;
    let deadline = Deadline::for_document(document);
    // index.html's prefetch has usually settled by now; it is awaited no longer than the
    // deadline, as a request of the app's own would be.
    let taken = {
        let taken = config_prefetch::take();
        let timer = sleep(document.deadline_ms() as u32);
        futures::pin_mut!(taken, timer);
        match select(taken, timer).await {
            Either::Left((taken, _)) => taken,
            Either::Right(_) => return Err(NoAnswer::TimedOut),
        }
    };
    match taken {
        Some(prefetched) if prefetched.timed_out => Err(NoAnswer::TimedOut),
        Some(prefetched) if prefetched.status == 0 => Err(NoAnswer::Unreachable),
        Some(prefetched) if !prefetched.ok() => Err(NoAnswer::Status(prefetched.status)),
        Some(prefetched)
            if prefetched.too_large || prefetched.text.len() > document.cap_bytes() =>
        {
            Err(NoAnswer::TooLarge {
                cap_bytes: document.cap_bytes(),
            })
        }
        Some(prefetched) => Ok(prefetched.text),
        None => {
            let outgoing = Outgoing::GetPublic { url: "config.json" };
            let response = send(outgoing, document, deadline).await?.success()?;
            Ok(response.body)
        }
    }
}

/// The provider's endpoints: as written in config.json when nothing needed is missing (no
/// request), else from its discovery document, fetched now, or taken from the browser's HTTP
/// cache as `cache` allows (the sign-in: as the provider's `Cache-Control` allows; the
/// self-check: revalidated, since it is run to see what the provider serves now).
pub async fn discover(config: &Config, cache: Kept) -> Result<Provider, SetupError> {
    if let Some(provider) = config.written_provider() {
        return Ok(provider);
    }
    let url = config.discovery_url();
    let document = Document::Discovery;
    let response = send(
        Outgoing::GetProviderDocument { url: &url, cache },
        document,
        Deadline::for_document(document),
    )
    .await
    .and_then(|response| response.success())
    .map_err(|why| SetupError::DiscoveryUnanswered {
        url: url.clone(),
        why,
    })?;
    config
        .provider_from_discovery(&response.body)
        .map_err(|problem| config.discovery_error(problem).into())
}

/// From here on the page may only talk to the endpoints in use.
pub fn restrict_connections(config: &Config, provider: &Provider) {
    csp::narrow_to(config, provider);
}

/// Starts an authorization request: a fresh verifier and state, the pending record saved
/// under the state, then off to the authorization endpoint. `resuming`: the app starts it by
/// itself, for a tab that was signed in (`crate::auth::resume`, `oauth_public_client::prompt`).
pub fn start_sign_in(
    config: &Config,
    provider: &Provider,
    resuming: bool,
) -> Result<(), SignInProblem> {
    let page = location::current().ok_or(SignInProblem::NavigationFailed)?;
    let (challenge, verifier) =
        new_random_sha256(&PlatformRandom).map_err(|_| SignInProblem::NoRandomness)?;
    let state = CsrfState::new_random(&PlatformRandom).map_err(|_| SignInProblem::NoRandomness)?;
    let redirect_uri = config.redirect_uri_for(&page.page_url());
    let nonce = if config.wants_id_token() {
        Some(Nonce::new_random(&PlatformRandom).map_err(|_| SignInProblem::NoRandomness)?)
    } else {
        None
    };
    let now = now_ms();
    let pending = PendingLogin {
        verifier,
        redirect_uri: redirect_uri.clone(),
        created_at_ms: now,
        provider: provider.clone(),
        nonce: nonce.clone(),
        resuming,
    };
    pending::save(&state, &pending, now).map_err(SignInProblem::Storage)?;
    let request = AuthorizationRequest {
        client_id: &config.client_id,
        scope: &config.scope,
        redirect_uri: &redirect_uri,
        state: &state,
        challenge: &challenge,
        nonce: nonce.as_ref(),
        prompt: prompt_for(resuming, provider),
    };
    if navigate_to(&authorization_url(
        &PlatformForm,
        &provider.authorization_endpoint,
        &request,
    )) {
        Ok(())
    } else {
        Err(SignInProblem::NavigationFailed)
    }
}

/// Decides and does what a load calls for: show the sign-in screen, or complete a
/// callback; the screen to show afterwards, and the provider if this load learnt it.
pub async fn complete(callback: Callback, config: &Arc<Config>) -> Completed {
    let now = now_ms();
    match callback {
        // The sign-in screen shows at once; the portal reads discovery behind it.
        Callback::None => Completed::screen(Screen::SignedOut(None)),
        // Back from the provider's end-session endpoint, if the state is the one this tab
        // sent; otherwise an incomplete callback like any other.
        Callback::StateOnly { state } if tab_marks::take_sign_out(&state) => {
            Completed::screen(Screen::SignedOut(Some(Notice::SignedOut)))
        }
        Callback::StateOnly { .. } | Callback::Malformed(_) => {
            Completed::screen(Screen::SignInFailed(SignInProblem::MalformedCallback))
        }
        Callback::Error {
            code,
            description,
            state,
            iss,
        } => {
            // Use up the pending record, so the same state can never complete later.
            let pending = match state.as_deref().and_then(CsrfState::from_callback) {
                Some(state) => match pending::take(&state, now) {
                    Ok(Taken::Found(pending)) => Some(*pending),
                    _ => None,
                },
                None => None,
            };
            let asked = pending.as_ref().map(|pending| Asked {
                provider: &pending.provider,
                resuming: pending.resuming,
            });
            let screen = screen_for_error(asked, code, description, iss.as_deref());
            Completed {
                screen,
                provider: pending.map(|p| p.provider),
            }
        }
        Callback::Code { state: None, .. } => match discover(config, Kept::AsAllowed).await {
            Ok(provider) => Completed {
                screen: restart_for_launchpad(config, &provider, now),
                provider: Some(provider),
            },
            Err(error) => Completed::screen(Screen::ConfigError(error)),
        },
        Callback::Code {
            code,
            state: Some(state),
            iss,
        } => {
            let Some(state) = CsrfState::from_callback(&state) else {
                return Completed::screen(Screen::SignedOut(Some(Notice::StaleCallback)));
            };
            let pending = match pending::take(&state, now) {
                Err(failure) => {
                    return Completed::screen(Screen::SignInFailed(SignInProblem::Storage(failure)))
                }
                Ok(Taken::Unknown) => {
                    return Completed::screen(Screen::SignedOut(Some(Notice::StaleCallback)))
                }
                Ok(Taken::Expired) => {
                    return Completed::screen(Screen::SignedOut(Some(Notice::ExpiredSignIn)))
                }
                Ok(Taken::Found(pending)) => *pending,
            };
            let provider = pending.provider.clone();
            restrict_connections(config, &provider);
            let screen = if !issuer_matches(&provider.issuer, provider.iss_required, iss.as_deref())
            {
                Screen::SignInFailed(SignInProblem::IssuerMismatch)
            } else {
                match exchange(config, &code, pending).await {
                    Ok((session, dpop)) => {
                        tab_marks::clear_launchpad_restart();
                        tab_marks::mark_signed_in(session.expires_at_ms);
                        Screen::SignedIn(SessionKeeper::new(
                            session,
                            config.clone(),
                            Arc::new(provider.clone()),
                            dpop,
                        ))
                    }
                    Err(problem) => Screen::SignInFailed(problem),
                }
            };
            Completed {
                screen,
                provider: Some(provider),
            }
        }
    }
}

/// A LaunchPad code: dropped unused, and a fresh app-initiated sign-in started, once.
fn restart_for_launchpad(config: &Config, provider: &Provider, now: f64) -> Screen {
    if !may_restart(tab_marks::launchpad_restart_at(), now) {
        tab_marks::clear_launchpad_restart();
        return Screen::SignInFailed(SignInProblem::LaunchpadLoop);
    }
    if let Err(failure) = tab_marks::set_launchpad_restart(now) {
        return Screen::SignInFailed(SignInProblem::Storage(failure));
    }
    match start_sign_in(config, provider, false) {
        Ok(()) => Screen::Redirecting,
        Err(problem) => Screen::SignInFailed(problem),
    }
}

/// Redeems the code at the token endpoint, exactly once, and verifies the id_token that
/// comes back. The provider's keys are fetched beside the token request, not after it.
/// Under DPoP the sign-in's key is made first, and the tokens come back bound to it.
async fn exchange(
    config: &Config,
    code: &str,
    pending: PendingLogin,
) -> Result<(Session, Option<DpopSigner>), SignInProblem> {
    let body = token_request_body(
        &PlatformForm,
        code,
        &pending.redirect_uri,
        &config.client_id,
        &pending.verifier,
    );
    let PendingLogin {
        provider, nonce, ..
    } = pending;
    // The verifier is gone from here on: it has done its one job.
    let jwks_uri = provider
        .jwks_uri
        .as_deref()
        .filter(|_| config.wants_id_token());
    let dpop = if provider.dpop {
        let signer = DpopSigner::generate().await;
        Some(signer.map_err(|_| SignInProblem::DpopUnavailable)?)
    } else {
        None
    };
    // A server's request for a DPoP nonce comes before it looks at the code (RFC 9449 §8),
    // so the one repeat with the nonce still redeems the code only once.
    let token_request = post_token_request(
        dpop.as_ref(),
        &provider.token_endpoint,
        body,
        Document::TokenAnswer,
    );
    let keys_request = async {
        match jwks_uri {
            Some(uri) => Some(fetch_key_set(uri, Kept::AsAllowed).await),
            None => None,
        }
    };
    let (response, prefetched_keys) = futures::join!(token_request, keys_request);
    let response = response.map_err(|failure| match failure {
        SendFailure::NoAnswer(why) => SignInProblem::TokenUnanswered(why),
        SendFailure::Proof(_) => SignInProblem::DpopUnavailable,
    })?;
    let token_type = expected_token_type(dpop.as_ref());
    let token = parse_token_response(response.status, &response.body, token_type)
        .map_err(SignInProblem::Token)?;
    let sourced_id = match jwks_uri {
        None => None,
        Some(uri) => {
            let id_token = token
                .id_token
                .as_ref()
                .ok_or(SignInProblem::IdTokenMissing)?;
            let keys = PrefetchedKeys {
                uri,
                first: Cell::new(prefetched_keys),
            };
            let expected = Expectations {
                issuer: &provider.issuer,
                client_id: &config.client_id,
                nonce: nonce.as_ref(),
                now_s: now_ms() / 1000.0,
                sourced_id_claim: &config.sourced_id_claim,
            };
            verify_with(id_token, &keys, &WebCrypto, &expected)
                .await
                .map_err(SignInProblem::IdToken)?
                .sourced_id
        }
    };
    let mut token = token;
    if jwks_uri.is_none() {
        // Not asked for, so not verified: never kept.
        token.id_token = None;
    }
    Ok((
        Session::from_token_response(token, sourced_id, now_ms()),
        dpop,
    ))
}
