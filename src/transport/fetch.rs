//! One HTTP request from the browser, within its document's deadline and body cap. No
//! cookies, no Referer, and no cache: the requests carry a bearer token or a code, and nothing
//! about them should linger. The one exception is the provider's public documents (discovery
//! and the key set, [`Outgoing::GetProviderDocument`]): the browser's HTTP cache keeps them as
//! the provider's `Cache-Control` allows, which spares a reload its discovery round trip, and
//! a key set fetched again for an unknown `kid` is revalidated with the provider first
//! ([`Kept`]). A request whose future is dropped (its screen went away) is
//! aborted, so nothing keeps downloading for a page that no longer wants it.

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;

use futures::future::{select, Either};
use gloo_net::http::{Headers, Request, RequestBuilder};
use wasm_bindgen::JsValue;
use web_sys::{
    AbortController, ReferrerPolicy, RequestCache, RequestCredentials, RequestInit, RequestMode,
};

use super::body::{read_capped, settle_quietly, BodyFailure};
use super::limits::Document;
use super::no_answer::NoAnswer;
use crate::browser::clock::now_ms;
use crate::browser::timer::{sleep, Timeout};

/// A response read to its end (or, for [`Document::HostHeaders`], its headers only).
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

    /// The response if its status is a success; else the status as no usable answer.
    pub fn success(self) -> Result<HttpResponse, NoAnswer> {
        if (200..300).contains(&self.status) {
            Ok(self)
        } else {
            Err(NoAnswer::Status(self.status))
        }
    }
}

/// The moment a request must have its whole answer by. One deadline can cover several
/// requests: a request and its one repeat with a DPoP nonce share it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    at_ms: f64,
}

impl Deadline {
    /// The deadline of a request for `document`, starting now.
    pub fn for_document(document: Document) -> Deadline {
        Deadline {
            at_ms: now_ms() + document.deadline_ms(),
        }
    }

    fn remaining_ms(self) -> f64 {
        self.at_ms - now_ms()
    }
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
    /// A public document (config.json, the self-check's reads): no credentials of any kind.
    GetPublic { url: &'a str },
    /// The provider's discovery document or key set: no credentials of any kind, and kept
    /// by the browser's HTTP cache as `cache` says.
    GetProviderDocument { url: &'a str, cache: Kept },
    /// A `no-cors` GET: its opaque answer only tells that the host answered (the
    /// self-check's way of telling a CORS refusal from a host that is down).
    Reach { url: &'a str },
    PostForm {
        url: &'a str,
        body: String,
        /// A DPoP proof for this request (token requests under DPoP).
        proof: Option<&'a str>,
    },
}

/// How the browser's HTTP cache may answer a request for a provider's public document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// As the provider's `Cache-Control` allows (`RequestCache::Default`): a fresh copy is
    /// used without asking, a stale one is revalidated.
    AsAllowed,
    /// Always asked again, with the validators the cache holds (`RequestCache::NoCache`):
    /// a `304` is cheap, and a changed document (a rotated key) is read.
    Revalidated,
}

impl Kept {
    fn request_cache(self) -> RequestCache {
        match self {
            Kept::AsAllowed => RequestCache::Default,
            Kept::Revalidated => RequestCache::NoCache,
        }
    }
}

/// Aborts the request when dropped: on the deadline's way out, or when the caller's
/// future is dropped before the answer came.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Sends the request for `document` and reads its body, both by `deadline`, at most the
/// document's cap of body.
pub async fn send(
    outgoing: Outgoing<'_>,
    document: Document,
    deadline: Deadline,
) -> Result<HttpResponse, NoAnswer> {
    let remaining = deadline.remaining_ms();
    if remaining <= 0.0 {
        return Err(NoAnswer::TimedOut);
    }
    let controller = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _deadline = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        Timeout::new(remaining, move || {
            timed_out.set(true);
            if let Some(controller) = controller {
                controller.abort();
            }
        })
    };
    let signal = controller.as_ref().map(AbortController::signal);
    let _abort = AbortOnDrop(controller);
    let reach = matches!(outgoing, Outgoing::Reach { .. });
    let failure = |_| {
        if timed_out.get() {
            NoAnswer::TimedOut
        } else {
            NoAnswer::Unreachable
        }
    };
    let response = build(outgoing)
        .abort_signal(signal.as_ref())
        .finish()
        .map_err(failure)?
        .send()
        .await
        .map_err(failure)?;
    let (status, headers) = (response.status(), response.headers());
    let cap = if reach { 0 } else { document.cap_bytes() };
    let raw: web_sys::Response = response.into();
    // Raced with what is left of the deadline: WebKit (2.50) can leave a read of a body
    // still arriving unsettled after its signal is aborted.
    let left = deadline.remaining_ms().max(0.0) as u32;
    let read = match select(pin!(read_capped(&raw, cap)), pin!(sleep(left))).await {
        Either::Left((read, _)) => read,
        Either::Right(_) => return Err(NoAnswer::TimedOut),
    };
    let body = read.map_err(|failure| match failure {
        BodyFailure::TooLarge => NoAnswer::TooLarge {
            cap_bytes: document.cap_bytes(),
        },
        BodyFailure::Broken if timed_out.get() => NoAnswer::TimedOut,
        BodyFailure::Broken => NoAnswer::Unreachable,
    })?;
    Ok(HttpResponse {
        status,
        body,
        headers,
    })
}

/// A request being built: the builder, and the body of a POST.
struct Building {
    builder: RequestBuilder,
    body: Option<String>,
}

impl Building {
    fn abort_signal(self, signal: Option<&web_sys::AbortSignal>) -> Building {
        Building {
            builder: self.builder.abort_signal(signal),
            body: self.body,
        }
    }

    fn finish(self) -> Result<Request, gloo_net::Error> {
        match self.body {
            Some(body) => self.builder.body(body),
            None => self.builder.build(),
        }
    }
}

/// The request `outgoing` describes, private: no cookies, no Referer, no cache (but for a
/// provider's document, as [`Kept`] says).
fn build(outgoing: Outgoing<'_>) -> Building {
    let private = |builder: RequestBuilder| {
        builder
            .credentials(RequestCredentials::Omit)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .cache(RequestCache::NoStore)
            .header("Accept", "application/json")
    };
    let (builder, body) = match outgoing {
        Outgoing::Get { url, authorization } => {
            let request = private(Request::get(url));
            let request = match authorization {
                Authorization::Bearer(token) => {
                    request.header("Authorization", &format!("Bearer {token}"))
                }
                Authorization::DPoP { token, proof } => request
                    .header("Authorization", &format!("DPoP {token}"))
                    .header("DPoP", proof),
            };
            (request, None)
        }
        Outgoing::GetPublic { url } => (private(Request::get(url)), None),
        Outgoing::GetProviderDocument { url, cache } => (
            private(Request::get(url)).cache(cache.request_cache()),
            None,
        ),
        Outgoing::Reach { url } => (
            Request::get(url)
                .mode(RequestMode::NoCors)
                .credentials(RequestCredentials::Omit)
                .referrer_policy(ReferrerPolicy::NoReferrer)
                .cache(RequestCache::NoStore),
            None,
        ),
        Outgoing::PostForm { url, body, proof } => {
            let request = private(Request::post(url))
                .header("Content-Type", "application/x-www-form-urlencoded");
            let request = match proof {
                Some(proof) => request.header("DPoP", proof),
                None => request,
            };
            (request, Some(body))
        }
    };
    Building { builder, body }
}

/// Posts `body` as a form to `url` with `keepalive`, so the browser finishes the request
/// even if the page is left or closed meanwhile; nobody waits for its answer (sign-out's
/// revocations, sent as the page leaves for the provider's sign-out page).
pub fn post_form_keepalive(url: &str, body: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return;
    };
    let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
    let _ = headers.set("Accept", "application/json");
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_headers(&headers);
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    // Not in web-sys's RequestInit yet; every current browser reads it.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    settle_quietly(window.fetch_with_str_and_init(url, &init));
}
