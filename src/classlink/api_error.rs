//! Why a ClassLink API call failed, in the terms the page explains it.

use super::response_error::BodyError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is no longer accepted; the session is over.
    Unauthorized,
    Forbidden,
    NotFound,
    /// 429 after every retry.
    RateLimited,
    /// Any other unexpected status (5xx after every retry).
    Status(u16),
    /// The request never got an answer: network down, or CORS refused it.
    Unreachable,
    TimedOut,
    Body(BodyError),
    /// Under DPoP: WebCrypto would not sign the request's proof.
    NoProof,
}

impl ApiError {
    /// The error a final, non-success status stands for.
    pub fn from_status(status: u16) -> ApiError {
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden,
            404 => ApiError::NotFound,
            429 => ApiError::RateLimited,
            other => ApiError::Status(other),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(error: BodyError) -> Self {
        ApiError::Body(error)
    }
}
