//! A local imitation of ClassLink's OAuth 2.0 and API servers.
//!
//! It answers like ClassLink (same paths, payload shapes and quirks, see
//! `docs/classlink.md`) but enforces the protocol strictly — exact redirect URIs,
//! PKCE S256 only, single-use codes, no client secrets from a public client, and, when switched
//! on, DPoP (RFC 9449) bound tokens — so the browser
//! app is tested against a server that says no. Tests drive it in-process through [`start`]
//! and [`Running`]; the `classlink-sandbox` binary wraps the same calls for the demo.
//!
//! The code is in rooms: `provider/` (the OAuth and OpenID endpoints), `api/` (profile,
//! classes, teachers, and the seed they serve), `dpop/` (RFC 9449 on both servers),
//! `control/` (options, switches, faults, request log, records, admin routes), `hosting/`
//! (the two listeners), with `http/` (what every server speaks) and `state/` (what they
//! remember) under them all. This file only names the public surface.

mod api;
mod control;
mod dpop;
mod hosting;
mod http;
mod provider;
mod random;
mod running;
mod state;

#[cfg(test)]
mod tests;

pub use api::seed::{Seed, SeedError};
pub use control::cli;
pub use control::confidential_client::{ClientAuth, ConfidentialClient};
pub use control::cors_off::CorsOff;
pub use control::faults::fault::{Fault, FaultKind, FaultTarget, TokenField};
pub use control::options::{AppConfig, Options, ServeApp};
pub use control::records::{
    DpopProofRecord, EndSessionRequest, RefreshGrant, RefreshOutcome, Revocation, RevokedKind,
    TokenRequest,
};
pub use control::request_log::entry::LoggedRequest;
pub use control::session_features::SessionFeatures;
pub use dpop::features::DpopFeatures;
pub use dpop::test_key::DpopTestKey;
pub use running::{start, Running};
