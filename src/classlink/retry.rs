//! When an idempotent GET is tried again: rate limits, server errors and network failures,
//! with exponential backoff that honours `Retry-After`, a bounded number of times.

use crate::transport::NoAnswer;

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// Backoff before the second attempt; doubled for each attempt after.
const BASE_DELAY_MS: u32 = 500;
/// No wait longer than this, whatever `Retry-After` asks: a student is looking at a spinner.
pub const MAX_DELAY_MS: u32 = 8_000;

/// The delay before attempt `attempt + 1` (attempts count from 1), or `None` to give up.
/// `retry_after` is the raw `Retry-After` header.
pub fn retry_delay_ms(attempt: u32, outcome: NoAnswer, retry_after: Option<&str>) -> Option<u32> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let retryable = match outcome {
        NoAnswer::Status(status) => matches!(status, 429 | 500 | 502 | 503 | 504),
        NoAnswer::Unreachable => true,
        // A request that took the whole timeout is not tried again: the student has waited enough.
        NoAnswer::TimedOut => false,
        // The same document would be as large again.
        NoAnswer::TooLarge { .. } => false,
    };
    if !retryable {
        return None;
    }
    let backoff = BASE_DELAY_MS.saturating_mul(1 << (attempt - 1).min(8));
    // Retry-After in seconds, when the server says; an HTTP-date is not worth a date parser here.
    let asked = retry_after
        .and_then(|value| value.trim().parse::<u32>().ok())
        .map(|seconds| seconds.saturating_mul(1000));
    Some(asked.unwrap_or(backoff).min(MAX_DELAY_MS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NoAnswer::*;

    #[test]
    fn retries_transient_failures_with_backoff() {
        assert_eq!(retry_delay_ms(1, Status(500), None), Some(500));
        assert_eq!(retry_delay_ms(2, Status(503), None), Some(1000));
        assert_eq!(retry_delay_ms(1, Unreachable, None), Some(500));
        assert_eq!(retry_delay_ms(MAX_ATTEMPTS, Status(500), None), None);
    }

    #[test]
    fn never_retries_what_cannot_improve() {
        for status in [200, 400, 401, 403, 404] {
            assert_eq!(retry_delay_ms(1, Status(status), None), None, "{status}");
        }
        assert_eq!(retry_delay_ms(1, TimedOut, None), None);
        assert_eq!(retry_delay_ms(1, TooLarge { cap_bytes: 1 }, None), None);
    }

    #[test]
    fn honours_retry_after_within_a_bound() {
        assert_eq!(retry_delay_ms(1, Status(429), Some("2")), Some(2000));
        assert_eq!(retry_delay_ms(1, Status(429), Some("0")), Some(0));
        assert_eq!(
            retry_delay_ms(1, Status(429), Some("3600")),
            Some(MAX_DELAY_MS)
        );
        // An HTTP-date or junk falls back to backoff.
        assert_eq!(
            retry_delay_ms(1, Status(429), Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(500)
        );
    }
}
