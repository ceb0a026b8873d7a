//! The protocol's randomness port (`oauth_public_client::random::Randomness`) in this app:
//! getrandom, which in the browser is `crypto.getRandomValues` (its `wasm_js` backend).

use oauth_public_client::random::{RandomUnavailable, Randomness};

/// The platform's secure random source.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlatformRandom;

impl Randomness for PlatformRandom {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
        getrandom::fill(bytes).map_err(|_| RandomUnavailable)
    }
}
