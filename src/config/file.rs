//! config.json as written, before any default or check: every known key, each absent,
//! `null` (also absent) or of its type. Unknown keys are refused, so a typo is an error,
//! not a silently ignored line.

use oauth_public_client::syntax::is_nqchars;
use oauth_public_client::urls::parse_endpoint;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_path_to_error::Segment;

use super::error::{error, ConfigError, ConfigProblem};
use super::names::KNOWN_KEYS;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    pub client_id: Option<String>,
    pub scope: Option<String>,
    pub issuer: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    pub profile_endpoint: Option<String>,
    pub classes_endpoint: Option<String>,
    pub teachers_endpoint: Option<Switchable>,
    pub sourced_id_claim: Option<String>,
    pub redirect_uri: Option<String>,
    pub logout_url: Option<String>,
    pub dpop: Option<bool>,
}

/// A setting that is a string, or `false` for "none of this".
pub(super) enum Switchable {
    Text(String),
    Flag(bool),
}

/// Read with a hand-written visitor rather than `#[serde(untagged)]`, which buffers the
/// value first and would be the only user of serde's buffering in the wasm (as in
/// `classlink::collection`).
impl<'de> Deserialize<'de> for Switchable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl serde::de::Visitor<'_> for Either {
            type Value = Switchable;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a boolean")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Switchable, E> {
                Ok(Switchable::Text(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Switchable, E> {
                Ok(Switchable::Text(text))
            }
            fn visit_bool<E: serde::de::Error>(self, flag: bool) -> Result<Switchable, E> {
                Ok(Switchable::Flag(flag))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// Reads the document, naming the key at fault: an unknown key, or a known one of the
/// wrong type.
pub(super) fn read_config_file(text: &str) -> Result<ConfigFile, ConfigError> {
    let whole = |problem| ConfigError { key: None, problem };
    let not_json = |e: &serde_json::Error| {
        whole(ConfigProblem::NotJson {
            detail: e.to_string(),
        })
    };
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let failure = match serde_path_to_error::deserialize::<_, ConfigFile>(deserializer) {
        Ok(file) => return Ok(file),
        Err(failure) => failure,
    };
    if !failure.inner().is_data() {
        return Err(not_json(failure.inner()));
    }
    // serde also reads a struct from an array; config.json must be an object.
    let json_whitespace: &[char] = &[' ', '\t', '\n', '\r'];
    if !text.trim_start_matches(json_whitespace).starts_with('{') {
        return Err(match serde_json::from_str::<IgnoredAny>(text) {
            Ok(_) => whole(ConfigProblem::NotAnObject),
            Err(e) => not_json(&e),
        });
    }
    match failure.path().iter().next() {
        Some(Segment::Map { key }) if key == "teachers_endpoint" => {
            Err(error(key, ConfigProblem::NotAStringOrFalse))
        }
        Some(Segment::Map { key }) if key == "dpop" => Err(error(key, ConfigProblem::NotABoolean)),
        Some(Segment::Map { key }) if KNOWN_KEYS.contains(&key.as_str()) => {
            Err(error(key, ConfigProblem::NotAString))
        }
        Some(Segment::Map { key }) => Err(error(key, ConfigProblem::UnknownKey)),
        // A key given twice: which of the two was meant cannot be known.
        _ => Err(whole(ConfigProblem::Invalid {
            detail: failure.inner().to_string(),
        })),
    }
}

/// A string setting as written, trimmed; `None` when absent or `null`.
pub(super) fn optional_string(
    key: &str,
    value: Option<String>,
) -> Result<Option<String>, ConfigError> {
    match value {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Err(error(key, ConfigProblem::Empty)),
        Some(s) => Ok(Some(s.trim().to_string())),
    }
}

pub(super) fn optional_url(
    key: &str,
    value: Option<String>,
) -> Result<Option<String>, ConfigError> {
    match optional_string(key, value)? {
        None => Ok(None),
        Some(url) => {
            parse_endpoint(&url).map_err(|p| error(key, ConfigProblem::BadUrl(p)))?;
            Ok(Some(url))
        }
    }
}

/// RFC 6749 §3.3: scope tokens of printable ASCII but `"` and `\`, separated by single spaces.
pub(super) fn is_valid_scope(scope: &str) -> bool {
    scope.split(' ').all(is_nqchars)
}
