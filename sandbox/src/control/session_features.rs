//! The session switches (re-exported by the crate root): which of the provider-session
//! behaviours the sandbox shows and advertises. ClassLink's discovery document advertises none
//! of them, so all are off by default and the sandbox answers exactly as before; tests of an
//! app's "a session that lasts and ends everywhere" turn them on, at start
//! ([`Options::session_features`](crate::Options::session_features), `--session-features`) or
//! at run time ([`Running::set_session_features`](crate::Running::set_session_features),
//! `POST /__sandbox/session-features`). Its list is read by [`super::switch_list`].

use serde::{Deserialize, Serialize};

use super::switch_list::parse_list;

/// The names `--session-features` accepts, in the order of the fields.
pub(crate) const NAMES: [&str; 5] = [
    "sso",
    "prompt_none",
    "refresh_tokens",
    "revocation",
    "end_session",
];

/// Provider-session behaviours, each off unless switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionFeatures {
    /// The provider remembers who signed in (a cookie on its own origin): a plain
    /// authorization request with a live provider session comes straight back with a code, as
    /// ClassLink's does.
    pub sso: bool,
    /// Discovery advertises `prompt_values_supported: ["none","login"]`. (`prompt=none` is
    /// honoured either way: OpenID Connect Core §3.1.2.1 makes it part of every provider.)
    pub prompt_none: bool,
    /// The token endpoint issues refresh tokens and accepts `grant_type=refresh_token`
    /// (RFC 6749 §6, rotated per RFC 9700 §4.14.2).
    pub refresh_tokens: bool,
    /// Discovery advertises `revocation_endpoint` (RFC 7009; the route always answers).
    pub revocation: bool,
    /// Discovery advertises `end_session_endpoint` (RP-Initiated Logout 1.0; the route always
    /// answers).
    pub end_session: bool,
}

impl SessionFeatures {
    /// Every switch on.
    pub fn all() -> Self {
        SessionFeatures {
            sso: true,
            prompt_none: true,
            refresh_tokens: true,
            revocation: true,
            end_session: true,
        }
    }

    /// Whether any switch is on.
    pub(crate) fn any(&self) -> bool {
        *self != SessionFeatures::default()
    }

    /// Parses `--session-features`: a comma-separated list of [`NAMES`] or `all`. An unknown or
    /// empty name is refused, so a typo cannot silently leave a switch off.
    pub(crate) fn from_list(list: &str) -> Result<Self, String> {
        let mut features = SessionFeatures::default();
        parse_list("--session-features", list, &NAMES, |name| {
            match name {
                "all" => features = SessionFeatures::all(),
                "sso" => features.sso = true,
                "prompt_none" => features.prompt_none = true,
                "refresh_tokens" => features.refresh_tokens = true,
                "revocation" => features.revocation = true,
                "end_session" => features.end_session = true,
                _ => return false,
            }
            true
        })?;
        Ok(features)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(
            SessionFeatures::from_list("all"),
            Ok(SessionFeatures::all())
        );
        assert_eq!(
            SessionFeatures::from_list(&NAMES.join(",")),
            Ok(SessionFeatures::all())
        );
        assert_eq!(
            SessionFeatures::from_list("sso, refresh_tokens"),
            Ok(SessionFeatures {
                sso: true,
                refresh_tokens: true,
                ..SessionFeatures::default()
            })
        );
        for bad in ["", "sso,", "SSO", "prompt-none", "sso,nope"] {
            let err = SessionFeatures::from_list(bad).expect_err(bad);
            assert!(err.contains("unknown feature"), "{err}");
        }
        assert!(!SessionFeatures::default().any());
        assert!(SessionFeatures::all().any());
    }

    #[test]
    fn json_shapes() {
        let f: SessionFeatures = serde_json::from_str(r#"{"sso":true}"#).expect("parse");
        assert_eq!(
            f,
            SessionFeatures {
                sso: true,
                ..SessionFeatures::default()
            }
        );
        assert!(serde_json::from_str::<SessionFeatures>(r#"{"ssso":true}"#).is_err());
        assert_eq!(
            serde_json::to_value(SessionFeatures::default()).expect("serialize"),
            serde_json::json!({"sso": false, "prompt_none": false, "refresh_tokens": false,
                "revocation": false, "end_session": false})
        );
    }
}
