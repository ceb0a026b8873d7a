//! Thin wrappers over the browser APIs the app uses: clock, timers, address bar, web
//! storage, WebCrypto (the id_token's signature, the DPoP key), randomness, what index.html
//! prefetched, and the content policy. Each turns exceptions into typed errors; none panics.
//! Requests go through `crate::transport`; the protocol's ports (`oauth_public_client`) are
//! implemented here.

pub mod broadcast;
pub mod clock;
pub mod config_prefetch;
pub mod csp;
pub mod dpop;
pub mod dpop_key;
pub mod jwks;
pub mod location;
pub mod random;
pub mod storage;
pub mod timer;
pub mod webcrypto;
