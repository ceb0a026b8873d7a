//! The OpenID Connect `nonce`: 32 random bytes sent with each authorization request and
//! kept in the pending record, so an id_token is accepted only by the sign-in it was issued
//! for (a token replayed from another sign-in carries another nonce).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::random::{base64url, random_bytes, RandomUnavailable};

/// Stored as its text in the pending record; `Debug` never prints it.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Nonce(String);

impl Nonce {
    /// A fresh nonce: 43 base64url characters.
    pub fn new_random() -> Result<Self, RandomUnavailable> {
        Ok(Nonce(base64url(&random_bytes::<32>()?)))
    }

    /// A nonce read back from storage; `None` unless it has the form [`Nonce::new_random`]
    /// gives, so tampered storage cannot make the app expect anything else.
    pub fn from_stored(value: String) -> Option<Self> {
        let ours = value.len() == 43
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ours.then_some(Nonce(value))
    }

    /// The value for the authorization request's `nonce` parameter and the id_token check.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Nonce {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Nonce::from_stored(String::deserialize(deserializer)?)
            .ok_or_else(|| serde::de::Error::custom("not a nonce this app made"))
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Nonce([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_nonces_differ_and_round_trip_through_storage() {
        let nonce = Nonce::new_random().unwrap();
        assert_ne!(nonce, Nonce::new_random().unwrap());
        let text = serde_json::to_string(&nonce).unwrap();
        assert_eq!(text, format!("\"{}\"", nonce.as_str()));
        assert_eq!(serde_json::from_str::<Nonce>(&text).unwrap(), nonce);
    }

    #[test]
    fn refuses_stored_values_it_could_not_have_made() {
        for bad in ["", "abc", &"a".repeat(44), &format!("{}=", "a".repeat(42))] {
            assert_eq!(Nonce::from_stored(bad.to_string()), None, "{bad}");
            assert!(serde_json::from_str::<Nonce>(&format!("\"{bad}\"")).is_err());
        }
        assert!(serde_json::from_str::<Nonce>("42").is_err());
    }

    #[test]
    fn debug_never_prints_the_value() {
        let nonce = Nonce::new_random().unwrap();
        assert_eq!(format!("{nonce:?}"), "Nonce([redacted])");
    }
}
