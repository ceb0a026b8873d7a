//! The sandbox's clock: wall-clock time plus a skew tests can advance, so codes, tokens and
//! nonces expire without anyone sleeping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wall-clock time in milliseconds plus a skew tests can advance.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    skew_ms: AtomicU64,
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        wall.saturating_add(self.skew_ms.load(Ordering::Relaxed))
    }

    /// Moves "now" forward (tests: expire a code or a token without waiting).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn advance(&self, by: Duration) {
        self.skew_ms
            .fetch_add(by.as_millis() as u64, Ordering::Relaxed);
    }
}
