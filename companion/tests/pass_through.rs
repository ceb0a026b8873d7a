//! The API pass-through through the core: only GET, only under the configured prefixes,
//! the app's Authorization and DPoP and nothing else, answers capped and returned with the
//! headers the app reads. Every way out a request could try is refused before anything is
//! sent.

mod common;

use bytes::Bytes;
use classlink_companion::testing::{FakeUpstream, Reply, API_MOUNT, ORIGIN};
use classlink_companion::vars;
use common::*;
use http::Request;

const CLASSES: &str = r#"{"classes":[{"sourcedId":"c1","title":"Sci5"}]}"#;

#[tokio::test]
async fn a_classes_page_is_fetched_with_the_apps_token_and_paging_comes_back() {
    let upstream = FakeUpstream::replying(
        Reply::json(200, CLASSES)
            .with_header("x-total-count", "240")
            .with_header("x-count", "100")
            .with_header("set-cookie", "s=1"),
    );
    let (companion, _) = start(upstream.clone(), &[]).await;
    let path =
        format!("{API_MOUNT}oneroster/my/classes?limit=100&offset=0&sort=sourcedId&orderBy=asc");
    let request = with(
        with(
            with(get(&path), "authorization", "DPoP at-1"),
            "dpop",
            "proof.j.w",
        ),
        "cookie",
        "c=1",
    );
    let response = companion.handle(request).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), CLASSES.as_bytes());
    assert_eq!(header(&response, "x-total-count"), Some("240"));
    assert_eq!(header(&response, "x-count"), Some("100"));
    assert!(response.headers().get("set-cookie").is_none());
    assert!(header(&response, "access-control-expose-headers")
        .unwrap()
        .contains("x-total-count"));
    assert_cors_for_the_app(&response);

    let sent = upstream.received();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method(), "GET");
    assert_eq!(
        sent[0].uri().to_string(),
        "https://nodeapi.example/v2/oneroster/my/classes?limit=100&offset=0&sort=sourcedId&orderBy=asc"
    );
    assert_eq!(sent[0].headers()["authorization"], "DPoP at-1");
    assert_eq!(sent[0].headers()["dpop"], "proof.j.w");
    for name in ["cookie", "origin"] {
        assert!(
            sent[0].headers().get(name).is_none(),
            "{name} was forwarded"
        );
    }
}

#[tokio::test]
async fn a_401_with_its_challenge_comes_back_to_the_app() {
    let reply = Reply::json(401, r#"{"message":"Unauthorized"}"#)
        .with_header("www-authenticate", "DPoP error=\"use_dpop_nonce\"")
        .with_header("dpop-nonce", "n-9");
    let (companion, _) = start(FakeUpstream::replying(reply), &[]).await;
    let response = companion
        .handle(with(
            get(&format!("{API_MOUNT}my/info")),
            "authorization",
            "Bearer made-up",
        ))
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.body().as_ref(), br#"{"message":"Unauthorized"}"#);
    assert_eq!(
        header(&response, "www-authenticate"),
        Some("DPoP error=\"use_dpop_nonce\"")
    );
    assert_eq!(header(&response, "dpop-nonce"), Some("n-9"));
    assert_cors_for_the_app(&response);
}

#[tokio::test]
async fn no_way_out_of_the_allowlist_reaches_the_network() {
    let upstream = FakeUpstream::replying(Reply::json(200, CLASSES));
    let (companion, _) = start(upstream.clone(), &[]).await;
    // Every one the http crate lets through as a request target; the rest (a raw backslash,
    // a fragment) are refused by the parser before the core, and by `api_address`'s own
    // tests.
    let paths = [
        "/api/evil.example/v2/my/info",
        "/api/nodeapi.example/v3/my/info",
        "/api/nodeapi.example/v2x/my/info",
        "/api/nodeapi.example.evil.example/v2/my/info",
        "/api/nodeapi.example@evil.example/v2/my/info",
        "/api/nodeapi.example/v2/../../evil.example/",
        "/api/nodeapi.example/v2/my/../../v3/info",
        "/api/nodeapi.example/v2/%2e%2e/v3/info",
        "/api/nodeapi.example/v2/%2E%2E/%2E%2E/evil.example/",
        "/api/nodeapi.example/v2/my%2F..%2F..%2Fv3",
        "/api/nodeapi.example/v2/my%5c..%5cv3",
        "/api/nodeapi.example/v2/@evil.example/x",
        "/api/nodeapi.example/v2//evil.example/x",
        "/api/nodeapi.example/v2/https://evil.example/x",
        "/api/nodeapi.example/v2/my/%00",
        "/api/",
        "/api",
    ];
    for path in paths {
        let response = companion.handle(get(path)).await;
        let word = if path == "/api" {
            "not-found"
        } else {
            "path-not-allowed"
        };
        assert_refused(&response, 404, "invalid_request", word);
    }
    let queries = [
        "url=https://evil.example/",
        "url=https%3A%2F%2Fevil.example%2F",
        "next=//evil.example/x",
        "redirect=@evil.example",
    ];
    for query in queries {
        let response = companion
            .handle(get(&format!("{API_MOUNT}my/info?{query}")))
            .await;
        assert_refused(&response, 400, "invalid_request", "query-not-allowed");
    }
    assert!(
        upstream.received().is_empty(),
        "{:?}",
        upstream
            .received()
            .iter()
            .map(|r| r.uri().to_string())
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn only_get_from_the_app_and_a_header_once() {
    let upstream = FakeUpstream::replying(Reply::json(200, CLASSES));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let path = format!("{API_MOUNT}my/info");
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri(&path)
            .header("origin", ORIGIN)
            .body(Bytes::new())
            .unwrap();
        let response = companion.handle(request).await;
        assert_refused(&response, 405, "invalid_request", "method-not-allowed");
        assert_eq!(header(&response, "allow"), Some("GET, OPTIONS"));
    }
    let other = companion
        .handle(with(
            without(get(&path), "origin"),
            "origin",
            "https://evil.example",
        ))
        .await;
    assert_refused(&other, 403, "invalid_request", "origin-not-allowed");
    assert_no_cors(&other);
    let none = companion.handle(without(get(&path), "origin")).await;
    assert_refused(&none, 403, "invalid_request", "origin-missing");
    assert_no_cors(&none);
    let twice = with(
        with(get(&path), "authorization", "Bearer a"),
        "authorization",
        "Bearer b",
    );
    assert_refused(
        &companion.handle(twice).await,
        400,
        "invalid_request",
        "header-repeated",
    );
    assert!(upstream.received().is_empty());
}

#[tokio::test]
async fn a_preflight_allows_authorization_and_dpop_on_allowed_paths_only() {
    let (companion, _) = start(FakeUpstream::replying(Reply::json(200, CLASSES)), &[]).await;
    let preflight = |path: &str| {
        Request::options(path)
            .header("origin", ORIGIN)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization,dpop")
            .body(Bytes::new())
            .unwrap()
    };
    let response = companion
        .handle(preflight(&format!("{API_MOUNT}my/info")))
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("authorization, dpop")
    );
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("GET")
    );
    assert_cors_for_the_app(&response);
    let elsewhere = companion
        .handle(preflight("/api/evil.example/v2/my/info"))
        .await;
    assert_refused(&elsewhere, 404, "invalid_request", "path-not-allowed");
}

#[tokio::test]
async fn answers_are_capped_and_deadlines_kept() {
    let (companion, _) = start(FakeUpstream::replying(Reply::Endless), &[]).await;
    let response = companion.handle(get(&format!("{API_MOUNT}my/info"))).await;
    assert_refused(&response, 502, "server_error", "upstream-answer-too-large");

    let (companion, _) = start(
        FakeUpstream::replying(Reply::Never),
        &[(vars::UPSTREAM_TIMEOUT_MS, Some("50"))],
    )
    .await;
    let response = companion.handle(get(&format!("{API_MOUNT}my/info"))).await;
    assert_refused(
        &response,
        504,
        "temporarily_unavailable",
        "upstream-timeout",
    );
}

#[tokio::test]
async fn without_prefixes_there_is_no_pass_through() {
    let upstream = FakeUpstream::replying(Reply::json(200, CLASSES));
    let (companion, _) = start(upstream.clone(), &[(vars::API_PREFIXES, None)]).await;
    let response = companion.handle(get(&format!("{API_MOUNT}my/info"))).await;
    assert_refused(&response, 404, "invalid_request", "path-not-allowed");
    assert!(upstream.received().is_empty());
}
