//! `/__sandbox/*`: loopback only, request log, faults over HTTP.

use axum::http::StatusCode;
use serde_json::json as j;

use crate::tests::harness::*;

#[tokio::test]
async fn non_loopback_peers_are_refused() {
    let h = harness();
    for peer in ["192.168.1.20:40000", "10.0.0.1:1", "[2001:db8::1]:5"] {
        for (method, uri) in [
            ("GET", "/__sandbox/requests"),
            ("DELETE", "/__sandbox/requests"),
            ("GET", "/__sandbox/faults"),
            ("POST", "/__sandbox/faults"),
            ("DELETE", "/__sandbox/faults"),
            ("GET", "/__sandbox/issued"),
        ] {
            let body = r#"{"target":"token","kind":"html"}"#;
            let response = h.send_from(admin(method, uri, body), peer).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{method} {uri} from {peer}"
            );
        }
    }
    assert!(h.shared.store().faults.is_empty());
    // IPv6 loopback and IPv4-mapped loopback are local.
    for peer in ["[::1]:5", "[::ffff:127.0.0.1]:5"] {
        let response = h
            .send_from(admin("GET", "/__sandbox/faults", ""), peer)
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{peer}");
    }
    // A router served without peer information trusts nobody.
    let response = crate::hosting::api_listener::api_router(h.shared.clone())
        .oneshot(admin("GET", "/__sandbox/faults", ""))
        .await
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn request_log_over_http() {
    let h = harness();
    let request = Request::get("/v2/my/info?secret=not-logged")
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::REFERER, "http://localhost:8080/")
        .body(Body::empty())
        .expect("request");
    h.send(request).await;
    let log = json(h.send(admin("GET", "/__sandbox/requests", "")).await).await;
    let entries = log.as_array().expect("array");
    assert_eq!(entries.len(), 1, "admin calls are not logged: {log}");
    let entry = &entries[0];
    assert_eq!(entry["method"], "GET");
    assert_eq!(entry["path"], "/v2/my/info");
    assert_eq!(entry["status"], 401);
    assert_eq!(entry["origin"], APP_ORIGIN);
    assert_eq!(entry["referer"], "http://localhost:8080/");
    assert_eq!(entry["launchpad_code"], false);
    assert_eq!(entry["preflight"], false);
    assert!(entry["at_ms"].as_u64().expect("at_ms") > 1_600_000_000_000);
    let response = h.send(admin("DELETE", "/__sandbox/requests", "")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(h.shared.store().requests.is_empty());
}

/// A benchmark counts a sign-in's API requests and the preflights beside them: each entry says
/// which it is, whatever the answer (an OPTIONS without `Access-Control-Request-Method`, or
/// from no origin, is no preflight).
#[tokio::test]
async fn the_log_tells_preflights_from_requests() {
    let h = harness();
    let options = |origin: Option<&str>, asks: Option<&str>| {
        let mut request = Request::options("/v2/my/info");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(method) = asks {
            request = request.header(header::ACCESS_CONTROL_REQUEST_METHOD, method);
        }
        request.body(Body::empty()).expect("request")
    };
    h.send(options(Some(APP_ORIGIN), Some("GET"))).await;
    h.send(options(Some(EVIL_ORIGIN), Some("GET"))).await;
    h.send(options(Some(APP_ORIGIN), None)).await;
    h.send(options(None, Some("GET"))).await;
    h.get("/v2/my/info").await;
    let flags: Vec<(String, u16, bool)> = h
        .shared
        .store()
        .requests
        .iter()
        .map(|r| (r.method.clone(), r.status, r.preflight))
        .collect();
    assert_eq!(
        flags,
        [
            ("OPTIONS".into(), 204, true),
            ("OPTIONS".into(), 403, true),
            ("OPTIONS".into(), 405, false),
            ("OPTIONS".into(), 405, false),
            ("GET".into(), 401, false),
        ]
    );
}

#[tokio::test]
async fn faults_over_http() {
    let h = harness();
    let body = r#"{"target":"classes","kind":"status","status":429,"retry_after":3,"times":2}"#;
    let response = h.send(admin("POST", "/__sandbox/faults", body)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body = r#"{"target":"classes","kind":"total_count","value":"abc"}"#;
    assert_eq!(
        h.send(admin("POST", "/__sandbox/faults", body))
            .await
            .status(),
        StatusCode::CREATED
    );
    let listed = json(h.send(admin("GET", "/__sandbox/faults", "")).await).await;
    assert_eq!(
        listed,
        j!([
            {"target": "classes", "kind": "status", "status": 429, "retry_after": 3, "times": 2},
            {"target": "classes", "kind": "total_count", "value": "abc", "times": null}
        ])
    );
    for bad in [
        "not json",
        r#"{"target":"token"}"#,
        r#"{"target":"everything","kind":"html"}"#,
        r#"{"target":"token","kind":"status","status":418}"#,
        r#"{"target":"profile","kind":"no_access_token"}"#,
        r#"{"target":"token","kind":"total_count","value":"1"}"#,
        r#"{"target":"token","kind":"html","times":0}"#,
        r#"{"target":"token","kind":"stall","seconds":-2}"#,
    ] {
        let response = h.send(admin("POST", "/__sandbox/faults", bad)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(json(response).await["message"]
            .as_str()
            .expect("message")
            .starts_with("Bad fault"));
    }
    assert_eq!(
        h.send(admin("DELETE", "/__sandbox/faults", ""))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert!(h.shared.store().faults.is_empty());
}

#[tokio::test]
async fn issued_secrets_over_http() {
    let h = harness();
    let token = h.token_for("reading.student").await;
    let issued = json(h.send(admin("GET", "/__sandbox/issued", "")).await).await;
    let issued = issued.as_array().expect("array");
    assert_eq!(issued.len(), 2, "one code, one token");
    assert!(issued.iter().any(|s| s == token.as_str()));
}
