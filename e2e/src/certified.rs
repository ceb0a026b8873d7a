//! The journey against a provider nobody on this project wrote: oidc-provider (OpenID
//! Certified, pinned in `tools/package.json`), run by the Node fixture in
//! `e2e/fixtures/certified-provider/` at ClassLink's paths, with a ClassLink-shaped API beside
//! it that honours only the tokens it issued. Every other end-to-end test runs against the
//! sandbox, which this project wrote itself; these show that the app also works with an
//! implementation whose reading of the standards is not ours.
//!
//! [`Certified`] is a [`Harness`] (the sandbox serves the built app, with a `config.json` that
//! names the client, the issuer and the API only: the OAuth endpoints come from discovery)
//! and the running fixture, which dies with it.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use classlink_sandbox::{AppConfig, Seed};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::browser::Browser;
use crate::harness::{Harness, WAIT};
use crate::raw_http;

/// How the fixture's provider is set up for one test.
#[derive(Debug, Clone, Default)]
pub struct ProviderOptions {
    /// DPoP (RFC 9449) with server nonces required at the token endpoint; the client's
    /// tokens must be DPoP-bound.
    pub dpop: bool,
    /// The access tokens' lifetime (`expires_in`); default an hour.
    pub access_token_lifetime: Option<Duration>,
    /// Lists `prompt_values_supported` in discovery (oidc-provider 8 supports `none` but
    /// does not list it).
    pub lists_prompt_none: bool,
}

/// One request the provider answered (the API's are in [`ApiCall`]).
#[derive(Debug, Clone)]
pub struct ProviderRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub prompt: Option<String>,
    pub code_challenge_method: Option<String>,
    pub grant_type: Option<String>,
    pub token_type_hint: Option<String>,
    /// The request carried a `DPoP` header.
    pub dpop_proof: bool,
    /// Of a token response.
    pub token_type: Option<String>,
    pub id_token: bool,
    /// The OAuth error it answered with.
    pub error: Option<String>,
}

/// A token saved, consumed or destroyed, a grant revoked, a session ended.
#[derive(Debug, Clone)]
pub struct TokenEvent {
    pub name: String,
    pub token: Option<String>,
    /// The key thumbprint a DPoP-bound token is bound to.
    pub jkt: Option<String>,
}

/// One call to the ClassLink-shaped API and its verdict (`accepted`, or why not).
#[derive(Debug, Clone)]
pub struct ApiCall {
    pub path: String,
    pub scheme: Option<String>,
    pub verdict: String,
}

/// What the fixture saw, oldest first.
#[derive(Debug, Clone)]
pub struct ProviderLog {
    pub requests: Vec<ProviderRequest>,
    pub events: Vec<TokenEvent>,
    pub api: Vec<ApiCall>,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

fn list<T>(log: &Value, key: &str, read: impl Fn(&Value) -> T) -> Vec<T> {
    log.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().map(read).collect())
        .unwrap_or_default()
}

impl ProviderLog {
    fn from_json(log: &Value) -> ProviderLog {
        ProviderLog {
            requests: list(log, "requests", |r| ProviderRequest {
                method: text(r, "method").unwrap_or_default(),
                path: text(r, "path").unwrap_or_default(),
                status: r["status"].as_u64().unwrap_or_default() as u16,
                prompt: text(r, "prompt"),
                code_challenge_method: text(r, "code_challenge_method"),
                grant_type: text(r, "grant_type"),
                token_type_hint: text(r, "token_type_hint"),
                dpop_proof: r["dpop_proof"] == json!(true),
                token_type: text(r, "token_type"),
                id_token: r["id_token"] == json!(true),
                error: text(r, "error"),
            }),
            events: list(log, "events", |e| TokenEvent {
                name: text(e, "name").unwrap_or_default(),
                token: text(e, "token"),
                jkt: text(e, "jkt"),
            }),
            api: list(log, "api", |a| ApiCall {
                path: text(a, "path").unwrap_or_default(),
                scheme: text(a, "scheme"),
                verdict: text(a, "verdict").unwrap_or_default(),
            }),
        }
    }

    /// The requests with this method to this path.
    pub fn to(&self, method: &str, path: &str) -> Vec<&ProviderRequest> {
        self.requests
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }

    /// The tokens named by events called `name` (`access_token.saved`, …), oldest first.
    pub fn tokens(&self, name: &str) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e.name == name)
            .filter_map(|e| e.token.clone())
            .collect()
    }

    /// The same log with only the requests from the `first`th on (what a step caused).
    pub fn requests_from(&self, first: usize) -> ProviderLog {
        ProviderLog {
            requests: self.requests.get(first..).unwrap_or_default().to_vec(),
            ..self.clone()
        }
    }

    /// Every access and refresh token issued: secrets no storage may hold.
    pub fn issued_tokens(&self) -> Vec<String> {
        let mut tokens = self.tokens("access_token.saved");
        tokens.extend(self.tokens("refresh_token.saved"));
        tokens
    }
}

/// The provider's paths: ClassLink's where ClassLink has them.
pub const AUTHORIZE_PATH: &str = "/oauth2/v2/auth";
pub const TOKEN_PATH: &str = "/oauth2/v2/token";
pub const JWKS_PATH: &str = "/oauth2/v2/jwks";
pub const REVOKE_PATH: &str = "/oauth2/v2/revoke";
pub const END_SESSION_PATH: &str = "/oauth2/v2/logout";
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
pub const PROFILE_PATH: &str = "/v2/my/info";

/// The running fixture. The Node process is killed when this is dropped.
pub struct CertifiedProvider {
    pub issuer: String,
    _process: Child,
}

/// Where the fixture's scripts are.
fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/certified-provider")
}

fn workspace_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

impl CertifiedProvider {
    /// Starts the fixture on `port` with the app's URL as its client's one redirect URI,
    /// and waits until it answers.
    pub async fn start(
        port: u16,
        redirect_uri: &str,
        options: &ProviderOptions,
    ) -> CertifiedProvider {
        assert!(
            workspace_path("tools/node_modules/oidc-provider").is_dir(),
            "oidc-provider is not installed: run scripts/setup.sh"
        );
        let log_path = std::env::temp_dir().join(format!(
            "classlink-e2e-certified-{}-{port}.log",
            std::process::id()
        ));
        let log = std::fs::File::create(&log_path).expect("a fixture log file");
        let mut command = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()));
        command
            .arg(fixture_dir().join("server.mjs"))
            .args(["--port", &port.to_string(), "--redirect-uri", redirect_uri])
            .arg("--seed")
            .arg(workspace_path("sandbox/seed.json"));
        if options.dpop {
            command.arg("--dpop");
        }
        if options.lists_prompt_none {
            command.arg("--lists-prompt-none");
        }
        if let Some(lifetime) = options.access_token_lifetime {
            command.args(["--access-token-ttl", &lifetime.as_secs().to_string()]);
        }
        let mut process = command
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("node starts (the Node.js that comes with npm)");
        let stdout = process.stdout.take().expect("the fixture's stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first_line = tokio::time::timeout(WAIT, lines.next_line()).await;
        let Ok(Ok(Some(ready))) = first_line else {
            panic!(
                "the certified provider did not start ({first_line:?}); it said:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        };
        let issuer = ready
            .strip_prefix("listening ")
            .unwrap_or_else(|| panic!("unexpected first line from the fixture: {ready}"))
            .to_string();
        // Nothing more is printed; reading on keeps the pipe from ever filling.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        CertifiedProvider {
            issuer,
            _process: process,
        }
    }

    /// What the provider and its API saw so far.
    pub fn log(&self) -> ProviderLog {
        let response = raw_http::get(&self.issuer, "/__fixture/log");
        assert_eq!(response.status, 200, "the fixture's log");
        let value: Value = serde_json::from_slice(&response.body).expect("the log is JSON");
        ProviderLog::from_json(&value)
    }
}

/// A loopback port nothing listens on now: the fixture's, known before the app's config is.
fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// The app's `config.json` for this provider: the client and the issuer, and the API, which
/// no discovery document names. Everything else comes from the issuer's discovery document.
pub fn app_config(issuer: &str) -> String {
    json!({
        "client_id": Seed::default_seed().client_id(),
        "issuer": issuer,
        "profile_endpoint": format!("{issuer}{PROFILE_PATH}"),
        "classes_endpoint": format!("{issuer}/v2/oneroster/my/classes"),
        "teachers_endpoint": format!("{issuer}/v2/oneroster/my/classes/{{classSourcedId}}/teachers"),
    })
    .to_string()
}

/// A [`Harness`] whose app signs in with the certified provider.
pub struct Certified {
    pub harness: Harness,
    pub provider: CertifiedProvider,
}

impl Deref for Certified {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.harness
    }
}

impl Certified {
    pub async fn start(browser: Browser, options: ProviderOptions) -> Certified {
        let port = unused_port();
        let config = app_config(&format!("http://127.0.0.1:{port}"));
        let harness = Harness::start_with(browser, |sandbox| {
            if let Some(app) = sandbox.serve_app.as_mut() {
                app.config = AppConfig::Verbatim(config);
            }
        })
        .await;
        let provider = CertifiedProvider::start(port, &harness.app_url, &options).await;
        Certified { harness, provider }
    }

    /// From the app's sign-in screen through the provider's sign-in and consent pages (its
    /// development interactions: any password) and back, as `login`.
    pub async fn sign_in_as(&self, login: &str) {
        self.click("sign-in").await;
        self.sign_in_at_provider(login).await;
    }

    /// On the provider's sign-in page: the login, a password, then consent.
    pub async fn sign_in_at_provider(&self, login: &str) {
        self.fill_css("input[name='login']", login).await;
        self.fill_css("input[name='password']", "any password")
            .await;
        self.click_css("button[type='submit']").await;
        self.click_css("input[name='prompt'][value='consent'] + button")
            .await;
    }

    /// The access token the provider issued last.
    pub fn last_access_token(&self) -> String {
        self.provider
            .log()
            .tokens("access_token.saved")
            .pop()
            .expect("an access token was issued")
    }

    pub async fn finish(self) {
        self.harness.finish().await;
    }
}
