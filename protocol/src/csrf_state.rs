//! The `state` parameter: 32 random bytes that tie a callback to the request this client made,
//! and the key under which that request's verifier waits until the callback.

use crate::random::{
    base64url, is_base64url_of_32_bytes, random_bytes, RandomUnavailable, Randomness,
};

/// A `state` this client made, or one a callback brought that could be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfState(String);

impl CsrfState {
    /// A fresh state: 43 base64url characters.
    #[inline]
    pub fn new_random(random: &impl Randomness) -> Result<Self, RandomUnavailable> {
        Ok(CsrfState(base64url(&random_bytes::<32>(random)?)))
    }

    /// A state received in a callback. Anything that could not be ours (wrong length or
    /// alphabet) is refused before it is used as a storage key.
    #[inline]
    pub fn from_callback(value: &str) -> Option<Self> {
        is_base64url_of_32_bytes(value).then(|| CsrfState(value.to_string()))
    }

    /// The `state` parameter.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::SystemRandom;

    #[test]
    fn random_states_round_trip_through_a_callback() {
        let state = CsrfState::new_random(&SystemRandom).unwrap();
        assert_ne!(state, CsrfState::new_random(&SystemRandom).unwrap());
        assert_eq!(CsrfState::from_callback(state.as_str()), Some(state));
    }

    #[test]
    fn refuses_values_it_could_not_have_made() {
        for bad in [
            "",
            "abc",
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &format!("{}/", "a".repeat(42)),
        ] {
            assert_eq!(CsrfState::from_callback(bad), None, "{bad}");
        }
    }
}
