//! Judging the probes: the token endpoint asked to redeem a made-up code (with a fresh
//! verifier and no secret), and the APIs asked with a made-up bearer token. No answer is a
//! credential; what matters is whether the browser may read the answer at all (CORS) and
//! what the provider says about the client. An answer that came through the token-mediating
//! companion says so in a header of the companion's own, and is judged as the companion's.

use oauth_public_client::oauth_error::OAuthErrorCode;
use oauth_public_client::token::{parse_token_response, TokenError, TokenType};

use super::line::{Advice, Verdict};

/// A probe's outcome as the browser saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A response the page could read: CORS allowed this origin. `companion`: it came
    /// through the token-mediating companion (its own header said so).
    Readable {
        status: u16,
        body: String,
        companion: Option<ThroughCompanion>,
    },
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

/// The companion's headers (`companion/src/names.rs`, whose crate the page does not link).
pub const TOKEN_COMPANION: &str = "token-companion";
pub const TOKEN_COMPANION_REFUSAL: &str = "token-companion-refusal";

/// What the companion's own headers said on an answer that came through it
/// (`companion/src/names.rs`: `Token-Companion` on every answer, exposed to CORS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThroughCompanion {
    /// `Token-Companion-Refusal`: the companion refused the request itself, for this reason
    /// (`redirect-uri`, `client-id`, …), and nothing reached the provider.
    pub refusal: Option<String>,
}

/// What the provider's OAuth error says about the client, from a made-up code's answer.
enum ClientVerdict {
    /// `invalid_grant`: the client was accepted; only the code was wrong.
    Accepted,
    /// `invalid_client` or `unauthorized_client`: the client was not (a secret is wanted,
    /// or the one sent is wrong).
    Refused,
    Other,
}

fn client_verdict(status: u16, body: &str) -> ClientVerdict {
    match parse_token_response(status, body, TokenType::Bearer) {
        Err(TokenError::OAuth { code, .. }) => match code {
            OAuthErrorCode::InvalidGrant => ClientVerdict::Accepted,
            OAuthErrorCode::InvalidClient | OAuthErrorCode::UnauthorizedClient => {
                ClientVerdict::Refused
            }
            _ => ClientVerdict::Other,
        },
        // A token for a made-up code, or a page that is not an OAuth answer.
        _ => ClientVerdict::Other,
    }
}

/// The token endpoint's answer to a made-up code: `invalid_grant` means it read the request
/// as a public client's and only the code was wrong; `invalid_client` or
/// `unauthorized_client` means this registration wants a secret, and a page that cannot
/// read the answer (CORS) cannot sign in either: both name the companion. Through the
/// companion, `invalid_grant` proves it (CORS for this origin, and the provider accepted
/// the secret it added), `invalid_client` means its secret or client id is wrong, and a
/// refusal of its own names the companion's variable at fault.
pub fn judge_token(answer: &Answer) -> (Verdict, &'static [Advice]) {
    match answer {
        Answer::Readable {
            companion: Some(ThroughCompanion { refusal: Some(_) }),
            ..
        } => (Verdict::Failed, &[Advice::CompanionRefused]),
        Answer::Readable {
            status,
            body,
            companion: Some(_),
        } => match client_verdict(*status, body) {
            ClientVerdict::Accepted => (Verdict::Passed, &[Advice::CompanionAccepted]),
            ClientVerdict::Refused => (Verdict::Failed, &[Advice::CompanionSecretRefused]),
            ClientVerdict::Other => (Verdict::Unknown, &[Advice::UnexpectedAnswer]),
        },
        Answer::Readable {
            status,
            body,
            companion: None,
        } => match client_verdict(*status, body) {
            ClientVerdict::Accepted => (Verdict::Passed, &[Advice::TokenAccepted]),
            ClientVerdict::Refused => (
                Verdict::Failed,
                &[Advice::SecretRequired, Advice::DeployCompanion],
            ),
            ClientVerdict::Other => (Verdict::Unknown, &[Advice::UnexpectedAnswer]),
        },
        Answer::CorsRefused => (
            Verdict::Failed,
            &[Advice::CorsRefused, Advice::DeployCompanion],
        ),
        Answer::Unreachable => (Verdict::Failed, &[Advice::Unreachable]),
        Answer::TimedOut => (Verdict::Failed, &[Advice::NoAnswerInTime]),
        Answer::TooLarge { .. } => (Verdict::Unknown, &[Advice::UnexpectedAnswer]),
    }
}

/// An API's answer to a made-up token: a readable 401 is the right refusal, read through
/// CORS, so this origin may call it. An API that refuses this origin can be reached
/// through the companion's pass-through.
pub fn judge_api(answer: &Answer) -> (Verdict, &'static [Advice]) {
    match answer {
        Answer::Readable { status: 401, .. } => (Verdict::Passed, &[Advice::ApiAnswers]),
        Answer::Readable { .. } | Answer::TooLarge { .. } => {
            (Verdict::Unknown, &[Advice::UnexpectedAnswer])
        }
        Answer::CorsRefused => (
            Verdict::Failed,
            &[Advice::CorsRefused, Advice::CompanionPassThrough],
        ),
        Answer::Unreachable => (Verdict::Failed, &[Advice::Unreachable]),
        Answer::TimedOut => (Verdict::Failed, &[Advice::NoAnswerInTime]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(status: u16, body: &str) -> Answer {
        Answer::Readable {
            status,
            body: body.into(),
            companion: None,
        }
    }

    fn through_companion(status: u16, body: &str, refusal: Option<&str>) -> Answer {
        Answer::Readable {
            status,
            body: body.into(),
            companion: Some(ThroughCompanion {
                refusal: refusal.map(str::to_string),
            }),
        }
    }

    const INVALID_GRANT: &str =
        r#"{"error":"invalid_grant","error_description":"Unknown authorization code"}"#;

    #[test]
    fn the_token_endpoint_verdicts() {
        assert_eq!(
            judge_token(&readable(400, INVALID_GRANT)),
            (Verdict::Passed, &[Advice::TokenAccepted][..])
        );
        for code in ["invalid_client", "unauthorized_client"] {
            let secret = readable(401, &format!(r#"{{"error":"{code}"}}"#));
            assert_eq!(
                judge_token(&secret),
                (
                    Verdict::Failed,
                    &[Advice::SecretRequired, Advice::DeployCompanion][..]
                ),
                "{code}"
            );
        }
        assert_eq!(
            judge_token(&readable(200, "<html>login</html>")),
            (Verdict::Unknown, &[Advice::UnexpectedAnswer][..])
        );
        assert_eq!(
            judge_token(&readable(400, r#"{"error":"invalid_request"}"#)),
            (Verdict::Unknown, &[Advice::UnexpectedAnswer][..])
        );
        assert_eq!(
            judge_token(&Answer::CorsRefused),
            (
                Verdict::Failed,
                &[Advice::CorsRefused, Advice::DeployCompanion][..]
            )
        );
        assert_eq!(
            judge_token(&Answer::Unreachable),
            (Verdict::Failed, &[Advice::Unreachable][..])
        );
        assert_eq!(
            judge_api(&Answer::TimedOut),
            (Verdict::Failed, &[Advice::NoAnswerInTime][..])
        );
        assert_eq!(
            judge_token(&Answer::TooLarge { cap_bytes: 65_536 }),
            (Verdict::Unknown, &[Advice::UnexpectedAnswer][..])
        );
    }

    #[test]
    fn the_token_endpoint_verdicts_through_the_companion() {
        assert_eq!(
            judge_token(&through_companion(400, INVALID_GRANT, None)),
            (Verdict::Passed, &[Advice::CompanionAccepted][..])
        );
        assert_eq!(
            judge_token(&through_companion(
                401,
                r#"{"error":"invalid_client"}"#,
                None
            )),
            (Verdict::Failed, &[Advice::CompanionSecretRefused][..])
        );
        // Its own refusal, whatever the error: nothing reached the provider.
        assert_eq!(
            judge_token(&through_companion(
                400,
                r#"{"error":"invalid_request","error_description":"redirect_uri"}"#,
                Some("redirect-uri")
            )),
            (Verdict::Failed, &[Advice::CompanionRefused][..])
        );
        assert_eq!(
            judge_token(&through_companion(502, r#"{"error":"server_error"}"#, None)),
            (Verdict::Unknown, &[Advice::UnexpectedAnswer][..])
        );
    }

    #[test]
    fn the_api_verdicts() {
        assert_eq!(
            judge_api(&readable(401, r#"{"message":"Unauthorized"}"#)),
            (Verdict::Passed, &[Advice::ApiAnswers][..])
        );
        assert_eq!(
            judge_api(&readable(200, "{}")),
            (Verdict::Unknown, &[Advice::UnexpectedAnswer][..])
        );
        assert_eq!(
            judge_api(&Answer::CorsRefused),
            (
                Verdict::Failed,
                &[Advice::CorsRefused, Advice::CompanionPassThrough][..]
            )
        );
    }
}
