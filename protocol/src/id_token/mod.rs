//! The OpenID Connect id_token: a JWS-signed JWT saying who signed in, for which client,
//! and for which sign-in (its nonce). It is believed only after its signature verifies
//! against one of the provider's published keys (its JWK set), and only then are its claims
//! read and checked (OpenID Connect Core §3.1.3.7).
//!
//! Everything here is pure, except what only the platform has, which comes in through two
//! ports ([`verify::KeySource`], [`verify::SignatureVerifier`]): fetching the key set, and
//! the signature check itself (in a browser, WebCrypto: no RSA or elliptic-curve code of
//! this crate's own). [`verify::verify_with`] runs the steps in order over them.
//!
//! - [`raw`]: the token as received, never printed.
//! - [`jws`]: the compact JWS: header, signing input, signature; the payload kept unread.
//! - [`algorithm`]: the two accepted algorithms, RS256 and ES256.
//! - [`jwk`]: the provider's JWK set, keeping only usable public signing keys.
//! - [`key_choice`]: which key checks this token, and with which algorithm.
//! - [`claims`]: the claims and their check against what this sign-in expects.
//! - [`problem`]: every reason a token is refused.
//! - [`verify`]: the steps in order.

pub mod algorithm;
pub mod claims;
pub mod jwk;
pub mod jws;
pub mod key_choice;
pub mod problem;
pub mod raw;
pub mod verify;

pub use claims::{Expectations, VerifiedIdToken, CLOCK_SKEW_S};
pub use problem::{IdTokenProblem, KeysFailure};
pub use raw::IdToken;
pub use verify::{verify_with, KeySource, SignatureVerifier};
