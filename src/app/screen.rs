//! What the page shows: one screen at a time.

use super::keeper::SessionKeeper;
use super::problem::SignInProblem;
use super::setup_error::SetupError;

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
    ConfigError(SetupError),
    SignedOut(Option<Notice>),
    SignInFailed(SignInProblem),
    SignedIn(SessionKeeper),
}

/// A gentle note on the sign-in screen: something to know, not an error wall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Signed out, the provider's session included (it offers end-session, and the browser
    /// came back from it).
    SignedOut,
    /// Signed out of this app, which has forgotten everything; the provider offers no way to
    /// end its own session from here (ClassLink), so it may still be open on this device.
    SignedOutOfAppOnly,
    SessionExpired,
    /// A callback this tab did not ask for: a state it does not hold (reloaded, back button,
    /// another tab's), or an error answer with no state or another's.
    StaleCallback,
    /// The sign-in was started more than ten minutes ago.
    ExpiredSignIn,
    /// The app tried to sign the student back in by itself, and the provider said no.
    ResumeFailed,
}
