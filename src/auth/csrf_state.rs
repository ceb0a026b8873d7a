//! The `state` parameter: 32 random bytes that tie a callback to the request this tab made,
//! and the key under which that request's verifier waits in sessionStorage.

use super::random::{base64url, random_bytes, RandomUnavailable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfState(String);

impl CsrfState {
    pub fn new_random() -> Result<Self, RandomUnavailable> {
        Ok(CsrfState(base64url(&random_bytes::<32>()?)))
    }

    /// A state received in a callback. Anything that could not be ours (wrong length or
    /// alphabet) is refused before it is used as a storage key.
    pub fn from_callback(value: &str) -> Option<Self> {
        let ours = value.len() == 43
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ours.then(|| CsrfState(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_states_round_trip_through_a_callback() {
        let state = CsrfState::new_random().unwrap();
        assert_ne!(state, CsrfState::new_random().unwrap());
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
