//! The OAuth 2.0 authorization-code flow with PKCE, as a public client. Everything here is
//! pure and tested natively; the browser glue lives in `crate::browser` and `crate::app`.

pub mod dpop;
pub mod launchpad;
pub mod resume;
pub mod session;
