#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

#[cfg(all(test, not(feature = "form_urlencoded")))]
compile_error!("the tests read and write forms with the default `form_urlencoded` feature");

// Every function with a body here is `#[inline]`, and new ones should be too. Not for speed:
// a WebAssembly page built with fat LTO at opt-level "z" otherwise compiles this crate apart
// from itself before LTO, keeps the crate's own copies of small standard-library helpers, and
// inlines nothing across the boundary; the first load measured 1.8 KB gzip heavier, and the
// attribute wins back 1.4 KB of that (docs/performance.md).

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
pub mod syntax;
pub mod text;
pub mod token;
pub mod urls;
