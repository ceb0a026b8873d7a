//! Started sign-ins in sessionStorage (see `oauth_public_client::pending`), through gloo-storage's
//! typed [`SessionStorage`]: each record is one serde type, written and read as JSON.
//!
//! gloo-storage throws (and so aborts the wasm) when `window.sessionStorage` itself is
//! missing or blocked by privacy settings; every use therefore goes through
//! [`session_storage`] first, which reports that as [`StorageFailure::Unavailable`].

use gloo_storage::errors::StorageError;
use gloo_storage::{SessionStorage, Storage};
use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::pending::{is_stale, PendingAge, PendingLogin, PendingRecord, StoredTime};

use crate::storage_keys::StorageKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFailure {
    /// No sessionStorage: disabled, or blocked by the browser's privacy settings.
    Unavailable,
    /// Writing failed: storage is full (quota) or read-only.
    Full,
}

/// The outcome of looking up the sign-in a callback belongs to.
#[derive(Debug)]
pub enum Taken {
    /// Boxed: a record is large beside the other outcomes.
    Found(Box<PendingLogin>),
    /// It was there but too old; it has been removed.
    Expired,
    /// Never started in this tab, already used, or removed.
    Unknown,
}

/// sessionStorage, or why it cannot be used (disabled, or blocked by privacy settings).
/// Once this has answered, gloo-storage's own look-up of the same storage cannot throw.
pub(crate) fn session_storage() -> Result<web_sys::Storage, StorageFailure> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or(StorageFailure::Unavailable)
}

/// A failed write: the quota is used up, or storage is read-only.
fn write_failure(_: StorageError) -> StorageFailure {
    StorageFailure::Full
}

/// Keeps a started sign-in until its callback arrives. Stale records are pruned first.
pub fn save(state: &CsrfState, pending: &PendingLogin, now_ms: f64) -> Result<(), StorageFailure> {
    let storage = session_storage()?;
    prune_stale(&storage, now_ms);
    SessionStorage::set(
        StorageKey::Pending(state.as_str()).as_string(),
        pending.to_record(),
    )
    .map_err(write_failure)
}

/// Takes the sign-in `state` belongs to out of storage: whatever the outcome, it cannot be
/// used again.
pub fn take(state: &CsrfState, now_ms: f64) -> Result<Taken, StorageFailure> {
    let storage = session_storage()?;
    let key = StorageKey::Pending(state.as_str()).as_string();
    // Missing, unreadable or of another shape: all the same to the callback.
    let stored = SessionStorage::get::<PendingRecord>(&key).ok();
    SessionStorage::delete(&key);
    prune_stale(&storage, now_ms);
    Ok(match stored.and_then(PendingLogin::from_record) {
        Some(pending) if pending.is_expired(now_ms) => Taken::Expired,
        Some(pending) => Taken::Found(Box::new(pending)),
        None => Taken::Unknown,
    })
}

/// Removes every pending sign-in older than the time limit, and any unreadable one.
fn prune_stale(storage: &web_sys::Storage, now_ms: f64) {
    let prefix = StorageKey::pending_prefix();
    // Keys are listed first: removing while walking the indexes would skip some.
    let stale: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(&prefix))
        .filter(|key| {
            SessionStorage::get::<PendingAge>(key)
                .map_or(true, |age| is_stale(age.created_at_ms(), now_ms))
        })
        .collect();
    for key in stale {
        SessionStorage::delete(key);
    }
}

/// When the app last restarted a sign-in for a LaunchPad code, if it did.
pub fn launchpad_restart_at() -> Option<f64> {
    session_storage().ok()?;
    SessionStorage::get::<StoredTime>(StorageKey::LaunchpadRestart.as_string())
        .ok()
        .map(StoredTime::ms)
}

pub fn set_launchpad_restart(now_ms: f64) -> Result<(), StorageFailure> {
    session_storage()?;
    SessionStorage::set(
        StorageKey::LaunchpadRestart.as_string(),
        StoredTime::from_ms(now_ms),
    )
    .map_err(write_failure)
}

pub fn clear_launchpad_restart() {
    if session_storage().is_ok() {
        SessionStorage::delete(StorageKey::LaunchpadRestart.as_string());
    }
}
