//! Web storage, in one place: the few helpers every use goes through, and what the app keeps
//! there. sessionStorage (per tab, gone with it) holds the started sign-ins ([`pending`]) and
//! the tab's marks ([`tab_marks`]); localStorage only the language the student picked
//! (`crate::i18n::choice`). None of it holds a token; every key is in
//! `crate::storage_keys`.
//!
//! gloo-storage throws (and so aborts the wasm) when `window.sessionStorage` itself is
//! missing or blocked by privacy settings; every use therefore goes through
//! [`session_storage`] first, which reports that as [`StorageFailure::Unavailable`].

pub mod pending;
pub mod tab_marks;

use gloo_storage::errors::StorageError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFailure {
    /// No sessionStorage: disabled, or blocked by the browser's privacy settings.
    Unavailable,
    /// Writing failed: storage is full (quota) or read-only.
    Full,
}

/// sessionStorage, or why it cannot be used (disabled, or blocked by privacy settings).
/// Once this has answered, gloo-storage's own look-up of the same storage cannot throw.
pub(crate) fn session_storage() -> Result<web_sys::Storage, StorageFailure> {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .ok_or(StorageFailure::Unavailable)
}

/// localStorage, if this browser lets the page use it.
pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A failed write: the quota is used up, or storage is read-only.
pub(crate) fn write_failure(_: StorageError) -> StorageFailure {
    StorageFailure::Full
}
