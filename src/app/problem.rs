//! Why signing in failed, and what to tell the student.

use crate::auth::oauth_error::OAuthErrorCode;
use crate::auth::token::TokenError;
use crate::browser::pending_store::StorageFailure;
use crate::i18n::Texts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInProblem {
    AccessDenied,
    /// The authorization server answered `error=…`.
    Provider {
        code: OAuthErrorCode,
        description: Option<String>,
    },
    MalformedCallback,
    IssuerMismatch,
    LaunchpadLoop,
    Storage(StorageFailure),
    NoRandomness,
    NavigationFailed,
    Token(TokenError),
    TokenUnreachable,
    TokenTimedOut,
}

impl SignInProblem {
    /// The main message, in the student's language.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            SignInProblem::AccessDenied => t.access_denied.into(),
            SignInProblem::Provider { code, .. } => (t.provider_error)(code.as_str()),
            SignInProblem::MalformedCallback => t.malformed_callback.into(),
            SignInProblem::IssuerMismatch => t.issuer_mismatch.into(),
            SignInProblem::LaunchpadLoop => t.launchpad_loop.into(),
            SignInProblem::Storage(StorageFailure::Unavailable) => t.storage_unavailable.into(),
            SignInProblem::Storage(StorageFailure::Full) => t.storage_full.into(),
            SignInProblem::NoRandomness => t.no_randomness.into(),
            SignInProblem::NavigationFailed => t.navigation_failed.into(),
            SignInProblem::Token(TokenError::OAuth { code, .. }) => {
                (t.token_rejected)(code.as_str())
            }
            SignInProblem::Token(TokenError::Http { status, .. }) => (t.token_http)(*status),
            SignInProblem::Token(TokenError::NotJson { .. }) => t.token_not_json.into(),
            SignInProblem::Token(TokenError::MissingAccessToken) => t.token_missing.into(),
            SignInProblem::Token(TokenError::UnsupportedTokenType(kind)) => (t.token_type)(kind),
            SignInProblem::TokenUnreachable => t.token_unreachable.into(),
            SignInProblem::TokenTimedOut => t.token_timed_out.into(),
        }
    }

    /// What the provider itself said, already cleaned and clipped, shown as quoted text.
    pub fn provider_detail(&self) -> Option<&str> {
        match self {
            SignInProblem::Provider { description, .. } => description.as_deref(),
            SignInProblem::Token(TokenError::OAuth { description, .. }) => description.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    #[test]
    fn every_problem_has_a_message_and_keeps_provider_text_apart() {
        let problem = SignInProblem::Provider {
            code: OAuthErrorCode::ServerError,
            description: Some("<b>down</b>".into()),
        };
        assert_eq!(
            problem.message(&EN),
            "ClassLink could not sign you in (error: server_error)."
        );
        assert_eq!(problem.provider_detail(), Some("<b>down</b>"));
        let token = SignInProblem::Token(TokenError::Http {
            status: 502,
            body: "x".into(),
        });
        assert_eq!(
            token.message(&EN),
            "The ClassLink sign-in server answered with an error (HTTP 502)."
        );
        assert!(SignInProblem::TokenUnreachable
            .message(&EN)
            .contains("CORS"));
    }
}
