//! DPoP (RFC 9449), the servers' side, behind the [`DpopFeatures`] switches (all off: the
//! sandbox knows nothing of DPoP, as ClassLink). The token endpoint binds the tokens it issues
//! to the key of a valid proof ([`token_endpoint`]); the API refuses a bound token without a
//! proof of that key ([`resource`]). Both check proofs the same way: [`gate`] adds each
//! server's expectations, its nonce ([`nonce`]) and the DPoP faults to the checks of [`proof`]
//! (the key by [`jwk`], the URL by [`htu`], the `jti` against [`replay`]), and records each
//! one. [`DpopTestKey`] makes proofs for tests.

mod features;
mod gate;
mod htu;
mod jwk;
mod memory;
mod nonce;
mod proof;
mod replay;
pub(crate) mod resource;
mod test_key;
pub(crate) mod token_endpoint;

pub use features::DpopFeatures;
pub use test_key::DpopTestKey;

pub(crate) use gate::HiddenNonce;
pub(crate) use memory::{DpopMemory, Server};
pub(crate) use proof::ALGORITHM;

use crate::state::shared::Shared;

/// Replaces both servers' nonces now (the previous ones stay accepted until the next
/// replacement); answers the new `(token endpoint, API)` nonces.
pub(crate) fn rotate_nonces(shared: &Shared) -> Result<(String, String), getrandom::Error> {
    let now_ms = shared.clock.now_ms();
    let mut store = shared.store();
    let token = store.dpop.nonces(Server::Token).rotate(now_ms)?;
    let api = store.dpop.nonces(Server::Api).rotate(now_ms)?;
    Ok((token, api))
}

/// The key an access token is bound to (see [`crate::Running::token_binding`]).
pub(crate) fn token_binding(shared: &Shared, access_token: &str) -> Option<String> {
    shared
        .store()
        .tokens
        .get(access_token)
        .and_then(|grant| grant.jkt.clone())
}
