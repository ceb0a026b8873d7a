//! The self-check's requests: a probe whose answer the page may or may not be allowed to read,
//! told apart from a host that is down; and the page's own host's headers. All go through the
//! app's one transport, with the self-check's deadline and size cap.

use std::future::Future;

use super::host::Served;
use super::probe::{Answer, ThroughCompanion, TOKEN_COMPANION, TOKEN_COMPANION_REFUSAL};
use crate::browser::location::PageLocation;
use crate::transport::authorized::SendFailure;
use crate::transport::fetch::{send, Deadline, HttpResponse, Outgoing};
use crate::transport::{Document, NoAnswer};
use crate::urls::directory_of;

/// Awaits `request` to `url`. When the answer cannot be read, a `no-cors` request to the same
/// URL tells a CORS refusal (the host answered, opaquely) from an unreachable host (it did
/// not): the browser hides the difference from the first request on purpose.
pub async fn probe(
    url: &str,
    request: impl Future<Output = Result<HttpResponse, SendFailure>>,
) -> Answer {
    match request.await {
        Ok(response) => {
            // The companion marks every answer, and names its own refusals (exposed to CORS).
            let companion = response.header(TOKEN_COMPANION).map(|_| ThroughCompanion {
                refusal: response.header(TOKEN_COMPANION_REFUSAL),
            });
            Answer::Readable {
                status: response.status,
                body: response.body,
                companion,
            }
        }
        Err(SendFailure::NoAnswer(NoAnswer::TooLarge { cap_bytes })) => {
            Answer::TooLarge { cap_bytes }
        }
        // The host answered the request, just never in full: it is up, and hangs.
        Err(SendFailure::NoAnswer(NoAnswer::TimedOut)) => Answer::TimedOut,
        // A proof WebCrypto would not sign (it signed the key's first one) is no answer either.
        Err(SendFailure::NoAnswer(_) | SendFailure::Proof(_)) => {
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
    let document = Document::Probe;
    send(
        Outgoing::Reach { url },
        document,
        Deadline::for_document(document),
    )
    .await
    .is_ok()
}

/// The headers that matter of a response from this page's own host (same origin: all are
/// readable), or `None` if it did not serve the file (no answer, or an error status: an error
/// page's headers say nothing about the file's). The body is not read.
pub async fn served(url: &str) -> Option<Served> {
    let document = Document::HostHeaders;
    let response = send(
        Outgoing::GetPublic { url },
        document,
        Deadline::for_document(document),
    )
    .await
    .and_then(HttpResponse::success)
    .ok()?;
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
