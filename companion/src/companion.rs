//! The core: a plain handler from an HTTP request to an HTTP response, given the
//! configuration and an upstream. Every adapter (the standalone server, the Lambda function,
//! the tests) calls [`Companion::handle`] or [`Companion::handle_streaming`]; none has
//! logic of its own. Stateless: nothing is kept between requests but the configuration and
//! the upstream's connection pool.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE};
use http::request::Parts;
use http::{HeaderValue, Method, Request, Response, Uri};
use url::Url;

use crate::access_log::{method_name, stderr_log, AccessLog, AccessRecord};
use crate::client_auth::ClientAuth;
use crate::config::{vars, Config, ConfigError, ProviderSetting};
use crate::cors::{self, OriginCheck};
use crate::discovery::discover;
use crate::https::HttpsUpstream;
use crate::incoming::{Incoming, StreamedBody};
use crate::names::{TOKEN_COMPANION, TOKEN_COMPANION_VERSION};
use crate::pass_through::pass_through;
use crate::refusal::{no_store, Reason, Refusal};
use crate::resolved::Resolved;
use crate::token::token;
use crate::upstream::{BoxError, Upstream};

/// An answer, with what the log says of it.
struct Answer {
    route: String,
    response: Response<Bytes>,
    refusal: Option<Reason>,
}

/// The route names, as logged.
const TOKEN_ROUTE: &str = "/token";
const HEALTH_ROUTE: &str = "/healthz";
const API_ROOT: &str = "/api/";

/// The companion, ready to answer. Cheap to clone (one shared configuration).
#[derive(Clone)]
pub struct Companion {
    inner: Arc<Resolved>,
}

impl Companion {
    /// Resolves the provider (reading its discovery document once, when the configuration
    /// names an issuer) and logs to standard error.
    pub async fn start(
        config: Config,
        upstream: Arc<dyn Upstream>,
    ) -> Result<Companion, ConfigError> {
        Companion::start_with_log(config, upstream, stderr_log()).await
    }

    /// [`Companion::start`] with outgoing requests over [`HttpsUpstream`]: what the binary and
    /// the Lambda function run.
    pub async fn start_https(config: Config) -> Result<Companion, BoxError> {
        let upstream = HttpsUpstream::new()?;
        Ok(Companion::start(config, Arc::new(upstream)).await?)
    }

    /// [`Companion::start`], logging to `log`.
    pub async fn start_with_log(
        config: Config,
        upstream: Arc<dyn Upstream>,
        log: AccessLog,
    ) -> Result<Companion, ConfigError> {
        let (token_endpoint, client_auth) = match &config.provider {
            ProviderSetting::TokenEndpoint { url, auth } => (url.clone(), *auth),
            ProviderSetting::Issuer { issuer, auth } => {
                discover(upstream.as_ref(), issuer, *auth, config.upstream_timeout).await?
            }
        };
        let token_endpoint_uri = token_endpoint.as_str().parse::<Uri>().map_err(|e| {
            ConfigError::new(vars::TOKEN_ENDPOINT, format!("{token_endpoint}: {e}"))
        })?;
        Ok(Companion {
            inner: Arc::new(Resolved {
                config,
                token_endpoint,
                token_endpoint_uri,
                client_auth,
                upstream,
                log,
            }),
        })
    }

    /// Where token requests go.
    pub fn token_endpoint(&self) -> &Url {
        &self.inner.token_endpoint
    }

    /// How the companion authenticates there.
    pub fn client_auth(&self) -> ClientAuth {
        self.inner.client_auth
    }

    /// Answers a request whose body has been read whole.
    pub async fn handle(&self, request: Request<Bytes>) -> Response<Bytes> {
        let (parts, body) = request.into_parts();
        self.respond(parts, Incoming::from_bytes(body)).await
    }

    /// Answers a request whose body is still to be read (read here, up to the cap).
    pub async fn handle_streaming(&self, request: Request<StreamedBody>) -> Response<Bytes> {
        let (parts, body) = request.into_parts();
        let body = Incoming::read(body).await;
        self.respond(parts, body).await
    }

    async fn respond(&self, parts: Parts, body: Incoming) -> Response<Bytes> {
        let started = Instant::now();
        let answer = self.route(&parts, body).await;
        (self.inner.log)(&AccessRecord {
            method: method_name(&parts.method),
            route: answer.route,
            status: answer.response.status().as_u16(),
            elapsed: started.elapsed(),
            refusal: answer.refusal.map(Reason::as_str),
        });
        answer.response
    }

    /// The route's name (for the log) and the answer. The origin is judged first, so a page
    /// of another origin learns nothing but that it is refused, and reads not even that.
    async fn route(&self, parts: &Parts, body: Incoming) -> Answer {
        let inner = &*self.inner;
        let path = parts.uri.path();
        if path == HEALTH_ROUTE {
            let response = health(&parts.method);
            let refusal = (!response.status().is_success()).then_some(Reason::MethodNotAllowed);
            return Answer {
                route: HEALTH_ROUTE.into(),
                response,
                refusal,
            };
        }
        let route = if path == TOKEN_ROUTE {
            TOKEN_ROUTE.to_string()
        } else if path.starts_with(API_ROOT) {
            inner
                .config
                .api_prefixes
                .iter()
                .filter(|p| path.starts_with(&p.mount))
                .max_by_key(|p| p.mount.len())
                .map_or_else(|| "/api/(not allowed)".to_string(), |p| p.mount.clone())
        } else {
            "(other)".to_string()
        };
        let origin = match OriginCheck::of(&parts.headers, &inner.config.allowed_origins).require()
        {
            Ok(origin) => origin,
            Err(refusal) => {
                return Answer {
                    route,
                    response: refusal.response(),
                    refusal: Some(refusal.reason),
                }
            }
        };
        let answer = if path == TOKEN_ROUTE {
            token(inner, parts, body, &origin).await
        } else if path.starts_with(API_ROOT) {
            pass_through(inner, parts, &origin).await
        } else {
            Err(Refusal::new(
                Reason::NotFound,
                "the companion answers /token and /api/… only",
            ))
        };
        let (mut response, refusal) = match answer {
            Ok(response) => (response, None),
            Err(refusal) => {
                let mut response = refusal.response();
                if refusal.reason == Reason::MethodNotAllowed {
                    let allow = if path == TOKEN_ROUTE {
                        "POST, OPTIONS"
                    } else {
                        "GET, OPTIONS"
                    };
                    response
                        .headers_mut()
                        .insert(ALLOW, HeaderValue::from_static(allow));
                }
                (response, Some(refusal.reason))
            }
        };
        cors::allow(&mut response, &origin);
        Answer {
            route,
            response,
            refusal,
        }
    }
}

/// `GET /healthz`: for a container platform's health check. No CORS, nothing configured in it.
fn health(method: &Method) -> Response<Bytes> {
    let mut response = if *method == Method::GET || *method == Method::HEAD {
        let mut response = Response::new(Bytes::from_static(b"{\"status\":\"ok\"}"));
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    } else {
        Refusal::new(Reason::MethodNotAllowed, "only GET is answered here").response()
    };
    no_store(response.headers_mut());
    response.headers_mut().insert(
        TOKEN_COMPANION,
        HeaderValue::from_static(TOKEN_COMPANION_VERSION),
    );
    response
}
