//! Server-provided nonces (RFC 9449 §8 for the token endpoint, §9 for the API; each server
//! keeps its own). A nonce is 32 random bytes in base64url. It is replaced once older than
//! [`NONCE_LIFETIME_MS`] by the sandbox's clock, or at once by [`Nonces::rotate`]; the one it
//! replaced stays accepted until the next replacement, so a request signed just before a
//! rotation is not refused for it.

use crate::random::random_secret;

/// How long a nonce is handed out before it is replaced.
pub(crate) const NONCE_LIFETIME_MS: u64 = 5 * 60 * 1000;

/// One server's nonces.
#[derive(Debug, Default)]
pub(crate) struct Nonces {
    /// The nonce handed out now, and when it was made (ms).
    current: Option<(String, u64)>,
    /// The one `current` replaced: still accepted.
    previous: Option<String>,
}

impl Nonces {
    /// The nonce to hand out now: made on first use, replaced once too old.
    pub fn current(&mut self, now_ms: u64) -> Result<String, getrandom::Error> {
        match &self.current {
            Some((nonce, made)) if now_ms.saturating_sub(*made) < NONCE_LIFETIME_MS => {
                Ok(nonce.clone())
            }
            _ => self.rotate(now_ms),
        }
    }

    /// The nonces a proof may carry now: the current one and the one it replaced.
    pub fn accepted(&mut self, now_ms: u64) -> Result<Vec<String>, getrandom::Error> {
        let current = self.current(now_ms)?;
        Ok(std::iter::once(current)
            .chain(self.previous.clone())
            .collect())
    }

    /// Replaces the current nonce now; returns the new one.
    pub fn rotate(&mut self, now_ms: u64) -> Result<String, getrandom::Error> {
        let fresh = random_secret()?;
        self.previous = self.current.take().map(|(nonce, _)| nonce);
        self.current = Some((fresh.clone(), now_ms));
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_previous_and_lifetime() {
        let mut nonces = Nonces::default();
        let first = nonces.current(0).expect("random");
        assert_eq!(first.len(), 43);
        assert_eq!(
            nonces.current(NONCE_LIFETIME_MS - 1).expect("random"),
            first
        );
        assert_eq!(nonces.accepted(1).expect("random"), vec![first.clone()]);

        let second = nonces.current(NONCE_LIFETIME_MS).expect("random");
        assert_ne!(second, first);
        assert_eq!(
            nonces.accepted(NONCE_LIFETIME_MS).expect("random"),
            [second.clone(), first.clone()]
        );

        let third = nonces.rotate(NONCE_LIFETIME_MS + 1).expect("random");
        let accepted = nonces.accepted(NONCE_LIFETIME_MS + 1).expect("random");
        assert_eq!(accepted, [third, second]);
        assert!(!accepted.contains(&first));
    }
}
