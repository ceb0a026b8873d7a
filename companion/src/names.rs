//! Header names the companion reads or writes beyond the `http` crate's own, in one place.

use http::HeaderName;

/// On every answer from the companion, `1`: the answer came through the companion (the
/// app's self-check reads it through CORS).
pub const TOKEN_COMPANION: HeaderName = HeaderName::from_static("token-companion");
/// On every refusal: why, as one machine-readable word (`origin-not-allowed`, …).
pub const TOKEN_COMPANION_REFUSAL: HeaderName = HeaderName::from_static("token-companion-refusal");
/// The value of [`TOKEN_COMPANION`].
pub const TOKEN_COMPANION_VERSION: &str = "1";

/// RFC 9449: the proof, passed through untouched.
pub const DPOP: HeaderName = HeaderName::from_static("dpop");
/// RFC 9449 §8: a server's nonce, passed back.
pub const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");
/// OneRoster paging, passed back from the pass-through.
pub const X_TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");
pub const X_COUNT: HeaderName = HeaderName::from_static("x-count");
