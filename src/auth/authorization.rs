//! Building the authorization request URL (RFC 6749 §4.1.1 with RFC 7636 §4.3).

use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::pkce::CodeChallenge;

use crate::config::{Config, Provider};
use crate::urls::append_query;

/// The URL the browser is sent to, every value form-encoded by the WHATWG serializer. The
/// `nonce` (OpenID Connect Core §3.1.2.1) goes with every request that asks for an id_token;
/// `prompt` only with a sign-in the app resumes by itself (`crate::auth::resume`).
pub fn authorization_url(
    config: &Config,
    provider: &Provider,
    redirect_uri: &str,
    state: &CsrfState,
    challenge: &CodeChallenge,
    nonce: Option<&str>,
    prompt: Option<&str>,
) -> String {
    let mut parameters = vec![
        ("response_type", "code"),
        ("client_id", config.client_id.as_str()),
        ("redirect_uri", redirect_uri),
        ("scope", config.scope.as_str()),
        ("state", state.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", CodeChallenge::METHOD),
    ];
    if let Some(nonce) = nonce {
        parameters.push(("nonce", nonce));
    }
    if let Some(prompt) = prompt {
        parameters.push(("prompt", prompt));
    }
    append_query(&provider.authorization_endpoint, parameters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth_public_client::pkce::CodeVerifier;

    fn config() -> Config {
        Config::from_json(r#"{ "client_id": "demo portal&x=1", "scope": "profile oneroster" }"#)
            .unwrap()
    }

    fn provider(endpoint: &str) -> Provider {
        Provider {
            issuer: "https://launchpad.classlink.com".into(),
            authorization_endpoint: endpoint.into(),
            token_endpoint: "https://t.example/token".into(),
            jwks_uri: None,
            iss_required: false,
            prompt_none: false,
            revocation_endpoint: None,
            end_session_endpoint: None,
            dpop: false,
        }
    }

    #[test]
    fn carries_every_parameter_encoded() {
        let state = CsrfState::from_callback(&"s".repeat(43)).unwrap();
        let challenge = CodeVerifier::from_bytes(&[1; 32]).challenge();
        let url = authorization_url(
            &config(),
            &provider("https://launchpad.classlink.com/oauth2/v2/auth"),
            "https://d.example/portal/?a=b",
            &state,
            &challenge,
            None,
            None,
        );
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://launchpad.classlink.com/oauth2/v2/auth");
        let pairs = crate::form::parse(query);
        let expected = [
            ("response_type", "code"),
            ("client_id", "demo portal&x=1"),
            ("redirect_uri", "https://d.example/portal/?a=b"),
            ("scope", "profile oneroster"),
            ("state", state.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
        assert!(query.contains("client_id=demo+portal%26x%3D1"));
        assert!(query.contains("redirect_uri=https%3A%2F%2Fd.example%2Fportal%2F%3Fa%3Db"));
    }

    #[test]
    fn keeps_a_query_the_endpoint_already_has() {
        let state = CsrfState::from_callback(&"s".repeat(43)).unwrap();
        let challenge = CodeVerifier::from_bytes(&[1; 32]).challenge();
        let url = authorization_url(
            &config(),
            &provider("https://idp.example/auth?tenant=7"),
            "https://d.example/",
            &state,
            &challenge,
            Some("n-0S6_WzA2Mj"),
            Some("none"),
        );
        assert!(url.starts_with("https://idp.example/auth?tenant=7&response_type=code&"));
        assert!(url.ends_with("&code_challenge_method=S256&nonce=n-0S6_WzA2Mj&prompt=none"));
    }
}
