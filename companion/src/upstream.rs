//! The companion's only way out: an [`Upstream`] sends one HTTP request and gives back the
//! answer's head and a body to read. The standalone server and the Lambda function use
//! [`crate::HttpsUpstream`]; tests use a fake that records what it was sent. The deadline
//! and the size cap are enforced here, around any upstream, so they are tested with the fake.

use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_LENGTH;
use http::response::Parts;
use http::{Request, Response};
use http_body_util::combinators::BoxBody;

use crate::capped::{read_capped, CappedError};

/// Any error, boxed.
pub type BoxError = Box<dyn Error + Send + Sync>;
/// An upstream answer's body, read by the companion up to its cap.
pub type UpstreamBody = BoxBody<Bytes, BoxError>;
/// What [`Upstream::send`] returns.
pub type UpstreamFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Response<UpstreamBody>, BoxError>> + Send + 'a>>;

/// Sends one request to the provider and answers with its response (never following a
/// redirect).
pub trait Upstream: Send + Sync {
    fn send(&self, request: Request<Bytes>) -> UpstreamFuture<'_>;
}

/// Why no usable answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamFailure {
    /// No complete answer (head and body) before the deadline.
    TimedOut,
    /// No answer: connection refused, DNS, TLS, a broken body.
    Unreachable,
    /// A body larger than the cap.
    TooLarge,
}

/// Sends `request` and reads the whole answer, within `deadline` and at most `cap` bytes
/// of body.
pub async fn exchange(
    upstream: &dyn Upstream,
    request: Request<Bytes>,
    deadline: Duration,
    cap: usize,
) -> Result<(Parts, Bytes), UpstreamFailure> {
    let whole = async {
        let response = upstream
            .send(request)
            .await
            .map_err(|_| UpstreamFailure::Unreachable)?;
        let (parts, body) = response.into_parts();
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > cap as u64) {
            return Err(UpstreamFailure::TooLarge);
        }
        let body = read_capped(body, cap).await.map_err(|error| match error {
            CappedError::TooLarge => UpstreamFailure::TooLarge,
            CappedError::Broken => UpstreamFailure::Unreachable,
        })?;
        Ok((parts, body))
    };
    tokio::time::timeout(deadline, whole)
        .await
        .unwrap_or(Err(UpstreamFailure::TimedOut))
}
