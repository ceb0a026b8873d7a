//! CORS: exact origins only, preflights, never `*` or credentials.

use axum::http::StatusCode;

use crate::tests::harness::*;

fn cors_headers(response: &Response<Body>) -> Vec<String> {
    response
        .headers()
        .keys()
        .map(|k| k.as_str().to_string())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn get_from(uri: &str, origin: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::ORIGIN, origin)
        .body(Body::empty())
        .expect("request")
}

fn preflight(uri: &str, origin: &str, method: &str) -> Request<Body> {
    Request::options(uri)
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn an_allowed_origin_is_echoed_even_on_errors() {
    let h = harness();
    let response = h.send(get_from("/v2/my/info", APP_ORIGIN)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
    assert_eq!(
        header_str(&response, "access-control-expose-headers"),
        Some("x-total-count, x-count, retry-after")
    );
    assert_eq!(header_str(&response, "vary"), Some("Origin"));
    assert!(response
        .headers()
        .get("access-control-allow-credentials")
        .is_none());

    let token = h.token_for("reading.student").await;
    let mut request = get_from(
        "/ims/oneroster/v1p1/users/4801508017/classes",
        "http://127.0.0.1:8080",
    );
    request.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header"),
    );
    let response = h.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
}

#[tokio::test]
async fn other_origins_get_no_cors_headers_at_all() {
    let h = harness();
    for origin in [
        EVIL_ORIGIN,
        "null",
        "http://localhost:8080/",
        "http://localhost:8081",
        "https://localhost:8080",
        "http://LOCALHOST:8080",
    ] {
        let response = h.send(get_from("/v2/my/info", origin)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(
            cors_headers(&response).is_empty(),
            "{origin}: {:?}",
            cors_headers(&response)
        );
        let response = h.send(preflight("/v2/my/info", origin, "GET")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
        assert!(cors_headers(&response).is_empty());
    }
    // No Origin: no CORS headers either.
    assert!(cors_headers(&h.get("/v2/my/info").await).is_empty());
}

#[tokio::test]
async fn preflights_from_an_allowed_origin() {
    let h = harness();
    for (uri, method) in [
        ("/oauth2/v2/token", "POST"),
        ("/v2/my/info", "GET"),
        ("/ims/oneroster/v1p1/users/4801508017/classes", "GET"),
    ] {
        let response = h.send(preflight(uri, APP_ORIGIN, method)).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{uri}");
        assert_eq!(
            header_str(&response, "access-control-allow-origin"),
            Some(APP_ORIGIN)
        );
        assert_eq!(
            header_str(&response, "access-control-allow-methods"),
            Some("GET, POST")
        );
        assert_eq!(
            header_str(&response, "access-control-allow-headers"),
            Some("authorization, content-type")
        );
        assert_eq!(header_str(&response, "access-control-max-age"), Some("600"));
        assert!(response
            .headers()
            .get("access-control-allow-credentials")
            .is_none());
    }
}

#[tokio::test]
async fn app_origins_option_is_honoured_exactly() {
    let mut options = Options::new(Seed::default_seed());
    options.app_origins.push("http://app.example:3000".into());
    let h = harness_with(options);
    let response = h
        .send(get_from("/v2/my/info", "http://app.example:3000"))
        .await;
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some("http://app.example:3000")
    );
    let response = h
        .send(get_from("/v2/my/info", "http://app.example:3001"))
        .await;
    assert!(cors_headers(&response).is_empty());

    let mut options = Options::new(Seed::default_seed());
    options.app_origins.push("http://app.example:3000/".into());
    assert!(
        Config::build(&options, ISSUER, None).is_err(),
        "an origin has no path"
    );
}

#[tokio::test]
async fn token_errors_carry_cors_headers_for_the_app() {
    let h = harness();
    let request = Request::post("/oauth2/v2/token")
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "grant_type=authorization_code&client_id=demo-portal&code=x",
        ))
        .expect("request");
    let response = h.send(request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
}

/// The standing switches: a surface that serves no browsers answers, and its preflights
/// pass, without any CORS header, whatever the origin; the other surfaces and discovery keep
/// theirs. Set at start, and over the admin route at run time.
#[tokio::test]
async fn cors_off_takes_whole_surfaces_away_from_browsers() {
    let mut options = Options::new(Seed::default_seed());
    options.cors_off.api = true;
    let h = harness_with(options);
    let token = h.token_for("reading.student").await;
    let api = [
        "/v2/my/info",
        "/v2/oneroster/my/classes",
        "/v2/oneroster/my/classes/33333/teachers",
        "/ims/oneroster/v1p1/users/4801508017/classes",
    ];
    for uri in api {
        let request = Request::get(uri)
            .header(header::ORIGIN, APP_ORIGIN)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        let response = h.send(request).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert!(cors_headers(&response).is_empty(), "{uri}");
        let preflighted = h.send(preflight(uri, APP_ORIGIN, "GET")).await;
        assert!(cors_headers(&preflighted).is_empty(), "{uri}");
    }
    let discovery = h
        .send(get_from("/.well-known/openid-configuration", APP_ORIGIN))
        .await;
    assert!(!cors_headers(&discovery).is_empty());
    let token_preflight = h
        .send(preflight("/oauth2/v2/token", APP_ORIGIN, "POST"))
        .await;
    assert!(!cors_headers(&token_preflight).is_empty());

    // At run time: the token and revocation endpoints too, then the API back.
    let set = h
        .send(admin(
            "POST",
            "/__sandbox/cors-off",
            r#"{"token":true,"api":false}"#,
        ))
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    assert_eq!(
        json(h.send(admin("GET", "/__sandbox/cors-off", "")).await).await,
        serde_json::json!({"token": true, "api": false})
    );
    for uri in ["/oauth2/v2/token", "/oauth2/v2/revoke"] {
        let request = Request::post(uri)
            .header(header::ORIGIN, APP_ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("client_id=demo-portal"))
            .expect("request");
        assert!(cors_headers(&h.send(request).await).is_empty(), "{uri}");
        let preflighted = h.send(preflight(uri, APP_ORIGIN, "POST")).await;
        assert!(cors_headers(&preflighted).is_empty(), "{uri}");
    }
    let request = Request::get("/v2/my/info")
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    assert!(!cors_headers(&h.send(request).await).is_empty());
    let refused = h
        .send(admin(
            "POST",
            "/__sandbox/cors-off",
            r#"{"discovery":true}"#,
        ))
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    // No `no_cors` fault was armed, and none is spent by the switch.
    assert!(h.shared.store().faults.is_empty());
}
