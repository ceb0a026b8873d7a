//! DPoP (RFC 9449): access and refresh tokens bound to a key that only this client holds, so
//! a token copied out of it is useless anywhere else. Everything here is pure: the proof's
//! header and claims, the `ath` and `htu` rules, the key's thumbprint, and reading a server's
//! request for a nonce. The key itself is the platform's, behind a port ([`SigningKey`]: in a
//! browser, a non-extractable WebCrypto key), and sending the requests is the caller's.

pub mod jwk;
pub mod nonce;
pub mod proof;

pub use jwk::PublicJwk;
pub use nonce::{asks_for_nonce, worth_repeating, NonceServer, ServerNonces};
pub use proof::{ath, htu, sign_proof, ProofFailure, ProofFor, SigningKey, UnsignedProof};
