//! Runs the deployment self-check (`check/`, where `?check` leads) from the app's real origin:
//! config.json, discovery, the redirect URI, the token endpoint and the APIs probed with
//! made-up values (never a real credential), sign-out on shared devices, and this page's own
//! host. Each line lands in `lines` as soon as it is known; the judging is pure (the other
//! modules of `crate::check`).

use leptos::prelude::*;
use oauth_public_client::pkce::new_random_sha256;
use oauth_public_client::token::{token_request_body, AccessToken};

use super::host::{judge_host, judge_origin, HostHeaders};
use super::probe::{judge_api, judge_token, Answer, ThroughCompanion};
use super::requests::{probe, served, wasm_url};
use super::{app_page_url, judge_sign_out, Advice, CheckId, CheckLine, Verdict};
use crate::app::flow;
use crate::browser::dpop::DpopSigner;
use crate::browser::location::{self, PageLocation};
use crate::browser::random::PlatformRandom;
use crate::config::{Config, Provider};
use crate::form::PlatformForm;
use crate::transport::authorized::{get_authorized, post_token_request, Credential};
use crate::transport::fetch::Kept;
use crate::transport::no_answer::kib;
use crate::transport::Document;
use crate::urls::directory_of;

/// A code and a bearer token that cannot be anyone's: the probes ask with these.
const MADE_UP_CODE: &str = "classlink-portal-self-check";
const MADE_UP_TOKEN: &str = "classlink-portal-self-check";
/// The OneRoster id a `{sourcedId}` template is filled with for its probe.
const MADE_UP_SOURCED_ID: &str = "self-check";

/// Every check, each line added to `lines` when done.
pub async fn run(lines: RwSignal<Vec<CheckLine>>) {
    let add = move |line: CheckLine| {
        lines.try_update(|lines| {
            lines.push(line);
            lines.sort_by_key(|line| line.id as u8);
        });
    };
    let Some(here) = location::current() else {
        return;
    };
    // The checks are about the app's page, one level up from this one.
    let page = app_page_url(&here.page_url());
    let config = match flow::load_config().await {
        Ok(config) => config,
        Err(error) => {
            add(
                CheckLine::new(CheckId::Config, Verdict::Failed, Advice::ConfigInvalid)
                    .fact(error.to_string()),
            );
            for id in [
                CheckId::Discovery,
                CheckId::Token,
                CheckId::Profile,
                CheckId::Classes,
                CheckId::SignOut,
            ] {
                add(CheckLine::new(id, Verdict::Unknown, Advice::NotChecked));
            }
            add(host_line(&here, &page, Vec::new()).await);
            return;
        }
    };
    add(config_line(&config));
    let redirect_uri = config.redirect_uri_for(&page);
    let mut redirect = CheckLine::new(
        CheckId::RedirectUri,
        Verdict::Unknown,
        Advice::RegisterRedirectUri,
    )
    .fact(redirect_uri.clone());
    if redirect_uri != page {
        redirect = redirect.fact(format!("(this page is {page})"));
    }
    add(redirect);

    let provider = discovery_line(&config, add).await;
    add(match &provider {
        Some(provider) => judge_sign_out(provider, config.logout_url.as_deref()),
        None => CheckLine::new(CheckId::SignOut, Verdict::Unknown, Advice::NotChecked),
    });
    let endpoints = match &provider {
        Some(provider) => config.connect_sources(provider),
        None => Vec::new(),
    };
    // Under DPoP the sign-in sends proofs, so the probes do too: a CORS setup that refuses
    // the `DPoP` header, or a server that refuses the proofs, shows here.
    let dpop = match &provider {
        Some(provider) if provider.dpop => DpopSigner::generate().await.ok(),
        _ => None,
    };
    let token = async {
        match &provider {
            Some(provider) => {
                add(token_line(&config, provider, &redirect_uri, dpop.as_ref()).await)
            }
            None => add(CheckLine::new(
                CheckId::Token,
                Verdict::Unknown,
                Advice::NotChecked,
            )),
        }
    };
    let profile = api_line(
        CheckId::Profile,
        Some(config.profile_endpoint.clone()),
        dpop.clone(),
    );
    let classes = api_line(
        CheckId::Classes,
        config.classes.url_for(Some(MADE_UP_SOURCED_ID)),
        dpop.clone(),
    );
    let host = host_line(&here, &page, endpoints);
    let (_, profile, classes, host) = futures::join!(token, profile, classes, host);
    add(profile);
    add(classes);
    add(host);
}

/// config.json is valid: the values the app will use, defaults and all.
fn config_line(config: &Config) -> CheckLine {
    let mut line = CheckLine::new(CheckId::Config, Verdict::Passed, Advice::ConfigValid)
        .fact(format!("client_id: {}", config.client_id))
        .fact(format!("issuer: {}", config.issuer))
        .fact(format!("scope: {}", config.scope))
        .fact(format!("profile_endpoint: {}", config.profile_endpoint))
        .fact(format!("classes_endpoint: {}", config.classes.template()))
        .fact(format!(
            "teachers_endpoint: {}",
            config.teachers_endpoint.as_deref().unwrap_or("false")
        ));
    if let Some(url) = &config.logout_url {
        line = line.fact(format!("logout_url: {url}"));
    }
    line
}

/// The provider's endpoints, written or discovered (and checked as the sign-in checks them).
async fn discovery_line(config: &Config, add: impl Fn(CheckLine)) -> Option<Provider> {
    let written = config.written_provider().is_some();
    // Revalidated: a district re-runs the check after changing its provider, and must see
    // the document the provider serves now, not a copy the browser kept.
    match flow::discover(config, Kept::Revalidated).await {
        Ok(provider) => {
            let advice = if written {
                Advice::DiscoveryNotNeeded
            } else {
                Advice::DiscoveryRead
            };
            let mut line = CheckLine::new(CheckId::Discovery, Verdict::Passed, advice);
            if !written {
                line = line.fact(config.discovery_url());
            }
            line = line
                .fact(format!(
                    "authorization_endpoint: {}",
                    provider.authorization_endpoint
                ))
                .fact(format!("token_endpoint: {}", provider.token_endpoint));
            if let Some(jwks) = &provider.jwks_uri {
                line = line.fact(format!("jwks_uri: {jwks}"));
            }
            add(line);
            Some(provider)
        }
        Err(error) => {
            add(
                CheckLine::new(CheckId::Discovery, Verdict::Failed, Advice::DiscoveryFailed)
                    .fact(error.to_string()),
            );
            None
        }
    }
}

/// The token endpoint, asked to redeem a made-up code with a fresh verifier and no secret
/// (and a DPoP proof when the sign-in would send one).
async fn token_line(
    config: &Config,
    provider: &Provider,
    redirect_uri: &str,
    dpop: Option<&DpopSigner>,
) -> CheckLine {
    let url = provider.token_endpoint.as_str();
    let Ok((_, verifier)) = new_random_sha256(&PlatformRandom) else {
        return CheckLine::new(CheckId::Token, Verdict::Unknown, Advice::NotChecked);
    };
    let body = token_request_body(
        &PlatformForm,
        MADE_UP_CODE,
        redirect_uri,
        &config.client_id,
        &verifier,
    );
    let answer = probe(url, post_token_request(dpop, url, body, Document::Probe)).await;
    let (verdict, advice) = judge_token(&answer);
    let mut line = CheckLine::advised(CheckId::Token, verdict, advice).fact(url);
    if provider.dpop {
        line = line.fact(match dpop {
            Some(_) => "DPoP: sent with an ES256 proof",
            None => "DPoP: this browser could not make a key, so sent without a proof",
        });
    }
    with_answer(line, &answer)
}

/// An API, asked with a made-up token (DPoP-bound, with a proof, when the sign-in's would
/// be): a readable 401 is the right answer.
async fn api_line(id: CheckId, url: Option<String>, dpop: Option<DpopSigner>) -> CheckLine {
    let Some(url) = url else {
        return CheckLine::new(id, Verdict::Unknown, Advice::NotChecked);
    };
    // A b64token, as every access token is: `new` cannot refuse it.
    let Some(token) = AccessToken::new(MADE_UP_TOKEN.into()) else {
        return CheckLine::new(id, Verdict::Unknown, Advice::NotChecked);
    };
    let credential = Credential { token, dpop };
    let answer = probe(&url, get_authorized(&credential, &url, Document::Probe)).await;
    let (verdict, advice) = judge_api(&answer);
    with_answer(
        CheckLine::advised(id, verdict, advice).fact(url.clone()),
        &answer,
    )
}

/// The answer as a fact: the status and the start of the body.
fn with_answer(line: CheckLine, answer: &Answer) -> CheckLine {
    match answer {
        Answer::Readable {
            status,
            body,
            companion,
        } => {
            let snippet: String = body.chars().take(160).collect();
            let line = line.fact(format!("HTTP {status}: {snippet}"));
            match companion {
                None => line,
                Some(ThroughCompanion { refusal: None }) => {
                    line.fact("Token-Companion: 1 (the answer came through the companion)")
                }
                Some(ThroughCompanion {
                    refusal: Some(reason),
                }) => line.fact(format!("Token-Companion-Refusal: {reason}")),
            }
        }
        Answer::CorsRefused => line.fact("no readable answer; the host answered a no-cors request"),
        Answer::Unreachable => line.fact("no answer at all"),
        Answer::TimedOut => line.fact("no complete answer in time"),
        Answer::TooLarge { cap_bytes } => line.fact(format!(
            "an answer larger than {} KB, which this check does not read",
            kib(*cap_bytes)
        )),
    }
}

/// This page's host: index.html (the page's own URL), config.json and the wasm, fetched
/// again to read their headers.
async fn host_line(here: &PageLocation, page: &str, endpoints: Vec<String>) -> CheckLine {
    let config_url = format!("{}config.json", directory_of(page));
    // This page's own wasm: hashed and cached by the same rule as the app's.
    let asset_url = wasm_url(here);
    let asset = async {
        match &asset_url {
            Some(url) => served(url).await,
            None => None,
        }
    };
    let (page_headers, config, asset) = futures::join!(served(page), served(&config_url), asset);
    let Some(page_headers) = page_headers else {
        return CheckLine::new(CheckId::Host, Verdict::Unknown, Advice::Unreachable)
            .fact(page.to_string());
    };
    let line = judge_host(
        &HostHeaders {
            origin: here.origin.clone(),
            page: page_headers,
            config,
            asset,
        },
        &endpoints,
    );
    judge_origin(line, page)
}
