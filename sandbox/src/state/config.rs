//! The configuration fixed at start ([`Config`]): the options, the seed and the served app
//! merged into the client's registration (id, redirect URIs, allowed origins), the issuer and
//! the lifetimes.

use std::io;
use std::time::Duration;

use crate::api::seed::Seed;
use crate::control::confidential_client::ConfidentialClient;
use crate::control::cors_off::CorsOff;
use crate::control::options::Options;
use crate::control::session_features::SessionFeatures;
use crate::dpop::features::DpopFeatures;
use crate::http::urls;

/// ClassLink documents 5-minute codes.
pub(crate) const CODE_TTL: Duration = Duration::from_secs(5 * 60);
/// ClassLink documents 24-hour access tokens.
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Configuration fixed at start.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub seed: Seed,
    pub client_id: String,
    /// Exact strings; a redirect URI matches only if byte-for-byte equal.
    pub redirect_uris: Vec<String>,
    /// Exact origins allowed by CORS.
    pub allowed_origins: Vec<String>,
    pub issuer: String,
    /// Where the API listener answers, e.g. `http://127.0.0.1:8081` (discovery's endpoints).
    pub api_origin: String,
    pub latency: Duration,
    /// `Some`: tokens expire after it and the token response has `expires_in`.
    pub token_lifetime: Option<Duration>,
    pub code_ttl: Duration,
    /// The session switches at start; the live ones are [`Store::session_features`].
    pub session_features: SessionFeatures,
    /// The surfaces without CORS at start; the live ones are [`Store::cors_off`].
    pub cors_off: CorsOff,
    /// The client's secret and methods; `None`: a public client.
    pub confidential_client: Option<ConfidentialClient>,
    /// The DPoP switches at start; the live ones are in [`Store::dpop`].
    pub dpop_features: DpopFeatures,
    /// Whether browsers may keep discovery and the key set (see `Options::documents_kept`).
    pub documents_kept: bool,
}

impl Config {
    /// Merges options, seed and the served app (`(origin, redirect URI)`) into one
    /// configuration. The served app's redirect URI comes first, then `--redirect-uri`s, then
    /// the seed's, so LaunchPad's default target is the most specific one.
    pub fn build(
        opts: &Options,
        api_origin: &str,
        served_app: Option<&(String, String)>,
    ) -> io::Result<Config> {
        let seed = opts.seed.clone();
        let mut redirect_uris = Vec::new();
        let candidates = served_app
            .map(|(_, url)| url)
            .into_iter()
            .chain(&opts.redirect_uris)
            .chain(seed.redirect_uris());
        for uri in candidates {
            if urls::origin_of(uri).is_none() || uri.contains('#') {
                return Err(invalid_input(format!(
                    "redirect URI {uri:?} must be an absolute http(s) URI without a fragment"
                )));
            }
            push_unique(&mut redirect_uris, uri);
        }
        if redirect_uris.is_empty() {
            return Err(invalid_input("no redirect URI is registered".into()));
        }

        // The app runs at its redirect URI's origin, so those origins are allowed as well.
        let mut allowed_origins = Vec::new();
        for origin in &opts.app_origins {
            match urls::origin_of(origin) {
                Some(o) if o == *origin => push_unique(&mut allowed_origins, origin),
                _ => {
                    return Err(invalid_input(format!(
                        "app origin {origin:?} must be scheme://host[:port], nothing more"
                    )))
                }
            }
        }
        if let Some((origin, _)) = served_app {
            push_unique(&mut allowed_origins, origin);
        }
        for uri in &redirect_uris {
            if let Some(origin) = urls::origin_of(uri) {
                push_unique(&mut allowed_origins, &origin);
            }
        }

        let issuer = opts
            .issuer
            .clone()
            .or_else(|| seed.issuer().map(str::to_string))
            .unwrap_or_else(|| api_origin.to_string());
        Ok(Config {
            client_id: seed.client_id().to_string(),
            seed,
            redirect_uris,
            allowed_origins,
            issuer,
            api_origin: api_origin.to_string(),
            latency: opts.latency,
            token_lifetime: opts.token_lifetime,
            code_ttl: CODE_TTL,
            session_features: opts.session_features,
            cors_off: opts.cors_off,
            confidential_client: opts.confidential_client.clone(),
            dpop_features: opts.dpop_features,
            documents_kept: opts.documents_kept,
        })
    }

    pub fn is_registered_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    pub fn token_lifetime_or_default(&self) -> Duration {
        self.token_lifetime.unwrap_or(DEFAULT_TOKEN_LIFETIME)
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}
