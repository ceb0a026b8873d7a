//! The OpenID Connect `nonce`: 32 random bytes sent with each authorization request and
//! kept with the pending sign-in, so an id_token is accepted only by the sign-in it was issued
//! for (a token replayed from another sign-in carries another nonce).

use serde::{Deserialize, Deserializer, Serialize};

use crate::random::{
    base64url, is_base64url_of_32_bytes, random_bytes, RandomUnavailable, Randomness,
};
use crate::secret::redacted_debug;

/// A nonce this client made. Stored as its text with the pending sign-in; `Debug` never
/// prints it.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Nonce(String);

redacted_debug!(Nonce);

impl Nonce {
    /// A fresh nonce: 43 base64url characters.
    #[inline]
    pub fn new_random(random: &impl Randomness) -> Result<Self, RandomUnavailable> {
        Ok(Nonce(base64url(&random_bytes::<32>(random)?)))
    }

    /// A nonce read back from storage; `None` unless it has the form [`Nonce::new_random`]
    /// gives, so tampered storage cannot make the client expect anything else.
    #[inline]
    pub fn from_stored(value: String) -> Option<Self> {
        is_base64url_of_32_bytes(&value).then_some(Nonce(value))
    }

    /// The value for the authorization request's `nonce` parameter and the id_token check.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Nonce {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Nonce::from_stored(String::deserialize(deserializer)?)
            .ok_or_else(|| serde::de::Error::custom("not a nonce this client made"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::SystemRandom;

    #[test]
    fn fresh_nonces_differ_and_round_trip_through_storage() {
        let nonce = Nonce::new_random(&SystemRandom).unwrap();
        assert_ne!(nonce, Nonce::new_random(&SystemRandom).unwrap());
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
        let nonce = Nonce::new_random(&SystemRandom).unwrap();
        assert_eq!(format!("{nonce:?}"), "Nonce([redacted])");
    }
}
