//! A response body the app could not read.

use oauth_public_client::lenient::MaybeObject;
use oauth_public_client::text::displayable;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Not JSON at all (an HTML error page from a proxy, a truncated body).
    NotJson { snippet: String },
    /// JSON, but not the shape the endpoint documents.
    UnexpectedShape { snippet: String },
}

impl BodyError {
    /// Reads a body that must be a JSON object of the shape `T`. Text that is not JSON is
    /// [`BodyError::NotJson`]; JSON of another shape (an array, a string, an object `T`
    /// refuses) is [`BodyError::UnexpectedShape`].
    pub(crate) fn read<T: DeserializeOwned>(body: &str) -> Result<T, BodyError> {
        match serde_json::from_str::<MaybeObject<T>>(body) {
            Ok(MaybeObject(Some(document))) => Ok(document),
            Ok(MaybeObject(None)) => Err(BodyError::unexpected(body)),
            Err(e) if e.is_data() => Err(BodyError::unexpected(body)),
            Err(_) => Err(BodyError::not_json(body)),
        }
    }

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
