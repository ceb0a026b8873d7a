//! What an `error=…` callback leads to. The provider's own words (`error_description`, and
//! the error code) are shown only for an answer to a sign-in this tab started: its `state`
//! matched the tab's pending record, and its `iss` matched where present or required
//! (RFC 9207 §2.4 covers error responses too). Any other error answer could have been made by
//! anyone who can send a student a link to the app: it gets the generic note for an answer
//! the app did not ask for, with no words of the sender's on the district's page.

use super::problem::SignInProblem;
use super::screen::{Notice, Screen};
use crate::config::Provider;
use oauth_public_client::callback::issuer_matches;
use oauth_public_client::oauth_error::OAuthErrorCode;
use oauth_public_client::prompt::is_quiet_refusal;

/// The sign-in an error answer belongs to, when its state named one of this tab's.
pub struct Asked<'a> {
    pub provider: &'a Provider,
    /// The app started it by itself, for a tab that was signed in.
    pub resuming: bool,
}

/// The screen for an error answer: `asked` is the pending sign-in its state named, if any.
pub fn screen_for_error(
    asked: Option<Asked<'_>>,
    code: OAuthErrorCode,
    description: Option<String>,
    iss: Option<&str>,
) -> Screen {
    let Some(asked) = asked else {
        return Screen::SignedOut(Some(Notice::StaleCallback));
    };
    if !issuer_matches(&asked.provider.issuer, asked.provider.iss_required, iss) {
        return Screen::SignInFailed(SignInProblem::IssuerMismatch);
    }
    match code {
        // The provider needs the student: the sign-in screen, as if never signed in.
        code if asked.resuming && is_quiet_refusal(&code) => Screen::SignedOut(None),
        _ if asked.resuming => Screen::SignedOut(Some(Notice::ResumeFailed)),
        OAuthErrorCode::AccessDenied => Screen::SignInFailed(SignInProblem::AccessDenied),
        code => Screen::SignInFailed(SignInProblem::Provider { code, description }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::classlink_provider;

    fn provider(iss_required: bool) -> Provider {
        let mut provider = classlink_provider();
        provider.iss_required = iss_required;
        provider
    }

    fn locked() -> (OAuthErrorCode, Option<String>) {
        (
            OAuthErrorCode::TemporarilyUnavailable,
            Some("Your account is locked, call 555-0100".into()),
        )
    }

    #[test]
    fn provider_words_only_for_an_answer_to_our_own_sign_in() {
        let provider = provider(false);
        let (code, description) = locked();
        let asked = Asked {
            provider: &provider,
            resuming: false,
        };
        match screen_for_error(Some(asked), code, description, None) {
            Screen::SignInFailed(problem) => assert_eq!(
                problem.provider_detail(),
                Some("Your account is locked, call 555-0100")
            ),
            other => panic!("{other:?}"),
        }
        // No state, or a state this tab never issued: no words of the sender's.
        let (code, description) = locked();
        assert_eq!(
            screen_for_error(None, code, description, None),
            Screen::SignedOut(Some(Notice::StaleCallback))
        );
    }

    #[test]
    fn a_wrong_or_missing_issuer_hides_the_words_too() {
        let provider = provider(true);
        for iss in [Some("https://evil.example"), None] {
            let (code, description) = locked();
            let asked = Asked {
                provider: &provider,
                resuming: false,
            };
            assert_eq!(
                screen_for_error(Some(asked), code, description, iss),
                Screen::SignInFailed(SignInProblem::IssuerMismatch),
                "{iss:?}"
            );
        }
        let (code, description) = locked();
        let asked = Asked {
            provider: &provider,
            resuming: false,
        };
        let issuer = provider.issuer.clone();
        assert!(matches!(
            screen_for_error(Some(asked), code, description, Some(&issuer)),
            Screen::SignInFailed(SignInProblem::Provider { .. })
        ));
    }

    #[test]
    fn a_refused_resume_is_quiet_or_a_note() {
        let provider = provider(false);
        let resuming = || Asked {
            provider: &provider,
            resuming: true,
        };
        assert_eq!(
            screen_for_error(
                Some(resuming()),
                OAuthErrorCode::parse("login_required"),
                None,
                None
            ),
            Screen::SignedOut(None)
        );
        assert_eq!(
            screen_for_error(Some(resuming()), OAuthErrorCode::AccessDenied, None, None),
            Screen::SignedOut(Some(Notice::ResumeFailed))
        );
    }
}
