//! Client authentication at the token and revocation endpoints (RFC 6749 §2.3, RFC 7009
//! §2.1): who the client says it is, and whether it proves it the way it is registered. A
//! public client (the default) names itself with `client_id` and sends no secret; a
//! confidential one ([`ConfidentialClient`]) sends its secret by exactly one of its registered
//! methods, compared in constant time, and anything else is `401 invalid_client` with a
//! `Basic` challenge.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::control::confidential_client::{ClientAuth, ConfidentialClient};
use crate::http::params::Params;
use crate::http::respond::oauth_error;
use crate::state::config::Config;

/// What a provider says to a client that must authenticate and did not (the `secret_required`
/// fault says it too).
pub(crate) const SECRET_REQUIRED: &str =
    "Client authentication failed: this client must send its client_secret";

/// The method a request presents client credentials by, whatever the registration: the record
/// of each token request says it.
pub(crate) fn presented_method(headers: &HeaderMap, params: &Params) -> ClientAuth {
    if headers.contains_key(header::AUTHORIZATION) {
        ClientAuth::ClientSecretBasic
    } else if params.contains("client_secret") {
        ClientAuth::ClientSecretPost
    } else {
        ClientAuth::None
    }
}

/// The 401 (or 400) if the request does not authenticate the client as registered; `None`
/// when it does.
pub(crate) fn client_refusal(
    config: &Config,
    headers: &HeaderMap,
    params: &Params,
) -> Option<Response> {
    match &config.confidential_client {
        None => public_refusal(config, headers, params),
        Some(client) => confidential_refusal(config, client, headers, params)
            .err()
            .map(|(error, description)| refusal(error, &description)),
    }
}

/// A public client names itself and sends no secret (RFC 6749 §2.3, §3.2.1).
fn public_refusal(config: &Config, headers: &HeaderMap, params: &Params) -> Option<Response> {
    match params.get("client_id") {
        Some(id) if id == config.client_id => {}
        Some(_) => return Some(oauth_error("invalid_client", "Unknown client_id")),
        None => return Some(oauth_error("invalid_client", "client_id is missing")),
    }
    if params.contains("client_secret") || headers.contains_key(header::AUTHORIZATION) {
        return Some(oauth_error(
            "invalid_client",
            "public client must not send a secret (client_secret or Authorization header)",
        ));
    }
    None
}

/// An OAuth error as the answer; `invalid_client` gets RFC 6749 §5.2's challenge for the
/// scheme a confidential client may use.
fn refusal(error: &'static str, description: &str) -> Response {
    let mut response = oauth_error(error, description);
    if error == "invalid_client" {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"classlink-sandbox\""),
        );
    }
    response
}

/// A confidential client's checks, in order: one method, an allowed one, the right client,
/// the right secret.
fn confidential_refusal(
    config: &Config,
    client: &ConfidentialClient,
    headers: &HeaderMap,
    params: &Params,
) -> Result<(), (&'static str, String)> {
    let method = presented_method(headers, params);
    if method == ClientAuth::ClientSecretBasic && params.contains("client_secret") {
        // §2.3: "The client MUST NOT use more than one authentication method in each request."
        return Err((
            "invalid_request",
            "use one client authentication method: Authorization: Basic or client_secret".into(),
        ));
    }
    if method == ClientAuth::None {
        return Err(("invalid_client", SECRET_REQUIRED.into()));
    }
    if !client.methods().contains(&method) {
        return Err((
            "invalid_client",
            format!(
                "{} is not registered for this client (registered: {})",
                method.name(),
                names(&client.methods())
            ),
        ));
    }
    let (id, secret) = match method {
        ClientAuth::ClientSecretBasic => basic_credentials(headers).ok_or((
            "invalid_client",
            "Authorization must be Basic over the form-urlencoded client_id:client_secret"
                .to_string(),
        ))?,
        _ => (
            params.get("client_id").unwrap_or_default().to_string(),
            params.get("client_secret").unwrap_or_default().to_string(),
        ),
    };
    // A client_id in the body too must name the same client.
    let body_id = params.get("client_id");
    if id != config.client_id || body_id.is_some_and(|body| body != id) {
        return Err(("invalid_client", "Unknown client_id".into()));
    }
    if !same_secret(&secret, &client.secret) {
        return Err((
            "invalid_client",
            "Client authentication failed: wrong client_secret".into(),
        ));
    }
    Ok(())
}

fn names(methods: &[ClientAuth]) -> String {
    let names: Vec<&str> = methods.iter().map(|m| m.name()).collect();
    names.join(", ")
}

/// The client id and secret of `Authorization: Basic`, each form-urlencoded inside the
/// base64 (RFC 6749 §2.3.1); `None` for another scheme or a malformed value.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decoded(id)?, form_decoded(secret)?))
}

/// `application/x-www-form-urlencoded` decoding of one value: `+` is a space.
fn form_decoded(text: &str) -> Option<String> {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// Whether two secrets are equal, compared in constant time over their SHA-256 digests (so
/// neither the first difference nor the length shows in the timing).
fn same_secret(presented: &str, registered: &str) -> bool {
    let presented = Sha256::digest(presented.as_bytes());
    let registered = Sha256::digest(registered.as_bytes());
    presented.ct_eq(&registered).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(value).expect("header"),
        );
        headers
    }

    #[test]
    fn basic_credentials_are_form_urlencoded_inside_base64() {
        let encoded = STANDARD.encode("demo-portal:a%2Bb+c%3Ad");
        assert_eq!(
            basic_credentials(&basic(&format!("Basic {encoded}"))),
            Some(("demo-portal".into(), "a+b c:d".into()))
        );
        assert_eq!(
            basic_credentials(&basic(&format!("basic {encoded}"))),
            Some(("demo-portal".into(), "a+b c:d".into()))
        );
        assert_eq!(basic_credentials(&basic("Bearer abc")), None);
        assert_eq!(basic_credentials(&basic("Basic not-base64!")), None);
        let no_colon = STANDARD.encode("demo-portal");
        assert_eq!(
            basic_credentials(&basic(&format!("Basic {no_colon}"))),
            None
        );
        assert_eq!(basic_credentials(&HeaderMap::new()), None);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(!same_secret("s3cre", "s3cret"));
        assert!(!same_secret("s3cret ", "s3cret"));
        assert!(!same_secret("", "s3cret"));
    }
}
