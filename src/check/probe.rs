//! Judging the probes: the token endpoint asked to redeem a made-up code (with a fresh
//! verifier and no secret), and the APIs asked with a made-up bearer token. No answer is a
//! credential; what matters is whether the browser may read the answer at all (CORS) and
//! what the provider says about the client.

use oauth_public_client::oauth_error::OAuthErrorCode;
use oauth_public_client::token::{parse_token_response, TokenError, TokenType};

use super::line::{Advice, Verdict};

/// A probe's outcome as the browser saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A response the page could read: CORS allowed this origin.
    Readable { status: u16, body: String },
    /// fetch() failed, but a `no-cors` request to the same URL reached the host: the host is
    /// up and refused this origin (CORS).
    CorsRefused,
    /// Neither request reached the host: DNS, network, TLS.
    Unreachable,
    /// No complete answer within the probe's deadline: the host is up but hangs.
    TimedOut,
    /// An answer longer than the self-check reads: not read, and not judged.
    TooLarge { cap_bytes: usize },
}

/// The token endpoint's answer to a made-up code: `invalid_grant` means it read the request
/// as a public client's and only the code was wrong; `invalid_client` or
/// `unauthorized_client` means this registration wants a secret.
pub fn judge_token(answer: &Answer) -> (Verdict, Advice) {
    match answer {
        Answer::Readable { status, body } => {
            match parse_token_response(*status, body, TokenType::Bearer) {
                Err(TokenError::OAuth { code, .. }) => match code {
                    OAuthErrorCode::InvalidGrant => (Verdict::Passed, Advice::TokenAccepted),
                    OAuthErrorCode::InvalidClient | OAuthErrorCode::UnauthorizedClient => {
                        (Verdict::Failed, Advice::SecretRequired)
                    }
                    _ => (Verdict::Unknown, Advice::UnexpectedAnswer),
                },
                // A token for a made-up code, or a page that is not an OAuth answer.
                _ => (Verdict::Unknown, Advice::UnexpectedAnswer),
            }
        }
        Answer::CorsRefused => (Verdict::Failed, Advice::CorsRefused),
        Answer::Unreachable => (Verdict::Failed, Advice::Unreachable),
        Answer::TimedOut => (Verdict::Failed, Advice::NoAnswerInTime),
        Answer::TooLarge { .. } => (Verdict::Unknown, Advice::UnexpectedAnswer),
    }
}

/// An API's answer to a made-up token: a readable 401 is the right refusal, read through
/// CORS, so this origin may call it.
pub fn judge_api(answer: &Answer) -> (Verdict, Advice) {
    match answer {
        Answer::Readable { status: 401, .. } => (Verdict::Passed, Advice::ApiAnswers),
        Answer::Readable { .. } | Answer::TooLarge { .. } => {
            (Verdict::Unknown, Advice::UnexpectedAnswer)
        }
        Answer::CorsRefused => (Verdict::Failed, Advice::CorsRefused),
        Answer::Unreachable => (Verdict::Failed, Advice::Unreachable),
        Answer::TimedOut => (Verdict::Failed, Advice::NoAnswerInTime),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(status: u16, body: &str) -> Answer {
        Answer::Readable {
            status,
            body: body.into(),
        }
    }

    #[test]
    fn the_token_endpoint_verdicts() {
        let grant = readable(
            400,
            r#"{"error":"invalid_grant","error_description":"Unknown authorization code"}"#,
        );
        assert_eq!(
            judge_token(&grant),
            (Verdict::Passed, Advice::TokenAccepted)
        );
        for code in ["invalid_client", "unauthorized_client"] {
            let secret = readable(401, &format!(r#"{{"error":"{code}"}}"#));
            assert_eq!(
                judge_token(&secret),
                (Verdict::Failed, Advice::SecretRequired),
                "{code}"
            );
        }
        assert_eq!(
            judge_token(&readable(200, "<html>login</html>")),
            (Verdict::Unknown, Advice::UnexpectedAnswer)
        );
        assert_eq!(
            judge_token(&readable(400, r#"{"error":"invalid_request"}"#)),
            (Verdict::Unknown, Advice::UnexpectedAnswer)
        );
        assert_eq!(
            judge_token(&Answer::CorsRefused),
            (Verdict::Failed, Advice::CorsRefused)
        );
        assert_eq!(
            judge_token(&Answer::Unreachable),
            (Verdict::Failed, Advice::Unreachable)
        );
        assert_eq!(
            judge_api(&Answer::TimedOut),
            (Verdict::Failed, Advice::NoAnswerInTime)
        );
        assert_eq!(
            judge_token(&Answer::TooLarge { cap_bytes: 65_536 }),
            (Verdict::Unknown, Advice::UnexpectedAnswer)
        );
    }

    #[test]
    fn the_api_verdicts() {
        assert_eq!(
            judge_api(&readable(401, r#"{"message":"Unauthorized"}"#)),
            (Verdict::Passed, Advice::ApiAnswers)
        );
        assert_eq!(
            judge_api(&readable(200, "{}")),
            (Verdict::Unknown, Advice::UnexpectedAnswer)
        );
        assert_eq!(
            judge_api(&Answer::CorsRefused),
            (Verdict::Failed, Advice::CorsRefused)
        );
    }
}
