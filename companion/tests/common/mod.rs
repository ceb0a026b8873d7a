//! Helpers shared by the core's tests: a companion in front of a fake upstream, the app's
//! requests, and checks every answer must pass.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use classlink_companion::testing::{FakeUpstream, ORIGIN, SECRET};
use classlink_companion::{AccessLog, Companion};
use http::{Request, Response};

/// A companion with `changes` to the test configuration, logging into the returned list.
pub async fn start(
    upstream: Arc<FakeUpstream>,
    changes: &[(&'static str, Option<&str>)],
) -> (Companion, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let log: AccessLog = Arc::new(move |record| sink.lock().unwrap().push(record.to_string()));
    let config = classlink_companion::testing::config(changes);
    let companion = Companion::start_with_log(config, upstream, log)
        .await
        .expect("the companion starts");
    (companion, lines)
}

/// `POST /token` from the app's page.
pub fn post_token(body: &str) -> Request<Bytes> {
    Request::post("/token")
        .header("origin", ORIGIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .unwrap()
}

/// A GET from the app's page.
pub fn get(path: &str) -> Request<Bytes> {
    Request::get(path)
        .header("origin", ORIGIN)
        .body(Bytes::new())
        .unwrap()
}

/// The same request with one more header.
pub fn with(mut request: Request<Bytes>, name: &'static str, value: &str) -> Request<Bytes> {
    request.headers_mut().append(name, value.parse().unwrap());
    request
}

/// The same request without a header.
pub fn without(mut request: Request<Bytes>, name: &'static str) -> Request<Bytes> {
    request.headers_mut().remove(name);
    request
}

pub fn header<'a>(response: &'a Response<Bytes>, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

pub fn reason(response: &Response<Bytes>) -> Option<&str> {
    header(response, "token-companion-refusal")
}

pub fn json(response: &Response<Bytes>) -> serde_json::Value {
    serde_json::from_slice(response.body()).expect("a JSON body")
}

/// No answer ever carries the secret, in a header or the body.
pub fn assert_no_secret(response: &Response<Bytes>) {
    let body = String::from_utf8_lossy(response.body());
    assert!(!body.contains(SECRET), "the secret is in the body: {body}");
    for (name, value) in response.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        assert!(!value.contains(SECRET), "the secret is in {name}");
    }
}

/// CORS for the app's origin, and the companion's mark.
pub fn assert_cors_for_the_app(response: &Response<Bytes>) {
    assert_eq!(
        header(response, "access-control-allow-origin"),
        Some(ORIGIN)
    );
    assert!(response
        .headers()
        .get_all("vary")
        .iter()
        .any(|v| v == "Origin"));
    assert!(response
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    assert_eq!(header(response, "token-companion"), Some("1"));
    assert_no_secret(response);
}

/// A refusal with no CORS header at all.
pub fn assert_no_cors(response: &Response<Bytes>) {
    for (name, _) in response.headers() {
        assert!(
            !name.as_str().starts_with("access-control-"),
            "{name} on a refusal to another origin"
        );
    }
    assert_eq!(header(response, "token-companion"), Some("1"));
    assert_no_secret(response);
}

/// An OAuth-shaped refusal: `status`, `error` and the reason word.
pub fn assert_refused(response: &Response<Bytes>, status: u16, error: &str, word: &str) {
    assert_eq!(response.status().as_u16(), status, "{:?}", json(response));
    assert_eq!(json(response)["error"], error);
    assert!(json(response)["error_description"].is_string());
    assert_eq!(reason(response), Some(word));
    assert_eq!(header(response, "cache-control"), Some("no-store"));
    assert_no_secret(response);
}

/// Neither the sign-in's code, verifier and refresh token nor the client secret, nor any of
/// `more`, appears anywhere in `log`.
pub fn assert_absent(log: &str, more: &[&str]) {
    use classlink_companion::testing::{CODE, REFRESH_TOKEN, VERIFIER};
    for secret in [CODE, VERIFIER, REFRESH_TOKEN, SECRET].iter().chain(more) {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
}
