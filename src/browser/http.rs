//! One HTTP request from the browser with a deadline. No cookies, no Referer, no cache:
//! the requests carry a bearer token or a code, and nothing about them should linger.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Headers, Request, RequestBuilder};
use web_sys::{AbortController, ReferrerPolicy, RequestCache, RequestCredentials};

use super::timer::Timeout;

/// A response read to its end.
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    headers: Headers,
}

impl HttpResponse {
    /// A response header (case-insensitive), readable only if the server exposed it to CORS.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }
}

/// Why no response came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchFailure {
    /// fetch() rejected: offline, DNS, TLS, or (most often here) a CORS refusal, which
    /// browsers deliberately make indistinguishable from a network error.
    Network,
    /// No complete response before the deadline (the body counts too).
    TimedOut,
}

/// What to send.
pub enum Outgoing<'a> {
    Get {
        url: &'a str,
        bearer: &'a str,
    },
    /// A GET of a public document (the provider's signing keys): no Authorization header,
    /// and the same privacy settings as the rest (each fetch goes to the server).
    GetPublic {
        url: &'a str,
    },
    PostForm {
        url: &'a str,
        body: String,
    },
}

/// Sends the request and reads the body, aborting both after `timeout_ms`.
pub async fn send(outgoing: Outgoing<'_>, timeout_ms: f64) -> Result<HttpResponse, FetchFailure> {
    let controller = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _deadline = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            if let Some(controller) = controller {
                controller.abort();
            }
        })
    };
    let signal = controller.as_ref().map(AbortController::signal);
    let private = |builder: RequestBuilder| {
        builder
            .abort_signal(signal.as_ref())
            .credentials(RequestCredentials::Omit)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .cache(RequestCache::NoStore)
            .header("Accept", "application/json")
    };
    let request = match outgoing {
        Outgoing::Get { url, bearer } => private(Request::get(url))
            .header("Authorization", &format!("Bearer {bearer}"))
            .build(),
        Outgoing::GetPublic { url } => private(Request::get(url)).build(),
        Outgoing::PostForm { url, body } => private(Request::post(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body),
    };
    let failure = |_| {
        if timed_out.get() {
            FetchFailure::TimedOut
        } else {
            FetchFailure::Network
        }
    };
    let response = request.map_err(failure)?.send().await.map_err(failure)?;
    let body = response.text().await.map_err(failure)?;
    Ok(HttpResponse {
        status: response.status(),
        body,
        headers: response.headers(),
    })
}
