//! The signed-in session: the access token and when to stop using it. Lives in memory only.

use super::id_token::IdToken;
use super::token::{AccessToken, TokenResponse};

/// Lifetime assumed when the provider sends no `expires_in`: ClassLink documents 24 hours.
pub const DEFAULT_LIFETIME_SECS: u64 = 24 * 60 * 60;
/// Stop using a token this long before it expires, so a request never races its expiry.
const EXPIRY_MARGIN_MS: f64 = 30_000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub token: AccessToken,
    /// Milliseconds since the epoch after which the token is no longer used.
    pub expires_at_ms: f64,
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
        let lifetime_ms = response.expires_in.unwrap_or(DEFAULT_LIFETIME_SECS) as f64 * 1000.0;
        Session {
            token: response.access_token,
            expires_at_ms: now_ms + (lifetime_ms - EXPIRY_MARGIN_MS).max(lifetime_ms / 2.0),
            sourced_id,
            id_token: response.id_token,
        }
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
            access_token: AccessToken::new("t".into()),
            expires_in,
            id_token: None,
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
}
