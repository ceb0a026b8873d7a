//! The companion's configuration, read from the environment once at start. Every variable
//! is checked here, and a problem names the variable at fault: the companion refuses to
//! start rather than run half-configured (as oauth2-proxy does). The secret comes from the
//! platform's secret store as an environment variable; `Debug` prints it as `[redacted]`.

mod addresses;

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use url::Url;

use crate::client_auth::ClientAuth;
use crate::secret::ClientSecret;

pub use addresses::is_loopback;
use addresses::{parse_origin, parse_upstream};

/// The environment variables, in one place.
pub mod vars {
    /// The app's origins, separated by commas or spaces: `https://portal.district.example`.
    pub const ALLOWED_ORIGINS: &str = "COMPANION_ALLOWED_ORIGINS";
    /// The client id registered with the provider (the app's `client_id`).
    pub const CLIENT_ID: &str = "COMPANION_CLIENT_ID";
    /// The client secret (from the platform's secret store).
    pub const CLIENT_SECRET: &str = "COMPANION_CLIENT_SECRET";
    /// The app's redirect URIs, exactly as registered, separated by commas or spaces.
    pub const REDIRECT_URIS: &str = "COMPANION_REDIRECT_URIS";
    /// The provider's token endpoint (or [`ISSUER`], not both).
    pub const TOKEN_ENDPOINT: &str = "COMPANION_TOKEN_ENDPOINT";
    /// The provider's issuer, whose discovery document names the token endpoint and the
    /// client authentication methods (read once, at start).
    pub const ISSUER: &str = "COMPANION_ISSUER";
    /// `client_secret_post` or `client_secret_basic`.
    pub const CLIENT_AUTH: &str = "COMPANION_CLIENT_AUTH";
    /// Upstream URL prefixes the API pass-through may reach (optional).
    pub const API_PREFIXES: &str = "COMPANION_API_PREFIXES";
    /// The deadline of each upstream request, in milliseconds.
    pub const UPSTREAM_TIMEOUT_MS: &str = "COMPANION_UPSTREAM_TIMEOUT_MS";
    /// The standalone server's listen address (`host:port`); not read by the Lambda function.
    pub const LISTEN: &str = "COMPANION_LISTEN";
}

/// The upstream deadline when none is configured: shorter than the app's own deadlines
/// (20 s for a token request, 15 s for an API call), so the companion answers first.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_UPSTREAM_TIMEOUT_MS: u64 = 60_000;

/// A configuration error: the variable at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl ConfigError {
    pub fn new(variable: &'static str, problem: impl Into<String>) -> Self {
        ConfigError {
            variable,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Where the token requests go, and how the companion authenticates there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderSetting {
    /// Written in the configuration.
    TokenEndpoint { url: Url, auth: ClientAuth },
    /// Read from `{issuer}/.well-known/openid-configuration` once, at start; `auth` (when
    /// configured) must be one the document lists.
    Issuer {
        issuer: String,
        auth: Option<ClientAuth>,
    },
}

/// One allowlisted upstream URL prefix of the API pass-through, and the companion path it
/// is mounted at: `https://nodeapi.classlink.com/v2/` at `/api/nodeapi.classlink.com/v2/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiPrefix {
    pub upstream: Url,
    pub mount: String,
}

impl ApiPrefix {
    fn new(upstream: Url) -> Result<ApiPrefix, String> {
        if upstream.query().is_some() {
            return Err(format!("{upstream} must not have a query"));
        }
        if !upstream.path().ends_with('/') {
            return Err(format!(
                "{upstream} must end with \"/\", so that it names a folder and no sibling path"
            ));
        }
        let host = upstream.host_str().unwrap_or_default();
        let port = upstream.port().map(|p| format!(":{p}")).unwrap_or_default();
        let mount = format!("/api/{host}{port}{}", upstream.path());
        Ok(ApiPrefix { upstream, mount })
    }
}

/// The whole configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub allowed_origins: Vec<String>,
    pub client_id: String,
    pub client_secret: ClientSecret,
    pub redirect_uris: Vec<String>,
    pub provider: ProviderSetting,
    pub api_prefixes: Vec<ApiPrefix>,
    pub upstream_timeout: Duration,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a test's map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let required =
            |name: &'static str| get(name).ok_or_else(|| ConfigError::new(name, "is not set"));

        let allowed_origins = list(&required(vars::ALLOWED_ORIGINS)?)
            .map(|o| parse_origin(o).map_err(|p| ConfigError::new(vars::ALLOWED_ORIGINS, p)))
            .collect::<Result<Vec<_>, _>>()?;

        let client_id = required(vars::CLIENT_ID)?;
        if client_id.trim() != client_id {
            return Err(ConfigError::new(vars::CLIENT_ID, "has spaces around it"));
        }
        let client_secret = ClientSecret::new(required(vars::CLIENT_SECRET)?);

        let redirect_uris = list(&required(vars::REDIRECT_URIS)?)
            .map(|u| {
                parse_upstream(u)
                    .map(|url| url.to_string())
                    .map_err(|p| ConfigError::new(vars::REDIRECT_URIS, p))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let auth = get(vars::CLIENT_AUTH)
            .map(|name| {
                ClientAuth::parse(name.trim()).ok_or_else(|| {
                    ConfigError::new(
                        vars::CLIENT_AUTH,
                        format!("{name:?}: write client_secret_post or client_secret_basic"),
                    )
                })
            })
            .transpose()?;
        let provider = match (get(vars::TOKEN_ENDPOINT), get(vars::ISSUER)) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    vars::TOKEN_ENDPOINT,
                    format!("set it or {}, not both", vars::ISSUER),
                ))
            }
            (None, None) => {
                return Err(ConfigError::new(
                    vars::TOKEN_ENDPOINT,
                    format!("is not set (nor is {})", vars::ISSUER),
                ))
            }
            (Some(endpoint), None) => ProviderSetting::TokenEndpoint {
                url: parse_upstream(endpoint.trim())
                    .map_err(|p| ConfigError::new(vars::TOKEN_ENDPOINT, p))?,
                auth: auth.unwrap_or(ClientAuth::SecretPost),
            },
            (None, Some(issuer)) => {
                let issuer = issuer.trim().to_string();
                let url = Url::parse(&issuer)
                    .map_err(|e| ConfigError::new(vars::ISSUER, format!("{issuer:?}: {e}")))?;
                if url.scheme() != "https" && !(url.scheme() == "http" && is_loopback(&url)) {
                    return Err(ConfigError::new(
                        vars::ISSUER,
                        format!("{issuer:?} must be https (http only on loopback)"),
                    ));
                }
                ProviderSetting::Issuer { issuer, auth }
            }
        };

        let api_prefixes = match get(vars::API_PREFIXES) {
            None => Vec::new(),
            Some(text) => api_prefixes(&text)?,
        };

        let upstream_timeout = match get(vars::UPSTREAM_TIMEOUT_MS) {
            None => DEFAULT_UPSTREAM_TIMEOUT,
            Some(text) => match text.trim().parse::<u64>() {
                Ok(ms) if (1..=MAX_UPSTREAM_TIMEOUT_MS).contains(&ms) => Duration::from_millis(ms),
                _ => {
                    return Err(ConfigError::new(
                        vars::UPSTREAM_TIMEOUT_MS,
                        format!("{text:?}: write a number of milliseconds from 1 to {MAX_UPSTREAM_TIMEOUT_MS}"),
                    ))
                }
            },
        };

        Ok(Config {
            allowed_origins,
            client_id,
            client_secret,
            redirect_uris,
            provider,
            api_prefixes,
            upstream_timeout,
        })
    }
}

/// A list separated by commas or white space.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|item| !item.is_empty())
}

fn api_prefixes(text: &str) -> Result<Vec<ApiPrefix>, ConfigError> {
    let error = |p: String| ConfigError::new(vars::API_PREFIXES, p);
    let mut prefixes = Vec::new();
    let mut mounts = HashSet::new();
    for item in list(text) {
        let prefix = ApiPrefix::new(parse_upstream(item).map_err(error)?).map_err(error)?;
        if !mounts.insert(prefix.mount.clone()) {
            return Err(error(format!(
                "{item} is listed twice (or with both http and https)"
            )));
        }
        prefixes.push(prefix);
    }
    Ok(prefixes)
}

#[cfg(test)]
mod tests;
