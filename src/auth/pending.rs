//! A sign-in this tab started and has not finished: what the callback needs to complete it.
//! Kept in sessionStorage (per tab, gone when the tab closes) under a key derived from its
//! `state`, so two tabs signing in at once never overwrite each other.

use serde::{Deserialize, Serialize};

use super::pkce::CodeVerifier;

/// How long a started sign-in may take before its callback is refused.
pub const PENDING_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

#[derive(Debug)]
pub struct PendingLogin {
    pub verifier: CodeVerifier,
    /// The redirect URI sent in the authorization request: the token request must repeat it.
    pub redirect_uri: String,
    pub created_at_ms: f64,
}

/// The stored shape; the verifier passes through [`CodeVerifier::from_stored`] on the way back.
#[derive(Serialize, Deserialize)]
pub struct StoredPending {
    code_verifier: String,
    redirect_uri: String,
    created_at: f64,
}

impl PendingLogin {
    pub fn to_stored(&self) -> StoredPending {
        StoredPending {
            code_verifier: self.verifier.secret().to_string(),
            redirect_uri: self.redirect_uri.clone(),
            created_at: self.created_at_ms,
        }
    }

    /// `None` for anything that is not a record this app wrote.
    pub fn from_stored(stored: StoredPending) -> Option<PendingLogin> {
        Some(PendingLogin {
            verifier: CodeVerifier::from_stored(stored.code_verifier)?,
            redirect_uri: stored.redirect_uri,
            created_at_ms: stored.created_at,
        })
    }

    /// The record as stored text (what web storage holds).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.to_stored()).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Option<PendingLogin> {
        Self::from_stored(serde_json::from_str(text).ok()?)
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        is_stale(self.created_at_ms, now_ms)
    }
}

/// True when a record created at `created_at_ms` is too old to use, or claims to come from
/// the future (a clock change): neither can be trusted.
pub fn is_stale(created_at_ms: f64, now_ms: f64) -> bool {
    // A minute of skew is tolerated: two tabs may read the clock a moment apart.
    const SKEW_MS: f64 = 60_000.0;
    !(-SKEW_MS..=PENDING_TTL_MS).contains(&(now_ms - created_at_ms))
}

/// Reads only the creation time of a stored record, for pruning without touching secrets.
pub fn created_at_of(text: &str) -> Option<f64> {
    #[derive(Deserialize)]
    struct CreatedAt {
        created_at: f64,
    }
    serde_json::from_str::<CreatedAt>(text)
        .ok()
        .map(|c| c.created_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(created_at_ms: f64) -> PendingLogin {
        PendingLogin {
            verifier: CodeVerifier::from_bytes(&[3; 32]),
            redirect_uri: "https://d.example/portal/".into(),
            created_at_ms,
        }
    }

    #[test]
    fn round_trips_through_storage_text() {
        let original = pending(1_700_000_000_000.0);
        let text = original.to_json();
        let back = PendingLogin::from_json(&text).unwrap();
        assert_eq!(back.verifier.secret(), original.verifier.secret());
        assert_eq!(back.redirect_uri, original.redirect_uri);
        assert_eq!(back.created_at_ms, original.created_at_ms);
        assert_eq!(created_at_of(&text), Some(1_700_000_000_000.0));
    }

    #[test]
    fn refuses_records_it_did_not_write() {
        assert!(PendingLogin::from_json("").is_none());
        assert!(PendingLogin::from_json(
            r#"{"code_verifier":"x","redirect_uri":"r","created_at":1}"#
        )
        .is_none());
        assert!(PendingLogin::from_json(r#"{"redirect_uri":"r","created_at":1}"#).is_none());
    }

    #[test]
    fn expires_after_ten_minutes() {
        let p = pending(0.0);
        assert!(!p.is_expired(0.0));
        assert!(!p.is_expired(PENDING_TTL_MS));
        assert!(p.is_expired(PENDING_TTL_MS + 1.0));
        // Small clock skew is tolerated, a record from far in the future is not.
        assert!(!is_stale(1_000.0, 0.0));
        assert!(is_stale(120_000.0, 0.0));
    }
}
