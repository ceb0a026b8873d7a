//! Started sign-ins in sessionStorage (see `crate::auth::pending`). Every use goes through
//! [`session_storage`], which reports disabled or blocked storage as an error, not an
//! exception. Records are written as text by `crate::auth::pending` itself: a typed storage API
//! would put serde_json back into the wasm.

use crate::auth::csrf_state::CsrfState;
use crate::auth::pending::{created_at_of, is_stale, time_from_text, time_to_text, PendingLogin};
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
    Found(PendingLogin),
    /// It was there but too old; it has been removed.
    Expired,
    /// Never started in this tab, already used, or removed.
    Unknown,
}

/// sessionStorage, or why it cannot be used (disabled, or blocked by privacy settings).
fn session_storage() -> Result<web_sys::Storage, StorageFailure> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or(StorageFailure::Unavailable)
}

/// Keeps a started sign-in until its callback arrives. Stale records are pruned first.
pub fn save(state: &CsrfState, pending: &PendingLogin, now_ms: f64) -> Result<(), StorageFailure> {
    let storage = session_storage()?;
    prune_stale(&storage, now_ms);
    storage
        .set_item(
            &StorageKey::Pending(state.as_str()).as_string(),
            &pending.to_json(),
        )
        .map_err(|_| StorageFailure::Full)
}

/// Takes the sign-in `state` belongs to out of storage: whatever the outcome, it cannot be
/// used again.
pub fn take(state: &CsrfState, now_ms: f64) -> Result<Taken, StorageFailure> {
    let storage = session_storage()?;
    let key = StorageKey::Pending(state.as_str()).as_string();
    let stored = storage.get_item(&key).ok().flatten();
    let _ = storage.remove_item(&key);
    prune_stale(&storage, now_ms);
    Ok(match stored.as_deref().and_then(PendingLogin::from_json) {
        Some(pending) if pending.is_expired(now_ms) => Taken::Expired,
        Some(pending) => Taken::Found(pending),
        None => Taken::Unknown,
    })
}

/// Removes every pending sign-in older than the time limit, and any unreadable one.
fn prune_stale(storage: &web_sys::Storage, now_ms: f64) {
    let prefix = StorageKey::pending_prefix();
    let length = storage.length().unwrap_or(0);
    let stale: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(&prefix))
        .filter(|key| {
            let text = storage.get_item(key).ok().flatten().unwrap_or_default();
            created_at_of(&text).is_none_or(|created| is_stale(created, now_ms))
        })
        .collect();
    for key in stale {
        let _ = storage.remove_item(&key);
    }
}

/// When the app last restarted a sign-in for a LaunchPad code, if it did.
pub fn launchpad_restart_at() -> Option<f64> {
    let text = session_storage()
        .ok()?
        .get_item(&StorageKey::LaunchpadRestart.as_string())
        .ok()??;
    time_from_text(&text)
}

pub fn set_launchpad_restart(now_ms: f64) -> Result<(), StorageFailure> {
    session_storage()?
        .set_item(
            &StorageKey::LaunchpadRestart.as_string(),
            &time_to_text(now_ms),
        )
        .map_err(|_| StorageFailure::Full)
}

pub fn clear_launchpad_restart() {
    if let Ok(storage) = session_storage() {
        let _ = storage.remove_item(&StorageKey::LaunchpadRestart.as_string());
    }
}
