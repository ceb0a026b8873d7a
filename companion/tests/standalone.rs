//! The standalone server over real HTTP on loopback: the `classlink-companion` binary started
//! as a district would start it (configuration in the environment, the issuer's discovery
//! read at start) in front of a small local provider, and `serve` in-process as a test
//! harness calls it. Also: the binary's log holds no code, token, verifier or secret, and a
//! bad configuration stops it with the variable named.

mod common;

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use classlink_companion::testing::{
    code_body, refresh_body, FakeUpstream, Reply, CLIENT_ID, ORIGIN, REDIRECT_URI, SECRET,
};
use classlink_companion::{serve, vars, Companion, MAX_REQUEST_BODY};
use common::assert_absent;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::Command;

const ACCESS_TOKEN: &str = "at-Live-5e1f";
const NEW_REFRESH_TOKEN: &str = "rt-Live-77aa";

/// What the local provider received.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// A local provider: discovery listing `client_secret_basic` only, a token endpoint and
/// one API route, recording every request.
async fn provider() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let document = serde_json::json!({
        "issuer": base,
        "token_endpoint": format!("{base}/oauth2/v2/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
    })
    .to_string();
    let record = |log: &Log, path: &str, headers: HeaderMap, body: Bytes| {
        log.lock().unwrap().push(Received {
            path: path.into(),
            headers,
            body,
        });
    };
    let app = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { ([("content-type", "application/json")], document) }),
        )
        .route(
            "/oauth2/v2/token",
            post(move |State(log): State<Log>, headers: HeaderMap, body: Bytes| async move {
                record(&log, "/oauth2/v2/token", headers, body);
                let answer = format!(
                    r#"{{"access_token":"{ACCESS_TOKEN}","token_type":"Bearer","refresh_token":"{NEW_REFRESH_TOKEN}"}}"#
                );
                (StatusCode::OK, [("content-type", "application/json"), ("dpop-nonce", "n-1")], answer)
            }),
        )
        .route(
            "/v2/my/info",
            get(move |State(log): State<Log>, headers: HeaderMap| async move {
                record(&log, "/v2/my/info", headers, Bytes::new());
                ([("content-type", "application/json"), ("x-total-count", "1")], r#"{"UserId":1}"#)
            }),
        )
        .with_state(log.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, log)
}

/// Sends one request over HTTP/1 and reads the whole answer.
async fn send(request: http::Request<Full<Bytes>>) -> (u16, HeaderMap, Bytes) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let response = client.request(request).await.expect("an answer");
    let (parts, body) = response.into_parts();
    (
        parts.status.as_u16(),
        parts.headers,
        body.collect().await.unwrap().to_bytes(),
    )
}

fn token_request(base: &str, origin: &str, body: &str) -> http::Request<Full<Bytes>> {
    http::Request::post(format!("{base}/token"))
        .header("origin", origin)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("dpop", "proof.from.browser")
        .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
        .unwrap()
}

/// The binary, configured in its environment only; returns it, its URL and its stderr.
async fn start_binary(issuer: &str) -> (tokio::process::Child, String, Arc<Mutex<Vec<String>>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_classlink-companion"))
        .env_clear()
        .env(vars::LISTEN, "127.0.0.1:0")
        .env(vars::ALLOWED_ORIGINS, ORIGIN)
        .env(vars::CLIENT_ID, CLIENT_ID)
        .env(vars::CLIENT_SECRET, SECRET)
        .env(vars::REDIRECT_URIS, REDIRECT_URI)
        .env(vars::ISSUER, issuer)
        .env(vars::API_PREFIXES, format!("{issuer}/v2/"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let url = loop {
        let line = tokio::time::timeout(Duration::from_secs(60), stderr.next_line())
            .await
            .expect("the binary says where it listens")
            .unwrap()
            .expect("the binary is still running");
        lines.lock().unwrap().push(line.clone());
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split(';').next().unwrap().trim().to_string();
        }
    };
    let sink = lines.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = stderr.next_line().await {
            sink.lock().unwrap().push(line);
        }
    });
    (child, url, lines)
}

#[tokio::test]
async fn the_binary_mediates_a_sign_in_and_a_refresh_and_logs_no_secret() {
    let (issuer, received) = provider().await;
    let (mut child, url, stderr) = start_binary(&issuer).await;

    // The browser's preflight, the code exchange, the refresh, an API call, and a page of
    // another origin.
    let preflight = http::Request::options(format!("{url}/token"))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,dpop")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let (status, headers, _) = send(preflight).await;
    assert_eq!(status, 204);
    assert_eq!(headers["access-control-allow-origin"], ORIGIN);

    for body in [code_body(), refresh_body()] {
        let (status, headers, answer) = send(token_request(&url, ORIGIN, &body)).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&answer).contains(ACCESS_TOKEN));
        assert_eq!(headers["access-control-allow-origin"], ORIGIN);
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(headers["dpop-nonce"], "n-1");
        assert_eq!(headers["token-companion"], "1");
    }

    let info = http::Request::get(format!(
        "{url}/api/{}/v2/my/info",
        issuer.trim_start_matches("http://")
    ))
    .header("origin", ORIGIN)
    .header("authorization", format!("Bearer {ACCESS_TOKEN}"))
    .body(Full::new(Bytes::new()))
    .unwrap();
    let (status, headers, answer) = send(info).await;
    assert_eq!(status, 200);
    assert_eq!(answer.as_ref(), br#"{"UserId":1}"#);
    assert_eq!(headers["x-total-count"], "1");

    let (status, headers, _) =
        send(token_request(&url, "https://evil.example", &code_body())).await;
    assert_eq!(status, 403);
    assert_eq!(headers["token-companion-refusal"], "origin-not-allowed");
    assert!(headers.get("access-control-allow-origin").is_none());

    // What the provider received: Basic (the only method its discovery lists), the app's
    // bodies byte for byte, the browser's DPoP proof, the bearer token on the API call.
    let received = received.lock().unwrap().clone();
    let tokens: Vec<_> = received
        .iter()
        .filter(|r| r.path == "/oauth2/v2/token")
        .collect();
    assert_eq!(tokens.len(), 2);
    for (request, body) in tokens.iter().zip([code_body(), refresh_body()]) {
        assert_eq!(request.body, body.as_bytes());
        assert!(request.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Basic "));
        assert_eq!(request.headers["dpop"], "proof.from.browser");
        assert!(request.headers.get("origin").is_none());
    }
    let api: Vec<_> = received
        .iter()
        .filter(|r| r.path == "/v2/my/info")
        .collect();
    assert_eq!(
        api[0].headers["authorization"],
        format!("Bearer {ACCESS_TOKEN}").as_str()
    );

    // SIGTERM: the binary stops cleanly.
    let pid = child.id().expect("running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status}");

    let log = stderr.lock().unwrap().join("\n");
    assert!(log.contains("POST /token 200"), "{log}");
    assert!(log.contains("POST /token 403"), "{log}");
    assert_absent(
        &log,
        &[ACCESS_TOKEN, NEW_REFRESH_TOKEN, "proof.from.browser"],
    );
}

#[tokio::test]
async fn a_bad_configuration_stops_the_binary_and_names_the_variable() {
    let cases: [(&str, &str); 3] = [
        (
            vars::ALLOWED_ORIGINS,
            "https://portal.district.example/portal/",
        ),
        (
            vars::TOKEN_ENDPOINT,
            "http://launchpad.classlink.com/oauth2/v2/token",
        ),
        (vars::LISTEN, "everywhere"),
    ];
    for (variable, value) in cases {
        let mut command = Command::new(env!("CARGO_BIN_EXE_classlink-companion"));
        command
            .env_clear()
            .env(vars::ALLOWED_ORIGINS, ORIGIN)
            .env(vars::CLIENT_ID, CLIENT_ID)
            .env(vars::CLIENT_SECRET, SECRET)
            .env(vars::REDIRECT_URIS, REDIRECT_URI)
            .env(
                vars::TOKEN_ENDPOINT,
                "https://launchpad.classlink.com/oauth2/v2/token",
            )
            .env(vars::LISTEN, "127.0.0.1:0")
            .env(variable, value);
        let output = command.output().await.unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(variable), "{stderr}");
        assert!(!stderr.contains(SECRET), "{stderr}");
    }
    let missing = Command::new(env!("CARGO_BIN_EXE_classlink-companion"))
        .env_clear()
        .env(vars::ALLOWED_ORIGINS, ORIGIN)
        .output()
        .await
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains(vars::CLIENT_ID));
}

#[tokio::test]
async fn serve_answers_in_process_and_caps_a_streamed_body() {
    let upstream = FakeUpstream::replying(Reply::json(200, r#"{"access_token":"a"}"#));
    let config = classlink_companion::testing::config(&[]);
    let companion = Companion::start_with_log(config, upstream.clone(), Arc::new(|_| {}))
        .await
        .unwrap();
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let serving = serve(companion, listener).unwrap();
    let url = serving.url();

    let (status, _, answer) = send(token_request(&url, ORIGIN, &code_body())).await;
    assert_eq!(status, 200);
    assert_eq!(answer.as_ref(), br#"{"access_token":"a"}"#);

    let oversized = format!("{}&pad={}", code_body(), "a".repeat(4 * MAX_REQUEST_BODY));
    let (status, headers, _) = send(token_request(&url, ORIGIN, &oversized)).await;
    assert_eq!(status, 413);
    assert_eq!(headers["token-companion-refusal"], "body-too-large");
    assert_eq!(upstream.received().len(), 1);

    serving.shutdown().await.unwrap();
}
