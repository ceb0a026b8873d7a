//! `GET /api/<host>/<path>`: the optional API pass-through, for providers whose APIs send no
//! CORS. Only to the configured prefixes (`crate::api_address` decides), only `GET`, with
//! the app's `Authorization` and `DPoP` and nothing else of the browser's; the answer comes
//! back capped, unchanged, with the headers the app reads.

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::request::Parts;
use http::{Method, Request, Response, Uri};

use crate::api_address::resolve;
use crate::cors::{self, Route};
use crate::names::{DPOP, DPOP_NONCE, X_COUNT, X_TOTAL_COUNT};
use crate::outgoing::{base_headers, single};
use crate::refusal::{Reason, Refusal};
use crate::relay::{relay, upstream_refusal};
use crate::resolved::Resolved;
use crate::upstream::exchange;

/// The largest API answer passed on: a page of 100 classes is tens of kilobytes; AWS Lambda
/// answers at most 6 MB.
pub const API_ANSWER_CAP: usize = 4 * 1024 * 1024;

pub async fn pass_through(
    companion: &Resolved,
    parts: &Parts,
    origin: &str,
) -> Result<Response<Bytes>, Refusal> {
    let target = resolve(
        &companion.config.api_prefixes,
        parts.uri.path(),
        parts.uri.query(),
    )?;
    if parts.method == Method::OPTIONS {
        return cors::preflight(&parts.headers, origin, Route::Api);
    }
    if parts.method != Method::GET {
        return Err(Refusal::new(
            Reason::MethodNotAllowed,
            "only GET is passed through",
        ));
    }
    let mut headers = base_headers();
    for name in [AUTHORIZATION, DPOP] {
        if let Some(value) = single(&parts.headers, &name)? {
            headers.insert(name, value.clone());
        }
    }
    let uri: Uri =
        target.url.as_str().parse().map_err(|_| {
            Refusal::new(Reason::PathNotAllowed, "this path cannot be passed through")
        })?;
    let mut request = Request::new(Bytes::new());
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    let (answer, body) = exchange(
        companion.upstream.as_ref(),
        request,
        companion.config.upstream_timeout,
        API_ANSWER_CAP,
    )
    .await
    .map_err(upstream_refusal)?;
    relay(
        answer,
        body,
        &[
            CONTENT_TYPE,
            X_TOTAL_COUNT,
            X_COUNT,
            RETRY_AFTER,
            WWW_AUTHENTICATE,
            DPOP_NONCE,
        ],
    )
}
