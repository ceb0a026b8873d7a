//! CORS for the app's origins only (the Fetch standard's CORS protocol): every answer to an
//! allowed origin names that origin, never `*`, with `Vary: Origin`; no credentials are
//! allowed (the app sends none, and the companion has no cookies). A preflight is answered
//! for an allowed origin with exactly the method and request headers the app uses.

use bytes::Bytes;
use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::names::{TOKEN_COMPANION, TOKEN_COMPANION_VERSION};
use crate::refusal::{Reason, Refusal};

/// The two kinds of route, which differ in method and request headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /token`: `Content-Type` (the form) and `DPoP`.
    Token,
    /// `GET /api/…`: `Authorization` and `DPoP`.
    Api,
}

impl Route {
    pub fn method(self) -> Method {
        match self {
            Route::Token => Method::POST,
            Route::Api => Method::GET,
        }
    }

    fn method_name(self) -> &'static str {
        match self {
            Route::Token => "POST",
            Route::Api => "GET",
        }
    }

    fn request_headers(self) -> &'static [&'static str] {
        match self {
            Route::Token => &["content-type", "dpop"],
            Route::Api => &["authorization", "dpop"],
        }
    }
}

/// Response headers the app may read: DPoP nonces and challenges, paging and rate limits,
/// and the companion's own marks (which the self-check reads).
const EXPOSED: &str = "dpop-nonce, www-authenticate, retry-after, x-total-count, x-count, token-companion, token-companion-refusal";
/// How long a browser may keep a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// The request's `Origin`, judged against the app's origins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    Allowed(String),
    Missing,
    NotAllowed,
}

impl OriginCheck {
    pub fn of(headers: &HeaderMap, allowed: &[String]) -> OriginCheck {
        let mut values = headers.get_all(ORIGIN).iter();
        match (values.next(), values.next()) {
            (None, _) => OriginCheck::Missing,
            (Some(value), None) => match value.to_str() {
                Ok(origin) if allowed.iter().any(|a| a == origin) => {
                    OriginCheck::Allowed(origin.to_string())
                }
                _ => OriginCheck::NotAllowed,
            },
            (Some(_), Some(_)) => OriginCheck::NotAllowed,
        }
    }

    /// The allowed origin, or the refusal (to be sent without CORS headers).
    pub fn require(self) -> Result<String, Refusal> {
        match self {
            OriginCheck::Allowed(origin) => Ok(origin),
            OriginCheck::Missing => Err(Refusal::new(
                Reason::OriginMissing,
                "requests must come from the app's page (no Origin header)",
            )),
            OriginCheck::NotAllowed => Err(Refusal::new(
                Reason::OriginNotAllowed,
                "this origin may not use this companion",
            )),
        }
    }
}

/// Lets `origin` (an allowed one) read `response`.
pub fn allow<B>(response: &mut Response<B>, origin: &str) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED),
    );
    headers.append(VARY, HeaderValue::from_static("Origin"));
}

/// The answer to a preflight (`OPTIONS`) from `origin`, an allowed one: 204 when it asks
/// for the route's method and only headers the route allows, else a refusal.
pub fn preflight(
    headers: &HeaderMap,
    origin: &str,
    route: Route,
) -> Result<Response<Bytes>, Refusal> {
    let method = headers
        .get(ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|m| m.to_str().ok());
    if method != Some(route.method_name()) {
        return Err(Refusal::new(
            Reason::MethodNotAllowed,
            format!("only {} is answered here", route.method()),
        ));
    }
    let asked = headers
        .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .flat_map(|value| value.to_str().unwrap_or("\u{0}").split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty());
    for name in asked {
        if !route.request_headers().contains(&name.as_str()) {
            return Err(Refusal::new(
                Reason::HeaderNotAllowed,
                format!(
                    "only these request headers are allowed here: {}",
                    route.request_headers().join(", ")
                ),
            ));
        }
    }
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = StatusCode::NO_CONTENT;
    allow(&mut response, origin);
    let headers = response.headers_mut();
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(route.method_name()),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(match route {
            Route::Token => "content-type, dpop",
            Route::Api => "authorization, dpop",
        }),
    );
    headers.insert(
        ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(PREFLIGHT_MAX_AGE),
    );
    headers.append(
        VARY,
        HeaderValue::from_static("Access-Control-Request-Method"),
    );
    headers.append(
        VARY,
        HeaderValue::from_static("Access-Control-Request-Headers"),
    );
    headers.insert(
        TOKEN_COMPANION,
        HeaderValue::from_static(TOKEN_COMPANION_VERSION),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_one_listed_origin_is_allowed() {
        let allowed = ["https://portal.example".to_string()];
        let check =
            |pairs: &[(&'static str, &'static str)]| OriginCheck::of(&headers(pairs), &allowed);
        assert_eq!(
            check(&[("origin", "https://portal.example")]),
            OriginCheck::Allowed("https://portal.example".into())
        );
        assert_eq!(check(&[]), OriginCheck::Missing);
        for other in [
            "https://evil.example",
            "https://portal.example.evil.example",
            "null",
            "https://portal.example/",
        ] {
            assert_eq!(
                check(&[("origin", other)]),
                OriginCheck::NotAllowed,
                "{other}"
            );
        }
        assert_eq!(
            check(&[
                ("origin", "https://portal.example"),
                ("origin", "https://portal.example")
            ]),
            OriginCheck::NotAllowed
        );
    }

    #[test]
    fn preflights_allow_exactly_the_apps_method_and_headers() {
        let origin = "https://portal.example";
        let ok = preflight(
            &headers(&[
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,dpop"),
            ]),
            origin,
            Route::Token,
        )
        .unwrap();
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        assert_eq!(ok.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], origin);
        assert_eq!(ok.headers()[ACCESS_CONTROL_ALLOW_METHODS], "POST");
        assert_eq!(
            ok.headers()[ACCESS_CONTROL_ALLOW_HEADERS],
            "content-type, dpop"
        );
        assert!(ok.headers()[ACCESS_CONTROL_EXPOSE_HEADERS]
            .to_str()
            .unwrap()
            .contains("dpop-nonce"));
        assert!(ok
            .headers()
            .get("access-control-allow-credentials")
            .is_none());

        let api = preflight(
            &headers(&[
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "Authorization, DPoP"),
            ]),
            origin,
            Route::Api,
        )
        .unwrap();
        assert_eq!(api.headers()[ACCESS_CONTROL_ALLOW_METHODS], "GET");

        let refused = |pairs: &[(&'static str, &'static str)], route| {
            preflight(&headers(pairs), origin, route)
                .unwrap_err()
                .reason
        };
        assert_eq!(
            refused(&[("access-control-request-method", "PUT")], Route::Token),
            Reason::MethodNotAllowed
        );
        assert_eq!(refused(&[], Route::Api), Reason::MethodNotAllowed);
        assert_eq!(
            refused(
                &[
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "dpop, cookie")
                ],
                Route::Token
            ),
            Reason::HeaderNotAllowed
        );
        assert_eq!(
            refused(
                &[
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "authorization")
                ],
                Route::Token
            ),
            Reason::HeaderNotAllowed
        );
    }
}
