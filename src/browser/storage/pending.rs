//! Started sign-ins in sessionStorage (see `oauth_public_client::pending`), through gloo-storage's
//! typed [`SessionStorage`]: each record is one serde type, written and read as JSON, keyed
//! by the sign-in's `state`.

use gloo_storage::{SessionStorage, Storage};
use oauth_public_client::csrf_state::CsrfState;
use oauth_public_client::pending::{is_stale, PendingAge, PendingLogin, PendingRecord};

use super::{session_storage, write_failure, StorageFailure};
use crate::storage_keys::StorageKey;

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
