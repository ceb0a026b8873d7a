//! The API's side of DPoP (RFC 9449 §7), a middleware on every route that takes an access
//! token. A token bound to a key is served only under the `DPoP` scheme with a valid proof of
//! that key for this request (`GET` to the API's URL, `ath` its hash, the API's own nonce
//! while `api_nonce` is on); anything else is 401 with a `DPoP` challenge. A token bound to
//! nothing keeps working under `Bearer` exactly as without DPoP, and the handlers still check
//! that the token is live and has the scope.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::gate::{self, Presented};
use super::memory::Server;
use super::proof::{ALGORITHM, HEADER};
use crate::control::faults::targets::target_for;
use crate::http::respond;
use crate::state::shared::Shared;

/// Request extension: the access token this middleware accepted under the `DPoP` scheme (its
/// proof checked, its key the bound one); the handler serves it as it serves a Bearer token.
#[derive(Debug, Clone)]
pub(crate) struct DpopAuthorized(pub String);

/// The authorization scheme of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Bearer,
    Dpop,
}

/// `Authorization: <scheme> <token>` for the two schemes (names without case, RFC 9110
/// §11.1); one token, no spaces.
fn credentials(headers: &HeaderMap) -> Option<(Scheme, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if token.is_empty() || token.contains(' ') {
        return None;
    }
    let scheme = if scheme.eq_ignore_ascii_case("Bearer") {
        Scheme::Bearer
    } else if scheme.eq_ignore_ascii_case("DPoP") {
        Scheme::Dpop
    } else {
        return None;
    };
    Some((scheme, token.to_string()))
}

/// What a live token is bound to: `None` for an unknown or expired token, `Some(None)` for a
/// Bearer one.
fn binding_of(shared: &Shared, token: &str) -> Option<Option<String>> {
    let now = shared.clock.now_ms();
    let store = shared.store();
    let grant = store.tokens.get(token).filter(|g| now < g.expires_at_ms)?;
    Some(grant.jkt.clone())
}

/// 401 `{"message":"Unauthorized"}` with `WWW-Authenticate: DPoP error="…", algs="ES256"`
/// (RFC 9449 §7.1) and the reason in `x-sandbox-reason` for people and tests.
fn challenge(error: &str, reason: &str) -> Response {
    let mut response = respond::message(StatusCode::UNAUTHORIZED, "Unauthorized");
    let headers = response.headers_mut();
    if let Ok(value) =
        HeaderValue::from_str(&format!("DPoP error=\"{error}\", algs=\"{ALGORITHM}\""))
    {
        headers.insert(header::WWW_AUTHENTICATE, value);
    }
    if let Ok(value) = HeaderValue::from_str(reason) {
        headers.insert("x-sandbox-reason", value);
    }
    response
}

/// The middleware (see the module documentation).
pub(crate) async fn middleware(
    State(shared): State<Arc<Shared>>,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let headers = request.headers().clone();
    let has_proof = headers.contains_key(HEADER);
    let credentials = credentials(&headers);
    let record =
        |verdict: String, seen| gate::record(&shared, &method, &path, &headers, seen, verdict);

    if !shared.dpop_features().enabled {
        // A server that knows nothing of DPoP: the handler answers a DPoP scheme with 401.
        if has_proof || matches!(credentials, Some((Scheme::Dpop, _))) {
            record("ignored: DPoP is off".into(), gate::glance(&headers));
        }
        return next.run(request).await;
    }

    let token = match credentials {
        None => {
            if has_proof {
                record("ignored: no access token".into(), gate::glance(&headers));
            }
            return next.run(request).await;
        }
        Some((Scheme::Bearer, token)) => {
            // §7.2: a bound token is not a bearer token, whoever holds it.
            if let Some(Some(_)) = binding_of(&shared, &token) {
                let reason = "a DPoP-bound token must be sent with the DPoP scheme";
                if has_proof {
                    record(format!("invalid_token: {reason}"), gate::glance(&headers));
                }
                return challenge("invalid_token", reason);
            }
            if has_proof {
                record(
                    "ignored: a Bearer token bound to no key".into(),
                    gate::glance(&headers),
                );
            }
            return next.run(request).await;
        }
        Some((Scheme::Dpop, token)) => token,
    };

    // The URL the app sent the request to: the API origin it knows, this path (§4.3 point 9
    // compares without query and fragment).
    let url = format!("{}{path}", shared.config.api_origin);
    let target = target_for(request.method(), &path);
    let presented = Presented {
        server: Server::Api,
        targets: target.as_slice(),
        method: &method,
        url: &url,
        access_token: Some(&token),
    };
    let Ok(judged) = gate::judge(&shared, &headers, &presented) else {
        return respond::internal_error();
    };
    let refusal = match &judged.result {
        Err(refusal) => Some((refusal.error(), refusal.reason().to_string())),
        Ok(jkt) => match binding_of(&shared, &token) {
            None => Some((
                "invalid_token",
                "the access token is unknown or expired".into(),
            )),
            Some(None) => Some((
                "invalid_token",
                "the access token is not DPoP-bound: send it with the Bearer scheme".into(),
            )),
            Some(Some(bound)) if bound != *jkt => Some((
                "invalid_token",
                "the DPoP proof's key is not the key the token is bound to".into(),
            )),
            Some(Some(_)) => None,
        },
    };
    let mut response = match &refusal {
        Some((error, reason)) => challenge(error, reason),
        None => {
            request
                .extensions_mut()
                .insert(DpopAuthorized(token.clone()));
            next.run(request).await
        }
    };
    judged.decorate(&mut response);
    let verdict = match refusal {
        Some((error, reason)) => format!("{error}: {reason}"),
        None => judged.verdict(),
    };
    gate::record(&shared, &method, &path, &headers, judged.seen, verdict);
    response
}
