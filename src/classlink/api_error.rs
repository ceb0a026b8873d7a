//! Why a ClassLink API call failed, in the terms the page explains it.

use super::body_error::BodyError;
use crate::transport::NoAnswer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is no longer accepted; the session is over.
    Unauthorized,
    Forbidden,
    NotFound,
    /// 429 after every retry.
    RateLimited,
    /// No usable answer: no answer at all (network down, or CORS refused it), none in time,
    /// another unexpected status (5xx after every retry), or one too large to read.
    NoAnswer(NoAnswer),
    Body(BodyError),
    /// Under DPoP: WebCrypto would not sign the request's proof.
    NoProof,
}

impl From<NoAnswer> for ApiError {
    /// A status the page explains in its own words gets its own variant.
    fn from(no_answer: NoAnswer) -> Self {
        match no_answer {
            NoAnswer::Status(401) => ApiError::Unauthorized,
            NoAnswer::Status(403) => ApiError::Forbidden,
            NoAnswer::Status(404) => ApiError::NotFound,
            NoAnswer::Status(429) => ApiError::RateLimited,
            other => ApiError::NoAnswer(other),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(error: BodyError) -> Self {
        ApiError::Body(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_the_page_explains_get_their_own_error() {
        assert_eq!(
            ApiError::from(NoAnswer::Status(401)),
            ApiError::Unauthorized
        );
        assert_eq!(ApiError::from(NoAnswer::Status(429)), ApiError::RateLimited);
        assert_eq!(
            ApiError::from(NoAnswer::Status(502)),
            ApiError::NoAnswer(NoAnswer::Status(502))
        );
        assert_eq!(
            ApiError::from(NoAnswer::TimedOut),
            ApiError::NoAnswer(NoAnswer::TimedOut)
        );
    }
}
