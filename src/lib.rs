//! A static single-page app: students sign in with ClassLink (OAuth 2.0 authorization code
//! with PKCE, as a public client, entirely in the browser) and see their profile and classes.
//!
//! The OAuth/OpenID protocol is a crate of its own, `oauth_public_client` (`protocol/`), with
//! no browser dependency; `browser` implements its ports. The app's pure logic (`auth`,
//! `classlink` models, `config`, `urls`, the limits of `transport`) is tested natively;
//! `browser`, `transport`'s requests and `ui` run in the browser. `app` is the session
//! controller the screens (`ui`) ask; `check` is the deployment self-check, a bundle of its own.

pub mod app;
pub mod auth;
pub mod browser;
pub mod casefold;
pub mod check;
pub mod classlink;
pub mod config;
#[cfg(test)]
mod fixtures;
pub mod form;
pub mod i18n;
pub mod scalar_text;
pub mod storage_keys;
pub mod transport;
pub mod ui;
pub mod urls;

pub use ui::app::App;
