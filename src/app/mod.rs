//! The app's behaviour apart from how it looks: the session controller (the sign-in state
//! machine, the session's keeper, the rule for authorized API calls, sign-out) and the
//! browser-side steps of signing in. The screens (`crate::ui`) ask the controller and show
//! its screen; nothing here reaches into them.

pub mod authorized;
pub mod controller;
pub mod error_callback;
pub mod flow;
pub mod keeper;
pub mod problem;
pub mod revocation;
pub mod screen;
pub mod setup_error;
pub mod sign_out;
