//! The id_token as the token endpoint returned it.

use std::fmt;

/// A raw id_token. It identifies the user to anyone who holds it, so `Debug` never prints
/// it and it is never serialized: it lives in memory only as long as its check.
#[derive(Clone, PartialEq, Eq)]
pub struct IdToken(String);

impl IdToken {
    pub fn new(value: String) -> Self {
        IdToken(value)
    }

    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdToken([redacted])")
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
