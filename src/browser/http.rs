//! One HTTP request from the browser with a deadline. No cookies, no Referer, no cache:
//! the requests carry a bearer token or a code, and nothing about them should linger.

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;

use futures::future::{select, Either};
use gloo_net::http::{Headers, Request, RequestBuilder};
use web_sys::{AbortController, ReferrerPolicy, RequestCache, RequestCredentials};

use super::timer::{sleep, Timeout};

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

/// How an API request proves it may read: a bearer token, or a DPoP-bound token with the
/// proof made for this one request (RFC 9449 §7.1).
#[derive(Clone, Copy)]
pub enum Authorization<'a> {
    Bearer(&'a str),
    DPoP { token: &'a str, proof: &'a str },
}

/// What to send.
pub enum Outgoing<'a> {
    Get {
        url: &'a str,
        authorization: Authorization<'a>,
    },
    /// A public document (discovery, keys): no credentials of any kind.
    GetPublic { url: &'a str },
    PostForm {
        url: &'a str,
        body: String,
        /// A DPoP proof for this request (token requests under DPoP).
        proof: Option<&'a str>,
    },
}

/// Sends the request and reads the body, aborting both after `timeout_ms`.
pub async fn send(outgoing: Outgoing<'_>, timeout_ms: f64) -> Result<HttpResponse, FetchFailure> {
    let started = js_sys::Date::now();
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
        Outgoing::Get { url, authorization } => {
            let request = private(Request::get(url));
            match authorization {
                Authorization::Bearer(token) => {
                    request.header("Authorization", &format!("Bearer {token}"))
                }
                Authorization::DPoP { token, proof } => request
                    .header("Authorization", &format!("DPoP {token}"))
                    .header("DPoP", proof),
            }
            .build()
        }
        Outgoing::GetPublic { url } => private(Request::get(url)).build(),
        Outgoing::PostForm { url, body, proof } => {
            let request = private(Request::post(url))
                .header("Content-Type", "application/x-www-form-urlencoded");
            match proof {
                Some(proof) => request.header("DPoP", proof),
                None => request,
            }
            .body(body)
        }
    };
    let failure = |_| {
        if timed_out.get() {
            FetchFailure::TimedOut
        } else {
            FetchFailure::Network
        }
    };
    let response = request.map_err(failure)?.send().await.map_err(failure)?;
    // Raced with what is left of the deadline: WebKit (2.50) can leave the text() of a body
    // still arriving unsettled after its signal is aborted.
    let left = (timeout_ms - (js_sys::Date::now() - started)).max(0.0) as u32;
    let body = match select(pin!(response.text()), pin!(sleep(left))).await {
        Either::Left((body, _)) => body.map_err(failure)?,
        Either::Right(_) => return Err(FetchFailure::TimedOut),
    };
    Ok(HttpResponse {
        status: response.status(),
        body,
        headers: response.headers(),
    })
}
