//! Coming back to a signed-in tab (reload, back, a second visit) without a token ever being
//! stored. The tab keeps only a mark in sessionStorage: "signed in until T", which grants
//! nothing. A load that finds a live mark, and no callback, starts a fresh authorization
//! request by itself: one top-level hop, asking for `prompt=none` where the provider
//! advertises it; ClassLink's own session simply answers it.

use oauth_public_client::oauth_error::OAuthErrorCode;
use serde::{Deserialize, Serialize};

use super::pending::StoredTime;
use crate::config::Provider;

/// What the tab remembers of a sign-in: until when it holds. Nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMark {
    until: StoredTime,
}

impl SessionMark {
    pub fn until(until_ms: f64) -> SessionMark {
        SessionMark {
            until: StoredTime::from_ms(until_ms),
        }
    }

    /// A mark is worth a hop only while the session it marks would still hold.
    pub fn is_live(&self, now_ms: f64) -> bool {
        now_ms < self.until.ms()
    }
}

/// The `prompt` of a sign-in: `none` when the app starts it by itself and the provider
/// can answer without a page; otherwise none at all (the provider decides).
pub fn prompt_for(resuming: bool, provider: &Provider) -> Option<&'static str> {
    (resuming && provider.prompt_none).then_some("none")
}

/// The answers to `prompt=none` that only mean "the provider needs the student" (OpenID
/// Connect Core §3.1.2.6): a resumed sign-in that gets one lands on the ordinary sign-in
/// screen, with no error.
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
    fn a_mark_holds_until_its_time() {
        let mark = SessionMark::until(10_000.0);
        assert!(mark.is_live(9_999.0));
        assert!(!mark.is_live(10_000.0));
        let stored = serde_json::to_string(&mark).unwrap();
        assert_eq!(stored, r#"{"until":10000}"#, "nothing but a time");
        assert_eq!(serde_json::from_str::<SessionMark>(&stored).unwrap(), mark);
        assert!(serde_json::from_str::<SessionMark>(r#"{"until":"soon"}"#).is_err());
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
