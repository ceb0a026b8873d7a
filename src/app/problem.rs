//! Why signing in failed, and what to tell the student.

use crate::browser::storage::StorageFailure;
use crate::i18n::Texts;
use crate::transport::NoAnswer;
use oauth_public_client::id_token::IdTokenProblem;
use oauth_public_client::oauth_error::OAuthErrorCode;
use oauth_public_client::token::TokenError;

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
    /// The token request got no usable answer: no answer, none in time, or one too large.
    TokenUnanswered(NoAnswer),
    /// An id_token was asked for (scope `openid`) and none came.
    IdTokenMissing,
    /// The id_token failed a check: nothing from this sign-in is used.
    IdToken(IdTokenProblem),
    /// DPoP is in use and WebCrypto could not make or use the sign-in's key.
    DpopUnavailable,
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
            SignInProblem::Token(TokenError::Downgraded) => t.token_downgraded.into(),
            SignInProblem::Token(TokenError::NotB64Token(kind)) => {
                (t.token_characters)(kind.name())
            }
            SignInProblem::DpopUnavailable => t.dpop_unavailable.into(),
            SignInProblem::TokenUnanswered(why) => match why {
                NoAnswer::Unreachable => t.token_unreachable.into(),
                NoAnswer::TimedOut => t.token_timed_out.into(),
                NoAnswer::Status(status) => (t.token_http)(*status),
                NoAnswer::TooLarge { .. } => t.token_too_large.into(),
            },
            SignInProblem::IdTokenMissing => (t.id_token_rejected)("id_token"),
            SignInProblem::IdToken(problem) => id_token_message(*problem, t),
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

/// The student's message for a refused id_token. A clock problem is most often the
/// device's own clock, so it says so; the rest name the check, for the technology team.
fn id_token_message(problem: IdTokenProblem, t: &Texts) -> String {
    let check = match problem {
        IdTokenProblem::Expired | IdTokenProblem::IssuedInFuture | IdTokenProblem::NotYetValid => {
            return t.id_token_clock.into()
        }
        IdTokenProblem::KeysUnavailable(_) => return t.id_token_keys_unavailable.into(),
        IdTokenProblem::SignatureCheckUnavailable => return t.id_token_no_crypto.into(),
        IdTokenProblem::Malformed => "format",
        IdTokenProblem::UnsupportedAlgorithm | IdTokenProblem::AlgorithmMismatch => "algorithm",
        IdTokenProblem::UnknownKey => "key",
        IdTokenProblem::BadSignature => "signature",
        IdTokenProblem::WrongIssuer => "iss",
        IdTokenProblem::WrongAudience => "aud",
        IdTokenProblem::WrongAuthorizedParty => "azp",
        IdTokenProblem::MissingNonce | IdTokenProblem::WrongNonce => "nonce",
        IdTokenProblem::MissingClaim(claim) => claim,
    };
    (t.id_token_rejected)(check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;
    use oauth_public_client::token::TokenKind;

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
        assert!(SignInProblem::TokenUnanswered(NoAnswer::Unreachable)
            .message(&EN)
            .contains("CORS"));
        assert!(
            SignInProblem::TokenUnanswered(NoAnswer::TooLarge { cap_bytes: 1 })
                .message(&EN)
                .contains("none of it was used")
        );
        assert_eq!(
            SignInProblem::Token(TokenError::NotB64Token(TokenKind::Access)).message(&EN),
            "The ClassLink sign-in server sent a token with characters a token may not contain (access_token), so it was not used."
        );
    }

    #[test]
    fn a_refused_id_token_names_the_check_or_the_clock() {
        let message = |p| SignInProblem::IdToken(p).message(&EN);
        assert_eq!(
            message(IdTokenProblem::BadSignature),
            "ClassLink's proof of who signed in did not pass a safety check (signature), so it was not used."
        );
        assert!(message(IdTokenProblem::WrongNonce).contains("(nonce)"));
        assert!(message(IdTokenProblem::Expired).contains("date and time"));
        assert!(SignInProblem::IdTokenMissing
            .message(&EN)
            .contains("(id_token)"));
    }
}
