//! Coming back to a signed-in tab (reload, back, a second visit) without a token ever being
//! stored. The tab keeps only a mark in sessionStorage: "signed in until T", which grants
//! nothing. A load that finds a live mark, and no callback, starts a fresh authorization
//! request by itself: one top-level hop, asking for `prompt=none` where the provider
//! advertises it (`oauth_public_client::prompt`); ClassLink's own session simply answers it.

use oauth_public_client::pending::StoredTime;
use serde::{Deserialize, Serialize};

/// What the tab remembers of a sign-in: until when it holds. Nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMark {
    until: StoredTime,
}

impl SessionMark {
    pub fn until(until_ms: f64) -> SessionMark {
        SessionMark {
            until: StoredTime::from_ms(until_ms),
        }
    }

    /// A mark is worth a hop only while the session it marks would still hold.
    pub fn is_live(&self, now_ms: f64) -> bool {
        now_ms < self.until.ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_holds_until_its_time() {
        let mark = SessionMark::until(10_000.0);
        assert!(mark.is_live(9_999.0));
        assert!(!mark.is_live(10_000.0));
        let stored = serde_json::to_string(&mark).unwrap();
        assert_eq!(stored, r#"{"until":10000}"#, "nothing but a time");
        assert_eq!(serde_json::from_str::<SessionMark>(&stored).unwrap(), mark);
        assert!(serde_json::from_str::<SessionMark>(r#"{"until":"soon"}"#).is_err());
    }
}
