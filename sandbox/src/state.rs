//! Shared server state: fixed configuration, the mutable store (codes, tokens, request log,
//! faults) and an adjustable clock so tests can expire codes without sleeping. The fault and
//! request-log types it stores are [`crate::model`]'s; the middlewares that fill them depend on
//! this module, never the other way round.

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::dpop::{DpopFeatures, DpopMemory};
use crate::features::SessionFeatures;
use crate::model::{Fault, FaultKind, FaultTarget, LoggedRequest};
use crate::options::Options;
use crate::records::{EndSessionRequest, RefreshGrant, Revocation};
use crate::seed::Seed;
use crate::http::urls;

/// ClassLink documents 5-minute codes.
pub(crate) const CODE_TTL: Duration = Duration::from_secs(5 * 60);
/// ClassLink documents 24-hour access tokens.
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Configuration fixed at start.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub seed: Seed,
    pub client_id: String,
    /// Exact strings; a redirect URI matches only if byte-for-byte equal.
    pub redirect_uris: Vec<String>,
    /// Exact origins allowed by CORS.
    pub allowed_origins: Vec<String>,
    pub issuer: String,
    /// Where the API listener answers, e.g. `http://127.0.0.1:8081` (discovery's endpoints).
    pub api_origin: String,
    pub latency: Duration,
    /// `Some`: tokens expire after it and the token response has `expires_in`.
    pub token_lifetime: Option<Duration>,
    pub code_ttl: Duration,
    /// The session switches at start; the live ones are [`Store::session_features`].
    pub session_features: SessionFeatures,
    /// The DPoP switches at start; the live ones are in [`Store::dpop`].
    pub dpop_features: DpopFeatures,
}

impl Config {
    /// Merges options, seed and the served app (`(origin, redirect URI)`) into one
    /// configuration. The served app's redirect URI comes first, then `--redirect-uri`s, then
    /// the seed's, so LaunchPad's default target is the most specific one.
    pub fn build(
        opts: &Options,
        api_origin: &str,
        served_app: Option<&(String, String)>,
    ) -> io::Result<Config> {
        let seed = opts.seed.clone();
        let mut redirect_uris = Vec::new();
        let candidates = served_app
            .map(|(_, url)| url)
            .into_iter()
            .chain(&opts.redirect_uris)
            .chain(seed.redirect_uris());
        for uri in candidates {
            if urls::origin_of(uri).is_none() || uri.contains('#') {
                return Err(invalid_input(format!(
                    "redirect URI {uri:?} must be an absolute http(s) URI without a fragment"
                )));
            }
            push_unique(&mut redirect_uris, uri);
        }
        if redirect_uris.is_empty() {
            return Err(invalid_input("no redirect URI is registered".into()));
        }

        // The app runs at its redirect URI's origin, so those origins are allowed as well.
        let mut allowed_origins = Vec::new();
        for origin in &opts.app_origins {
            match urls::origin_of(origin) {
                Some(o) if o == *origin => push_unique(&mut allowed_origins, origin),
                _ => {
                    return Err(invalid_input(format!(
                        "app origin {origin:?} must be scheme://host[:port], nothing more"
                    )))
                }
            }
        }
        if let Some((origin, _)) = served_app {
            push_unique(&mut allowed_origins, origin);
        }
        for uri in &redirect_uris {
            if let Some(origin) = urls::origin_of(uri) {
                push_unique(&mut allowed_origins, &origin);
            }
        }

        let issuer = opts
            .issuer
            .clone()
            .or_else(|| seed.issuer().map(str::to_string))
            .unwrap_or_else(|| api_origin.to_string());
        Ok(Config {
            client_id: seed.client_id().to_string(),
            seed,
            redirect_uris,
            allowed_origins,
            issuer,
            api_origin: api_origin.to_string(),
            latency: opts.latency,
            token_lifetime: opts.token_lifetime,
            code_ttl: CODE_TTL,
            session_features: opts.session_features,
            dpop_features: opts.dpop_features,
        })
    }

    pub fn is_registered_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    pub fn token_lifetime_or_default(&self) -> Duration {
        self.token_lifetime.unwrap_or(DEFAULT_TOKEN_LIFETIME)
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// An issued authorization code and what it is bound to.
#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    /// `None` for a LaunchPad-initiated code, which this public client can never redeem.
    pub code_challenge: Option<String>,
    pub scope: String,
    pub login: String,
    /// The authorization request's `nonce`, echoed in the id_token.
    pub nonce: Option<String>,
    pub issued_at_ms: u64,
    /// Set by the first redemption attempt: codes are single-use.
    pub used: bool,
    /// Access tokens issued from this code, revoked if the code is presented again.
    pub tokens: Vec<String>,
    /// The refresh-token family the exchange started (with `refresh_tokens` on), revoked with
    /// those tokens if the code is presented again.
    pub family: Option<u64>,
}

impl CodeGrant {
    pub fn is_launchpad(&self) -> bool {
        self.code_challenge.is_none()
    }
}

/// An access token's grant.
#[derive(Debug, Clone)]
pub(crate) struct TokenGrant {
    pub login: String,
    pub scope: String,
    pub expires_at_ms: u64,
    /// The RFC 7638 thumbprint of the DPoP key it is bound to; `None`: a Bearer token. The
    /// tokens are opaque, so the binding lives here (a JWT would carry it as `cnf.jkt`).
    pub jkt: Option<String>,
}

impl TokenGrant {
    /// Whether the space-separated scope includes any of `wanted`.
    pub fn has_any_scope(&self, wanted: &[&str]) -> bool {
        self.scope.split(' ').any(|s| wanted.contains(&s))
    }
}

/// A refresh token's grant. Refresh tokens do not expire; they end by rotation, reuse or
/// revocation.
#[derive(Debug, Clone)]
pub(crate) struct RefreshToken {
    pub family: u64,
    pub login: String,
    /// The scope of the original grant; a refresh may narrow it, never widen it.
    pub scope: String,
    /// Set when it was exchanged: presenting it again is reuse (RFC 9700 §4.14.2).
    pub used: bool,
    /// The DPoP key it is bound to (RFC 9449 §5); `None`: bound to nothing.
    pub jkt: Option<String>,
}

/// Every token descended from one authorization code: revoked together on reuse.
#[derive(Debug, Clone, Default)]
pub(crate) struct Family {
    pub access_tokens: Vec<String>,
    pub refresh_tokens: Vec<String>,
}

/// Everything that changes while serving.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub codes: HashMap<String, CodeGrant>,
    /// Live tokens only: revoking removes the entry.
    pub tokens: HashMap<String, TokenGrant>,
    /// Every code and access token ever issued, for leak checks.
    pub issued: Vec<String>,
    pub requests: Vec<LoggedRequest>,
    pub faults: Vec<Fault>,
    /// How often the RS256 signing key was rotated (see [`crate::keys::KeySet::current`]).
    pub key_rotations: usize,
    /// The live session switches.
    pub session_features: SessionFeatures,
    /// Provider sessions: the `sandbox_idp` cookie's secret → who signed in.
    pub idp_sessions: HashMap<String, String>,
    /// Refresh tokens, used ones included (so reuse is recognised); revoking removes them.
    pub refresh_tokens: HashMap<String, RefreshToken>,
    /// Refresh-token families by id; revoking removes the entry.
    pub families: HashMap<u64, Family>,
    pub next_family: u64,
    pub refresh_grants: Vec<RefreshGrant>,
    pub revocations: Vec<Revocation>,
    pub end_session_requests: Vec<EndSessionRequest>,
    /// The DPoP switches, nonces, accepted proofs and records.
    pub dpop: DpopMemory,
}

impl Store {
    /// Records a new secret (code or token) in the leak-check list.
    pub fn remember_issued(&mut self, secret: &str) {
        self.issued.push(secret.to_string());
    }

    /// Starts a refresh-token family and returns its id.
    pub fn new_family(&mut self) -> u64 {
        let id = self.next_family;
        self.next_family += 1;
        self.families.insert(id, Family::default());
        id
    }

    /// Revokes every access and refresh token of a family (unknown ids: nothing to do).
    pub fn revoke_family(&mut self, id: u64) {
        if let Some(family) = self.families.remove(&id) {
            for token in &family.access_tokens {
                self.tokens.remove(token);
            }
            for token in &family.refresh_tokens {
                self.refresh_tokens.remove(token);
            }
        }
    }
}

/// Wall-clock time in milliseconds plus a skew tests can advance.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    skew_ms: AtomicU64,
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        wall.saturating_add(self.skew_ms.load(Ordering::Relaxed))
    }

    /// Moves "now" forward (tests: expire a code or a token without waiting).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn advance(&self, by: Duration) {
        self.skew_ms
            .fetch_add(by.as_millis() as u64, Ordering::Relaxed);
    }
}

/// The state every handler gets.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub clock: Clock,
    store: Mutex<Store>,
    /// Flips to `true` once on shutdown; long-running responses (stall, endless body) watch it.
    shutdown: watch::Sender<bool>,
}

impl Shared {
    pub fn new(config: Config) -> Shared {
        let session_features = config.session_features;
        let dpop = DpopMemory {
            features: config.dpop_features,
            ..DpopMemory::default()
        };
        Shared {
            config,
            clock: Clock::default(),
            store: Mutex::new(Store {
                session_features,
                dpop,
                ..Store::default()
            }),
            shutdown: watch::Sender::new(false),
        }
    }

    /// Locks the store. A panic elsewhere while holding the lock leaves data that is still
    /// consistent enough for a test server, so poisoning is ignored rather than propagated.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn signal_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn shutdown_receiver(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Sleeps for `duration`, or less if shutdown starts meanwhile.
    pub async fn sleep_unless_shutdown(&self, duration: Duration) {
        let mut stop = self.shutdown_receiver();
        tokio::select! {
            _ = tokio::time::sleep(duration) => {}
            _ = stop.wait_for(|stopping| *stopping) => {}
        }
    }

    /// Issues a single-use authorization code bound to everything the token request must
    /// repeat. `code_challenge: None` makes a LaunchPad code.
    pub fn issue_code(
        &self,
        redirect_uri: &str,
        code_challenge: Option<&str>,
        scope: &str,
        login: &str,
        nonce: Option<&str>,
    ) -> Result<String, getrandom::Error> {
        let code = crate::pkce::random_secret()?;
        let grant = CodeGrant {
            client_id: self.config.client_id.clone(),
            redirect_uri: redirect_uri.to_string(),
            code_challenge: code_challenge.map(str::to_string),
            scope: scope.to_string(),
            login: login.to_string(),
            nonce: nonce.map(str::to_string),
            issued_at_ms: self.clock.now_ms(),
            used: false,
            tokens: Vec::new(),
            family: None,
        };
        let mut store = self.store();
        store.remember_issued(&code);
        store.codes.insert(code.clone(), grant);
        Ok(code)
    }

    /// The live session switches.
    pub fn session_features(&self) -> SessionFeatures {
        self.store().session_features
    }

    /// The live DPoP switches.
    pub fn dpop_features(&self) -> DpopFeatures {
        self.store().dpop.features
    }

    /// Rotates the RS256 signing key: a new current key signs from now on and the one it
    /// replaces stays published. Returns the new current `kid`.
    pub fn rotate_key(&self) -> String {
        let mut store = self.store();
        store.key_rotations += 1;
        crate::keys::keys().current(store.key_rotations).kid.clone()
    }

    /// The `kid` of the current RS256 signing key.
    pub fn signing_kid(&self) -> String {
        let rotations = self.store().key_rotations;
        crate::keys::keys().current(rotations).kid.clone()
    }

    /// Arms a fault; one with `times: Some(0)` is already spent and is dropped.
    pub fn add_fault(&self, fault: Fault) {
        if fault.times != Some(0) {
            self.store().faults.push(fault);
        }
    }

    /// Takes one use of the oldest armed fault for `target` whose kind passes `filter` and that
    /// can fire on that target; a fault whose `times` reaches 0 disappears.
    pub fn take_fault(
        &self,
        target: FaultTarget,
        filter: impl Fn(&FaultKind) -> bool,
    ) -> Option<FaultKind> {
        take_fault_from(&mut self.store().faults, target, filter)
    }
}

/// [`Shared::take_fault`] for a caller already holding the store's lock (a fault that must be
/// spent in the same step that issues a token).
pub(crate) fn take_fault_from(
    faults: &mut Vec<Fault>,
    target: FaultTarget,
    filter: impl Fn(&FaultKind) -> bool,
) -> Option<FaultKind> {
    let index = faults
        .iter()
        .position(|f| f.target == target && f.kind.fits(target) && filter(&f.kind))?;
    let fault = &mut faults[index];
    let kind = fault.kind.clone();
    if let Some(times) = fault.times.as_mut() {
        *times = times.saturating_sub(1);
        if *times == 0 {
            faults.remove(index);
        }
    }
    Some(kind)
}
