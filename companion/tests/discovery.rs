//! `COMPANION_ISSUER`: the token endpoint and the client authentication method read once
//! from the provider's discovery document, and each way that document can be refused.

mod common;

use std::sync::Arc;

use classlink_companion::testing::{code_body, FakeUpstream, Reply, CLIENT_ID, SECRET};
use classlink_companion::{vars, ClientAuth, Companion};
use common::*;

const ISSUER: &str = "https://launchpad.example";

fn provider(document: &'static str) -> Arc<FakeUpstream> {
    FakeUpstream::scripted(move |request| {
        if request.uri().path() == "/.well-known/openid-configuration" {
            Reply::json(200, document)
        } else {
            Reply::json(400, r#"{"error":"invalid_grant"}"#)
        }
    })
}

async fn started(
    upstream: Arc<FakeUpstream>,
    auth: Option<&str>,
) -> Result<Companion, classlink_companion::ConfigError> {
    let config = classlink_companion::testing::config(&[
        (vars::TOKEN_ENDPOINT, None),
        (vars::ISSUER, Some(ISSUER)),
        (vars::CLIENT_AUTH, auth),
    ]);
    Companion::start_with_log(config, upstream, Arc::new(|_| {})).await
}

#[tokio::test]
async fn the_token_endpoint_and_method_come_from_discovery_once() {
    let upstream = provider(
        r#"{"issuer":"https://launchpad.example","token_endpoint":"https://launchpad.example/oauth2/v2/token",
            "token_endpoint_auth_methods_supported":["client_secret_basic"]}"#,
    );
    let companion = started(upstream.clone(), None).await.unwrap();
    assert_eq!(companion.client_auth(), ClientAuth::SecretBasic);
    for _ in 0..2 {
        let response = companion.handle(post_token(&code_body())).await;
        assert_eq!(response.status(), 400);
    }
    let sent = upstream.received();
    assert_eq!(sent.len(), 3, "discovery once, then the two token requests");
    assert_eq!(
        sent[0].uri().to_string(),
        "https://launchpad.example/.well-known/openid-configuration"
    );
    for request in &sent[1..] {
        assert_eq!(
            request.uri().to_string(),
            "https://launchpad.example/oauth2/v2/token"
        );
        assert!(request.headers()["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Basic "));
        assert_eq!(request.body(), code_body().as_bytes());
    }
}

#[tokio::test]
async fn classlinks_document_listing_both_gets_the_secret_posted() {
    let upstream = provider(
        r#"{"issuer":"https://launchpad.example","token_endpoint":"https://launchpad.example/oauth2/v2/token",
            "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}"#,
    );
    let companion = started(upstream.clone(), None).await.unwrap();
    assert_eq!(companion.client_auth(), ClientAuth::SecretPost);
    companion.handle(post_token(&code_body())).await;
    let body = upstream.received()[1].body().clone();
    assert!(body.ends_with(format!("&client_secret={SECRET}").as_bytes()));
    assert!(code_body().contains(CLIENT_ID));
}

#[tokio::test]
async fn a_document_that_cannot_be_trusted_stops_the_start_naming_the_variable() {
    let cases: [(&'static str, Option<&str>, &str); 5] = [
        (
            r#"{"issuer":"https://other.example","token_endpoint":"https://launchpad.example/token"}"#,
            None,
            vars::ISSUER,
        ),
        (
            r#"{"issuer":"https://launchpad.example","token_endpoint":"http://launchpad.example/token"}"#,
            None,
            vars::ISSUER,
        ),
        (
            r#"{"issuer":"https://launchpad.example","token_endpoint":"https://launchpad.example/token",
                "token_endpoint_auth_methods_supported":["none"]}"#,
            None,
            vars::ISSUER,
        ),
        (
            r#"{"issuer":"https://launchpad.example","token_endpoint":"https://launchpad.example/token",
                "token_endpoint_auth_methods_supported":["client_secret_post"]}"#,
            Some("client_secret_basic"),
            vars::CLIENT_AUTH,
        ),
        ("<html>not json</html>", None, vars::ISSUER),
    ];
    for (document, auth, variable) in cases {
        let error = started(provider(document), auth)
            .await
            .err()
            .expect("refused");
        assert_eq!(error.variable, variable, "{error}");
    }
    let unreachable = started(FakeUpstream::replying(Reply::Unreachable), None)
        .await
        .err()
        .unwrap();
    assert_eq!(unreachable.variable, vars::ISSUER);
}
