//! Building the authorization request URL (RFC 6749 §4.1.1 with RFC 7636 §4.3).

use crate::csrf_state::CsrfState;
use crate::form::FormCodec;
use crate::nonce::Nonce;
use crate::pkce::CodeChallenge;
use crate::urls::{append_query, parse_endpoint};

/// Parameters the authorization request sets itself; an endpoint carrying one would send it
/// twice, and servers disagree on which copy wins.
const AUTHORIZATION_PARAMETERS: [&str; 9] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
];

/// What one authorization request asks for.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationRequest<'a> {
    /// This client's id.
    pub client_id: &'a str,
    /// Space-separated scopes.
    pub scope: &'a str,
    /// Where the provider sends the browser back; the token request must repeat it.
    pub redirect_uri: &'a str,
    /// The one-time `state` this request is known by.
    pub state: &'a CsrfState,
    /// The PKCE challenge (S256).
    pub challenge: &'a CodeChallenge,
    /// The OpenID Connect `nonce` (Core §3.1.2.1): with every request that asks for an
    /// id_token.
    pub nonce: Option<&'a Nonce>,
    /// `prompt`, e.g. `none` for a sign-in the client resumes by itself
    /// ([`crate::prompt::prompt_for`]).
    pub prompt: Option<&'a str>,
}

/// The URL the browser is sent to: the provider's authorization `endpoint`
/// (`discovery::Provider::authorization_endpoint`) with every value of `request`
/// form-encoded, after any query the endpoint already has.
#[inline]
pub fn authorization_url(
    form: &impl FormCodec,
    endpoint: &str,
    request: &AuthorizationRequest<'_>,
) -> String {
    let mut parameters = vec![
        ("response_type", "code"),
        ("client_id", request.client_id),
        ("redirect_uri", request.redirect_uri),
        ("scope", request.scope),
        ("state", request.state.as_str()),
        ("code_challenge", request.challenge.as_str()),
        ("code_challenge_method", CodeChallenge::METHOD),
    ];
    if let Some(nonce) = request.nonce {
        parameters.push(("nonce", nonce.as_str()));
    }
    if let Some(prompt) = request.prompt {
        parameters.push(("prompt", prompt));
    }
    append_query(form, endpoint, parameters)
}

/// The first authorization parameter an endpoint's own query already carries, if any
/// (decoded: `client%5Fid` is `client_id`).
#[inline]
pub fn reserved_parameter(form: &impl FormCodec, url: &str) -> Option<String> {
    let query = parse_endpoint(url).ok()?.query()?.to_string();
    form.parse(&query)
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| AUTHORIZATION_PARAMETERS.contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;
    use crate::pkce::CodeVerifier;

    fn request<'a>(
        redirect_uri: &'a str,
        state: &'a CsrfState,
        challenge: &'a CodeChallenge,
    ) -> AuthorizationRequest<'a> {
        AuthorizationRequest {
            client_id: "demo portal&x=1",
            scope: "profile oneroster",
            redirect_uri,
            state,
            challenge,
            nonce: None,
            prompt: None,
        }
    }

    #[test]
    fn carries_every_parameter_encoded() {
        let state = CsrfState::from_callback(&"s".repeat(43)).unwrap();
        let challenge = CodeVerifier::from_bytes(&[1; 32]).challenge();
        let url = authorization_url(
            &StandardForm,
            "https://launchpad.classlink.com/oauth2/v2/auth",
            &request("https://d.example/portal/?a=b", &state, &challenge),
        );
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://launchpad.classlink.com/oauth2/v2/auth");
        let pairs = StandardForm.parse(query);
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
        let nonce = Nonce::from_stored(format!("n-0S6_WzA2Mj{}", "x".repeat(31))).unwrap();
        let url = authorization_url(
            &StandardForm,
            "https://idp.example/auth?tenant=7",
            &AuthorizationRequest {
                nonce: Some(&nonce),
                prompt: Some("none"),
                ..request("https://d.example/", &state, &challenge)
            },
        );
        assert!(url.starts_with("https://idp.example/auth?tenant=7&response_type=code&"));
        assert!(url.ends_with(&format!(
            "&code_challenge_method=S256&nonce={}&prompt=none",
            nonce.as_str()
        )));
    }

    #[test]
    fn finds_a_reserved_parameter_however_it_is_written() {
        let reserved = |url| reserved_parameter(&StandardForm, url);
        assert_eq!(reserved("https://idp.example/auth"), None);
        assert_eq!(reserved("https://idp.example/auth?tenant=7"), None);
        assert_eq!(
            reserved("https://idp.example/auth?tenant=7&nonce=1").as_deref(),
            Some("nonce")
        );
        assert_eq!(
            reserved("https://idp.example/auth?client%5Fid=x").as_deref(),
            Some("client_id")
        );
    }
}
