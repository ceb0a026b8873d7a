//! DPoP (RFC 9449), the servers' side, behind the [`features::DpopFeatures`] switches (all
//! off: the sandbox knows nothing of DPoP, as ClassLink). The token endpoint binds the tokens
//! it issues to the key of a valid proof ([`token_endpoint`]); the API refuses a bound token
//! without a proof of that key ([`resource`]). Both check proofs the same way: [`gate`] adds
//! each server's expectations, its nonce ([`nonce`]) and the DPoP faults to the checks of
//! [`proof`] (the key by [`jwk`], the URL by [`htu`], the `jti` against [`replay`]), and
//! records each one; what it remembers between requests is [`memory`].
//! [`test_key::DpopTestKey`] makes proofs for tests.

pub(crate) mod features;
pub(crate) mod gate;
mod htu;
mod jwk;
pub(crate) mod memory;
mod nonce;
pub(crate) mod proof;
mod replay;
pub(crate) mod resource;
pub(crate) mod test_key;
pub(crate) mod token_endpoint;
