//! `POST /token`: the app's token request, checked to be exactly what the app sends, given
//! the client's credentials, and forwarded to the provider's token endpoint; the provider's
//! answer comes back unchanged.

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::request::Parts;
use http::{HeaderValue, Method, Request, Response};

use crate::cors::{self, Route};
use crate::form::{parse_token_form, FormRefusal, TokenGrant};
use crate::incoming::Incoming;
use crate::names::{DPOP, DPOP_NONCE};
use crate::outgoing::{base_headers, single};
use crate::refusal::{Reason, Refusal};
use crate::relay::{relay, upstream_refusal};
use crate::resolved::Resolved;
use crate::upstream::exchange;

/// The largest token endpoint answer passed on: a token response with an id_token is a
/// few kilobytes.
pub const TOKEN_ANSWER_CAP: usize = 64 * 1024;

const FORM: &str = "application/x-www-form-urlencoded";

pub async fn token(
    companion: &Resolved,
    parts: &Parts,
    body: Incoming,
    origin: &str,
) -> Result<Response<Bytes>, Refusal> {
    if parts.method == Method::OPTIONS {
        return cors::preflight(&parts.headers, origin, Route::Token);
    }
    if parts.method != Method::POST {
        return Err(Refusal::new(
            Reason::MethodNotAllowed,
            "only POST is answered here",
        ));
    }
    let body = body.complete()?;
    if !is_form(&parts.headers) {
        return Err(Refusal::new(
            Reason::ContentType,
            format!("the body must be {FORM}"),
        ));
    }
    if parts.headers.contains_key(AUTHORIZATION) {
        return Err(client_credentials());
    }
    let dpop = single(&parts.headers, &DPOP)?.cloned();
    let grant = parse_token_form(&body).map_err(form_refusal)?;
    let config = &companion.config;
    if grant.client_id() != config.client_id {
        return Err(Refusal::new(
            Reason::ClientId,
            "this client_id is not the companion's",
        ));
    }
    if let TokenGrant::AuthorizationCode { redirect_uri, .. } = &grant {
        if !config.redirect_uris.contains(redirect_uri) {
            return Err(Refusal::new(
                Reason::RedirectUri,
                "this redirect_uri is not one the companion was configured with",
            ));
        }
    }

    let mut headers = base_headers();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(FORM));
    if let Some(proof) = dpop {
        headers.insert(DPOP, proof);
    }
    let forwarded = companion.client_auth.authenticate(
        &config.client_id,
        &config.client_secret,
        &body,
        &mut headers,
    );
    let mut request = Request::new(forwarded);
    *request.method_mut() = Method::POST;
    *request.uri_mut() = companion.token_endpoint_uri.clone();
    *request.headers_mut() = headers;
    let (answer, answer_body) = exchange(
        companion.upstream.as_ref(),
        request,
        config.upstream_timeout,
        TOKEN_ANSWER_CAP,
    )
    .await
    .map_err(upstream_refusal)?;
    relay(
        answer,
        answer_body,
        &[CONTENT_TYPE, DPOP_NONCE, WWW_AUTHENTICATE],
    )
}

/// `application/x-www-form-urlencoded`, alone or with `charset=UTF-8`, sent once.
fn is_form(headers: &http::HeaderMap) -> bool {
    let Ok(Some(value)) = single(headers, &CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let mut parts = value.split(';').map(str::trim);
    parts
        .next()
        .is_some_and(|essence| essence.eq_ignore_ascii_case(FORM))
        && parts.all(|parameter| {
            parameter.eq_ignore_ascii_case("charset=utf-8")
                || parameter.eq_ignore_ascii_case("charset=\"utf-8\"")
        })
}

fn client_credentials() -> Refusal {
    Refusal::new(
        Reason::ClientCredentials,
        "client credentials must not come from the browser: the companion adds them",
    )
}

fn form_refusal(refusal: FormRefusal) -> Refusal {
    match refusal {
        FormRefusal::NotText => Refusal::new(Reason::Form, "the body is not text"),
        FormRefusal::ClientCredentials => client_credentials(),
        FormRefusal::Repeated(name) => {
            Refusal::new(Reason::Form, format!("{name} is sent more than once"))
        }
        FormRefusal::Unexpected => Refusal::new(
            Reason::Form,
            "the request has a parameter the app does not send",
        ),
        FormRefusal::Missing(name) => Refusal::new(Reason::Form, format!("{name} is missing")),
        FormRefusal::Empty(name) => Refusal::new(Reason::Form, format!("{name} is empty")),
        FormRefusal::UnsupportedGrantType => Refusal::new(
            Reason::GrantType,
            "only the authorization_code and refresh_token grants are passed on",
        ),
    }
}
