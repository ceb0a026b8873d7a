//! Fault injection: tests arm faults (through [`crate::Running`] or `POST /__sandbox/faults`)
//! that replace or bend the answers of one route family, for a number of requests or until
//! cleared.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

use crate::respond;
use crate::state::Shared;

/// The pause between chunks of a never-ending body.
const ENDLESS_CHUNK_INTERVAL: Duration = Duration::from_millis(20);
/// The longest stall accepted, so a typo cannot hang a test run for days.
const MAX_STALL_SECONDS: f64 = 3600.0;
/// The statuses a `status` fault may use.
const FAULT_STATUSES: [u16; 6] = [400, 401, 403, 429, 500, 502];

/// The route family a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultTarget {
    /// `POST /oauth2/v2/token`.
    Token,
    /// `GET /v2/my/info` and `GET /v2/my/profileinfo`.
    Profile,
    /// The OneRoster classes routes.
    Classes,
}

/// What goes wrong. Serialized with a `kind` tag next to the variant's fields, e.g.
/// `{"kind":"status","status":429,"retry_after":3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (400, 401, 403, 429, 500 or 502) and a fitting body; 429
    /// carries `Retry-After` (`retry_after` seconds, default 1).
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// 200 with an HTML page (a captive portal or a login page where JSON was expected).
    Html,
    /// Token route only: 200 JSON without `access_token`.
    NoAccessToken,
    /// 200 with the truncated JSON `{"classes": [`.
    MalformedJson,
    /// Wait this long, then answer normally.
    Stall { seconds: f64 },
    /// Answer normally, but without any CORS headers (preflights included).
    NoCors,
    /// 200 JSON whose body never ends.
    EndlessBody,
    /// Classes only: answer normally with `x-total-count` set to `value` verbatim.
    TotalCount {
        #[serde(deserialize_with = "string_or_number")]
        value: String,
    },
}

/// One armed fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    pub target: FaultTarget,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many requests it affects; `None` until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

impl Fault {
    /// A fault that fires on every matching request until cleared.
    pub fn always(target: FaultTarget, kind: FaultKind) -> Fault {
        Fault {
            target,
            kind,
            times: None,
        }
    }

    /// A fault that fires on the next `times` matching requests.
    pub fn times(target: FaultTarget, kind: FaultKind, times: u32) -> Fault {
        Fault {
            target,
            kind,
            times: Some(times),
        }
    }

    /// Why this fault cannot be armed, if it cannot (the admin route answers 400 with it).
    pub(crate) fn problem(&self) -> Option<String> {
        if self.times == Some(0) {
            return Some("times must be at least 1 (or absent: until cleared)".into());
        }
        if !self.kind.fits(self.target) {
            return Some(format!(
                "this kind does not apply to target {:?}",
                self.target
            ));
        }
        match &self.kind {
            FaultKind::Status { status, .. } if !FAULT_STATUSES.contains(status) => {
                Some(format!("status must be one of {FAULT_STATUSES:?}"))
            }
            FaultKind::Stall { seconds } if !(0.0..=MAX_STALL_SECONDS).contains(seconds) => {
                Some(format!("seconds must be between 0 and {MAX_STALL_SECONDS}"))
            }
            FaultKind::TotalCount { value } if HeaderValue::from_str(value).is_err() => {
                Some("value must be usable as a header value".into())
            }
            _ => None,
        }
    }
}

impl FaultKind {
    /// Whether this kind can fire on `target`.
    pub(crate) fn fits(&self, target: FaultTarget) -> bool {
        match self {
            FaultKind::NoAccessToken => target == FaultTarget::Token,
            FaultKind::TotalCount { .. } => target == FaultTarget::Classes,
            _ => true,
        }
    }
}

/// Accepts `"100000"` or `100000` (tests write either) and keeps the text verbatim.
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "value must be a string or a number, not {other}"
        ))),
    }
}

/// The fault target of a request to `path` with `method`, if any.
pub(crate) fn target_for(method: &Method, path: &str) -> Option<FaultTarget> {
    if *method == Method::POST && path == "/oauth2/v2/token" {
        return Some(FaultTarget::Token);
    }
    if *method != Method::GET {
        return None;
    }
    if path == "/v2/my/info" || path == "/v2/my/profileinfo" {
        return Some(FaultTarget::Profile);
    }
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        ["", "ims", "oneroster", "v1p1", "users" | "students" | "teachers", id, "classes"]
            if !id.is_empty() =>
        {
            Some(FaultTarget::Classes)
        }
        _ => None,
    }
}

/// Response extension: strip every CORS header (set by the `no_cors` fault, honoured by the
/// CORS middleware).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoCors;

/// Applies the oldest armed fault for the request's route family, if any.
pub(crate) async fn middleware(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(target) = target_for(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let Some(kind) = shared.take_fault(target, |_| true) else {
        return next.run(request).await;
    };
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => status_response(target, status, retry_after),
        FaultKind::Html => html_response(),
        FaultKind::NoAccessToken => {
            let mut response = respond::json(
                StatusCode::OK,
                &json!({ "token_type": "Bearer", "response_type": "code" }),
            );
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        FaultKind::MalformedJson => respond::raw_json(StatusCode::OK, "{\"classes\": ["),
        FaultKind::Stall { seconds } => {
            shared
                .sleep_unless_shutdown(Duration::from_secs_f64(
                    seconds.clamp(0.0, MAX_STALL_SECONDS),
                ))
                .await;
            next.run(request).await
        }
        FaultKind::NoCors => {
            let mut response = next.run(request).await;
            response.extensions_mut().insert(NoCors);
            response
        }
        FaultKind::EndlessBody => endless_body(&shared, target),
        FaultKind::TotalCount { value } => {
            let mut response = next.run(request).await;
            if let Ok(value) = HeaderValue::from_str(&value) {
                if response.status().is_success() {
                    response.headers_mut().insert("x-total-count", value);
                }
            }
            response
        }
    }
}

/// The body each faulted status gets: OAuth errors on the token route, `{"message": …}`
/// (nodeapi's shape) elsewhere.
fn status_response(target: FaultTarget, status: u16, retry_after: Option<u64>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match (target, status) {
        (FaultTarget::Token, 400) => {
            json!({ "error": "invalid_grant", "error_description": "sandbox fault" })
        }
        (FaultTarget::Token, 401) => {
            json!({ "error": "invalid_client", "error_description": "sandbox fault" })
        }
        (_, 400) => json!({ "message": "Bad Request" }),
        (_, 401) => json!({ "message": "Unauthorized" }),
        (_, 403) => json!({ "message": "Forbidden" }),
        (_, 429) => json!({ "message": "Too Many Requests" }),
        (_, 500) => json!({ "message": "Internal error" }),
        (_, 502) => json!({ "message": "Bad Gateway" }),
        _ => json!({ "message": code.canonical_reason().unwrap_or("Sandbox fault") }),
    };
    let mut response = respond::json(code, &body);
    let retry_after = retry_after.or((status == 429).then_some(1));
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn html_response() -> Response {
    let mut response = (
        StatusCode::OK,
        "<!doctype html><html><head><title>ClassLink</title></head><body>\
         <h1>Sign in to ClassLink</h1><p>Your session has ended. Please sign in again.</p>\
         </body></html>",
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// 200 JSON that starts plausibly and never ends (until the sandbox shuts down).
fn endless_body(shared: &Shared, target: FaultTarget) -> Response {
    let (prefix, chunk): (&'static str, &'static str) = match target {
        FaultTarget::Token => ("{\"access_token\":\"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        FaultTarget::Profile => ("{\"DisplayName\":\"", "endless endless endless "),
        FaultTarget::Classes => (
            "{\"classes\":[",
            "{\"sourcedId\":\"endless\",\"status\":\"active\",\"title\":\"Endless\"},",
        ),
    };
    let stop = shared.shutdown_receiver();
    let stream = futures_util::stream::unfold((true, stop), move |(first, mut stop)| async move {
        if !first {
            tokio::select! {
                _ = tokio::time::sleep(ENDLESS_CHUNK_INTERVAL) => {}
                _ = stop.wait_for(|stopping| *stopping) => return None,
            }
        }
        if *stop.borrow() {
            return None;
        }
        let text = if first { prefix } else { chunk };
        Some((
            Ok::<_, Infallible>(Bytes::from_static(text.as_bytes())),
            (false, stop),
        ))
    });
    respond::raw_json(StatusCode::OK, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(
            target_for(&Method::POST, "/oauth2/v2/token"),
            Some(FaultTarget::Token)
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/token"), None);
        assert_eq!(
            target_for(&Method::GET, "/v2/my/info"),
            Some(FaultTarget::Profile)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/teachers/x%2Fy/classes"),
            Some(FaultTarget::Classes)
        );
        assert_eq!(
            target_for(&Method::GET, "/ims/oneroster/v1p1/users//classes"),
            None
        );
        assert_eq!(target_for(&Method::GET, "/oauth2/v2/auth"), None);
    }

    #[test]
    fn json_shapes() {
        let f: Fault = serde_json::from_str(
            r#"{"target":"classes","kind":"status","status":429,"retry_after":7,"times":2}"#,
        )
        .expect("parse");
        assert_eq!(
            f,
            Fault::times(
                FaultTarget::Classes,
                FaultKind::Status {
                    status: 429,
                    retry_after: Some(7)
                },
                2
            )
        );
        let f: Fault = serde_json::from_str(r#"{"target":"profile","kind":"stall","seconds":2}"#)
            .expect("parse");
        assert_eq!(f.kind, FaultKind::Stall { seconds: 2.0 });
        let f: Fault =
            serde_json::from_str(r#"{"target":"classes","kind":"total_count","value":100000}"#)
                .expect("parse");
        assert_eq!(
            f.kind,
            FaultKind::TotalCount {
                value: "100000".into()
            }
        );
        assert!(serde_json::from_str::<Fault>(r#"{"target":"x","kind":"html"}"#).is_err());
        assert!(serde_json::from_str::<Fault>(r#"{"target":"token","kind":"nope"}"#).is_err());
        let back = serde_json::to_value(Fault::always(FaultTarget::Token, FaultKind::NoCors))
            .expect("serialize");
        assert_eq!(
            back,
            json!({"target":"token","kind":"no_cors","times":null})
        );
    }

    #[test]
    fn problems() {
        let bad = |kind, target| Fault::always(target, kind).problem();
        assert!(bad(
            FaultKind::Status {
                status: 418,
                retry_after: None
            },
            FaultTarget::Token
        )
        .is_some());
        assert!(bad(FaultKind::NoAccessToken, FaultTarget::Classes).is_some());
        assert!(bad(
            FaultKind::TotalCount { value: "1".into() },
            FaultTarget::Profile
        )
        .is_some());
        assert!(bad(FaultKind::Stall { seconds: -1.0 }, FaultTarget::Profile).is_some());
        assert!(bad(FaultKind::Html, FaultTarget::Profile).is_none());
        assert!(Fault::times(FaultTarget::Token, FaultKind::Html, 0)
            .problem()
            .is_some());
    }
}
