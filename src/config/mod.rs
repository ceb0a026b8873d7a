//! Runtime configuration: `config.json` beside `index.html`, fetched at start so one build
//! serves every district. Parsing is strict: a typo'd key or an http endpoint is a clear
//! error page naming the key, not a half-working app.
//!
//! ClassLink is the default provider: `{ "client_id": "…" }` is a whole configuration. The
//! issuer defaults to ClassLink's, its API endpoints to nodeapi's, and the authorization,
//! token and key endpoints come from the issuer's discovery document unless written (read and
//! checked by the protocol crate, `oauth_public_client::discovery`).

mod connect;
mod error;
mod file;
mod names;
pub mod templates;

pub use error::{ConfigError, ConfigProblem, DiscoveryProblem};
pub use names::{CLASS_ID_PLACEHOLDER, SOURCED_ID_PLACEHOLDER};
/// The provider's endpoints, written or discovered.
pub use oauth_public_client::discovery::Provider;
pub use templates::ClassesSource;

use error::error;
use file::{is_valid_scope, optional_string, optional_url, read_config_file, Switchable};
use oauth_public_client::authorization::reserved_parameter;
use oauth_public_client::discovery::{self, ProviderSettings};

use crate::form::PlatformForm;

/// ClassLink's issuer: the default, and the one whose API endpoints the app knows.
pub const CLASSLINK_ISSUER: &str = "https://launchpad.classlink.com";
const CLASSLINK_PROFILE: &str = "https://nodeapi.classlink.com/v2/my/info";
const CLASSLINK_MY_CLASSES: &str = "https://nodeapi.classlink.com/v2/oneroster/my/classes";
const CLASSLINK_TEACHERS: &str =
    "https://nodeapi.classlink.com/v2/oneroster/my/classes/{classSourcedId}/teachers";
/// What the app needs: an id_token (`openid`), the profile, and the classes (`oneroster`).
pub const DEFAULT_SCOPE: &str = "openid profile oneroster";
/// The id_token claim ClassLink lists for the user's OneRoster id.
pub const DEFAULT_SOURCED_ID_CLAIM: &str = "classLink_sourcedId";

/// Validated configuration, defaults applied. The identity provider's endpoints that are
/// not written here come from discovery ([`Provider`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub client_id: String,
    pub scope: String,
    pub issuer: String,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    pub profile_endpoint: String,
    pub classes: ClassesSource,
    /// Template containing [`CLASS_ID_PLACEHOLDER`]; `None`: no teacher lines.
    pub teachers_endpoint: Option<String>,
    /// The id_token claim carrying the OneRoster id.
    pub sourced_id_claim: String,
    /// `None`: the page's own URL (origin + path) is the redirect URI.
    pub redirect_uri: Option<String>,
    /// Where "Sign out" sends the browser after forgetting the token (ClassLink documents no
    /// end-session endpoint, so this is optional).
    pub logout_url: Option<String>,
    /// DPoP (RFC 9449): `Some(true)` always, `Some(false)` never, `None` when the provider's
    /// discovery document advertises ES256 in `dpop_signing_alg_values_supported`.
    pub dpop: Option<bool>,
}

impl Config {
    /// Parses and validates the text of `config.json`.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let file = read_config_file(text)?;

        let client_id = optional_string("client_id", file.client_id)?
            .ok_or_else(|| error("client_id", ConfigProblem::Missing))?;
        if client_id.chars().any(char::is_control) {
            return Err(error("client_id", ConfigProblem::NotAString));
        }
        let scope = optional_string("scope", file.scope)?.unwrap_or_else(|| DEFAULT_SCOPE.into());
        if !is_valid_scope(&scope) {
            return Err(error("scope", ConfigProblem::BadScope));
        }
        let issuer =
            optional_url("issuer", file.issuer)?.unwrap_or_else(|| CLASSLINK_ISSUER.into());
        if issuer.contains('?') {
            return Err(error("issuer", ConfigProblem::IssuerWithQuery));
        }
        let is_classlink = issuer == CLASSLINK_ISSUER;
        // ClassLink's API is known; any other provider's must be written.
        let api_default = |key: &str, classlink_url: &str| {
            if is_classlink {
                Ok(classlink_url.to_string())
            } else {
                Err(error(key, ConfigProblem::MissingForIssuer))
            }
        };

        let authorization_endpoint =
            optional_url("authorization_endpoint", file.authorization_endpoint)?;
        if let Some(name) = authorization_endpoint
            .as_deref()
            .and_then(|url| reserved_parameter(&PlatformForm, url))
        {
            return Err(error(
                "authorization_endpoint",
                ConfigProblem::ReservedQueryParameter(name),
            ));
        }
        let profile_endpoint = match optional_url("profile_endpoint", file.profile_endpoint)? {
            Some(url) => url,
            None => api_default("profile_endpoint", CLASSLINK_PROFILE)?,
        };
        let classes_written = file.classes_endpoint.is_some();
        let classes = match optional_string("classes_endpoint", file.classes_endpoint)? {
            Some(url) => url,
            None => api_default("classes_endpoint", CLASSLINK_MY_CLASSES)?,
        };
        let classes = ClassesSource::from_setting("classes_endpoint", classes)?;
        let teachers_endpoint = match file.teachers_endpoint {
            Some(Switchable::Flag(false)) => None,
            Some(Switchable::Flag(true)) => {
                return Err(error("teachers_endpoint", ConfigProblem::NotAStringOrFalse))
            }
            Some(Switchable::Text(template)) => {
                let template =
                    optional_string("teachers_endpoint", Some(template))?.unwrap_or_default();
                templates::validate_template("teachers_endpoint", &template, CLASS_ID_PLACEHOLDER)?;
                Some(template)
            }
            // ClassLink's teachers route goes with its own class list, not a district's.
            None if is_classlink && !classes_written => Some(CLASSLINK_TEACHERS.into()),
            None => None,
        };
        let sourced_id_claim = optional_string("sourced_id_claim", file.sourced_id_claim)?
            .unwrap_or_else(|| DEFAULT_SOURCED_ID_CLAIM.into());

        Ok(Config {
            client_id,
            scope,
            issuer,
            authorization_endpoint,
            token_endpoint: optional_url("token_endpoint", file.token_endpoint)?,
            jwks_uri: optional_url("jwks_uri", file.jwks_uri)?,
            profile_endpoint,
            classes,
            teachers_endpoint,
            sourced_id_claim,
            redirect_uri: optional_url("redirect_uri", file.redirect_uri)?,
            logout_url: optional_url("logout_url", file.logout_url)?,
            dpop: file.dpop,
        })
    }

    /// Whether sign-in asks for, and then verifies, an id_token.
    pub fn wants_id_token(&self) -> bool {
        self.scope.split(' ').any(|s| s == "openid")
    }

    /// The redirect URI to register and send: the configured one, else the page's own URL.
    pub fn redirect_uri_for(&self, page_url_without_query: &str) -> String {
        self.redirect_uri
            .clone()
            .unwrap_or_else(|| page_url_without_query.to_string())
    }

    /// What the protocol needs to know of the provider before discovery.
    pub fn provider_settings(&self) -> ProviderSettings<'_> {
        ProviderSettings {
            issuer: &self.issuer,
            authorization_endpoint: self.authorization_endpoint.as_deref(),
            token_endpoint: self.token_endpoint.as_deref(),
            jwks_uri: self.jwks_uri.as_deref(),
            verifies_id_token: self.wants_id_token(),
            dpop: self.dpop,
        }
    }

    /// Where the issuer's discovery document is.
    pub fn discovery_url(&self) -> String {
        discovery::discovery_url(&self.issuer)
    }

    /// The provider as written in config.json, when nothing needed is missing: then no
    /// discovery request is made.
    pub fn written_provider(&self) -> Option<Provider> {
        self.provider_settings().written_provider()
    }

    /// The provider from the discovery document's text, written endpoints winning.
    pub fn provider_from_discovery(&self, text: &str) -> Result<Provider, DiscoveryProblem> {
        self.provider_settings()
            .provider_from_discovery(&PlatformForm, text)
            .map_err(DiscoveryProblem::Document)
    }

    /// A discovery problem as the configuration error it is.
    pub fn discovery_error(&self, problem: DiscoveryProblem) -> ConfigError {
        error(
            "issuer",
            ConfigProblem::Discovery {
                url: self.discovery_url(),
                problem,
            },
        )
    }

    /// The origin of the profile endpoint: a relative `ImagePath` is resolved against it.
    pub fn api_origin(&self) -> Option<String> {
        oauth_public_client::urls::parse_endpoint(&self.profile_endpoint)
            .ok()
            .map(|u| u.origin())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use oauth_public_client::discovery::DocumentProblem;
    use oauth_public_client::urls::UrlProblem;
    use serde_json::{Map, Value};

    /// What the sandbox generates (sandbox/src/hosting/app_listener.rs), the endpoints written out.
    pub(crate) const SANDBOX_CONFIG: &str = r#"{
        "client_id": "demo-portal", "scope": "profile oneroster",
        "issuer": "http://127.0.0.1:8081",
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
    fn dpop_is_true_false_or_absent() {
        let dpop = |value: &str| {
            Config::from_json(&format!(r#"{{ "client_id": "c1", "dpop": {value} }}"#))
                .map(|config| config.dpop)
                .map_err(|e| (e.key, e.problem))
        };
        assert_eq!(dpop("true"), Ok(Some(true)));
        assert_eq!(dpop("false"), Ok(Some(false)));
        assert_eq!(dpop("null"), Ok(None));
        for bad in [r#""true""#, "1", "[]", "{}"] {
            assert_eq!(
                dpop(bad),
                Err((Some("dpop".into()), ConfigProblem::NotABoolean)),
                "{bad}"
            );
        }
        assert_eq!(
            ConfigError {
                key: Some("dpop".into()),
                problem: ConfigProblem::NotABoolean
            }
            .to_string(),
            "\"dpop\" must be true or false"
        );
    }

    #[test]
    fn a_client_id_alone_is_a_classlink_configuration() {
        let config = Config::from_json(r#"{ "client_id": "c1234" }"#).unwrap();
        assert_eq!(config.issuer, "https://launchpad.classlink.com");
        assert_eq!(config.scope, "openid profile oneroster");
        assert!(config.wants_id_token());
        assert_eq!(
            config.profile_endpoint,
            "https://nodeapi.classlink.com/v2/my/info"
        );
        assert_eq!(
            config.classes,
            ClassesSource::OwnClasses(
                "https://nodeapi.classlink.com/v2/oneroster/my/classes".into()
            )
        );
        assert_eq!(
            config
                .teachers_endpoint
                .as_deref()
                .map(|t| crate::classlink::teachers::teachers_url(t, "c/1"))
                .as_deref(),
            Some("https://nodeapi.classlink.com/v2/oneroster/my/classes/c%2F1/teachers")
        );
        assert_eq!(config.sourced_id_claim, "classLink_sourcedId");
        assert_eq!(
            (
                &config.authorization_endpoint,
                &config.token_endpoint,
                &config.jwks_uri
            ),
            (&None, &None, &None),
            "left to discovery"
        );
        assert_eq!(config.written_provider(), None);
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
            config.classes.url_for(Some("48 01/..?")).as_deref(),
            Some("http://127.0.0.1:8081/ims/oneroster/v1p1/users/48%2001%2F%2E%2E%3F/classes")
        );
        assert_eq!(config.teachers_endpoint, None);
        assert_eq!(
            config.api_origin().as_deref(),
            Some("http://127.0.0.1:8081")
        );
        let provider = config.written_provider().expect("no discovery needed");
        assert_eq!(
            provider.token_endpoint,
            "http://127.0.0.1:8081/oauth2/v2/token"
        );
    }

    #[test]
    fn other_providers_must_name_their_api() {
        let other = r#"{ "client_id": "c1", "issuer": "https://op.example" }"#;
        assert_eq!(
            problem_of(other),
            (
                Some("profile_endpoint".into()),
                ConfigProblem::MissingForIssuer
            )
        );
        let config = Config::from_json(
            r#"{ "client_id": "c1", "issuer": "https://op.example",
                "profile_endpoint": "https://api.example/me",
                "classes_endpoint": "https://api.example/me/classes" }"#,
        )
        .unwrap();
        assert_eq!(config.teachers_endpoint, None, "off unless written");
        assert_eq!(
            config.discovery_url(),
            "https://op.example/.well-known/openid-configuration"
        );
    }

    #[test]
    fn teachers_can_be_switched_off_or_pointed_elsewhere() {
        let off =
            Config::from_json(r#"{ "client_id": "c1", "teachers_endpoint": false }"#).unwrap();
        assert_eq!(off.teachers_endpoint, None);
        let district = Config::from_json(
            r#"{ "client_id": "c1",
                "classes_endpoint": "https://or.example/users/{sourcedId}/classes" }"#,
        )
        .unwrap();
        assert_eq!(
            district.teachers_endpoint, None,
            "a district list has no teachers route"
        );
        for (value, problem) in [
            (Value::from(true), ConfigProblem::NotAStringOrFalse),
            (Value::from(3), ConfigProblem::NotAStringOrFalse),
            (Value::from(" "), ConfigProblem::Empty),
            (
                Value::from("https://x.example/classes/teachers"),
                ConfigProblem::MissingPlaceholder(CLASS_ID_PLACEHOLDER),
            ),
        ] {
            assert_eq!(
                problem_of(&with("teachers_endpoint", value.clone())),
                (Some("teachers_endpoint".into()), problem),
                "{value}"
            );
        }
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
            problem_of(&with("issuer", Value::from("http://op.example"))),
            (some("issuer"), BadUrl(UrlProblem::InsecureScheme))
        );
        assert_eq!(
            problem_of(&with("issuer", Value::from("https://op.example/?t=1"))),
            (some("issuer"), IssuerWithQuery)
        );
        assert_eq!(
            problem_of(&with("redirect_uri", Value::from("javascript:alert(1)"))),
            (some("redirect_uri"), BadUrl(UrlProblem::NotAbsolute))
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://x.example/users/{sourcedid}/classes")
            )),
            (
                some("classes_endpoint"),
                MissingPlaceholder(SOURCED_ID_PLACEHOLDER)
            )
        );
        assert_eq!(
            problem_of(&with(
                "classes_endpoint",
                Value::from("https://{sourcedId}.example/classes")
            )),
            (
                some("classes_endpoint"),
                PlaceholderOutsidePath(SOURCED_ID_PLACEHOLDER)
            )
        );
        for parameter in ["client_id", "nonce"] {
            assert_eq!(
                problem_of(&with(
                    "authorization_endpoint",
                    Value::from(format!("https://x.example/auth?{parameter}=evil"))
                )),
                (
                    some("authorization_endpoint"),
                    ReservedQueryParameter(parameter.into())
                )
            );
        }
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
        let e = Config::from_json(r#"{ "client_id": "c", "issuer": "https://op.example" }"#)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"profile_endpoint\" is required when \"issuer\" is not ClassLink's (https://launchpad.classlink.com)"
        );
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
        let config = Config::from_json(r#"{ "client_id": "c", "issuer": null }"#).unwrap();
        assert_eq!(config.issuer, CLASSLINK_ISSUER);
    }

    #[test]
    fn discovery_reads_with_the_written_endpoints() {
        let discovery = r#"{ "issuer": "https://launchpad.classlink.com",
            "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
            "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
            "jwks_uri": "https://launchpad.classlink.com/oauth2/v2/jwks" }"#;
        let config = Config::from_json(
            r#"{ "client_id": "c1", "token_endpoint": "https://proxy.district.example/token" }"#,
        )
        .unwrap();
        let provider = config.provider_from_discovery(discovery).unwrap();
        assert_eq!(
            provider.token_endpoint,
            "https://proxy.district.example/token"
        );
        assert_eq!(
            provider.jwks_uri.as_deref(),
            Some("https://launchpad.classlink.com/oauth2/v2/jwks"),
            "openid, so the keys are needed"
        );
        assert!(matches!(
            config.provider_from_discovery("<html>"),
            Err(DiscoveryProblem::Document(DocumentProblem::NotJson { .. }))
        ));
    }

    #[test]
    fn only_discovery_failures_that_may_pass_offer_a_retry() {
        let config = Config::from_json(r#"{ "client_id": "c1" }"#).unwrap();
        let may_pass = |problem| config.discovery_error(problem).may_pass();
        assert!(may_pass(DiscoveryProblem::TimedOut));
        assert!(may_pass(DiscoveryProblem::Unavailable { status: 0 }));
        assert!(may_pass(DiscoveryProblem::Unavailable { status: 503 }));
        assert!(!may_pass(DiscoveryProblem::Document(
            DocumentProblem::IssuerMismatch {
                found: "https://evil.example".into()
            }
        )));
        assert!(!may_pass(DiscoveryProblem::Document(
            DocumentProblem::MissingEndpoint("jwks_uri")
        )));
        assert!(
            !may_pass(DiscoveryProblem::Unavailable { status: 404 }),
            "a wrong issuer"
        );
    }

    #[test]
    fn discovery_problems_say_which_check_failed_and_what_to_write() {
        let config = Config::from_json(r#"{ "client_id": "c1" }"#).unwrap();
        let e = config.discovery_error(DiscoveryProblem::Document(
            DocumentProblem::IssuerMismatch {
                found: "https://evil.example".into(),
            },
        ));
        assert_eq!(e.key.as_deref(), Some("issuer"));
        assert_eq!(
            e.to_string(),
            "the provider's discovery document (https://launchpad.classlink.com/.well-known/openid-configuration) \
             names the issuer \"https://evil.example\", not the configured one: check \"issuer\""
        );
        assert!(
            DiscoveryProblem::Document(DocumentProblem::DpopWithoutEs256)
                .to_string()
                .contains("dpop_signing_alg_values_supported")
        );
    }
}
