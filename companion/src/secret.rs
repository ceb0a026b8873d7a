//! The client secret: held only by the companion, added to the token requests it forwards,
//! never printed. `Debug` says `[redacted]`; the value is reachable only through
//! [`ClientSecret::expose`], which the client-authentication code alone calls.

use std::fmt;

/// The client secret issued by the provider for this client.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn new(value: String) -> Self {
        ClientSecret(value)
    }

    /// The secret itself, for the one place that sends it to the provider.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let secret = ClientSecret::new("s3cr3t-value".into());
        assert_eq!(format!("{secret:?}"), "ClientSecret([redacted])");
        assert_eq!(secret.expose(), "s3cr3t-value");
    }
}
