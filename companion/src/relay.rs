//! An upstream answer handed back to the app: its status and body unchanged, only the
//! headers the app reads, `Cache-Control: no-store` and the companion's mark. An upstream
//! that could not answer becomes the companion's own refusal, naming which way it failed.

use bytes::Bytes;
use http::response::Parts;
use http::{HeaderName, HeaderValue, Response};

use crate::names::{TOKEN_COMPANION, TOKEN_COMPANION_VERSION};
use crate::refusal::{no_store, Reason, Refusal};
use crate::upstream::UpstreamFailure;

/// The app's answer from the upstream's, keeping the headers named in `keep`. A redirect is
/// never relayed: the companion reaches only the configured addresses, and so does the app
/// through it.
pub fn relay(parts: Parts, body: Bytes, keep: &[HeaderName]) -> Result<Response<Bytes>, Refusal> {
    if parts.status.is_redirection() {
        return Err(Refusal::new(
            Reason::UpstreamRedirect,
            "the provider answered with a redirect, which the companion does not follow",
        ));
    }
    let mut response = Response::new(body);
    *response.status_mut() = parts.status;
    let headers = response.headers_mut();
    for name in keep {
        for value in parts.headers.get_all(name) {
            headers.append(name.clone(), value.clone());
        }
    }
    no_store(headers);
    headers.insert(
        TOKEN_COMPANION,
        HeaderValue::from_static(TOKEN_COMPANION_VERSION),
    );
    Ok(response)
}

/// The refusal for an upstream that gave no usable answer.
pub fn upstream_refusal(failure: UpstreamFailure) -> Refusal {
    match failure {
        UpstreamFailure::TimedOut => Refusal::new(
            Reason::UpstreamTimeout,
            "the provider did not answer in time",
        ),
        UpstreamFailure::Unreachable => Refusal::new(
            Reason::UpstreamUnreachable,
            "the provider could not be reached",
        ),
        UpstreamFailure::TooLarge => Refusal::new(
            Reason::UpstreamAnswerTooLarge,
            "the provider's answer was larger than the companion passes on",
        ),
    }
}
