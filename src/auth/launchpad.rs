//! Logins started from ClassLink LaunchPad arrive as `?code=…` with no `state`: the app
//! never started them, holds no verifier, and must not exchange the code (an unsolicited
//! code is also the shape of a login CSRF). It starts its own sign-in instead, which comes
//! back in one hop because the student already has a ClassLink session.

/// A restart younger than this that comes back without a state again means the provider
/// keeps dropping our request: stop instead of looping.
pub const RESTART_WINDOW_MS: f64 = 2.0 * 60.0 * 1000.0;

/// Whether a stateless code may trigger a fresh sign-in, given when the last such restart was.
pub fn may_restart(last_restart_ms: Option<f64>, now_ms: f64) -> bool {
    match last_restart_ms {
        None => true,
        Some(at) => !(0.0..RESTART_WINDOW_MS).contains(&(now_ms - at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_once_then_stops_a_loop() {
        assert!(may_restart(None, 1_000.0));
        assert!(!may_restart(Some(1_000.0), 1_500.0));
        assert!(may_restart(Some(1_000.0), 1_000.0 + RESTART_WINDOW_MS));
        // A marker from the future (clock change) does not block forever.
        assert!(may_restart(Some(10_000.0), 1_000.0));
    }
}
