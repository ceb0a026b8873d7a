//! The self-check's requests: a probe whose answer the page may or may not be allowed to read,
//! told apart from a host that is down; and the page's own host's headers.

use gloo_net::http::Request;
use web_sys::{RequestCache, RequestCredentials, RequestMode};

use std::future::Future;

use super::dpop::SendFailure;
use super::http::{send, HttpResponse, Outgoing};
use super::location::PageLocation;
use super::timer::sleep;
use crate::check::host::Served;
use crate::check::probe::Answer;
use crate::urls::directory_of;

/// Deadline of each probe.
pub const PROBE_TIMEOUT_MS: f64 = 15_000.0;

/// Awaits `request` to `url`. When the answer cannot be read, a `no-cors` request to the same
/// URL tells a CORS refusal (the host answered, opaquely) from an unreachable host (it did
/// not): the browser hides the difference from the first request on purpose.
pub async fn probe(
    url: &str,
    request: impl Future<Output = Result<HttpResponse, SendFailure>>,
) -> Answer {
    match request.await {
        Ok(response) => Answer::Readable {
            status: response.status,
            body: response.body,
        },
        // A proof WebCrypto would not sign (it signed the key's first one) is no answer either.
        Err(SendFailure::Fetch(_) | SendFailure::Proof(_)) => {
            if reaches_host(url).await {
                Answer::CorsRefused
            } else {
                Answer::Unreachable
            }
        }
    }
}

/// Whether a `no-cors` GET gets any answer from the host before the deadline.
async fn reaches_host(url: &str) -> bool {
    let request = Request::get(url)
        .mode(RequestMode::NoCors)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
        .send();
    let deadline = sleep(PROBE_TIMEOUT_MS as u32);
    futures::pin_mut!(request, deadline);
    match futures::future::select(request, deadline).await {
        futures::future::Either::Left((answer, _)) => answer.is_ok(),
        futures::future::Either::Right(_) => false,
    }
}

/// The headers that matter of a response from this page's own host (same origin: all are
/// readable), or `None` if it did not serve the file (no answer, or an error status: an error
/// page's headers say nothing about the file's).
pub async fn served(url: &str) -> Option<Served> {
    let response: HttpResponse = send(Outgoing::GetPublic { url }, PROBE_TIMEOUT_MS)
        .await
        .ok()
        .filter(|response| (200..300).contains(&response.status))?;
    Some(Served {
        csp: response.header("content-security-policy"),
        frame_options: response.header("x-frame-options"),
        hsts: response.header("strict-transport-security"),
        nosniff: response.header("x-content-type-options"),
        cache_control: response.header("cache-control"),
    })
}

/// The address of this page's wasm (a content-hashed file), from the preload Trunk writes. A
/// relative address resolves against this page, `here`.
pub fn wasm_url(here: &PageLocation) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let href = document
        .query_selector("link[href$='.wasm']")
        .ok()??
        .get_attribute("href")?;
    Some(if href.starts_with("http") {
        href
    } else if href.starts_with('/') {
        format!("{}{href}", here.origin)
    } else {
        format!("{}{href}", directory_of(&here.page_url()))
    })
}
