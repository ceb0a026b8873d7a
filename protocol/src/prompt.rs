//! `prompt=none` (OpenID Connect Core §3.1.2.1): a sign-in the client starts by itself, to
//! resume a session, asks the provider to answer at once without showing a page where the
//! provider advertises it. Some answers to it only mean "the provider needs the user".

use crate::discovery::Provider;
use crate::oauth_error::OAuthErrorCode;

/// The `prompt` of a sign-in: `none` when the client starts it by itself and the provider
/// can answer without a page; otherwise none at all (the provider decides).
#[inline]
pub fn prompt_for(resuming: bool, provider: &Provider) -> Option<&'static str> {
    (resuming && provider.prompt_none).then_some("none")
}

/// The answers to `prompt=none` that only mean "the provider needs the user" (OpenID
/// Connect Core §3.1.2.6): a resumed sign-in that gets one lands on the ordinary sign-in
/// screen, with no error.
#[inline]
pub fn is_quiet_refusal(code: &OAuthErrorCode) -> bool {
    matches!(
        code,
        OAuthErrorCode::Extension(code) if matches!(
            code.as_str(),
            "login_required" | "interaction_required" | "consent_required" | "account_selection_required"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(prompt_none: bool) -> Provider {
        Provider {
            issuer: "https://idp.example".into(),
            authorization_endpoint: "https://idp.example/auth".into(),
            token_endpoint: "https://idp.example/token".into(),
            jwks_uri: None,
            iss_required: false,
            prompt_none,
            revocation_endpoint: None,
            end_session_endpoint: None,
            dpop: false,
        }
    }

    #[test]
    fn prompt_none_only_for_a_resume_the_provider_can_answer_silently() {
        assert_eq!(prompt_for(true, &provider(true)), Some("none"));
        assert_eq!(prompt_for(true, &provider(false)), None, "ClassLink");
        assert_eq!(prompt_for(false, &provider(true)), None, "a click");
    }

    #[test]
    fn only_interaction_answers_are_quiet() {
        for code in ["login_required", "interaction_required", "consent_required"] {
            assert!(is_quiet_refusal(&OAuthErrorCode::parse(code)), "{code}");
        }
        for code in ["access_denied", "server_error", "invalid_request"] {
            assert!(!is_quiet_refusal(&OAuthErrorCode::parse(code)), "{code}");
        }
    }
}
