//! The signed-in session: the access token and when to stop using it. Lives in memory only.

use oauth_public_client::id_token::IdToken;
use oauth_public_client::refresh::RefreshToken;
use oauth_public_client::token::{AccessToken, TokenResponse};

/// The moment a token of `expires_in` seconds received at `now_ms` stops being used.
fn usable_until(expires_in: Option<u64>, now_ms: f64) -> f64 {
    let lifetime_ms = expires_in.unwrap_or(DEFAULT_LIFETIME_SECS) as f64 * 1000.0;
    now_ms + (lifetime_ms - EXPIRY_MARGIN_MS).max(lifetime_ms / 2.0)
}

/// Lifetime assumed when the provider sends no `expires_in`: ClassLink documents 24 hours.
pub const DEFAULT_LIFETIME_SECS: u64 = 24 * 60 * 60;
/// Stop using a token this long before it expires, so a request never races its expiry.
const EXPIRY_MARGIN_MS: f64 = 30_000.0;
/// The "your session is ending" notice shows this long before the end (less for a short
/// token: half its usable life), so a student has time to answer it.
const NOTICE_LEAD_MS: f64 = 5.0 * 60_000.0;
/// A refresh token is used this long before the end (a quarter of a short token's life).
const REFRESH_LEAD_MS: f64 = 60_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub token: AccessToken,
    /// When this access token was received (ms since the epoch).
    pub issued_at_ms: f64,
    /// Milliseconds since the epoch after which the token is no longer used.
    pub expires_at_ms: f64,
    /// Used (and replaced) shortly before expiry; `None` with ClassLink.
    pub refresh_token: Option<RefreshToken>,
    /// The student's OneRoster id, from a verified id_token: lets the classes request
    /// start without waiting for the profile.
    pub sourced_id: Option<String>,
    /// Verified, kept in memory for sign-out (`id_token_hint`); never stored.
    pub id_token: Option<IdToken>,
}

impl Session {
    /// The session of a token response whose id_token, if any, is verified: `sourced_id`
    /// comes from it.
    pub fn from_token_response(
        response: TokenResponse,
        sourced_id: Option<String>,
        now_ms: f64,
    ) -> Session {
        Session {
            token: response.access_token,
            issued_at_ms: now_ms,
            expires_at_ms: usable_until(response.expires_in, now_ms),
            refresh_token: response.refresh_token,
            sourced_id,
            id_token: response.id_token,
        }
    }

    /// The session after a refresh: the new access token, and the new refresh token in place
    /// of the spent one. A provider that sends none keeps the old one valid (RFC 6749 §6). The
    /// student and the verified id_token stay; an id_token in a refresh answer is not
    /// verified, so it is not used.
    pub fn refreshed(&self, response: TokenResponse, now_ms: f64) -> Session {
        Session {
            token: response.access_token,
            issued_at_ms: now_ms,
            expires_at_ms: usable_until(response.expires_in, now_ms),
            refresh_token: response
                .refresh_token
                .or_else(|| self.refresh_token.clone()),
            sourced_id: self.sourced_id.clone(),
            id_token: self.id_token.clone(),
        }
    }

    /// When to tell the student the session is ending.
    pub fn notice_at_ms(&self) -> f64 {
        self.expires_at_ms - NOTICE_LEAD_MS.min(self.usable_ms() / 2.0)
    }

    /// When to use the refresh token, if there is one.
    pub fn refresh_at_ms(&self) -> f64 {
        self.expires_at_ms - REFRESH_LEAD_MS.min(self.usable_ms() / 4.0)
    }

    fn usable_ms(&self) -> f64 {
        (self.expires_at_ms - self.issued_at_ms).max(0.0)
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// Milliseconds left, for the timer that ends the session.
    pub fn remaining_ms(&self, now_ms: f64) -> f64 {
        (self.expires_at_ms - now_ms).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(expires_in: Option<u64>) -> TokenResponse {
        TokenResponse {
            access_token: AccessToken::new("t".into()).unwrap(),
            expires_in,
            id_token: None,
            refresh_token: None,
        }
    }

    #[test]
    fn defaults_to_a_day_when_the_provider_is_silent() {
        let session = Session::from_token_response(response(None), None, 1_000.0);
        assert!(!session.is_expired(1_000.0 + 23.0 * 3_600_000.0));
        assert!(session.is_expired(1_000.0 + 24.0 * 3_600_000.0));
    }

    #[test]
    fn honours_expires_in_with_a_margin() {
        let session = Session::from_token_response(response(Some(3600)), None, 0.0);
        assert!(!session.is_expired(3_500_000.0));
        assert!(session.is_expired(3_571_000.0));
        assert_eq!(session.remaining_ms(3_600_000.0), 0.0);
        // A very short lifetime still leaves half of it usable.
        let short = Session::from_token_response(response(Some(10)), None, 0.0);
        assert_eq!(short.expires_at_ms, 5_000.0);
    }

    #[test]
    fn the_notice_and_the_refresh_come_before_the_end() {
        let day = Session::from_token_response(response(None), None, 0.0);
        assert_eq!(day.expires_at_ms - day.notice_at_ms(), 5.0 * 60_000.0);
        assert_eq!(day.expires_at_ms - day.refresh_at_ms(), 60_000.0);
        // A 20-second token is used for 10 s: the notice at 5 s, the refresh at 7.5 s.
        let short = Session::from_token_response(response(Some(20)), None, 0.0);
        assert_eq!(short.notice_at_ms(), 5_000.0);
        assert_eq!(short.refresh_at_ms(), 7_500.0);
    }

    #[test]
    fn a_refresh_replaces_the_tokens_and_keeps_the_student() {
        let mut first = response(Some(3600));
        first.refresh_token = Some(RefreshToken::new("r1".into()).unwrap());
        let session = Session::from_token_response(first, Some("s-1".into()), 0.0);
        let mut second = response(Some(3600));
        second.access_token = AccessToken::new("t2".into()).unwrap();
        second.refresh_token = Some(RefreshToken::new("r2".into()).unwrap());
        let refreshed = session.refreshed(second, 1_000_000.0);
        assert_eq!(refreshed.token.secret(), "t2");
        assert_eq!(refreshed.refresh_token.as_ref().unwrap().secret(), "r2");
        assert_eq!(refreshed.sourced_id.as_deref(), Some("s-1"));
        assert_eq!(refreshed.issued_at_ms, 1_000_000.0);
        // A provider that does not rotate: the old refresh token stays the one to use.
        let kept = refreshed.refreshed(response(Some(3600)), 2_000_000.0);
        assert_eq!(kept.refresh_token.unwrap().secret(), "r2");
    }
}
