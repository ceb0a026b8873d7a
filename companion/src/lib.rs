//! The token-mediating companion: an optional, stateless backend that a district deploys
//! beside the static app when its provider wants a client secret at the token endpoint (a
//! confidential client) or answers no CORS. It is the "token-mediating backend" of the
//! IETF's OAuth 2.0 for Browser-Based Applications, without a session: the browser still
//! runs the whole flow (PKCE, state, nonce, DPoP) and holds the tokens; the companion only
//! adds the client's credentials to the token request and hands the provider's answer back.
//!
//! - `POST /token`: exactly the app's two token requests (the authorization-code grant with
//!   PKCE, and the refresh grant), from the app's origins only; the secret is added as the
//!   provider's discovery lists (`client_secret_post` or `client_secret_basic`).
//! - `GET /api/<host>/<path>`: optionally, the provider's APIs under configured prefixes.
//! - Every refusal is an OAuth-shaped JSON error with a `Token-Companion-Refusal` word.
//!
//! The core is [`Companion::handle`]: an `http::Request` with a bytes body in, an
//! `http::Response` out, with an [`Upstream`] for the way out. The standalone server
//! ([`start`] and [`serve`], the `classlink-companion` binary) and the Lambda function
//! (`classlink-companion-lambda`) are thin adapters around it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use classlink_companion::{start, Config};
//!
//! let config = Config::from_env()?; // COMPANION_* variables; a problem names the variable
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let serving = start(config, listener).await?;
//! println!("token_endpoint for config.json: {}/token", serving.url());
//! serving.shutdown().await?;
//! # Ok(()) }
//! ```

mod access_log;
mod api_address;
mod capped;
mod client_auth;
mod companion;
mod config;
mod cors;
mod discovery;
mod form;
mod https;
mod incoming;
pub mod names;
mod outgoing;
mod pass_through;
mod refusal;
mod relay;
mod resolved;
mod secret;
#[cfg(feature = "server")]
mod serve;
pub mod testing;
mod token;
mod upstream;

pub use access_log::{stderr_log, AccessLog, AccessRecord};
pub use client_auth::ClientAuth;
pub use companion::Companion;
pub use config::{vars, ApiPrefix, Config, ConfigError, ProviderSetting, DEFAULT_UPSTREAM_TIMEOUT};
pub use https::HttpsUpstream;
pub use incoming::{StreamedBody, MAX_REQUEST_BODY};
pub use pass_through::API_ANSWER_CAP;
pub use secret::ClientSecret;
#[cfg(feature = "server")]
pub use serve::{listen_address, serve, start, Serving, DEFAULT_LISTEN};
pub use token::TOKEN_ANSWER_CAP;
pub use upstream::{BoxError, Upstream, UpstreamBody, UpstreamFuture};
