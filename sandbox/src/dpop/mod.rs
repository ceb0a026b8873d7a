//! DPoP (RFC 9449), the servers' side, behind the [`DpopFeatures`] switches (all off: the
//! sandbox knows nothing of DPoP, as ClassLink). A proof is checked by [`proof`] (its key by
//! [`jwk`], its URL by [`htu`], its `jti` against [`replay`]); [`DpopTestKey`] makes proofs for
//! tests.

mod features;
// The token endpoint and the API check proofs from the next commit; until then only the unit
// tests and the test key use these.
#[cfg_attr(not(test), allow(dead_code))]
mod htu;
#[cfg_attr(not(test), allow(dead_code))]
mod jwk;
mod memory;
#[cfg_attr(not(test), allow(dead_code))]
mod proof;
#[cfg_attr(not(test), allow(dead_code))]
mod replay;
mod test_key;

pub use features::DpopFeatures;
pub use test_key::DpopTestKey;

pub(crate) use memory::DpopMemory;
pub(crate) use proof::ALGORITHM;
