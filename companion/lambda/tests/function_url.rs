//! Real Function URL events (API Gateway v2 payloads, as AWS sends them, with the bodies of a
//! browser's form POST base64-encoded) read by `lambda_http` and answered by the adapter:
//! the token request reaches the provider with the secret, a preflight and a pass-through
//! GET (its query kept) are answered, and another origin is refused. Runs without AWS and
//! without the emulator.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use classlink_companion::testing::{code_body, config, FakeUpstream, Reply, ORIGIN, SECRET};
use classlink_companion::Companion;
use classlink_companion_lambda::handle;
use lambda_http::request::from_str;
use lambda_http::Body;
use std::sync::Arc;

/// A Function URL event as AWS delivers it (payload format 2.0).
fn event(
    method: &str,
    path: &str,
    query: &str,
    origin: &str,
    headers: &str,
    body: Option<(&str, bool)>,
) -> String {
    let (body, encoded) = match body {
        Some((text, true)) => (serde_json::Value::from(STANDARD.encode(text)), true),
        Some((text, false)) => (serde_json::Value::from(text), false),
        None => (serde_json::Value::Null, false),
    };
    let mut event = serde_json::json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {
            "host": "abcdefghij.lambda-url.us-east-1.on.aws",
            "origin": origin,
            "user-agent": "Mozilla/5.0",
            "x-amzn-trace-id": "Root=1-65f0a0c1-0123456789abcdef01234567",
            "x-forwarded-for": "203.0.113.7",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https"
        },
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abcdefghij",
            "domainName": "abcdefghij.lambda-url.us-east-1.on.aws",
            "domainPrefix": "abcdefghij",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "Mozilla/5.0"
            },
            "requestId": "3f1e9a4c-0000-4000-8000-000000000001",
            "routeKey": "$default",
            "stage": "$default",
            "time": "02/Dec/2026:08:00:00 +0000",
            "timeEpoch": 1796112000000_u64
        },
        "isBase64Encoded": encoded
    });
    if !query.is_empty() {
        let pairs: serde_json::Map<_, _> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
            .collect();
        event["queryStringParameters"] = pairs.into();
    }
    if !body.is_null() {
        event["body"] = body;
    }
    let extra: serde_json::Map<String, serde_json::Value> = serde_json::from_str(headers).unwrap();
    for (name, value) in extra {
        event["headers"][name] = value;
    }
    event.to_string()
}

fn text(body: &Body) -> String {
    match body {
        Body::Text(text) => text.clone(),
        Body::Binary(data) => String::from_utf8_lossy(data).into_owned(),
        _ => String::new(),
    }
}

async fn companion(upstream: Arc<FakeUpstream>) -> Companion {
    Companion::start_with_log(config(&[]), upstream, Arc::new(|_| {}))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_token_request_from_a_function_url_event_is_mediated() {
    let upstream = FakeUpstream::replying(Reply::json(
        200,
        r#"{"access_token":"a","token_type":"Bearer"}"#,
    ));
    let companion = companion(upstream.clone()).await;
    for base64 in [true, false] {
        let json = event(
            "POST",
            "/token",
            "",
            ORIGIN,
            r#"{"content-type":"application/x-www-form-urlencoded","dpop":"p.r.f"}"#,
            Some((&code_body(), base64)),
        );
        let request = from_str(&json).expect("a Function URL event");
        let response = handle(&companion, request).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            text(response.body()),
            r#"{"access_token":"a","token_type":"Bearer"}"#
        );
        assert_eq!(response.headers()["access-control-allow-origin"], ORIGIN);
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
    let sent = upstream.received();
    assert_eq!(sent.len(), 2);
    for request in sent {
        let expected = format!("{}&client_secret={SECRET}", code_body());
        assert_eq!(request.body(), expected.as_bytes());
        assert_eq!(request.headers()["dpop"], "p.r.f");
        assert!(request.headers().get("x-forwarded-for").is_none());
    }
}

#[tokio::test]
async fn preflights_pass_through_gets_and_refusals_from_function_url_events() {
    let upstream = FakeUpstream::replying(
        Reply::json(200, r#"{"classes":[]}"#).with_header("x-total-count", "0"),
    );
    let companion = companion(upstream.clone()).await;

    let preflight = event(
        "OPTIONS",
        "/token",
        "",
        ORIGIN,
        r#"{"access-control-request-method":"POST","access-control-request-headers":"content-type,dpop"}"#,
        None,
    );
    let response = handle(&companion, from_str(&preflight).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(
        response.headers()["access-control-allow-headers"],
        "content-type, dpop"
    );

    let classes = event(
        "GET",
        "/api/nodeapi.example/v2/oneroster/my/classes",
        "limit=100&offset=0&sort=sourcedId&orderBy=asc",
        ORIGIN,
        r#"{"authorization":"Bearer at-1"}"#,
        None,
    );
    let response = handle(&companion, from_str(&classes).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "0");
    let sent = upstream.received();
    assert_eq!(
        sent[0].uri().to_string(),
        "https://nodeapi.example/v2/oneroster/my/classes?limit=100&offset=0&sort=sourcedId&orderBy=asc"
    );
    assert_eq!(sent[0].headers()["authorization"], "Bearer at-1");

    let foreign = event(
        "POST",
        "/token",
        "",
        "https://evil.example",
        r#"{"content-type":"application/x-www-form-urlencoded"}"#,
        Some((&code_body(), true)),
    );
    let response = handle(&companion, from_str(&foreign).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        response.headers()["token-companion-refusal"],
        "origin-not-allowed"
    );
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let escape = event(
        "GET",
        "/api/nodeapi.example/v2/%2e%2e/v3/x",
        "",
        ORIGIN,
        "{}",
        None,
    );
    let response = handle(&companion, from_str(&escape).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(upstream.received().len(), 1);
}
