//! One entry of the request log ([`LoggedRequest`], re-exported by the crate root) and the
//! response marker that adds to it. It imports no other module of the sandbox: the store keeps
//! the log, and the middleware that fills it depends on it.

use serde::{Deserialize, Serialize};

/// One request to the API listener.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    pub method: String,
    /// Without the query string.
    pub path: String,
    pub status: u16,
    /// When the request arrived, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub origin: Option<String>,
    pub referer: Option<String>,
    /// Token route only: the request presented a LaunchPad (challenge-less) code.
    pub launchpad_code: bool,
    /// A CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`), which
    /// the browser sent on its own before the request it asks about.
    #[serde(default)]
    pub preflight: bool,
}

/// Response extension: this request presented a LaunchPad code (the token endpoint sets it,
/// the log records it; tests assert the app never does).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LaunchpadAttempt;
