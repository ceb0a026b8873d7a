//! A response body the app could not read.

use crate::auth::oauth_error::displayable;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Not JSON at all (an HTML error page from a proxy, a truncated body).
    NotJson { snippet: String },
    /// JSON, but not the shape the endpoint documents.
    UnexpectedShape { snippet: String },
}

impl BodyError {
    pub(crate) fn not_json(body: &str) -> Self {
        BodyError::NotJson {
            snippet: displayable(body, 120),
        }
    }

    pub(crate) fn unexpected(body: &str) -> Self {
        BodyError::UnexpectedShape {
            snippet: displayable(body, 120),
        }
    }
}
