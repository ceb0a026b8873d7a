//! The standing CORS switches (re-exported by the crate root): surfaces of a provider that
//! serves no browsers, whose answers and preflights carry no CORS headers at all, so a page
//! cannot read them (ClassLink's CORS for a browser origin is not known: see
//! `docs/classlink.md`). Off by default. Set at start (`Options::cors_off`, `--cors-off`) or at
//! run time (`Running::set_cors_off`, `POST /__sandbox/cors-off`). The `no_cors` fault is the
//! one-request version.

use serde::{Deserialize, Serialize};

use super::switch_list::parse_list;

/// The names `--cors-off` accepts, in the order of the fields.
pub(crate) const NAMES: [&str; 2] = ["token", "api"];

/// Which surfaces serve no browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsOff {
    /// The token endpoint and the revocation endpoint.
    pub token: bool,
    /// The APIs: profile, classes, teachers.
    pub api: bool,
}

impl CorsOff {
    /// Every surface without CORS.
    pub fn all() -> Self {
        CorsOff {
            token: true,
            api: true,
        }
    }

    /// Parses `--cors-off`: a comma-separated list of [`NAMES`] or `all`.
    pub(crate) fn from_list(list: &str) -> Result<Self, String> {
        let mut off = CorsOff::default();
        parse_list("--cors-off", list, &NAMES, |name| {
            match name {
                "all" => off = CorsOff::all(),
                "token" => off.token = true,
                "api" => off.api = true,
                _ => return false,
            }
            true
        })?;
        Ok(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_json() {
        assert_eq!(CorsOff::from_list("all"), Ok(CorsOff::all()));
        assert_eq!(
            CorsOff::from_list("api"),
            Ok(CorsOff {
                api: true,
                ..CorsOff::default()
            })
        );
        assert_eq!(CorsOff::from_list("token, api"), Ok(CorsOff::all()));
        for bad in ["", "revocation", "API", "token,"] {
            assert!(CorsOff::from_list(bad).is_err(), "{bad}");
        }
        let parsed: CorsOff = serde_json::from_str(r#"{"token":true}"#).expect("parse");
        assert!(parsed.token && !parsed.api);
        assert!(serde_json::from_str::<CorsOff>(r#"{"profile":true}"#).is_err());
    }
}
