//! A sign-in this client started and has not finished: what the callback needs to complete
//! it. A browser keeps it in sessionStorage (per tab, gone when the tab closes) under a key
//! derived from its `state`, so two tabs signing in at once never overwrite each other; the
//! record ([`PendingRecord`]) is one serde type, and only what this crate wrote reads back.

use serde::{Deserialize, Deserializer, Serialize};

use crate::discovery::Provider;
use crate::nonce::Nonce;
use crate::pkce::CodeVerifier;

/// How long a started sign-in may take before its callback is refused.
pub const PENDING_TTL_MS: f64 = 10.0 * 60.0 * 1000.0;

/// A started sign-in.
#[derive(Debug)]
pub struct PendingLogin {
    /// The PKCE verifier of the request's challenge.
    pub verifier: CodeVerifier,
    /// The redirect URI sent in the authorization request: the token request must repeat it.
    pub redirect_uri: String,
    /// When the request was made (ms since the epoch).
    pub created_at_ms: f64,
    /// The provider the request went to: the callback is checked against its issuer and
    /// completed at its token endpoint, with no second discovery request.
    pub provider: Provider,
    /// The OpenID Connect nonce sent in the authorization request, which the id_token must
    /// echo; `None` when none was sent.
    pub nonce: Option<Nonce>,
    /// Started by the client itself to resume a session (not by a person's click): a "the
    /// provider needs the user" answer then lands quietly on the sign-in screen.
    pub resuming: bool,
}

/// The record as web storage holds it:
/// `{"code_verifier":…,"redirect_uri":…,"created_at":<ms>,"provider":{…},"nonce":…}`. The
/// verifier passes through [`CodeVerifier::from_stored`] and the nonce through
/// [`Nonce::from_stored`] on the way back, so a record this crate did not write is refused. A
/// record without `nonce` (a request that asked for no id_token) reads as having none.
#[derive(Serialize, Deserialize)]
pub struct PendingRecord {
    code_verifier: String,
    redirect_uri: String,
    created_at: StoredTime,
    provider: Provider,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nonce: Option<Nonce>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    resuming: bool,
}

/// What pruning reads of a record: its age, never its secret.
#[derive(Deserialize)]
pub struct PendingAge {
    created_at: StoredTime,
}

impl PendingAge {
    /// When the record's sign-in started (ms since the epoch).
    #[inline]
    pub fn created_at_ms(&self) -> f64 {
        self.created_at.ms()
    }
}

/// A time as stored: whole milliseconds since the epoch (sub-millisecond precision means
/// nothing to windows of minutes). Read back from any JSON number, a fraction dropped (an
/// earlier version wrote floats); a string, a negative or no number is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct StoredTime(u64);

impl StoredTime {
    /// The time `ms` (since the epoch), as stored.
    #[inline]
    pub fn from_ms(ms: f64) -> StoredTime {
        // `as` saturates: NaN and negative times are stored as 0, far in the past.
        StoredTime(ms.max(0.0) as u64)
    }

    /// The stored time, in ms since the epoch.
    #[inline]
    pub fn ms(self) -> f64 {
        self.0 as f64
    }
}

impl<'de> Deserialize<'de> for StoredTime {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ms = f64::deserialize(deserializer)?;
        if ms.is_finite() && ms >= 0.0 {
            Ok(StoredTime::from_ms(ms))
        } else {
            Err(serde::de::Error::custom("not a time"))
        }
    }
}

impl PendingLogin {
    /// The record to store.
    #[inline]
    pub fn to_record(&self) -> PendingRecord {
        PendingRecord {
            code_verifier: self.verifier.secret().to_string(),
            redirect_uri: self.redirect_uri.clone(),
            created_at: StoredTime::from_ms(self.created_at_ms),
            provider: self.provider.clone(),
            nonce: self.nonce.clone(),
            resuming: self.resuming,
        }
    }

    /// The sign-in a stored record holds; `None` for anything this crate did not write.
    #[inline]
    pub fn from_record(record: PendingRecord) -> Option<PendingLogin> {
        Some(PendingLogin {
            verifier: CodeVerifier::from_stored(record.code_verifier)?,
            redirect_uri: record.redirect_uri,
            created_at_ms: record.created_at.ms(),
            provider: record.provider,
            nonce: record.nonce,
            resuming: record.resuming,
        })
    }

    /// The record as stored text (what web storage holds).
    #[inline]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.to_record()).expect("a record of strings and a number")
    }

    /// Whether the sign-in is too old to complete ([`is_stale`]).
    #[inline]
    pub fn is_expired(&self, now_ms: f64) -> bool {
        is_stale(self.created_at_ms, now_ms)
    }
}

/// True when a record created at `created_at_ms` is too old to use, or claims to come from
/// the future (a clock change): neither can be trusted.
#[inline]
pub fn is_stale(created_at_ms: f64, now_ms: f64) -> bool {
    // A minute of skew is tolerated: two tabs may read the clock a moment apart.
    const SKEW_MS: f64 = 60_000.0;
    !(-SKEW_MS..=PENDING_TTL_MS).contains(&(now_ms - created_at_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The record and its age read from stored text as a browser's storage layer reads them
    // (the app's uses gloo-storage): serde_json over the same types.
    impl PendingLogin {
        fn from_json(text: &str) -> Option<PendingLogin> {
            Self::from_record(serde_json::from_str(text).ok()?)
        }
    }

    fn created_at_of(text: &str) -> Option<f64> {
        serde_json::from_str::<PendingAge>(text)
            .ok()
            .map(|age| age.created_at_ms())
    }

    fn pending(created_at_ms: f64) -> PendingLogin {
        PendingLogin {
            verifier: CodeVerifier::from_bytes(&[3; 32]),
            redirect_uri: "https://d.example/portal/".into(),
            created_at_ms,
            provider: Provider {
                issuer: "https://launchpad.classlink.com".into(),
                authorization_endpoint: "https://launchpad.classlink.com/oauth2/v2/auth".into(),
                token_endpoint: "https://launchpad.classlink.com/oauth2/v2/token".into(),
                jwks_uri: Some("https://launchpad.classlink.com/oauth2/v2/jwks".into()),
                iss_required: true,
                prompt_none: false,
                revocation_endpoint: None,
                end_session_endpoint: None,
                dpop: false,
            },
            nonce: None,
            resuming: false,
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
        assert_eq!(back.provider, original.provider);
        assert_eq!(created_at_of(&text), Some(1_700_000_000_000.0));
        // A record written by an earlier version (a float) still reads.
        assert_eq!(
            created_at_of(r#"{"created_at":1700000000000.0}"#),
            Some(1_700_000_000_000.0)
        );
    }

    #[test]
    fn keeps_the_nonce_and_reads_older_records_without_one() {
        let with_nonce = PendingLogin {
            nonce: Some(Nonce::from_stored("n".repeat(43)).unwrap()),
            resuming: false,
            ..pending(1.0)
        };
        let back = PendingLogin::from_json(&with_nonce.to_json()).unwrap();
        assert_eq!(back.nonce, with_nonce.nonce);
        // A request that asked for no id_token: no `nonce` key at all.
        let verifier = "a".repeat(43);
        let provider = serde_json::to_string(&pending(1.0).provider).unwrap();
        let older = format!(
            r#"{{"code_verifier":"{verifier}","redirect_uri":"r","created_at":1,"provider":{provider}}}"#
        );
        assert_eq!(PendingLogin::from_json(&older).unwrap().nonce, None);
        assert!(!pending(1.0).to_json().contains("nonce"));
        // A nonce this crate could not have made spoils the record.
        let tampered = format!(
            r#"{{"code_verifier":"{verifier}","redirect_uri":"r","created_at":1,"provider":{provider},"nonce":"x"}}"#
        );
        assert!(PendingLogin::from_json(&tampered).is_none());
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
