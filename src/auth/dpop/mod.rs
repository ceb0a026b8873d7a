//! DPoP (RFC 9449): access and refresh tokens bound to a key that only this page holds, so a
//! token copied out of the page is useless anywhere else. Everything here is pure and tested
//! natively: the proof's header and claims, the `ath` and `htu` rules, the key's thumbprint,
//! and reading a server's request for a nonce. The key itself lives in WebCrypto
//! (`crate::browser::dpop_key`), and the sending in `crate::browser::dpop`.

pub mod jwk;
pub mod nonce;
pub mod proof;

pub use jwk::PublicJwk;
pub use nonce::{asks_for_nonce, worth_repeating, NonceServer, ServerNonces};
pub use proof::{ath, htu, UnsignedProof};
