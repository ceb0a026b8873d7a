//! What [`start`](crate::start) is given (re-exported by the crate root): the sandbox's
//! [`Options`], and [`ServeApp`] with its [`AppConfig`] for serving the built app next to it.
//! It imports no other module of the sandbox except the seed and the switch sets, so the state and the app
//! server can read the options without importing the crate root that uses them.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use crate::api::seed::Seed;
use crate::control::confidential_client::ConfidentialClient;
use crate::control::cors_off::CorsOff;
use crate::control::session_features::SessionFeatures;
use crate::dpop::features::DpopFeatures;

/// Everything [`start`](crate::start) needs. Build it with [`Options::new`] and adjust the
/// public fields.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address both listeners bind to.
    pub bind: IpAddr,
    /// API port; 0 picks an ephemeral port (see
    /// [`Running::api_origin`](crate::Running::api_origin)).
    pub port: u16,
    /// Origins allowed by CORS, in addition to the origins of every registered redirect URI.
    pub app_origins: Vec<String>,
    /// Redirect URIs registered for the seed's client, in addition to the seed's own.
    pub redirect_uris: Vec<String>,
    pub seed: Seed,
    /// A fixed delay before every response (not on `/__sandbox/*`), for benchmarks.
    pub latency: Duration,
    /// When set, access tokens expire after this long and the token response has `expires_in`.
    /// Otherwise they live 24 hours and, like ClassLink's, the response says nothing.
    pub token_lifetime: Option<Duration>,
    /// The `iss` of callbacks and id tokens; default: the seed's issuer, else the API origin.
    pub issuer: Option<String>,
    /// Also serve the app's static files on a second listener.
    pub serve_app: Option<ServeApp>,
    /// The provider-session switches at start (all off: ClassLink as documented).
    pub session_features: SessionFeatures,
    /// The DPoP switches at start (all off: ClassLink advertises no DPoP).
    pub dpop_features: DpopFeatures,
    /// Surfaces that serve no browsers (no CORS) at start; none by default.
    pub cors_off: CorsOff,
    /// Registers the seed's client with a secret; `None` (the default): a public client.
    pub confidential_client: Option<ConfidentialClient>,
    /// Whether browsers may keep discovery and the key set (`Cache-Control: public,
    /// max-age=300`, the default) or not (`no-store`); switchable later with
    /// [`Running::set_documents_kept`](crate::Running::set_documents_kept).
    pub documents_kept: bool,
}

impl Options {
    /// Defaults: 127.0.0.1, an ephemeral port, no latency, ClassLink's 24-hour tokens, no
    /// session or DPoP features.
    pub fn new(seed: Seed) -> Self {
        Options {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            app_origins: Vec::new(),
            redirect_uris: Vec::new(),
            seed,
            latency: Duration::ZERO,
            token_lifetime: None,
            issuer: None,
            serve_app: None,
            session_features: SessionFeatures::default(),
            dpop_features: DpopFeatures::default(),
            cors_off: CorsOff::default(),
            confidential_client: None,
            documents_kept: true,
        }
    }

    /// Sets [`Options::serve_app`]; its origin and redirect URI are registered by
    /// [`start`](crate::start).
    pub fn with_serve_app(mut self, serve_app: ServeApp) -> Self {
        self.serve_app = Some(serve_app);
        self
    }
}

/// Serving the built app next to the sandbox, for the one-command demo.
#[derive(Debug, Clone)]
pub struct ServeApp {
    /// The directory holding `index.html`, the `.wasm` and `.js` files.
    pub dir: PathBuf,
    /// App port; 0 picks an ephemeral port (see [`Running::app_url`](crate::Running::app_url)).
    pub port: u16,
    /// Where the app lives, e.g. `/` or `/portal/` (a missing trailing slash is added).
    pub path: String,
    /// Host name the browser uses for both origins (`127.0.0.1` or `localhost`).
    pub public_host: String,
    /// What `config.json` under the app path answers.
    pub config: AppConfig,
}

/// The app's `config.json`, as the sandbox serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppConfig {
    /// Generated to point at this sandbox (the demo, and most tests).
    Generated,
    /// Generated, then these keys replaced (`null` removes one); `{origin}` in a string
    /// value stands for the sandbox's API origin, which is not known before it starts, and
    /// `{authority}` for its host and port alone (a proxy's path can name it).
    GeneratedWith(serde_json::Map<String, serde_json::Value>),
    /// Served as given: tests of the app's configuration error page.
    Verbatim(String),
    /// 404, as on a host where nobody uploaded one.
    Missing,
}

impl ServeApp {
    /// Defaults: port 8080, path `/`, host `127.0.0.1`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ServeApp {
            dir: dir.into(),
            port: 8080,
            path: "/".to_string(),
            public_host: "127.0.0.1".to_string(),
            config: AppConfig::Generated,
        }
    }
}
