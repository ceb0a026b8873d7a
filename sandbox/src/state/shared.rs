//! [`Shared`], the state every handler gets: the configuration fixed at start, the sandbox's
//! clock, the store behind one lock, and the shutdown signal long answers watch.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use super::clock::Clock;
use super::config::Config;
use super::store::{CodeGrant, Store};
use crate::control::cors_off::CorsOff;
use crate::control::faults::fault::{take, Fault, FaultKind, FaultTarget};
use crate::control::session_features::SessionFeatures;
use crate::dpop::features::DpopFeatures;
use crate::dpop::memory::DpopMemory;

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
        let cors_off = config.cors_off;
        let documents_not_kept = !config.documents_kept;
        // The secret must never reach a browser: it joins the leak-check list.
        let issued = config
            .confidential_client
            .iter()
            .map(|client| client.secret.clone())
            .collect();
        let dpop = DpopMemory {
            features: config.dpop_features,
            ..DpopMemory::default()
        };
        Shared {
            config,
            clock: Clock::default(),
            store: Mutex::new(Store {
                session_features,
                cors_off,
                documents_not_kept,
                issued,
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
        let code = crate::random::random_secret()?;
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

    /// The surfaces that serve no browsers now.
    pub fn cors_off(&self) -> CorsOff {
        self.store().cors_off
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
        crate::provider::signing_keys::keys()
            .current(store.key_rotations)
            .kid
            .clone()
    }

    /// The `kid` of the current RS256 signing key.
    pub fn signing_kid(&self) -> String {
        let rotations = self.store().key_rotations;
        crate::provider::signing_keys::keys()
            .current(rotations)
            .kid
            .clone()
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
        take(&mut self.store().faults, &[target], filter)
    }

    /// [`Shared::take_fault`] for a request that meets several targets (see [`take`]).
    pub fn take_fault_among(
        &self,
        targets: &[FaultTarget],
        filter: impl Fn(&FaultKind) -> bool,
    ) -> Option<FaultKind> {
        take(&mut self.store().faults, targets, filter)
    }
}
