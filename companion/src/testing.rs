//! A fake [`Upstream`] for tests of the core and of its adapters: it records every request
//! the companion sends and answers as the test says (an answer, never, an endless body, or
//! no connection), so a test can prove what left the companion and how it treats what came
//! back. No network.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body::{Body, Frame};
use http_body_util::{BodyExt, Full};

use crate::upstream::{BoxError, Upstream, UpstreamBody, UpstreamFuture};

/// How the fake answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    Answer {
        status: StatusCode,
        headers: Vec<(HeaderName, HeaderValue)>,
        body: Bytes,
    },
    /// Never answers: the companion's deadline must end the wait.
    Never,
    /// Answers 200 and sends body bytes forever: the companion's cap must end the read.
    Endless,
    /// The connection fails.
    Unreachable,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: vec![(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body: Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &'static str, value: &'static str) -> Reply {
        if let Reply::Answer { headers, .. } = &mut self {
            headers.push((
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            ));
        }
        self
    }
}

type Script = Box<dyn Fn(&Request<Bytes>) -> Reply + Send + Sync>;

/// Records requests and answers each with its script's [`Reply`].
pub struct FakeUpstream {
    script: Script,
    received: Mutex<Vec<Request<Bytes>>>,
}

impl FakeUpstream {
    /// Answers every request with `reply`.
    pub fn replying(reply: Reply) -> Arc<FakeUpstream> {
        FakeUpstream::scripted(move |_| reply.clone())
    }

    /// Answers each request with what `script` says for it.
    pub fn scripted(
        script: impl Fn(&Request<Bytes>) -> Reply + Send + Sync + 'static,
    ) -> Arc<FakeUpstream> {
        Arc::new(FakeUpstream {
            script: Box::new(script),
            received: Mutex::new(Vec::new()),
        })
    }

    /// Every request sent so far, in order.
    pub fn received(&self) -> Vec<Request<Bytes>> {
        let received = self.received.lock().unwrap_or_else(|e| e.into_inner());
        received
            .iter()
            .map(|request| {
                let mut copy = Request::new(request.body().clone());
                *copy.method_mut() = request.method().clone();
                *copy.uri_mut() = request.uri().clone();
                *copy.headers_mut() = request.headers().clone();
                copy
            })
            .collect()
    }
}

impl Upstream for FakeUpstream {
    fn send(&self, request: Request<Bytes>) -> UpstreamFuture<'_> {
        let reply = (self.script)(&request);
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request);
        Box::pin(async move {
            match reply {
                Reply::Answer {
                    status,
                    headers,
                    body,
                } => {
                    let mut response = Response::new(boxed(Full::new(body)));
                    *response.status_mut() = status;
                    for (name, value) in headers {
                        response.headers_mut().append(name, value);
                    }
                    Ok(response)
                }
                Reply::Never => std::future::pending().await,
                Reply::Endless => Ok(Response::new(boxed(Endless))),
                Reply::Unreachable => Err(BoxError::from("connection refused")),
            }
        })
    }
}

fn boxed<B>(body: B) -> UpstreamBody
where
    B: Body<Data = Bytes, Error = Infallible> + Send + Sync + 'static,
{
    body.map_err(|never| match never {}).boxed()
}

/// A body that never ends.
struct Endless;

impl Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&[b'x'; 4096])))))
    }
}

/// The app's origin in [`config`].
pub const ORIGIN: &str = "https://portal.district.example";
pub const CLIENT_ID: &str = "portal-client";
/// The secret in [`config`]: no answer and no log line may ever contain it.
pub const SECRET: &str = "companion-secret-4f1d9a";
pub const REDIRECT_URI: &str = "https://portal.district.example/portal/";
pub const TOKEN_ENDPOINT: &str = "https://launchpad.example/oauth2/v2/token";
pub const API_PREFIX: &str = "https://nodeapi.example/v2/";
/// [`API_PREFIX`]'s mount on the companion.
pub const API_MOUNT: &str = "/api/nodeapi.example/v2/";
pub const CODE: &str = "code-7Hq2Lx";
pub const VERIFIER: &str = "verifier-pYm3k0Qz8dWb5tVn1cRf6gHj2sLa9eXu4oIi7yTq0wE";
pub const REFRESH_TOKEN: &str = "refresh-Zk4+u/Qw=";

/// A complete configuration with the values above, then `changes` (`None` removes one).
pub fn config(changes: &[(&'static str, Option<&str>)]) -> crate::Config {
    use crate::vars;
    let mut env: std::collections::HashMap<&'static str, String> = [
        (vars::ALLOWED_ORIGINS, ORIGIN),
        (vars::CLIENT_ID, CLIENT_ID),
        (vars::CLIENT_SECRET, SECRET),
        (vars::REDIRECT_URIS, REDIRECT_URI),
        (vars::TOKEN_ENDPOINT, TOKEN_ENDPOINT),
        (vars::API_PREFIXES, API_PREFIX),
    ]
    .into_iter()
    .map(|(name, value)| (name, value.to_string()))
    .collect();
    for (name, value) in changes {
        match value {
            Some(value) => env.insert(name, value.to_string()),
            None => env.remove(name),
        };
    }
    crate::Config::from_lookup(|name| env.get(name).cloned())
        .expect("the test configuration is valid")
}

/// The authorization-code token request body, as the app's `token_request_body` writes it.
pub fn code_body() -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", CODE),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", CLIENT_ID),
        ("code_verifier", VERIFIER),
    ])
}

/// The refresh request body, as the app's `refresh_request_body` writes it.
pub fn refresh_body() -> String {
    form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", REFRESH_TOKEN),
        ("client_id", CLIENT_ID),
    ])
}

/// A form body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}
