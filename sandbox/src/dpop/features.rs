//! The DPoP switches (re-exported by the crate root): whether the sandbox offers DPoP
//! (RFC 9449) at all, and whether each server demands its nonces. ClassLink advertises no DPoP,
//! so all are off by default and the sandbox answers exactly as before. Set at start
//! ([`Options::dpop_features`](crate::Options::dpop_features), `--dpop-features`) or at run time
//! ([`Running::set_dpop_features`](crate::Running::set_dpop_features),
//! `POST /__sandbox/dpop-features`).

use serde::{Deserialize, Serialize};

use crate::control::switch_list::parse_list;

/// The names `--dpop-features` accepts, in the order of the fields.
pub(crate) const NAMES: [&str; 3] = ["enabled", "token_nonce", "api_nonce"];

/// DPoP behaviours, each off unless switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DpopFeatures {
    /// Discovery advertises `dpop_signing_alg_values_supported: ["ES256"]`; the token endpoint
    /// binds tokens to the key of a valid DPoP proof (token_type "DPoP"); the API refuses a
    /// bound token without a valid proof of that same key.
    pub enabled: bool,
    /// The token endpoint requires a server-provided nonce (RFC 9449 §8).
    pub token_nonce: bool,
    /// The API (resource server) requires a server-provided nonce (RFC 9449 §9).
    pub api_nonce: bool,
}

impl DpopFeatures {
    /// Every switch on.
    pub fn all() -> Self {
        DpopFeatures {
            enabled: true,
            token_nonce: true,
            api_nonce: true,
        }
    }

    /// Parses `--dpop-features`: a comma-separated list of [`NAMES`] or `all`. An unknown or
    /// empty name is refused, so a typo cannot silently leave a switch off.
    pub(crate) fn from_list(list: &str) -> Result<Self, String> {
        let mut features = DpopFeatures::default();
        parse_list("--dpop-features", list, &NAMES, |name| {
            match name {
                "all" => features = DpopFeatures::all(),
                "enabled" => features.enabled = true,
                "token_nonce" => features.token_nonce = true,
                "api_nonce" => features.api_nonce = true,
                _ => return false,
            }
            true
        })?;
        Ok(features)
    }

    /// Whether the token endpoint demands its nonce now (only while DPoP is on at all).
    pub(crate) fn token_nonce_required(&self) -> bool {
        self.enabled && self.token_nonce
    }

    /// Whether the API demands its nonce now (only while DPoP is on at all).
    pub(crate) fn api_nonce_required(&self) -> bool {
        self.enabled && self.api_nonce
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(DpopFeatures::from_list("all"), Ok(DpopFeatures::all()));
        assert_eq!(
            DpopFeatures::from_list(&NAMES.join(",")),
            Ok(DpopFeatures::all())
        );
        assert_eq!(
            DpopFeatures::from_list("enabled, api_nonce"),
            Ok(DpopFeatures {
                enabled: true,
                api_nonce: true,
                ..DpopFeatures::default()
            })
        );
        for bad in ["", "enabled,", "ENABLED", "token-nonce", "enabled,nonce"] {
            let err = DpopFeatures::from_list(bad).expect_err(bad);
            assert!(err.starts_with("--dpop-features: unknown feature"), "{err}");
        }
        // A nonce switch alone asks for nothing: DPoP itself is off.
        let nonce_only = DpopFeatures {
            token_nonce: true,
            api_nonce: true,
            ..DpopFeatures::default()
        };
        assert!(!nonce_only.token_nonce_required());
        assert!(!nonce_only.api_nonce_required());
        assert!(DpopFeatures::all().token_nonce_required());
    }

    #[test]
    fn json_shapes() {
        let f: DpopFeatures = serde_json::from_str(r#"{"enabled":true}"#).expect("parse");
        assert_eq!(
            f,
            DpopFeatures {
                enabled: true,
                ..DpopFeatures::default()
            }
        );
        assert!(serde_json::from_str::<DpopFeatures>(r#"{"enable":true}"#).is_err());
        assert_eq!(
            serde_json::to_value(DpopFeatures::default()).expect("serialize"),
            serde_json::json!({"enabled": false, "token_nonce": false, "api_nonce": false})
        );
    }
}
