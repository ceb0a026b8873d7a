//! Real sockets: `start()` on ephemeral ports, raw HTTP/1.1 over TCP.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::tests::harness::TempDir;
use crate::{start, Fault, FaultKind, FaultTarget, Options, Seed, ServeApp};

/// A parsed HTTP/1.1 response.
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request with `Connection: close` and reads the whole answer.
async fn raw(origin: &str, method: &str, path: &str, extra_headers: &str) -> Raw {
    let authority = origin.strip_prefix("http://").expect("http origin");
    let mut stream = TcpStream::connect(authority).await.expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n{extra_headers}\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.expect("read");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Raw {
        status,
        headers,
        body: body.to_string(),
    }
}

/// POSTs `form` as `application/x-www-form-urlencoded`, with `extra_headers` (each ending in
/// CRLF) before it.
async fn raw_form(origin: &str, path: &str, form: &str, extra_headers: &str) -> Raw {
    let headers = format!(
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{extra_headers}\r\n{form}",
        form.len()
    );
    raw(origin, "POST", path, &headers).await
}

#[tokio::test]
async fn start_binds_an_ephemeral_port_and_answers_over_tcp() {
    let running = start(Options::new(Seed::default_seed()))
        .await
        .expect("start");
    let origin = running.api_origin();
    assert!(origin.starts_with("http://127.0.0.1:"));
    assert_ne!(origin, "http://127.0.0.1:0");
    assert_eq!(running.issuer(), origin);
    assert!(running.app_url().is_none());

    let response = raw(
        &origin,
        "GET",
        "/v2/my/info",
        "Origin: http://localhost:8080\r\n",
    )
    .await;
    assert_eq!(response.status, 401);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    assert_eq!(response.body, r#"{"message":"Unauthorized"}"#);

    // Admin routes answer a loopback peer.
    let log = raw(&origin, "GET", "/__sandbox/requests", "").await;
    assert_eq!(log.status, 200);
    let log: Value = serde_json::from_str(&log.body).expect("json");
    assert_eq!(log[0]["path"], "/v2/my/info");
    assert_eq!(running.requests().len(), 1);
    running.clear_requests();
    assert!(running.requests().is_empty());

    running.add_fault(Fault::times(
        FaultTarget::Profile,
        FaultKind::Status {
            status: 502,
            retry_after: None,
        },
        1,
    ));
    assert_eq!(running.faults().len(), 1);
    assert_eq!(raw(&origin, "GET", "/v2/my/info", "").await.status, 502);
    running.add_fault(Fault::always(FaultTarget::Profile, FaultKind::Html));
    running.clear_faults();
    assert_eq!(raw(&origin, "GET", "/v2/my/info", "").await.status, 401);

    // LaunchPad codes are recorded among the issued secrets.
    let launch = raw(&origin, "GET", "/launchpad/launch?user=reading.student", "").await;
    assert_eq!(launch.status, 303);
    let location = launch.header("location").expect("location");
    let code = location.split("code=").nth(1).expect("code");
    assert_eq!(running.issued_tokens(), [code]);

    running.shutdown().await;
    assert!(TcpStream::connect(origin.trim_start_matches("http://"))
        .await
        .is_err());
}

#[tokio::test]
async fn shutdown_does_not_wait_for_an_endless_body() {
    let running = start(Options::new(Seed::default_seed()))
        .await
        .expect("start");
    let origin = running.api_origin();
    running.add_fault(Fault::always(FaultTarget::Token, FaultKind::EndlessBody));
    let authority = origin.trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&authority).await.expect("connect");
    let request = format!(
        "POST /oauth2/v2/token HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut first = [0u8; 64];
    let n = stream.read(&mut first).await.expect("read");
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), running.shutdown()).await;
    assert!(stopped.is_ok());
}

#[tokio::test]
async fn serves_the_app_with_a_generated_config() {
    let dir = TempDir::new("app");
    std::fs::write(
        dir.0.join("index.html"),
        "<!doctype html><title>app</title>",
    )
    .expect("write");
    std::fs::write(dir.0.join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(dir.0.join("app.js"), "export {}").expect("write");
    std::fs::write(dir.0.join("app.css"), "body{}").expect("write");
    std::fs::write(dir.0.join("config.json"), "{\"from\":\"disk\"}").expect("write");

    let mut app = ServeApp::new(&dir.0);
    app.port = 0;
    app.path = "/portal".into();
    app.public_host = "localhost".into();
    let running = start(Options::new(Seed::default_seed()).with_serve_app(app))
        .await
        .expect("start");
    let api = running.api_origin();
    assert!(api.starts_with("http://localhost:"));
    let app_url = running.app_url().expect("app url");
    assert!(app_url.starts_with("http://localhost:") && app_url.ends_with("/portal/"));
    let app_origin = app_url.trim_end_matches("/portal/").to_string();
    // The listener is on 127.0.0.1; "localhost" is only the name the browser uses.
    let app_addr = app_origin.replace("localhost", "127.0.0.1");
    let api_addr = api.replace("localhost", "127.0.0.1");

    let index = raw(&app_addr, "GET", "/portal/", "").await;
    assert_eq!(index.status, 200);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert!(index
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/html"));
    assert!(index.body.contains("<title>app</title>"));
    let wasm = raw(&app_addr, "GET", "/portal/app_bg.wasm", "").await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    let js = raw(&app_addr, "GET", "/portal/app.js", "").await;
    assert!(js
        .header("content-type")
        .unwrap_or("")
        .contains("javascript"));
    assert!(js.header("cache-control").is_none());
    let css = raw(&app_addr, "GET", "/portal/app.css", "").await;
    assert!(css
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/css"));
    let redirect = raw(&app_addr, "GET", "/portal?x=1", "").await;
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/portal/?x=1"));
    assert_eq!(raw(&app_addr, "GET", "/elsewhere", "").await.status, 404);
    assert_eq!(
        raw(&app_addr, "GET", "/portal/../Cargo.toml", "")
            .await
            .status,
        404
    );

    let config = raw(&app_addr, "GET", "/portal/config.json", "").await;
    assert_eq!(config.header("content-type"), Some("application/json"));
    let config: Value = serde_json::from_str(&config.body).expect("json");
    assert_eq!(
        config,
        serde_json::json!({
            "client_id": "demo-portal",
            "issuer": api,
            "profile_endpoint": format!("{api}/v2/my/info"),
            "classes_endpoint": format!("{api}/v2/oneroster/my/classes"),
            "teachers_endpoint":
                format!("{api}/v2/oneroster/my/classes/{{classSourcedId}}/teachers"),
        }),
        "no scope (the app's default) and no OAuth endpoints (discovery names them)"
    );
    let discovery = raw(&api_addr, "GET", "/.well-known/openid-configuration", "").await;
    let discovery: Value = serde_json::from_str(&discovery.body).expect("json");
    assert_eq!(discovery["issuer"], api);
    assert_eq!(
        discovery["token_endpoint"],
        format!("{api}/oauth2/v2/token")
    );

    // The app's origin is allowed and its URL registered (LaunchPad's default target).
    let cors = raw(
        &api_addr,
        "GET",
        "/v2/my/info",
        &format!("Origin: {app_origin}\r\n"),
    )
    .await;
    assert_eq!(
        cors.header("access-control-allow-origin"),
        Some(app_origin.as_str())
    );
    let launch = raw(&api_addr, "GET", "/launchpad/launch?user=mateo.alvarez", "").await;
    assert!(launch
        .header("location")
        .expect("location")
        .starts_with(&format!("{app_url}?code=")));
    running.shutdown().await;
}

#[tokio::test]
async fn generated_config_keys_can_name_the_api_origin_and_its_authority() {
    let dir = TempDir::new("app-overrides");
    std::fs::write(dir.0.join("index.html"), "<!doctype html>").expect("write");
    let mut app = ServeApp::new(&dir.0);
    app.port = 0;
    // A companion in front of the sandbox: its pass-through's path names the upstream's
    // host and port.
    let mut overrides = serde_json::Map::new();
    overrides.insert(
        "profile_endpoint".into(),
        Value::String("http://127.0.0.1:9/api/{authority}/v2/my/info".into()),
    );
    overrides.insert("jwks_uri".into(), Value::String("{origin}/keys".into()));
    overrides.insert("teachers_endpoint".into(), Value::Bool(false));
    app.config = crate::AppConfig::GeneratedWith(overrides);
    let running = start(Options::new(Seed::default_seed()).with_serve_app(app))
        .await
        .expect("start");
    let api = running.api_origin();
    let app_url = running.app_url().expect("app url");
    let app_origin = app_url.trim_end_matches('/').to_string();
    let config = raw(&app_origin, "GET", "/config.json", "").await;
    let config: Value = serde_json::from_str(&config.body).expect("json");
    let authority = api.trim_start_matches("http://");
    assert_eq!(
        config["profile_endpoint"],
        format!("http://127.0.0.1:9/api/{authority}/v2/my/info")
    );
    assert_eq!(config["jwks_uri"], format!("{api}/keys"));
    assert_eq!(config["teachers_endpoint"], false);
    running.shutdown().await;
}

#[tokio::test]
async fn start_refuses_bad_options() {
    let mut options = Options::new(Seed::default_seed());
    options
        .redirect_uris
        .push("http://localhost:8080/#frag".into());
    assert!(start(options).await.is_err());
    let options =
        Options::new(Seed::default_seed()).with_serve_app(ServeApp::new("/definitely/not/a/dir"));
    assert!(start(options).await.is_err());
}

#[test]
fn a_custom_issuer_gets_explicit_oauth_endpoints_in_the_generated_config() {
    let mut options = Options::new(Seed::default_seed());
    options.issuer = Some("https://launchpad.example.test".into());
    let api = "http://127.0.0.1:8081";
    let config = crate::state::config::Config::build(&options, api, None).expect("config");
    let generated = crate::hosting::app_listener::generated_config(&config, api);
    assert_eq!(generated["issuer"], "https://launchpad.example.test");
    assert_eq!(
        generated["authorization_endpoint"],
        format!("{api}/oauth2/v2/auth")
    );
    assert_eq!(
        generated["token_endpoint"],
        format!("{api}/oauth2/v2/token")
    );
    assert_eq!(generated["jwks_uri"], format!("{api}/oauth2/v2/jwks"));
    assert!(generated.get("scope").is_none());
}

/// The switches a token-mediating companion is tested against, over TCP: a confidential
/// client and CORS off, both readable and settable through `Running`.
#[tokio::test]
async fn a_confidential_client_without_cors_through_running() {
    use crate::{ClientAuth, ConfidentialClient, CorsOff};
    let mut options = Options::new(Seed::default_seed());
    options.confidential_client = Some(ConfidentialClient::new("s3cret"));
    options.cors_off = CorsOff::all();
    let running = start(options).await.expect("start");
    let origin = running.api_origin();
    assert_eq!(running.cors_off(), CorsOff::all());
    assert!(running.issued_tokens().contains(&"s3cret".to_string()));

    let form = "grant_type=authorization_code&code=nope&client_id=demo-portal&client_secret=s3cret";
    let token = raw_form(
        &origin,
        "/oauth2/v2/token",
        form,
        "Origin: http://localhost:8080\r\n",
    )
    .await;
    // Authenticated, then refused for the unknown code; no CORS for a browser to read it.
    assert_eq!(token.status, 400);
    assert!(token.body.contains("invalid_grant"));
    assert!(token.header("access-control-allow-origin").is_none());
    let requests = running.token_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].client_auth, ClientAuth::ClientSecretPost);

    running.set_cors_off(CorsOff::default());
    let info = raw(
        &origin,
        "GET",
        "/v2/my/info",
        "Origin: http://localhost:8080\r\n",
    )
    .await;
    assert_eq!(
        info.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    running.shutdown().await;
}

#[tokio::test]
async fn session_switches_and_records_through_running() {
    use crate::{RevokedKind, SessionFeatures};
    let mut options = Options::new(Seed::default_seed());
    options.session_features = SessionFeatures::all();
    let running = start(options).await.expect("start");
    let origin = running.api_origin();
    assert_eq!(running.session_features(), SessionFeatures::all());
    let discovery = raw(&origin, "GET", "/.well-known/openid-configuration", "").await;
    let doc: Value = serde_json::from_str(&discovery.body).expect("json");
    assert_eq!(
        doc["end_session_endpoint"],
        format!("{origin}/oauth2/v2/logout")
    );

    running.set_session_features(SessionFeatures::default());
    assert_eq!(running.session_features(), SessionFeatures::default());
    let discovery = raw(&origin, "GET", "/.well-known/openid-configuration", "").await;
    let doc: Value = serde_json::from_str(&discovery.body).expect("json");
    assert!(doc.get("end_session_endpoint").is_none());

    let logout = raw(&origin, "GET", "/oauth2/v2/logout?state=x", "").await;
    assert_eq!(logout.status, 200);
    let requests = running.end_session_requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].accepted);
    assert_eq!(requests[0].state.as_deref(), Some("x"));

    let form = "token=nope&client_id=demo-portal";
    let revoke = raw_form(&origin, "/oauth2/v2/revoke", form, "").await;
    assert_eq!(revoke.status, 200);
    assert_eq!(running.revocations()[0].kind, RevokedKind::Unknown);
    assert!(running.refresh_grants().is_empty());
    running.end_idp_sessions();
    running.shutdown().await;
}

#[tokio::test]
async fn dpop_through_running_over_tcp() {
    use crate::{DpopFeatures, DpopTestKey};
    let mut options = Options::new(Seed::default_seed());
    options.dpop_features = DpopFeatures {
        enabled: true,
        ..DpopFeatures::default()
    };
    let running = start(options).await.expect("start");
    let origin = running.api_origin();
    assert!(running.dpop_features().enabled);

    let post = |path: &'static str, form: String, extra: String| {
        let origin = origin.clone();
        async move { raw_form(&origin, path, &form, &extra).await }
    };
    let decision = crate::tests::harness::form(&[
        ("response_type", "code"),
        ("client_id", "demo-portal"),
        ("redirect_uri", crate::tests::harness::REDIRECT),
        ("scope", "profile"),
        ("code_challenge", crate::tests::harness::CHALLENGE),
        ("code_challenge_method", "S256"),
        ("login", "reading.student"),
        ("decision", "allow"),
    ]);
    let signed_in = post("/oauth2/v2/auth/decision", decision, String::new()).await;
    assert_eq!(signed_in.status, 303);
    let location = signed_in.header("location").expect("location");
    let code = location
        .split("code=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("code")
        .to_string();

    // The proof names the real origin the sandbox was started on.
    let key = DpopTestKey::generate();
    let proof = key.proof("POST", &format!("{origin}/oauth2/v2/token"), None, None);
    let exchange = crate::tests::harness::form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", crate::tests::harness::REDIRECT),
        ("client_id", "demo-portal"),
        ("code_verifier", crate::tests::harness::VERIFIER),
    ]);
    let tokens = post("/oauth2/v2/token", exchange, format!("DPoP: {proof}\r\n")).await;
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    let tokens: Value = serde_json::from_str(&tokens.body).expect("json");
    assert_eq!(tokens["token_type"], "DPoP");
    let access = tokens["access_token"].as_str().expect("token");
    assert_eq!(running.token_binding(access), Some(key.jkt()));
    assert_eq!(running.token_binding("never-issued"), None);

    let proof = key.proof("GET", &format!("{origin}/v2/my/info"), Some(access), None);
    let info = raw(
        &origin,
        "GET",
        "/v2/my/info",
        &format!("Authorization: DPoP {access}\r\nDPoP: {proof}\r\n"),
    )
    .await;
    assert_eq!(info.status, 200, "{}", info.body);
    let records = running.dpop_proofs();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].proof.as_deref(), Some(proof.as_str()));
    assert!(records.iter().all(|r| r.verdict == "accepted"));
    let listed = raw(&origin, "GET", "/__sandbox/dpop-proofs", "").await;
    assert_eq!(listed.status, 200);
    running.clear_dpop_proofs();
    assert!(running.dpop_proofs().is_empty());

    let (token_nonce, api_nonce) = running.rotate_dpop_nonces();
    assert_ne!(token_nonce, api_nonce);
    running.set_dpop_features(DpopFeatures::all());
    assert_eq!(running.dpop_features(), DpopFeatures::all());
    let proof = key.proof("GET", &format!("{origin}/v2/my/info"), Some(access), None);
    let demand = raw(
        &origin,
        "GET",
        "/v2/my/info",
        &format!("Authorization: DPoP {access}\r\nDPoP: {proof}\r\n"),
    )
    .await;
    assert_eq!(demand.status, 401);
    assert_eq!(demand.header("dpop-nonce"), Some(api_nonce.as_str()));
    running.shutdown().await;
}
