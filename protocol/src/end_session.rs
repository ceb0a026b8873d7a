//! Ending the provider's session on sign-out (OpenID Connect RP-Initiated Logout 1.0), where
//! discovery advertises an `end_session_endpoint`: on a shared school laptop, signing out of
//! the page must not leave the next student signed in to the provider.

use crate::csrf_state::CsrfState;
use crate::form::FormCodec;
use crate::urls::append_query;

/// The address sign-out sends the browser to. `id_token_hint` names the session to end;
/// `post_logout_redirect_uri` brings the browser back to this page, with `state`, which the
/// page checks before it says "You have signed out".
#[inline]
pub fn end_session_url(
    form: &impl FormCodec,
    endpoint: &str,
    id_token_hint: Option<&str>,
    post_logout_redirect_uri: &str,
    state: &CsrfState,
    client_id: &str,
) -> String {
    let mut parameters = Vec::with_capacity(4);
    if let Some(hint) = id_token_hint {
        parameters.push(("id_token_hint", hint));
    }
    parameters.extend([
        ("post_logout_redirect_uri", post_logout_redirect_uri),
        ("state", state.as_str()),
        // Lets the provider check the redirect URI even without a hint (§3).
        ("client_id", client_id),
    ]);
    append_query(form, endpoint, parameters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

    #[test]
    fn carries_the_hint_the_return_address_and_the_state() {
        let state = CsrfState::from_callback(&"s".repeat(43)).unwrap();
        let url = end_session_url(
            &StandardForm,
            "https://idp.example/logout?tenant=7",
            Some("eyJ.a.b"),
            "https://d.example/portal/",
            &state,
            "c1",
        );
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "https://idp.example/logout");
        let pairs = StandardForm.parse(query);
        let expected = [
            ("tenant", "7"),
            ("id_token_hint", "eyJ.a.b"),
            ("post_logout_redirect_uri", "https://d.example/portal/"),
            ("state", state.as_str()),
            ("client_id", "c1"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn without_an_id_token_the_client_id_names_the_app() {
        let state = CsrfState::from_callback(&"s".repeat(43)).unwrap();
        let url = end_session_url(
            &StandardForm,
            "https://idp.example/logout",
            None,
            "https://d/",
            &state,
            "c1",
        );
        assert!(!url.contains("id_token_hint"));
        assert!(url.contains("client_id=c1"));
    }
}
