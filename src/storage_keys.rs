//! Every key this app writes to web storage, in one place. None of them holds a token.

/// Prefix of every key, so the app's entries are easy to find and never collide with
/// another app on the same origin.
const PREFIX: &str = "classlink-portal.";

pub enum StorageKey<'a> {
    /// sessionStorage: a started sign-in, keyed by its `state`.
    Pending(&'a str),
    /// sessionStorage: when the app last restarted a sign-in for a LaunchPad code, to stop
    /// a redirect loop.
    LaunchpadRestart,
    /// sessionStorage: "this tab is signed in until T" (`crate::auth::resume`); no token.
    SessionMark,
    /// sessionStorage: the `state` sent to the provider's end-session endpoint, checked when
    /// the browser comes back from it.
    SignOutState,
    /// localStorage: the language the student picked (not a secret).
    Language,
}

impl StorageKey<'_> {
    pub fn as_string(&self) -> String {
        match self {
            StorageKey::Pending(state) => format!("{PREFIX}pending.{state}"),
            StorageKey::LaunchpadRestart => format!("{PREFIX}launchpad-restart"),
            StorageKey::SessionMark => format!("{PREFIX}signed-in"),
            StorageKey::SignOutState => format!("{PREFIX}sign-out-state"),
            StorageKey::Language => format!("{PREFIX}language"),
        }
    }

    /// The prefix shared by every pending sign-in, for pruning.
    pub fn pending_prefix() -> String {
        format!("{PREFIX}pending.")
    }
}
