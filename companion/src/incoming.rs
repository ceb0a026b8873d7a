//! A request's body as the routes see it: complete, larger than the companion reads, or
//! broken off. The cap is small: the largest request the app sends is a token request of a
//! few hundred bytes.

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;

use crate::capped::{read_capped, CappedError};

use crate::refusal::{Reason, Refusal};
use crate::upstream::BoxError;

/// The largest request body read, in bytes.
pub const MAX_REQUEST_BODY: usize = 8 * 1024;

/// A request body still to be read, as a server adapter hands it over.
pub type StreamedBody = UnsyncBoxBody<Bytes, BoxError>;

pub enum Incoming {
    Complete(Bytes),
    TooLarge,
    Broken,
}

impl Incoming {
    /// A body already read whole (the Lambda event's).
    pub fn from_bytes(bytes: Bytes) -> Incoming {
        if bytes.len() > MAX_REQUEST_BODY {
            Incoming::TooLarge
        } else {
            Incoming::Complete(bytes)
        }
    }

    /// Reads at most [`MAX_REQUEST_BODY`] bytes of a streamed body.
    pub async fn read(body: StreamedBody) -> Incoming {
        match read_capped(body, MAX_REQUEST_BODY).await {
            Ok(bytes) => Incoming::Complete(bytes),
            Err(CappedError::TooLarge) => Incoming::TooLarge,
            Err(CappedError::Broken) => Incoming::Broken,
        }
    }

    /// The bytes, or the refusal.
    pub fn complete(self) -> Result<Bytes, Refusal> {
        match self {
            Incoming::Complete(bytes) => Ok(bytes),
            Incoming::TooLarge => Err(Refusal::new(
                Reason::BodyTooLarge,
                format!("the body is larger than {MAX_REQUEST_BODY} bytes"),
            )),
            Incoming::Broken => Err(Refusal::new(Reason::Form, "the body could not be read")),
        }
    }
}
