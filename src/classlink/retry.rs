//! When an idempotent GET is tried again, and after how long: the one rule for every GET the
//! app retries (the profile, each page of the classes, each class's teachers; discovery and
//! the JWKS are not retried by themselves: a failed discovery offers "Try again", and the
//! key set is fetched once more only for an unknown `kid`).
//!
//! - **What**: a rate limit (429), a server error (500, 502, 503, 504) or no answer at all,
//!   at most [`MAX_ATTEMPTS`] attempts in all. A request that used its whole deadline, an
//!   answer too large, and every other status are final.
//! - **When**: backoff with *full jitter*: a random wait between zero and the exponential
//!   bound ([`BASE_DELAY_MS`], doubled for each attempt after the second). A district's
//!   browsers that were refused in the same second then come back spread over the bound
//!   instead of together, as a fixed backoff would bring them.
//! - **`Retry-After`** (RFC 9110 §10.2.3), as delay-seconds or as an HTTP date (read by the
//!   browser's own `Date`, through the [`HttpDates`] port): the server's wait, plus the same
//!   jitter, so that a date (one instant for every browser) does not make a wave either.
//!   Junk in the header is as if there were none.
//! - **Never past [`MAX_DELAY_MS`]**, whatever the server asks: a student is looking at a
//!   spinner.
//!
//! The random draw comes from the [`Randomness`] port (getrandom in the browser), so a
//! native test with a fixed source shows the spread and the bounds.

use oauth_public_client::random::Randomness;

use crate::transport::NoAnswer;

/// Attempts in all, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// The backoff bound before the second attempt; doubled for each attempt after.
pub const BASE_DELAY_MS: u32 = 500;
/// No wait longer than this, whatever `Retry-After` asks: a student is looking at a spinner.
pub const MAX_DELAY_MS: u32 = 8_000;

/// Reads an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`) as milliseconds since the epoch: the
/// browser's `Date.parse` in the app, a fixed answer in native tests.
pub trait HttpDates {
    /// `None` when `text` is not a date.
    fn epoch_ms(&self, text: &str) -> Option<f64>;
    /// The time now, in milliseconds since the epoch.
    fn now_ms(&self) -> f64;
}

/// What the retry of one request is decided with: the random source for the jitter and the
/// reader of `Retry-After` dates.
pub struct RetryRule<'a, R: Randomness, D: HttpDates> {
    pub random: &'a R,
    pub dates: &'a D,
}

impl<R: Randomness, D: HttpDates> RetryRule<'_, R, D> {
    /// The delay before attempt `attempt + 1` (attempts count from 1), or `None` to give up.
    /// `retry_after` is the raw `Retry-After` header.
    pub fn delay_ms(
        &self,
        attempt: u32,
        outcome: NoAnswer,
        retry_after: Option<&str>,
    ) -> Option<u32> {
        if attempt >= MAX_ATTEMPTS || !retryable(outcome) {
            return None;
        }
        let bound = BASE_DELAY_MS
            .saturating_mul(1 << (attempt - 1).min(8))
            .min(MAX_DELAY_MS);
        let jitter = self.up_to(bound);
        let asked = retry_after
            .and_then(|value| self.asked_ms(value))
            .unwrap_or(0);
        Some(asked.saturating_add(jitter).min(MAX_DELAY_MS))
    }

    /// A wait drawn evenly from `0..=bound`; the whole bound if no randomness can be had
    /// (the old, unspread backoff, rather than no wait at all).
    fn up_to(&self, bound: u32) -> u32 {
        let mut bytes = [0u8; 4];
        match self.random.fill(&mut bytes) {
            Ok(()) => {
                let draw = u64::from(u32::from_le_bytes(bytes));
                // The draw scaled onto 0..=bound: no modulo bias worth speaking of at 32 bits.
                ((draw * (u64::from(bound) + 1)) >> 32) as u32
            }
            Err(_) => bound,
        }
    }

    /// The wait a `Retry-After` value asks for: delay-seconds, or the time until an HTTP date
    /// (zero for a date past).
    fn asked_ms(&self, value: &str) -> Option<u32> {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u32>() {
            return Some(seconds.saturating_mul(1000));
        }
        // A date has letters (a day and a month name); a bare number that did not parse
        // (negative, a fraction, too large) is junk, not a date to a lenient parser.
        if !value.bytes().any(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let at = self.dates.epoch_ms(value)?;
        let wait = (at - self.dates.now_ms()).max(0.0);
        Some(wait.min(f64::from(u32::MAX)) as u32)
    }
}

fn retryable(outcome: NoAnswer) -> bool {
    match outcome {
        NoAnswer::Status(status) => matches!(status, 429 | 500 | 502 | 503 | 504),
        NoAnswer::Unreachable => true,
        // A request that took the whole timeout is not tried again: the student has waited enough.
        NoAnswer::TimedOut => false,
        // The same document would be as large again.
        NoAnswer::TooLarge { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use oauth_public_client::random::RandomUnavailable;

    use super::*;
    use NoAnswer::*;

    /// Hands out the 32-bit draws it is given, in turn.
    struct Draws(Cell<u32>);

    impl Randomness for Draws {
        fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
            bytes.copy_from_slice(&self.0.get().to_le_bytes());
            Ok(())
        }
    }

    struct NoRandomness;

    impl Randomness for NoRandomness {
        fn fill(&self, _: &mut [u8]) -> Result<(), RandomUnavailable> {
            Err(RandomUnavailable)
        }
    }

    /// Now is 1,000,000 ms; the one date it reads is `DATE`, at `DATE_MS`.
    struct FixedDates;

    const DATE: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
    const NOW_MS: f64 = 1_000_000.0;

    impl HttpDates for FixedDates {
        fn epoch_ms(&self, text: &str) -> Option<f64> {
            (text == DATE).then_some(NOW_MS + 3_000.0)
        }
        fn now_ms(&self) -> f64 {
            NOW_MS
        }
    }

    fn delay(draw: u32, attempt: u32, outcome: NoAnswer, retry_after: Option<&str>) -> Option<u32> {
        let random = Draws(Cell::new(draw));
        RetryRule {
            random: &random,
            dates: &FixedDates,
        }
        .delay_ms(attempt, outcome, retry_after)
    }

    #[test]
    fn the_wait_is_spread_between_zero_and_the_exponential_bound() {
        // The lowest and the highest draw reach both ends of the bound.
        assert_eq!(delay(0, 1, Status(503), None), Some(0));
        assert_eq!(delay(u32::MAX, 1, Status(503), None), Some(500));
        assert_eq!(delay(u32::MAX, 2, Status(503), None), Some(1000));
        assert_eq!(delay(u32::MAX / 2, 2, Status(503), None), Some(500));
        // A thousand browsers refused together: their draws spread them over the whole
        // bound, a few in each tenth of it, none outside it.
        let mut tenths = [0u32; 10];
        for i in 0..1000u32 {
            let draw = i.wrapping_mul(2_654_435_761); // Knuth's multiplicative hash: well spread
            let wait = delay(draw, 2, Status(429), None).unwrap();
            assert!(wait <= 1000, "{wait}");
            tenths[(wait.min(999) / 100) as usize] += 1;
        }
        assert!(
            tenths.iter().all(|&n| (60..=140).contains(&n)),
            "{tenths:?}"
        );
    }

    #[test]
    fn without_randomness_the_whole_bound_is_waited() {
        let rule = RetryRule {
            random: &NoRandomness,
            dates: &FixedDates,
        };
        assert_eq!(rule.delay_ms(1, Status(500), None), Some(500));
        assert_eq!(rule.delay_ms(2, Unreachable, None), Some(1000));
    }

    #[test]
    fn retries_transient_failures_a_bounded_number_of_times() {
        for outcome in [
            Status(429),
            Status(500),
            Status(502),
            Status(503),
            Status(504),
            Unreachable,
        ] {
            assert!(delay(7, 1, outcome, None).is_some(), "{outcome:?}");
            assert!(delay(7, 2, outcome, None).is_some(), "{outcome:?}");
            assert_eq!(delay(7, MAX_ATTEMPTS, outcome, None), None, "{outcome:?}");
        }
    }

    #[test]
    fn never_retries_what_cannot_improve() {
        for status in [200, 400, 401, 403, 404, 501] {
            assert_eq!(delay(7, 1, Status(status), None), None, "{status}");
        }
        assert_eq!(delay(7, 1, TimedOut, None), None);
        assert_eq!(delay(7, 1, TooLarge { cap_bytes: 1 }, None), None);
    }

    #[test]
    fn retry_after_in_seconds_is_waited_plus_the_jitter_within_the_cap() {
        assert_eq!(delay(0, 1, Status(429), Some("2")), Some(2000));
        assert_eq!(delay(u32::MAX, 1, Status(429), Some(" 2 ")), Some(2500));
        assert_eq!(delay(0, 1, Status(429), Some("0")), Some(0));
        assert_eq!(delay(0, 1, Status(429), Some("3600")), Some(MAX_DELAY_MS));
        assert_eq!(
            delay(0, 1, Status(429), Some("4294967295")),
            Some(MAX_DELAY_MS)
        );
    }

    #[test]
    fn retry_after_as_a_date_is_the_time_until_it() {
        assert_eq!(delay(0, 1, Status(503), Some(DATE)), Some(3000));
        assert_eq!(delay(u32::MAX, 2, Status(503), Some(DATE)), Some(4000));
        // A date already past asks for no wait; the jitter still spreads.
        struct Later;
        impl HttpDates for Later {
            fn epoch_ms(&self, _: &str) -> Option<f64> {
                Some(0.0)
            }
            fn now_ms(&self) -> f64 {
                NOW_MS
            }
        }
        let random = Draws(Cell::new(u32::MAX));
        let rule = RetryRule {
            random: &random,
            dates: &Later,
        };
        assert_eq!(rule.delay_ms(1, Status(503), Some(DATE)), Some(500));
        // A date far away is capped.
        struct Far;
        impl HttpDates for Far {
            fn epoch_ms(&self, _: &str) -> Option<f64> {
                Some(NOW_MS + 1e12)
            }
            fn now_ms(&self) -> f64 {
                NOW_MS
            }
        }
        let rule = RetryRule {
            random: &random,
            dates: &Far,
        };
        assert_eq!(
            rule.delay_ms(1, Status(503), Some(DATE)),
            Some(MAX_DELAY_MS)
        );
    }

    #[test]
    fn junk_in_retry_after_is_as_if_there_were_none() {
        for junk in [
            "",
            "soon",
            "-1",
            "1.5",
            "99999999999999",
            "Not a date at all",
        ] {
            assert_eq!(
                delay(u32::MAX, 1, Status(429), Some(junk)),
                Some(500),
                "{junk:?}"
            );
        }
    }
}
