//! What the page shows: one screen at a time.

use crate::config::ConfigError;

use super::keeper::SessionKeeper;
use super::problem::SignInProblem;

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Fetching config.json on an ordinary load.
    Starting,
    /// A callback is being completed: never the sign-in screen while a code is exchanged.
    SigningIn,
    /// On the way to the authorization server.
    Redirecting,
    /// On the way back to the authorization server by ourselves: this tab was signed in.
    Resuming,
    ConfigError(ConfigError),
    SignedOut(Option<Notice>),
    SignInFailed(SignInProblem),
    SignedIn(SessionKeeper),
}

/// A gentle note on the sign-in screen: something to know, not an error wall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    SignedOut,
    SessionExpired,
    /// A callback whose state this tab does not hold: reloaded, back button, another tab's.
    StaleCallback,
    /// The sign-in was started more than ten minutes ago.
    ExpiredSignIn,
    /// The app tried to sign the student back in by itself, and the provider said no.
    ResumeFailed,
}
