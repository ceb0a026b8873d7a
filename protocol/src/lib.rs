//! The OAuth 2.0 and OpenID Connect protocol of a public client: a web page or app that signs
//! people in with the authorization-code flow and PKCE, and holds no secret.
//!
//! Everything here is pure: it builds requests and reads answers as data, and does no I/O.
//! What only the platform can do comes in through small traits (ports): randomness
//! ([`random::Randomness`]) and the form encoding ([`form::FormCodec`]); the clock is a
//! parameter.
#![deny(missing_docs)]

#[cfg(all(test, not(feature = "form_urlencoded")))]
compile_error!("the tests read and write forms with the default `form_urlencoded` feature");

mod secret;
#[cfg(test)]
mod testing;

pub mod authorization;
pub mod callback;
pub mod csrf_state;
pub mod discovery;
pub mod dpop;
pub mod end_session;
pub mod form;
pub mod id_token;
pub mod lenient;
pub mod nonce;
pub mod oauth_error;
pub mod pending;
pub mod pkce;
pub mod prompt;
pub mod random;
pub mod refresh;
pub mod revocation;
pub mod text;
pub mod token;
pub mod urls;
