//! The companion in front of the sandbox, in one test process: the sandbox registers the
//! client with a secret and serves no browsers at its token endpoint and APIs (no CORS), so
//! the app alone cannot sign in; the companion (`classlink-companion`, started in-process as
//! its binary would be) adds the secret and passes the API calls through; the app's
//! `config.json` points its `token_endpoint` and API endpoints at the companion.
//!
//! The companion's log goes to a list the test reads ([`WithCompanion::log`]), line for line
//! what the binary writes to standard error.

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use classlink_companion::{serve, vars, AccessLog, Companion, Config, HttpsUpstream, Serving};
use classlink_sandbox::{AppConfig, ConfidentialClient, CorsOff, Seed};
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;

use crate::browser::Browser;
use crate::harness::Harness;

/// The client secret the sandbox requires and the companion adds. Test data, looked for in
/// the companion's log and in every place a page can keep or leak something.
pub const CLIENT_SECRET: &str = "companion-e2e-client-secret-5f1c";

/// The sandbox's API prefix, as the companion's configuration allows it.
const API_PREFIX_PATH: &str = "/v2/";

/// A [`Harness`] whose app reaches the sandbox's token endpoint and APIs only through the
/// companion.
pub struct WithCompanion {
    pub harness: Harness,
    /// The companion's base URL (`http://127.0.0.1:<port>`); its token endpoint is
    /// `{companion_url}/token`.
    pub companion_url: String,
    serving: Serving,
    log: Arc<Mutex<Vec<String>>>,
}

impl Deref for WithCompanion {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.harness
    }
}

/// The app's `config.json` keys that send it through the companion at `companion_url`:
/// the token endpoint, and the sandbox's API under the pass-through's path, which names the
/// upstream host and port (`{authority}`, filled in by the sandbox when it starts).
pub fn app_config_through(companion_url: &str) -> Map<String, Value> {
    let api = format!("{companion_url}/api/{{authority}}{API_PREFIX_PATH}");
    let mut config = Map::new();
    config.insert(
        "token_endpoint".into(),
        json!(format!("{companion_url}/token")),
    );
    config.insert("profile_endpoint".into(), json!(format!("{api}my/info")));
    config.insert(
        "classes_endpoint".into(),
        json!(format!("{api}oneroster/my/classes")),
    );
    config.insert(
        "teachers_endpoint".into(),
        json!(format!(
            "{api}oneroster/my/classes/{{classSourcedId}}/teachers"
        )),
    );
    config
}

/// The origin (scheme, host, port) of a URL.
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("an absolute URL");
    let authority = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{authority}")
}

impl WithCompanion {
    /// The sandbox with a client secret required and no CORS on its token endpoint and APIs,
    /// the companion in front of it (configured as a district would: the app's origin, the
    /// client id and secret, the redirect URI, the sandbox as issuer, its API prefix), and
    /// the app pointed at the companion.
    pub async fn start(browser: Browser) -> WithCompanion {
        Self::start_configured(browser, |_| {}).await
    }

    /// [`WithCompanion::start`] with the companion's variables changed by `change` (a
    /// district's mistake: another secret, another redirect URI).
    pub async fn start_configured(
        browser: Browser,
        change: impl FnOnce(&mut Vec<(&'static str, String)>),
    ) -> WithCompanion {
        // The companion's port first: config.json names it, and the sandbox serves config.json.
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the companion");
        let companion_url = format!(
            "http://{}",
            listener.local_addr().expect("the companion's address")
        );
        let through = app_config_through(&companion_url);
        let harness = Harness::start_with(browser, |options| {
            options.confidential_client = Some(ConfidentialClient::new(CLIENT_SECRET));
            options.cors_off = CorsOff::all();
            if let Some(app) = options.serve_app.as_mut() {
                app.config = AppConfig::GeneratedWith(through);
            }
        })
        .await;

        let api_origin = harness.sandbox.api_origin();
        let mut settings = vec![
            (vars::ALLOWED_ORIGINS, origin_of(&harness.app_url)),
            (
                vars::CLIENT_ID,
                Seed::default_seed().client_id().to_string(),
            ),
            (vars::CLIENT_SECRET, CLIENT_SECRET.to_string()),
            (vars::REDIRECT_URIS, harness.app_url.clone()),
            (vars::ISSUER, harness.sandbox.issuer()),
            (vars::API_PREFIXES, format!("{api_origin}{API_PREFIX_PATH}")),
        ];
        change(&mut settings);
        let config = Config::from_lookup(|name| {
            settings
                .iter()
                .find(|(variable, _)| *variable == name)
                .map(|(_, value)| value.clone())
        })
        .expect("the companion's configuration");
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let access_log: AccessLog =
            Arc::new(move |record| sink.lock().unwrap().push(record.to_string()));
        let upstream = HttpsUpstream::new().expect("the companion's HTTP client");
        let companion = Companion::start_with_log(config, Arc::new(upstream), access_log)
            .await
            .expect("the companion starts (it reads the sandbox's discovery document)");
        let serving = serve(companion, listener).expect("the companion serves");
        WithCompanion {
            harness,
            companion_url,
            serving,
            log,
        }
    }

    /// Every line the companion has logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// The companion's resolved token endpoint and client authentication method.
    pub fn companion(&self) -> &Companion {
        self.serving.companion()
    }

    pub async fn finish(self) {
        let _ = self.serving.shutdown().await;
        self.harness.finish().await;
    }
}
