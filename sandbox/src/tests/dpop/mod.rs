//! DPoP (RFC 9449): the switches.

mod switches;

use axum::http::StatusCode;

use super::*;
use crate::{DpopFeatures, SessionFeatures};

/// The token endpoint's URL as discovery advertises it (the harness's API origin is ISSUER).
const TOKEN_URL: &str = "http://sandbox.test:8081/oauth2/v2/token";

/// A harness with these DPoP switches (and refresh tokens) on.
fn dpop_harness(features: DpopFeatures) -> Harness {
    let mut options = Options::new(Seed::default_seed());
    options.dpop_features = features;
    options.session_features = SessionFeatures {
        refresh_tokens: true,
        ..SessionFeatures::default()
    };
    harness_with(options)
}
