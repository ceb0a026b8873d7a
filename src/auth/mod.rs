//! The app's own sign-in rules, on top of the protocol (the `oauth_public_client` crate,
//! `protocol/`): the session in memory and its timings, the tab's resume mark, and the
//! LaunchPad restart window. Pure and tested natively; the browser glue lives in
//! `crate::browser` and `crate::app`.

pub mod launchpad;
pub mod resume;
pub mod session;
