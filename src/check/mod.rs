//! The deployment self-check (`?check`): what the person deploying the page needs to know
//! before a student finds out, asked from the real origin in the real browser. Pure: each
//! probe's answer is judged here; the requests are made by `crate::app::self_check`.

pub mod host;
pub mod line;
pub mod probe;
pub mod report;

pub use line::{Advice, CheckId, CheckLine, Verdict};
