//! CORS with DPoP on: the page may send `DPoP` and read `DPoP-Nonce` and `WWW-Authenticate`;
//! with it off the lists are exactly as before.

use super::*;

fn preflight(uri: &str, method: &str) -> Request<Body> {
    Request::options(uri)
        .header(header::ORIGIN, APP_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, dpop",
        )
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn preflights_allow_dpop_and_answers_expose_its_headers() {
    let h = enabled();
    for (uri, method) in [
        ("/oauth2/v2/token", "POST"),
        (INFO, "GET"),
        (MY_CLASSES, "GET"),
    ] {
        let response = h.send(preflight(uri, method)).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{uri}");
        assert_eq!(
            header_str(&response, "access-control-allow-headers"),
            Some("authorization, content-type, dpop")
        );
    }
    let response = api_get(&h, INFO, "DPoP", "nope", &[]).await;
    assert_eq!(
        header_str(&response, "access-control-expose-headers"),
        Some("x-total-count, x-count, retry-after, dpop-nonce, www-authenticate")
    );
    assert_eq!(
        header_str(&response, "access-control-allow-origin"),
        Some(APP_ORIGIN)
    );
}

#[tokio::test]
async fn with_dpop_off_the_lists_are_classlinks() {
    let h = dpop_harness(DpopFeatures::default());
    let response = h.send(preflight(INFO, "GET")).await;
    assert_eq!(
        header_str(&response, "access-control-allow-headers"),
        Some("authorization, content-type")
    );
    let response = api_get(&h, INFO, "Bearer", "nope", &[]).await;
    assert_eq!(
        header_str(&response, "access-control-expose-headers"),
        Some("x-total-count, x-count, retry-after")
    );
}
