//! A sign-in this tab started and has not finished: what the callback needs to complete it.
//! Kept in sessionStorage (per tab, gone when the tab closes) under a key derived from its
//! `state`, so two tabs signing in at once never overwrite each other.

use super::pkce::CodeVerifier;
use crate::json::{self, Value};

/// How long a started sign-in may take before its callback is refused.
pub const PENDING_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

#[derive(Debug)]
pub struct PendingLogin {
    pub verifier: CodeVerifier,
    /// The redirect URI sent in the authorization request: the token request must repeat it.
    pub redirect_uri: String,
    pub created_at_ms: f64,
}

impl PendingLogin {
    /// The record as stored text (what web storage holds):
    /// `{"code_verifier":…,"redirect_uri":…,"created_at":<ms>}`.
    pub fn to_json(&self) -> String {
        let mut text = String::from("{\"code_verifier\":");
        json::write_string(&mut text, self.verifier.secret());
        text.push_str(",\"redirect_uri\":");
        json::write_string(&mut text, &self.redirect_uri);
        text.push_str(",\"created_at\":");
        text.push_str(&time_to_text(self.created_at_ms));
        text.push('}');
        text
    }

    /// `None` for anything that is not a record this app wrote.
    pub fn from_json(text: &str) -> Option<PendingLogin> {
        let record = json::parse(text).ok()?;
        let verifier = record.get("code_verifier")?.as_str()?;
        Some(PendingLogin {
            verifier: CodeVerifier::from_stored(verifier.to_string())?,
            redirect_uri: record.get("redirect_uri")?.as_str()?.to_string(),
            created_at_ms: created_at(&record)?,
        })
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

/// A time in milliseconds as stored text: whole milliseconds, a valid JSON number
/// (sub-millisecond precision means nothing to windows of minutes).
pub fn time_to_text(ms: f64) -> String {
    (ms.max(0.0) as u64).to_string()
}

/// A time written by [`time_to_text`] (a fraction is dropped), back in milliseconds.
pub fn time_from_text(text: &str) -> Option<f64> {
    json::whole_number(text).map(|ms| ms as f64)
}

/// Reads only the creation time of a stored record, for pruning without touching secrets.
pub fn created_at_of(text: &str) -> Option<f64> {
    created_at(&json::parse(text).ok()?)
}

fn created_at(record: &Value) -> Option<f64> {
    match record.get("created_at")? {
        Value::Number(ms) => time_from_text(ms),
        _ => None,
    }
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
        // A record written by the serde_json version of the app (a float) still reads.
        assert_eq!(
            created_at_of(r#"{"created_at":1700000000000.0}"#),
            Some(1_700_000_000_000.0)
        );
    }

    #[test]
    fn refuses_records_it_did_not_write() {
        assert!(PendingLogin::from_json("").is_none());
        assert!(PendingLogin::from_json(
            r#"{"code_verifier":"x","redirect_uri":"r","created_at":1}"#
        )
        .is_none());
        assert!(PendingLogin::from_json(r#"{"redirect_uri":"r","created_at":1}"#).is_none());
        assert!(created_at_of(r#"{"created_at":"1"}"#).is_none());
        assert!(created_at_of("[]").is_none());
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
