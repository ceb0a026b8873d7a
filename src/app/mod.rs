//! The app's state machine and the browser-side steps of signing in.

pub mod flow;
pub mod keeper;
pub mod portal;
pub mod problem;
pub mod screen;
pub mod self_check;
pub mod sign_out;
