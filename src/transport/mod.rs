//! The app's one way to ask a server, and what it says when no usable answer came.
//!
//! Every request the app makes goes through [`fetch::send`]: config.json, discovery, the
//! provider's keys, the token endpoint, the APIs, the revocations and the self-check's
//! probes. Each names the [`Document`] it asks for, which sets its deadline and the most of
//! its body the app will read ([`limits`]); each failure is one [`NoAnswer`], which each
//! domain's error wraps (`ApiError`, `SignInProblem`, `SetupError`, the self-check's
//! answers). [`authorized`] adds what proves the page may read: a bearer token, or a DPoP
//! proof signed for the one request by `crate::browser::dpop`.
//!
//! `limits` and `no_answer` are pure and tested natively; the rest runs in the browser.

pub mod authorized;
pub mod body;
pub mod fetch;
pub mod limits;
pub mod no_answer;

pub use limits::Document;
pub use no_answer::NoAnswer;
