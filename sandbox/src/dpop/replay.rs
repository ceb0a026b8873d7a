//! The `jti`s of accepted proofs (RFC 9449 §11.1): a proof is accepted once. An entry is kept
//! only while its proof's `iat` could still pass the time check, so the set stays small and a
//! replay is still caught for as long as it could otherwise succeed.

use std::collections::HashMap;

/// Accepted `(jkt, jti)` pairs, each with the time (ms) after which its proof is too old anyway.
#[derive(Debug, Default)]
pub(crate) struct SeenJtis {
    until_ms: HashMap<(String, String), u64>,
}

impl SeenJtis {
    /// Records `jti` for the key `jkt` unless it is already there; `false` means a replay.
    /// `stale_after_ms` is when the proof's `iat` leaves the accepted window.
    pub fn first_use(&mut self, jkt: &str, jti: &str, stale_after_ms: u64, now_ms: u64) -> bool {
        self.until_ms.retain(|_, until| *until >= now_ms);
        let key = (jkt.to_string(), jti.to_string());
        if self.until_ms.contains_key(&key) {
            return false;
        }
        self.until_ms.insert(key, stale_after_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn once_per_key_while_the_proof_could_pass() {
        let mut seen = SeenJtis::default();
        assert!(seen.first_use("k1", "j1", 60_000, 0));
        assert!(!seen.first_use("k1", "j1", 60_000, 30_000));
        // The same jti from another key is another proof.
        assert!(seen.first_use("k2", "j1", 60_000, 30_000));
        assert!(!seen.first_use("k1", "j1", 60_000, 60_000));
        // Once stale the entry goes (the time check refuses such a proof by then).
        assert!(seen.first_use("k1", "j1", 130_000, 60_001));
        assert_eq!(seen.until_ms.len(), 1);
    }
}
