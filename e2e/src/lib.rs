//! The end-to-end harness: the trunk-built `dist/` served under `/portal/` by the sandbox on
//! one port, the sandbox's ClassLink on another (so CORS is real), and a real headless
//! browser driven over WebDriver.
//!
//! Every test runs in each browser named by `E2E_BROWSERS` (default `chrome,firefox`).

pub mod browser;
pub mod harness;

pub use browser::Browser;
pub use harness::Harness;
