//! The id_token as the token endpoint returned it.

use crate::secret::redacted_debug;

/// A raw id_token. It identifies the user to anyone who holds it, so `Debug` never prints
/// it and it is never serialized: it lives in memory only as long as its check.
#[derive(Clone, PartialEq, Eq)]
pub struct IdToken(String);

redacted_debug!(IdToken);

impl IdToken {
    /// The token as received.
    #[inline]
    pub fn new(value: String) -> Self {
        IdToken(value)
    }

    /// The token itself: for its check, and as `id_token_hint` when ending the session.
    #[inline]
    pub fn secret(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_token() {
        let token = IdToken::new("eyJhbGciOiJSUzI1NiJ9.e30.c2ln".into());
        assert_eq!(format!("{token:?}"), "IdToken([redacted])");
        assert_eq!(token.secret(), "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    }
}
