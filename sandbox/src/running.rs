//! Starting the sandbox ([`start`]) and the handle to a started one ([`Running`]): its
//! origins, and every switch, fault and record tests reach in-process.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::control::cors_off::CorsOff;
use crate::control::faults::fault::Fault;
use crate::control::options::Options;
use crate::control::records::{
    DpopProofRecord, EndSessionRequest, RefreshGrant, Revocation, TokenRequest,
};
use crate::control::request_log::entry::LoggedRequest;
use crate::control::session_features::SessionFeatures;
use crate::dpop::features::DpopFeatures;
use crate::hosting::{api_listener, app_listener};
use crate::http::urls;
use crate::provider::session;
use crate::state::config::Config;
use crate::state::shared::Shared;

/// How long a graceful shutdown may wait for open connections before they are cut.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A started sandbox. Dropping it signals the listeners to stop; [`Running::shutdown`] also
/// waits for them.
pub struct Running {
    shared: Arc<Shared>,
    api_origin: String,
    app_url: Option<String>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// The API origin the browser should use, e.g. `http://127.0.0.1:40123`.
    pub fn api_origin(&self) -> String {
        self.api_origin.clone()
    }

    /// The app's URL (also its registered redirect URI) when [`Options::serve_app`] was set.
    pub fn app_url(&self) -> Option<String> {
        self.app_url.clone()
    }

    /// The issuer sent as `iss` in callbacks and id tokens.
    pub fn issuer(&self) -> String {
        self.shared.config.issuer.clone()
    }

    /// Adds a fault (see [`Fault`]). A kind that does not fit its target (e.g. `total_count` on
    /// `token`) never fires; the admin route rejects such combinations instead.
    pub fn add_fault(&self, fault: Fault) {
        self.shared.add_fault(fault);
    }

    /// Rotates the RS256 id_token signing key: a new key signs from now on, the one it replaces
    /// stays in the JWKS. Returns the new key's `kid` (also `POST /__sandbox/rotate-key`).
    /// The sandbox has two such keys, so a second rotation brings the first one back.
    pub fn rotate_signing_key(&self) -> String {
        self.shared.rotate_key()
    }

    /// The `kid` of the RS256 key that signs id_tokens now.
    pub fn signing_kid(&self) -> String {
        self.shared.signing_kid()
    }

    pub fn clear_faults(&self) {
        self.shared.store().faults.clear();
    }

    /// Faults still armed, with their remaining `times`.
    pub fn faults(&self) -> Vec<Fault> {
        self.shared.store().faults.clone()
    }

    /// Every request to the API listener so far (not `/__sandbox/*`), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.store().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.store().requests.clear();
    }

    /// Every access token and authorization code ever issued, for leak checks; also every
    /// refresh token, while any session switch is on every provider-session secret, and a
    /// confidential client's secret (which no browser may ever hold).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.store().issued.clone()
    }

    /// Turns the session switches on or off from now on (also
    /// `POST /__sandbox/session-features`). Sessions and tokens already issued stay.
    pub fn set_session_features(&self, features: SessionFeatures) {
        self.shared.store().session_features = features;
    }

    /// Whether browsers may keep discovery and the key set (`Cache-Control: public,
    /// max-age=300`, the default) or not (`no-store`).
    pub fn set_documents_kept(&self, kept: bool) {
        self.shared.store().documents_not_kept = !kept;
    }

    /// The session switches now.
    pub fn session_features(&self) -> SessionFeatures {
        self.shared.session_features()
    }

    /// Takes CORS off these surfaces, or puts it back, from now on (also
    /// `POST /__sandbox/cors-off`): a provider that serves no browsers.
    pub fn set_cors_off(&self, off: CorsOff) {
        self.shared.store().cors_off = off;
    }

    /// The surfaces without CORS now.
    pub fn cors_off(&self) -> CorsOff {
        self.shared.cors_off()
    }

    /// Turns the DPoP switches on or off from now on (also `POST /__sandbox/dpop-features`).
    /// Tokens already bound stay bound, but while `enabled` is off the sandbox knows nothing of
    /// DPoP and does not enforce their binding.
    pub fn set_dpop_features(&self, features: DpopFeatures) {
        self.shared.store().dpop.features = features;
    }

    /// The DPoP switches now.
    pub fn dpop_features(&self) -> DpopFeatures {
        self.shared.dpop_features()
    }

    /// One record per request to the token endpoint or the API that carried a `DPoP` header or
    /// used the `DPoP` authorization scheme, oldest first (also `GET /__sandbox/dpop-proofs`).
    pub fn dpop_proofs(&self) -> Vec<DpopProofRecord> {
        self.shared.store().dpop.proofs.clone()
    }

    /// Forgets the DPoP records (also `DELETE /__sandbox/dpop-proofs`).
    pub fn clear_dpop_proofs(&self) {
        self.shared.store().dpop.proofs.clear();
    }

    /// The RFC 7638 thumbprint (`jkt`) of the DPoP key an issued access token is bound to;
    /// `None` for a Bearer token, or one revoked or never issued.
    pub fn token_binding(&self, access_token: &str) -> Option<String> {
        self.shared.store().token_binding(access_token)
    }

    /// Replaces the token endpoint's and the API's DPoP nonces now (also
    /// `POST /__sandbox/rotate-dpop-nonces`); the ones replaced stay accepted until the next
    /// rotation. Returns the new `(token endpoint, API)` nonces.
    pub fn rotate_dpop_nonces(&self) -> (String, String) {
        let now_ms = self.shared.clock.now_ms();
        let rotated = self.shared.store().dpop.rotate_nonces(now_ms);
        match rotated {
            Ok(nonces) => nonces,
            Err(err) => panic!("classlink-sandbox: no randomness for a DPoP nonce: {err}"),
        }
    }

    /// Forgets every provider session, as when the user's ClassLink session ends elsewhere
    /// (also `POST /__sandbox/end-idp-sessions`): `prompt=none` then answers `login_required`
    /// and `sso` shows the sign-in page again.
    pub fn end_idp_sessions(&self) {
        session::end_all(&self.shared);
    }

    /// Every token request that sent a form, oldest first: its grant type and how it
    /// authenticated the client (also `GET /__sandbox/token-requests`).
    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.shared.store().token_requests.clone()
    }

    /// Every `grant_type=refresh_token` request that reached its checks, oldest first.
    pub fn refresh_grants(&self) -> Vec<RefreshGrant> {
        self.shared.store().refresh_grants.clone()
    }

    /// Every accepted revocation request, oldest first.
    pub fn revocations(&self) -> Vec<Revocation> {
        self.shared.store().revocations.clone()
    }

    /// Every end-session request, accepted or not, oldest first.
    pub fn end_session_requests(&self) -> Vec<EndSessionRequest> {
        self.shared.store().end_session_requests.clone()
    }

    /// Stops both listeners: open connections get a short grace period (a never-ending body
    /// or a stall fault ends at once), then are cut.
    pub async fn shutdown(mut self) {
        self.shared.signal_shutdown();
        for mut task in std::mem::take(&mut self.tasks) {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shared.signal_shutdown();
    }
}

/// Binds the listeners and starts serving. The serve_app origin and redirect URI (with the
/// real app port) are registered before the first request can arrive.
pub async fn start(opts: Options) -> std::io::Result<Running> {
    let serve_app = opts
        .serve_app
        .as_ref()
        .map(app_listener::Prepared::new)
        .transpose()?;

    // Bind the app first: its real port goes into the registered redirect URI and origin.
    let app_listener = match &serve_app {
        Some(app) => Some(TcpListener::bind((opts.bind, app.port)).await?),
        None => None,
    };
    let api_listener = TcpListener::bind((opts.bind, opts.port)).await?;
    let api_port = api_listener.local_addr()?.port();

    let host = match &serve_app {
        Some(app) => app.public_host.clone(),
        None => urls::host_for(opts.bind),
    };
    let api_origin = format!("http://{host}:{api_port}");
    let app_origin_and_url = match (&serve_app, &app_listener) {
        (Some(app), Some(listener)) => {
            let origin = format!("http://{host}:{}", listener.local_addr()?.port());
            let url = format!("{origin}{}", app.path);
            Some((origin, url))
        }
        _ => None,
    };

    let config = Config::build(&opts, &api_origin, app_origin_and_url.as_ref())?;
    let shared = Arc::new(Shared::new(config));

    let mut tasks = Vec::new();
    let api = api_listener::api_router(shared.clone());
    tasks.push(spawn_server(api_listener, api, &shared));
    let mut app_url = None;
    if let (Some(app), Some(listener), Some((_, url))) =
        (serve_app, app_listener, app_origin_and_url)
    {
        let router = app_listener::router(app, shared.clone(), api_origin.clone());
        tasks.push(spawn_server(listener, router, &shared));
        app_url = Some(url);
    }

    Ok(Running {
        shared,
        api_origin,
        app_url,
        tasks,
    })
}

/// Serves `router` until shutdown is signalled, with the peer address available to handlers
/// (the admin routes answer loopback peers only).
fn spawn_server(
    listener: TcpListener,
    router: axum::Router,
    shared: &Arc<Shared>,
) -> JoinHandle<()> {
    let mut stop = shared.shutdown_receiver();
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                // An error means the sender is gone, which also means "stop".
                let _ = stop.wait_for(|stopping| *stopping).await;
            })
            .await;
        if let Err(err) = result {
            eprintln!("classlink-sandbox: server error: {err}");
        }
    })
}
