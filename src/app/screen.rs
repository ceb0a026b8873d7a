//! What the page shows: one screen at a time.

use crate::auth::session::Session;
use crate::config::ConfigError;

use super::problem::SignInProblem;

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Fetching config.json on an ordinary load.
    Starting,
    /// A callback is being completed: never the sign-in screen while a code is exchanged.
    SigningIn,
    /// On the way to the authorization server.
    Redirecting,
    ConfigError(ConfigError),
    SignedOut(Option<Notice>),
    SignInFailed(SignInProblem),
    SignedIn(Session),
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
}
