//! The provider's token endpoint and client authentication method from its discovery
//! document (OpenID Connect Discovery 1.0), read once at start when the configuration names
//! an issuer instead of a token endpoint. The document's `issuer` must equal the configured
//! one exactly, as the app requires; the token endpoint must be https (loopback excepted).

use std::time::Duration;

use bytes::Bytes;
use http::header::ACCEPT;
use http::{HeaderValue, Request};
use serde::Deserialize;
use url::Url;

use crate::client_auth::ClientAuth;
use crate::config::{is_loopback, vars, ConfigError};
use crate::upstream::{exchange, Upstream, UpstreamFailure};

/// The largest discovery document read.
const DOCUMENT_CAP: usize = 64 * 1024;

#[derive(Deserialize)]
struct Document {
    issuer: Option<String>,
    token_endpoint: Option<String>,
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

/// The token endpoint and the method to use there.
pub async fn discover(
    upstream: &dyn Upstream,
    issuer: &str,
    configured: Option<ClientAuth>,
    deadline: Duration,
) -> Result<(Url, ClientAuth), ConfigError> {
    let fail = |problem: String| ConfigError::new(vars::ISSUER, problem);
    let address = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let mut request = Request::get(&address)
        .body(Bytes::new())
        .map_err(|_| fail(format!("{address} is not a usable address")))?;
    request
        .headers_mut()
        .insert(ACCEPT, HeaderValue::from_static("application/json"));
    let (parts, body) = exchange(upstream, request, deadline, DOCUMENT_CAP)
        .await
        .map_err(|failure| {
            fail(match failure {
                UpstreamFailure::TimedOut => format!("{address} did not answer in time"),
                UpstreamFailure::Unreachable => format!("{address} could not be reached"),
                UpstreamFailure::TooLarge => {
                    format!("{address} answered more than {DOCUMENT_CAP} bytes")
                }
            })
        })?;
    if !parts.status.is_success() {
        return Err(fail(format!(
            "{address} answered HTTP {}",
            parts.status.as_u16()
        )));
    }
    let document: Document = serde_json::from_slice(&body)
        .map_err(|e| fail(format!("{address} is not a discovery document ({e})")))?;
    if document.issuer.as_deref() != Some(issuer) {
        return Err(fail(format!(
            "the discovery document names the issuer {:?}, not {issuer:?} (compared exactly)",
            document.issuer.unwrap_or_default()
        )));
    }
    let endpoint = document
        .token_endpoint
        .ok_or_else(|| fail("the discovery document names no token_endpoint".into()))?;
    let endpoint = Url::parse(&endpoint)
        .ok()
        .filter(|url| url.scheme() == "https" || (url.scheme() == "http" && is_loopback(url)))
        .ok_or_else(|| {
            fail(format!(
                "the discovery document's token_endpoint {endpoint:?} is not https"
            ))
        })?;
    let listed = document.token_endpoint_auth_methods_supported;
    let auth = match configured {
        Some(auth) if listed.as_ref().is_some_and(|l| !l.iter().any(|m| m == auth.as_str())) => {
            return Err(ConfigError::new(
                vars::CLIENT_AUTH,
                format!(
                    "{} is not in the provider's token_endpoint_auth_methods_supported {:?}",
                    auth.as_str(),
                    listed.unwrap_or_default()
                ),
            ))
        }
        Some(auth) => auth,
        None => ClientAuth::choose(listed.as_deref()).ok_or_else(|| {
            fail(format!(
                "the provider lists neither client_secret_post nor client_secret_basic in token_endpoint_auth_methods_supported {:?}: it does not take a secret, and the app needs no companion",
                listed.unwrap_or_default()
            ))
        })?,
    };
    Ok((endpoint, auth))
}
