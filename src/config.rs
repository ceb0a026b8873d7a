//! Runtime configuration: `config.json` beside `index.html`, fetched at start so one build
//! serves every district. Parsing is strict: a typo'd key or an http endpoint is a clear
//! error page naming the key, not a half-working app.

use std::fmt;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_path_to_error::Segment;

use crate::urls::{parse_endpoint, UrlProblem};

/// The placeholder in `classes_endpoint` replaced by the student's percent-encoded SourcedId.
pub const SOURCED_ID_PLACEHOLDER: &str = "{sourcedId}";

/// The placeholder in `teachers_endpoint` replaced by a class's percent-encoded sourcedId.
pub const CLASS_ID_PLACEHOLDER: &str = "{classSourcedId}";

/// Validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub client_id: String,
    pub scope: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub profile_endpoint: String,
    /// Template containing [`SOURCED_ID_PLACEHOLDER`] exactly once.
    pub classes_endpoint: String,
    /// `None`: the page's own URL (origin + path) is the redirect URI.
    pub redirect_uri: Option<String>,
    /// When set, an `iss` callback parameter (RFC 9207) must equal it.
    pub issuer: Option<String>,
    /// Where "Sign out" sends the browser after forgetting the token (ClassLink documents no
    /// end-session endpoint, so this is optional).
    pub logout_url: Option<String>,
    /// Template containing [`CLASS_ID_PLACEHOLDER`] once; `None`: no teachers are asked for.
    pub teachers_endpoint: Option<String>,
}

/// What is wrong with the configuration, and which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending key, `None` when the document as a whole is wrong.
    pub key: Option<String>,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// config.json could not be fetched (HTTP status, or 0 for a network failure).
    Unavailable {
        status: u16,
    },
    NotJson {
        detail: String,
    },
    NotAnObject,
    /// Valid JSON and an object, but not a usable one (a key given twice).
    Invalid {
        detail: String,
    },
    Missing,
    NotAString,
    Empty,
    UnknownKey,
    BadUrl(UrlProblem),
    BadScope,
    MissingPlaceholder,
    PlaceholderOutsidePath,
    ReservedQueryParameter(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key.as_deref().unwrap_or("config.json");
        match &self.problem {
            ConfigProblem::Unavailable { status: 0 } => {
                write!(f, "config.json could not be loaded (network error)")
            }
            ConfigProblem::Unavailable { status } => {
                write!(f, "config.json could not be loaded (HTTP {status})")
            }
            ConfigProblem::NotJson { detail } => write!(f, "config.json is not valid JSON: {detail}"),
            ConfigProblem::NotAnObject => write!(f, "config.json must be a JSON object"),
            ConfigProblem::Invalid { detail } => write!(f, "config.json is not usable: {detail}"),
            ConfigProblem::Missing => write!(f, "\"{key}\" is required but missing"),
            ConfigProblem::NotAString => write!(f, "\"{key}\" must be a string"),
            ConfigProblem::Empty => write!(f, "\"{key}\" must not be empty"),
            ConfigProblem::UnknownKey => write!(
                f,
                "\"{key}\" is not a known setting (known: {})",
                KNOWN_KEYS.join(", ")
            ),
            ConfigProblem::BadUrl(problem) => write!(f, "\"{key}\" {problem}"),
            ConfigProblem::BadScope => write!(
                f,
                "\"{key}\" must be space-separated scope names such as \"profile oneroster\""
            ),
            ConfigProblem::MissingPlaceholder => write!(
                f,
                "\"{key}\" must contain {SOURCED_ID_PLACEHOLDER} exactly once, where the student's id goes"
            ),
            ConfigProblem::PlaceholderOutsidePath => {
                write!(f, "\"{key}\" must have {SOURCED_ID_PLACEHOLDER} in its path")
            }
            ConfigProblem::ReservedQueryParameter(name) => write!(
                f,
                "\"{key}\" must not already carry the \"{name}\" parameter: the app adds it"
            ),
        }
    }
}

/// config.json as written: every known key, each a string or absent (`null` counts as
/// absent). Unknown keys are refused, so a typo is an error, not a silently ignored line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    client_id: Option<String>,
    scope: Option<String>,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    profile_endpoint: Option<String>,
    classes_endpoint: Option<String>,
    redirect_uri: Option<String>,
    issuer: Option<String>,
    logout_url: Option<String>,
}

const REQUIRED_KEYS: [&str; 6] = [
    "client_id",
    "scope",
    "authorization_endpoint",
    "token_endpoint",
    "profile_endpoint",
    "classes_endpoint",
];
const OPTIONAL_KEYS: [&str; 3] = ["redirect_uri", "issuer", "logout_url"];
const KNOWN_KEYS: [&str; 9] = [
    "client_id",
    "scope",
    "authorization_endpoint",
    "token_endpoint",
    "profile_endpoint",
    "classes_endpoint",
    "redirect_uri",
    "issuer",
    "logout_url",
];
/// Parameters the authorization request sets itself; a configured endpoint carrying one
/// would send it twice, and servers disagree on which copy wins.
const AUTHORIZATION_PARAMETERS: [&str; 7] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

impl Config {
    /// Parses and validates the text of `config.json`.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let file = read_config_file(text)?;
        debug_assert!(REQUIRED_KEYS
            .iter()
            .chain(&OPTIONAL_KEYS)
            .eq(KNOWN_KEYS.iter()));

        let client_id = required_string("client_id", file.client_id)?;
        if client_id.chars().any(char::is_control) {
            return Err(error("client_id", ConfigProblem::NotAString));
        }
        let scope = required_string("scope", file.scope)?;
        if !is_valid_scope(&scope) {
            return Err(error("scope", ConfigProblem::BadScope));
        }

        let authorization_endpoint =
            required_url("authorization_endpoint", file.authorization_endpoint)?;
        if let Some(query) = endpoint_query(&authorization_endpoint) {
            for (name, _) in crate::form::parse(&query) {
                if AUTHORIZATION_PARAMETERS.contains(&name.as_str()) {
                    return Err(error(
                        "authorization_endpoint",
                        ConfigProblem::ReservedQueryParameter(name),
                    ));
                }
            }
        }
        let classes_endpoint = required_string("classes_endpoint", file.classes_endpoint)?;
        validate_classes_template(&classes_endpoint)?;

        Ok(Config {
            client_id,
            scope,
            authorization_endpoint,
            token_endpoint: required_url("token_endpoint", file.token_endpoint)?,
            profile_endpoint: required_url("profile_endpoint", file.profile_endpoint)?,
            classes_endpoint,
            redirect_uri: optional_url("redirect_uri", file.redirect_uri)?,
            issuer: optional_url("issuer", file.issuer)?,
            logout_url: optional_url("logout_url", file.logout_url)?,
            teachers_endpoint: None,
        })
    }

    /// The redirect URI to register and send: the configured one, else the page's own URL.
    pub fn redirect_uri_for(&self, page_url_without_query: &str) -> String {
        self.redirect_uri
            .clone()
            .unwrap_or_else(|| page_url_without_query.to_string())
    }

    /// The classes URL for one student, the id percent-encoded as a single path segment.
    pub fn classes_url(&self, sourced_id: &str) -> String {
        self.classes_endpoint.replacen(
            SOURCED_ID_PLACEHOLDER,
            &crate::urls::encode_path_segment(sourced_id),
            1,
        )
    }

    /// The origin of the profile endpoint: a relative `ImagePath` is resolved against it.
    pub fn api_origin(&self) -> Option<String> {
        parse_endpoint(&self.profile_endpoint)
            .ok()
            .map(|u| u.origin())
    }

    /// Every origin the app talks to, for a `connect-src` Content-Security-Policy, once
    /// each, in the order the sign-in uses them (token, profile, classes). Deduplicated by
    /// hand rather than sorted: three items do not need the ~5 KB of wasm a sort costs.
    pub fn connect_origins(&self) -> Vec<String> {
        let mut origins = Vec::<String>::new();
        for origin in [
            &self.token_endpoint,
            &self.profile_endpoint,
            &self
                .classes_endpoint
                .replacen(SOURCED_ID_PLACEHOLDER, "x", 1),
        ]
        .iter()
        .filter_map(|u| parse_endpoint(u).ok().map(|u| u.origin()))
        {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        origins
    }
}

fn error(key: &str, problem: ConfigProblem) -> ConfigError {
    ConfigError {
        key: Some(key.to_string()),
        problem,
    }
}

/// Reads the document, naming the key at fault: an unknown key, or a known one that is
/// not a string.
fn read_config_file(text: &str) -> Result<ConfigFile, ConfigError> {
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
fn optional_string(key: &str, value: Option<String>) -> Result<Option<String>, ConfigError> {
    match value {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Err(error(key, ConfigProblem::Empty)),
        Some(s) => Ok(Some(s.trim().to_string())),
    }
}

fn required_string(key: &str, value: Option<String>) -> Result<String, ConfigError> {
    optional_string(key, value)?.ok_or_else(|| error(key, ConfigProblem::Missing))
}

fn optional_url(key: &str, value: Option<String>) -> Result<Option<String>, ConfigError> {
    match optional_string(key, value)? {
        None => Ok(None),
        Some(url) => {
            parse_endpoint(&url).map_err(|p| error(key, ConfigProblem::BadUrl(p)))?;
            Ok(Some(url))
        }
    }
}

fn required_url(key: &str, value: Option<String>) -> Result<String, ConfigError> {
    optional_url(key, value)?.ok_or_else(|| error(key, ConfigProblem::Missing))
}

fn endpoint_query(url: &str) -> Option<String> {
    parse_endpoint(url).ok()?.query().map(str::to_string)
}

/// RFC 6749 §3.3: scope tokens of printable ASCII but `"` and `\`, separated by single spaces.
fn is_valid_scope(scope: &str) -> bool {
    scope.split(' ').all(|token| {
        !token.is_empty()
            && token
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
    })
}

fn validate_classes_template(template: &str) -> Result<(), ConfigError> {
    const KEY: &str = "classes_endpoint";
    // A marker no real URL contains stands in for the placeholder while the URL is checked.
    const MARKER: &str = "sourcedid0placeholder0marker";
    if template.matches(SOURCED_ID_PLACEHOLDER).count() != 1 {
        return Err(error(KEY, ConfigProblem::MissingPlaceholder));
    }
    let sample = template.replacen(SOURCED_ID_PLACEHOLDER, MARKER, 1);
    let url = parse_endpoint(&sample).map_err(|p| error(KEY, ConfigProblem::BadUrl(p)))?;
    let path = url.path_and_query.split('?').next().unwrap_or_default();
    if !path.contains(MARKER) {
        return Err(error(KEY, ConfigProblem::PlaceholderOutsidePath));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    pub(crate) const SANDBOX_CONFIG: &str = r#"{
        "client_id": "demo-portal", "scope": "profile oneroster",
        "authorization_endpoint": "http://127.0.0.1:8081/oauth2/v2/auth",
        "token_endpoint": "http://127.0.0.1:8081/oauth2/v2/token",
        "profile_endpoint": "http://127.0.0.1:8081/v2/my/info",
        "classes_endpoint": "http://127.0.0.1:8081/ims/oneroster/v1p1/users/{sourcedId}/classes"
    }"#;

    fn with(key: &str, value: Value) -> String {
        let mut object: Map<String, Value> = serde_json::from_str(SANDBOX_CONFIG).unwrap();
        object.insert(key.to_string(), value);
        Value::Object(object).to_string()
    }

    fn without(key: &str) -> String {
        let mut object: Map<String, Value> = serde_json::from_str(SANDBOX_CONFIG).unwrap();
        object.remove(key);
        Value::Object(object).to_string()
    }

    fn problem_of(text: &str) -> (Option<String>, ConfigProblem) {
        let e = Config::from_json(text).unwrap_err();
        (e.key, e.problem)
    }

    #[test]
    fn parses_a_complete_configuration() {
        let config = Config::from_json(SANDBOX_CONFIG).unwrap();
        assert_eq!(config.client_id, "demo-portal");
        assert_eq!(config.redirect_uri, None);
        assert_eq!(
            config.redirect_uri_for("http://127.0.0.1:8080/portal/"),
            "http://127.0.0.1:8080/portal/"
        );
        assert_eq!(
            config.classes_url("48 01/..?"),
            "http://127.0.0.1:8081/ims/oneroster/v1p1/users/48%2001%2F%2E%2E%3F/classes"
        );
        assert_eq!(
            config.api_origin().as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(
            config.connect_origins(),
            vec!["http://127.0.0.1:8081".to_string()]
        );
    }

    #[test]
    fn connect_origins_are_listed_once_in_the_order_of_use() {
        let text = r#"{ "client_id": "c1", "scope": "profile",
            "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
            "token_endpoint": "https://z.example/oauth2/v2/token",
            "profile_endpoint": "https://a.example/v2/my/info",
            "classes_endpoint": "https://z.example/users/{sourcedId}/classes" }"#;
        let config = Config::from_json(text).unwrap();
        assert_eq!(
            config.connect_origins(),
            vec![
                "https://z.example".to_string(),
                "https://a.example".to_string()
            ]
        );
    }

    #[test]
    fn real_classlink_configuration_is_valid() {
        let text = r#"{ "client_id": "c1234", "scope": "profile oneroster",
            "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
            "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
            "profile_endpoint": "https://nodeapi.classlink.com/v2/my/info",
            "classes_endpoint": "https://oneroster-proxy.district.example/ims/oneroster/v1p1/users/{sourcedId}/classes?x=1",
            "redirect_uri": "https://portal.district.example/students/",
            "issuer": "https://launchpad.classlink.com" }"#;
        let config = Config::from_json(text).unwrap();
        assert_eq!(
            config.redirect_uri_for("ignored"),
            "https://portal.district.example/students/"
        );
        assert_eq!(
            config.connect_origins(),
            vec![
                "https://launchpad.classlink.com".to_string(),
                "https://nodeapi.classlink.com".to_string(),
                "https://oneroster-proxy.district.example".to_string()
            ]
        );
    }

    #[test]
    fn names_the_key_that_is_wrong() {
        use ConfigProblem::*;
        let some = |k: &str| Some(k.to_string());
        assert_eq!(
            problem_of("not json").1,
            NotJson {
                detail: "expected ident at line 1 column 2".into()
            }
        );
        assert_eq!(problem_of("[1]"), (None, NotAnObject));
        assert_eq!(
            problem_of(&without("client_id")),
            (some("client_id"), Missing)
        );
        assert_eq!(
            problem_of(&with("client_id", Value::from(42))),
            (some("client_id"), NotAString)
        );
        assert_eq!(
            problem_of(&with("client_id", Value::from("  "))),
            (some("client_id"), Empty)
        );
        assert_eq!(
            problem_of(&with("client_secret", Value::from("s"))),
            (some("client_secret"), UnknownKey)
        );
        assert_eq!(
            problem_of(&with("scope", Value::from("profile  oneroster"))),
            (some("scope"), BadScope)
        );
        assert_eq!(
            problem_of(&with("scope", Value::from("prof\"ile"))),
            (some("scope"), BadScope)
        );
        assert_eq!(
            problem_of(&with(
                "token_endpoint",
                Value::from("http://launchpad.classlink.com/t")
            )),
            (some("token_endpoint"), BadUrl(UrlProblem::InsecureScheme))
        );
        assert_eq!(
            problem_of(&with("redirect_uri", Value::from("javascript:alert(1)"))),
            (some("redirect_uri"), BadUrl(UrlProblem::NotAbsolute))
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://x.example/users/classes")
            )),
            (some("classes_endpoint"), MissingPlaceholder)
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://x.example/{sourcedId}/{sourcedId}")
            )),
            (some("classes_endpoint"), MissingPlaceholder)
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://{sourcedId}.example/classes")
            )),
            (some("classes_endpoint"), PlaceholderOutsidePath)
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://x.example/classes?user={sourcedId}")
            )),
            (some("classes_endpoint"), PlaceholderOutsidePath)
        );
        assert_eq!(
            problem_of(&with(
                "authorization_endpoint",
                Value::from("https://x.example/auth?client_id=evil")
            )),
            (
                some("authorization_endpoint"),
                ReservedQueryParameter("client_id".into())
            )
        );
    }

    #[test]
    fn messages_name_the_key_and_the_fix() {
        let e = Config::from_json(&with(
            "profile_endpoint",
            Value::from("http://nodeapi.classlink.com/v2/my/info"),
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"profile_endpoint\" must use https:// (http:// is allowed only for localhost and 127.0.0.1)"
        );
        let e = Config::from_json(&with("clientid", Value::from("x"))).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("\"clientid\" is not a known setting (known: client_id, scope"));
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let text = SANDBOX_CONFIG.replace(
            r#""scope": "profile oneroster","#,
            r#""scope": "profile oneroster", "scope": "profile","#,
        );
        let (key, problem) = problem_of(&text);
        assert_eq!(key, None);
        assert!(
            matches!(&problem, ConfigProblem::Invalid { detail } if detail.contains("duplicate field `scope`")),
            "{problem:?}"
        );
    }

    #[test]
    fn null_optional_keys_are_absent() {
        let config = Config::from_json(&with("redirect_uri", Value::Null)).unwrap();
        assert_eq!(config.redirect_uri, None);
    }
}
