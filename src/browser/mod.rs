//! Thin wrappers over the browser APIs the app uses: clock, timers, address bar, web
//! storage, fetch, WebCrypto, randomness, and what index.html prefetched. Each turns exceptions into typed
//! errors; none panics.

pub mod broadcast;
pub mod clock;
pub mod config_prefetch;
pub mod csp;
pub mod dpop;
pub mod dpop_key;
pub mod http;
pub mod jwks;
pub mod location;
pub mod pending_store;
pub mod probe;
pub mod random;
pub mod tab_memory;
pub mod timer;
pub mod webcrypto;
