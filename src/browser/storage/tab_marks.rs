//! What this tab remembers across its own reloads, in sessionStorage (per tab, gone with it),
//! through gloo-storage: the session mark (`crate::auth::resume`), the `state` of a sign-out
//! in progress, and when the app last restarted a sign-in for a LaunchPad code. None grants
//! anything. Storage that is missing or blocked only means a reload shows the sign-in screen,
//! so failures here are silent, except where a sign-in cannot go on without the mark.

use gloo_storage::{SessionStorage, Storage};
use oauth_public_client::csrf_state::CsrfState;

use super::{session_storage, write_failure, StorageFailure};
use crate::auth::resume::SessionMark;
use crate::storage_keys::StorageKey;
use oauth_public_client::pending::StoredTime;

/// gloo-storage throws when sessionStorage itself is missing or blocked; ask first.
fn available() -> bool {
    session_storage().is_ok()
}

/// After a sign-in or a refresh: this tab is signed in until `until_ms`.
pub fn mark_signed_in(until_ms: f64) {
    if available() {
        let _ = SessionStorage::set(
            StorageKey::SessionMark.as_string(),
            SessionMark::until(until_ms),
        );
    }
}

/// Sign-out, a 401, expiry: a reload shows the sign-in screen.
pub fn forget_signed_in() {
    if available() {
        SessionStorage::delete(StorageKey::SessionMark.as_string());
    }
}

/// Whether this tab was signed in and still would be. The mark is taken out either way: the
/// hop it leads to is made once, and only a completed sign-in writes a new one, so a
/// failing resume can never loop.
pub fn take_live_mark(now_ms: f64) -> bool {
    if !available() {
        return false;
    }
    let key = StorageKey::SessionMark.as_string();
    let mark = SessionStorage::get::<SessionMark>(&key).ok();
    SessionStorage::delete(key);
    mark.is_some_and(|mark| mark.is_live(now_ms))
}

/// Keeps the state sent to the end-session endpoint until the browser comes back.
pub fn remember_sign_out(state: &CsrfState) {
    if available() {
        let _ = SessionStorage::set(StorageKey::SignOutState.as_string(), state.as_str());
    }
}

/// Whether `received` is the state this tab sent with its sign-out; single-use.
pub fn take_sign_out(received: &str) -> bool {
    if !available() {
        return false;
    }
    let key = StorageKey::SignOutState.as_string();
    let sent = SessionStorage::get::<String>(&key).ok();
    SessionStorage::delete(key);
    sent.is_some_and(|sent| sent == received)
}

/// When the app last restarted a sign-in for a LaunchPad code, if it did.
pub fn launchpad_restart_at() -> Option<f64> {
    if !available() {
        return None;
    }
    SessionStorage::get::<StoredTime>(StorageKey::LaunchpadRestart.as_string())
        .ok()
        .map(StoredTime::ms)
}

/// Remembers a LaunchPad restart, so a second stateless code in a row stops (no loop).
pub fn set_launchpad_restart(now_ms: f64) -> Result<(), StorageFailure> {
    session_storage()?;
    SessionStorage::set(
        StorageKey::LaunchpadRestart.as_string(),
        StoredTime::from_ms(now_ms),
    )
    .map_err(write_failure)
}

pub fn clear_launchpad_restart() {
    if available() {
        SessionStorage::delete(StorageKey::LaunchpadRestart.as_string());
    }
}
