//! `POST /token` through the core, against a fake provider that records what it received:
//! the secret added the configured way, the app's body otherwise forwarded byte for byte,
//! DPoP passed through, the provider's answer returned unchanged, and every refusal.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use classlink_companion::testing::{
    code_body, form, refresh_body, FakeUpstream, Reply, CLIENT_ID, CODE, ORIGIN, REDIRECT_URI,
    SECRET, TOKEN_ENDPOINT, VERIFIER,
};
use classlink_companion::{vars, MAX_REQUEST_BODY, TOKEN_ANSWER_CAP};
use common::*;
use http::Request;

const TOKENS: &str =
    r#"{"access_token":"at-1","token_type":"Bearer","id_token":"eyJ.x.y","refresh_token":"rt-2"}"#;

#[tokio::test]
async fn a_code_exchange_gets_the_secret_posted_and_the_answer_back_unchanged() {
    let upstream = FakeUpstream::replying(
        Reply::json(200, TOKENS)
            .with_header("dpop-nonce", "n-1")
            .with_header("set-cookie", "tracking=1")
            .with_header("x-internal", "leak"),
    );
    let (companion, _) = start(upstream.clone(), &[]).await;
    let response = companion
        .handle(with(post_token(&code_body()), "cookie", "session=1"))
        .await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), TOKENS.as_bytes());
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    assert_eq!(header(&response, "cache-control"), Some("no-store"));
    assert_eq!(header(&response, "pragma"), Some("no-cache"));
    assert_eq!(header(&response, "dpop-nonce"), Some("n-1"));
    assert!(response.headers().get("set-cookie").is_none());
    assert!(response.headers().get("x-internal").is_none());
    assert_eq!(reason(&response), None);
    assert_cors_for_the_app(&response);

    let sent = upstream.received();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().to_string(), TOKEN_ENDPOINT);
    assert_eq!(
        request.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(request.headers()["accept"], "application/json");
    let expected = format!("{}&client_secret={SECRET}", code_body());
    assert_eq!(request.body(), expected.as_bytes());
    for name in ["authorization", "cookie", "origin", "dpop"] {
        assert!(
            request.headers().get(name).is_none(),
            "{name} was forwarded"
        );
    }
}

#[tokio::test]
async fn with_client_secret_basic_the_body_is_forwarded_byte_for_byte() {
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(
        upstream.clone(),
        &[(vars::CLIENT_AUTH, Some("client_secret_basic"))],
    )
    .await;
    let response = companion.handle(post_token(&refresh_body())).await;
    assert_eq!(response.status(), 200);
    let sent = upstream.received();
    assert_eq!(sent[0].body(), refresh_body().as_bytes());
    let basic = format!("Basic {}", STANDARD.encode(format!("{CLIENT_ID}:{SECRET}")));
    assert_eq!(sent[0].headers()["authorization"], basic.as_str());
    assert_no_secret(&response);
}

#[tokio::test]
async fn a_refresh_is_forwarded_like_a_code_exchange() {
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let response = companion.handle(post_token(&refresh_body())).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), TOKENS.as_bytes());
    let expected = format!("{}&client_secret={SECRET}", refresh_body());
    assert_eq!(upstream.received()[0].body(), expected.as_bytes());
}

#[tokio::test]
async fn a_dpop_proof_is_passed_through_untouched() {
    let proof = "eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJodG0iOiJQT1NUIn0.c2ln-_";
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let response = companion
        .handle(with(post_token(&code_body()), "dpop", proof))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(upstream.received()[0].headers()["dpop"], proof);
    assert_eq!(
        upstream.received()[0]
            .headers()
            .get_all("dpop")
            .iter()
            .count(),
        1
    );
}

#[tokio::test]
async fn the_providers_errors_come_back_unchanged() {
    let cases = [
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"code used"}"#,
        ),
        Reply::json(401, r#"{"error":"invalid_client"}"#)
            .with_header("www-authenticate", "Basic realm=\"token\""),
        Reply::json(400, r#"{"error":"use_dpop_nonce"}"#).with_header("dpop-nonce", "n-2"),
        Reply::json(500, "<html>oops</html>"),
    ];
    for reply in cases {
        let Reply::Answer {
            status, ref body, ..
        } = reply
        else {
            unreachable!()
        };
        let upstream = FakeUpstream::replying(reply.clone());
        let (companion, _) = start(upstream, &[]).await;
        let response = companion.handle(post_token(&code_body())).await;
        assert_eq!(response.status(), status);
        assert_eq!(response.body(), body);
        assert_eq!(
            reason(&response),
            None,
            "the provider's answer is not a refusal"
        );
        assert_cors_for_the_app(&response);
        if status == 401 {
            assert_eq!(
                header(&response, "www-authenticate"),
                Some("Basic realm=\"token\"")
            );
        }
        if body.as_ref() == br#"{"error":"use_dpop_nonce"}"# {
            assert_eq!(header(&response, "dpop-nonce"), Some("n-2"));
        }
    }
}

#[tokio::test]
async fn another_origin_or_none_is_refused_without_cors() {
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let cases = [
        (Some("https://evil.example"), "origin-not-allowed"),
        (
            Some("https://portal.district.example.evil.example"),
            "origin-not-allowed",
        ),
        (Some("http://portal.district.example"), "origin-not-allowed"),
        (Some("null"), "origin-not-allowed"),
        (None, "origin-missing"),
    ];
    for (origin, word) in cases {
        let mut request = without(post_token(&code_body()), "origin");
        if let Some(origin) = origin {
            request = with(request, "origin", origin);
        }
        let response = companion.handle(request).await;
        assert_refused(&response, 403, "invalid_request", word);
        assert_no_cors(&response);
    }
    // Two Origin headers, one of them the app's.
    let twice = with(post_token(&code_body()), "origin", "https://evil.example");
    let response = companion.handle(twice).await;
    assert_refused(&response, 403, "invalid_request", "origin-not-allowed");
    assert_no_cors(&response);
    assert!(upstream.received().is_empty());
}

#[tokio::test]
async fn a_preflight_is_answered_for_the_app_only() {
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let preflight = |origin: &str, headers: &str| {
        Request::options("/token")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", headers)
            .body(Bytes::new())
            .unwrap()
    };
    let response = companion
        .handle(preflight(ORIGIN, "content-type,dpop"))
        .await;
    assert_eq!(response.status(), 204);
    assert_cors_for_the_app(&response);
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("POST")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("content-type, dpop")
    );
    let exposed = header(&response, "access-control-expose-headers").unwrap();
    for name in ["dpop-nonce", "www-authenticate", "token-companion"] {
        assert!(exposed.contains(name), "{name} not exposed");
    }

    let other = companion
        .handle(preflight("https://evil.example", "dpop"))
        .await;
    assert_refused(&other, 403, "invalid_request", "origin-not-allowed");
    assert_no_cors(&other);

    let cookie = companion.handle(preflight(ORIGIN, "dpop, x-secret")).await;
    assert_refused(&cookie, 400, "invalid_request", "header-not-allowed");
    assert!(upstream.received().is_empty());
}

#[tokio::test]
async fn requests_the_app_does_not_send_are_refused_before_the_provider_sees_them() {
    let upstream = FakeUpstream::replying(Reply::json(200, TOKENS));
    let (companion, _) = start(upstream.clone(), &[]).await;
    let code = |changes: &[(&str, &str)]| {
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", CODE),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", CLIENT_ID),
            ("code_verifier", VERIFIER),
        ];
        for (name, value) in changes {
            match pairs.iter_mut().find(|(n, _)| n == name) {
                Some(pair) => pair.1 = value,
                None => pairs.push((name, value)),
            }
        }
        form(&pairs)
    };
    let big = "a".repeat(MAX_REQUEST_BODY);
    let cases: Vec<(Request<Bytes>, u16, &str, &str)> = vec![
        (
            post_token(&code(&[("client_id", "someone-else")])),
            401,
            "invalid_client",
            "client-id",
        ),
        (
            post_token(&code(&[("redirect_uri", "https://evil.example/")])),
            400,
            "invalid_request",
            "redirect-uri",
        ),
        (
            post_token(&code(&[(
                "redirect_uri",
                "https://portal.district.example/portal",
            )])),
            400,
            "invalid_request",
            "redirect-uri",
        ),
        (
            post_token(&code(&[("grant_type", "client_credentials")])),
            400,
            "unsupported_grant_type",
            "grant-type",
        ),
        (
            post_token(&form(&[
                ("grant_type", "password"),
                ("username", "a"),
                ("password", "b"),
            ])),
            400,
            "unsupported_grant_type",
            "grant-type",
        ),
        (
            post_token(&code(&[("scope", "full")])),
            400,
            "invalid_request",
            "form",
        ),
        (
            post_token(&format!("{}&code=again", code_body())),
            400,
            "invalid_request",
            "form",
        ),
        (
            post_token(&format!("{}&grant_type=refresh_token", refresh_body())),
            400,
            "invalid_request",
            "form",
        ),
        (
            post_token(&form(&[
                ("grant_type", "authorization_code"),
                ("code", CODE),
                ("client_id", CLIENT_ID),
            ])),
            400,
            "invalid_request",
            "form",
        ),
        (
            post_token(&code(&[("code_verifier", "")])),
            400,
            "invalid_request",
            "form",
        ),
        (
            post_token(&code(&[("client_secret", "guess")])),
            400,
            "invalid_request",
            "client-credentials",
        ),
        (
            post_token(&code(&[("client_assertion", "jwt")])),
            400,
            "invalid_request",
            "client-credentials",
        ),
        (
            with(post_token(&code_body()), "authorization", "Basic eDp5"),
            400,
            "invalid_request",
            "client-credentials",
        ),
        (
            with(with(post_token(&code_body()), "dpop", "a"), "dpop", "b"),
            400,
            "invalid_request",
            "header-repeated",
        ),
        (
            post_token(&format!("{}&pad={big}", code_body())),
            413,
            "invalid_request",
            "body-too-large",
        ),
        (
            with(
                without(post_token(&code_body()), "content-type"),
                "content-type",
                "text/plain",
            ),
            415,
            "invalid_request",
            "content-type",
        ),
        (
            with(
                without(post_token(&code_body()), "content-type"),
                "content-type",
                "application/json",
            ),
            415,
            "invalid_request",
            "content-type",
        ),
        (
            with(
                without(post_token(&code_body()), "content-type"),
                "content-type",
                "application/x-www-form-urlencoded; charset=latin1",
            ),
            415,
            "invalid_request",
            "content-type",
        ),
        (
            without(post_token(&code_body()), "content-type"),
            415,
            "invalid_request",
            "content-type",
        ),
        (
            with(
                post_token(&code_body()),
                "content-type",
                "application/x-www-form-urlencoded",
            ),
            415,
            "invalid_request",
            "content-type",
        ),
        (get("/token"), 405, "invalid_request", "method-not-allowed"),
        (get("/authorize"), 404, "invalid_request", "not-found"),
        (
            get("/.well-known/openid-configuration"),
            404,
            "invalid_request",
            "not-found",
        ),
    ];
    for (request, status, error, word) in cases {
        let response = companion.handle(request).await;
        assert_refused(&response, status, error, word);
        // The app's own page can read why.
        assert_cors_for_the_app(&response);
        if word == "method-not-allowed" {
            assert_eq!(header(&response, "allow"), Some("POST, OPTIONS"));
        }
    }
    assert!(
        upstream.received().is_empty(),
        "a refused request reached the provider"
    );

    // The app's own body with `; charset=UTF-8` is the same request.
    let charset = with(
        without(post_token(&code_body()), "content-type"),
        "content-type",
        "application/x-www-form-urlencoded;charset=UTF-8",
    );
    assert_eq!(companion.handle(charset).await.status(), 200);
}

#[tokio::test]
async fn a_provider_that_never_answers_meets_the_deadline() {
    let upstream = FakeUpstream::replying(Reply::Never);
    let (companion, _) = start(upstream.clone(), &[(vars::UPSTREAM_TIMEOUT_MS, Some("50"))]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_refused(
        &response,
        504,
        "temporarily_unavailable",
        "upstream-timeout",
    );
    assert_cors_for_the_app(&response);
    assert_eq!(upstream.received().len(), 1);
}

#[tokio::test]
async fn answers_larger_than_the_cap_are_not_passed_on() {
    let endless = FakeUpstream::replying(Reply::Endless);
    let (companion, _) = start(endless, &[]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_refused(&response, 502, "server_error", "upstream-answer-too-large");

    let just_over = "x".repeat(TOKEN_ANSWER_CAP + 1);
    let (companion, _) = start(FakeUpstream::replying(Reply::json(200, &just_over)), &[]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_refused(&response, 502, "server_error", "upstream-answer-too-large");

    let at_cap = "x".repeat(TOKEN_ANSWER_CAP);
    let (companion, _) = start(FakeUpstream::replying(Reply::json(200, &at_cap)), &[]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().len(), TOKEN_ANSWER_CAP);
}

#[tokio::test]
async fn an_unreachable_provider_or_a_redirect_is_the_companions_refusal() {
    let (companion, _) = start(FakeUpstream::replying(Reply::Unreachable), &[]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_refused(
        &response,
        502,
        "temporarily_unavailable",
        "upstream-unreachable",
    );
    assert_cors_for_the_app(&response);

    let redirect = Reply::json(302, "").with_header("location", "https://evil.example/");
    let (companion, _) = start(FakeUpstream::replying(redirect), &[]).await;
    let response = companion.handle(post_token(&code_body())).await;
    assert_refused(&response, 502, "server_error", "upstream-redirect");
    assert!(response.headers().get("location").is_none());
}
