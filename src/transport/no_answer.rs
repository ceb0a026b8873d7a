//! "The request got no usable answer", written once: no answer at all, none in time, an
//! answer with the wrong status, or one too large to read. Each domain's error wraps it and
//! says it in its own words; the words here are for the person deploying the page
//! (configuration error page, self-check), in English like config.json itself.

use std::fmt;

/// Why a request got no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// fetch() rejected: offline, DNS, TLS, or (most often here) a CORS refusal, which
    /// browsers deliberately make indistinguishable from a network error.
    Unreachable,
    /// No complete answer before the deadline (the body counts too).
    TimedOut,
    /// An answer whose status is not a success.
    Status(u16),
    /// A body longer than the most the app reads of this document: the reading stopped
    /// there, and none of it was used.
    TooLarge { cap_bytes: usize },
}

impl NoAnswer {
    /// A failure that may pass by itself (the network, a server error, a deadline): worth a
    /// "Try again". A 4xx or a document too large would fail the same way again.
    pub fn may_pass(self) -> bool {
        match self {
            NoAnswer::Unreachable | NoAnswer::TimedOut => true,
            NoAnswer::Status(status) => status >= 500,
            NoAnswer::TooLarge { .. } => false,
        }
    }
}

/// Kibibytes, as the messages give a cap.
pub fn kib(bytes: usize) -> usize {
    bytes / 1024
}

/// Follows the name of the document: "config.json could not be loaded (HTTP 404)".
impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoAnswer::Unreachable => write!(
                f,
                "could not be loaded (network error, or the server refused this origin)"
            ),
            NoAnswer::TimedOut => write!(f, "did not answer in time"),
            NoAnswer::Status(status) => write!(f, "could not be loaded (HTTP {status})"),
            NoAnswer::TooLarge { cap_bytes } => write!(
                f,
                "is larger than {} KB, the most this app reads of it, so none of it was used",
                kib(*cap_bytes)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_way_of_getting_no_answer_is_told_and_judged() {
        assert_eq!(
            NoAnswer::Status(404).to_string(),
            "could not be loaded (HTTP 404)"
        );
        assert!(NoAnswer::Unreachable
            .to_string()
            .starts_with("could not be loaded (network error"));
        assert!(NoAnswer::TooLarge { cap_bytes: 65_536 }
            .to_string()
            .contains("64 KB"));
        assert!(NoAnswer::Unreachable.may_pass());
        assert!(NoAnswer::TimedOut.may_pass());
        assert!(NoAnswer::Status(503).may_pass());
        assert!(!NoAnswer::Status(404).may_pass());
        assert!(!NoAnswer::TooLarge { cap_bytes: 1 }.may_pass());
    }
}
