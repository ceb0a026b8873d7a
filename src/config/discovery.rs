//! The identity provider's endpoints: written in config.json, or read from its OpenID
//! discovery document (`{issuer}/.well-known/openid-configuration`) when one that is
//! needed is not written. Pure: the fetch is in `crate::app::flow`.

use std::fmt;

use oauth_public_client::lenient::{OneOrMany, Scalar};
use oauth_public_client::urls::{parse_endpoint, UrlProblem};
use serde::{Deserialize, Serialize};

use super::error::{error, ConfigError, ConfigProblem};
use super::Config;

/// Parameters the authorization request sets itself; an endpoint carrying one would send it
/// twice, and servers disagree on which copy wins.
const AUTHORIZATION_PARAMETERS: [&str; 9] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
];

/// What signing in needs from the identity provider. Kept with a pending sign-in, so the
/// callback completes against the same provider without asking for discovery again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    /// Needed only to verify an id_token (scope `openid`).
    pub jwks_uri: Option<String>,
    /// RFC 9207 advertised: a callback without `iss` is then refused.
    pub iss_required: bool,
    /// `prompt=none` advertised (`prompt_values_supported`): a resumed sign-in can ask the
    /// provider to answer at once, without showing a page.
    #[serde(default)]
    pub prompt_none: bool,
    /// RFC 7009 token revocation, used on sign-out.
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// OpenID Connect RP-Initiated Logout: where sign-out ends the provider's session.
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    /// Tokens are bound to a key of the sign-in's own with DPoP (RFC 9449).
    #[serde(default)]
    pub dpop: bool,
}

/// Why the discovery document could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoveryProblem {
    /// No answer (0: network failure or CORS refusal), or an HTTP error status.
    Unavailable {
        status: u16,
    },
    TimedOut,
    NotJson {
        detail: String,
    },
    /// Its `issuer` is not the configured one (OpenID Connect Discovery §4.3).
    IssuerMismatch {
        found: String,
    },
    MissingEndpoint(&'static str),
    BadEndpoint {
        key: &'static str,
        problem: UrlProblem,
    },
    ReservedQueryParameter {
        key: &'static str,
        name: String,
    },
    /// config.json asks for DPoP, and the provider advertises it only with algorithms the
    /// app does not sign with.
    DpopWithoutEs256,
}

impl fmt::Display for DiscoveryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscoveryProblem::Unavailable { status: 0 } => write!(
                f,
                "could not be loaded (network error, or the provider refused this origin)"
            ),
            DiscoveryProblem::Unavailable { status } => {
                write!(f, "could not be loaded (HTTP {status})")
            }
            DiscoveryProblem::TimedOut => write!(f, "did not answer in time"),
            DiscoveryProblem::NotJson { detail } => write!(f, "is not usable JSON: {detail}"),
            DiscoveryProblem::IssuerMismatch { found } => write!(
                f,
                "names the issuer \"{found}\", not the configured one: check \"issuer\""
            ),
            DiscoveryProblem::MissingEndpoint(key) => {
                write!(f, "has no \"{key}\": write it in config.json")
            }
            DiscoveryProblem::BadEndpoint { key, problem } => {
                write!(f, "gives a \"{key}\" that {problem}")
            }
            DiscoveryProblem::ReservedQueryParameter { key, name } => write!(
                f,
                "gives a \"{key}\" that already carries the \"{name}\" parameter"
            ),
            DiscoveryProblem::DpopWithoutEs256 => write!(
                f,
                "lists no ES256 in \"dpop_signing_alg_values_supported\", the one algorithm this app signs DPoP proofs with: remove \"dpop\": true from config.json"
            ),
        }
    }
}

/// The members of a discovery document the app reads; the rest is ignored.
#[derive(Deserialize)]
struct DiscoveryDocument {
    issuer: String,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    jwks_uri: Option<String>,
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
    /// Read leniently (one value or a list of any scalars), through the same lenient types
    /// as the API's documents rather than serde_json's `Value` (wasm size).
    #[serde(default)]
    prompt_values_supported: OneOrMany<Scalar>,
    revocation_endpoint: Option<String>,
    end_session_endpoint: Option<String>,
    /// RFC 9449 §5.1; absent: no DPoP advertised.
    dpop_signing_alg_values_supported: Option<OneOrMany<Scalar>>,
}

impl Config {
    /// Where the discovery document is: the issuer, without a trailing `/`, plus the
    /// well-known path (OpenID Connect Discovery §4.1).
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.issuer.trim_end_matches('/')
        )
    }

    /// The provider as written in config.json, when nothing needed is missing: then no
    /// discovery request is made.
    pub fn written_provider(&self) -> Option<Provider> {
        let jwks_uri = self.jwks_uri.clone();
        if self.wants_id_token() && jwks_uri.is_none() {
            return None;
        }
        Some(Provider {
            issuer: self.issuer.clone(),
            authorization_endpoint: self.authorization_endpoint.clone()?,
            token_endpoint: self.token_endpoint.clone()?,
            jwks_uri,
            iss_required: false,
            prompt_none: false,
            revocation_endpoint: None,
            end_session_endpoint: None,
            dpop: self.dpop == Some(true),
        })
    }

    /// The provider from the discovery document's text: written endpoints win, the
    /// document's issuer must be the configured one exactly, and every endpoint taken from
    /// it must pass the same checks as a written one (https; http only for loopback).
    pub fn provider_from_discovery(&self, text: &str) -> Result<Provider, DiscoveryProblem> {
        let document: DiscoveryDocument =
            serde_json::from_str(text).map_err(|e| DiscoveryProblem::NotJson {
                detail: e.to_string(),
            })?;
        if document.issuer != self.issuer {
            return Err(DiscoveryProblem::IssuerMismatch {
                found: document.issuer,
            });
        }
        let take = |key: &'static str, written: &Option<String>, discovered: Option<String>| {
            if let Some(url) = written {
                return Ok(url.clone());
            }
            let url = discovered.ok_or(DiscoveryProblem::MissingEndpoint(key))?;
            parse_endpoint(&url)
                .map_err(|problem| DiscoveryProblem::BadEndpoint { key, problem })?;
            Ok(url)
        };
        let authorization_endpoint = take(
            "authorization_endpoint",
            &self.authorization_endpoint,
            document.authorization_endpoint,
        )?;
        if let Some(name) = reserved_parameter(&authorization_endpoint) {
            return Err(DiscoveryProblem::ReservedQueryParameter {
                key: "authorization_endpoint",
                name,
            });
        }
        let token_endpoint = take(
            "token_endpoint",
            &self.token_endpoint,
            document.token_endpoint,
        )?;
        let jwks_uri = if self.wants_id_token() {
            Some(take("jwks_uri", &self.jwks_uri, document.jwks_uri)?)
        } else {
            None
        };
        // Optional: sign-out works without them, but one that is advertised must be as safe
        // as the others (a token sent to http would travel in clear).
        let optional = |key: &'static str, discovered: Option<String>| {
            discovered
                .map(|url| {
                    parse_endpoint(&url)
                        .map(|_| url)
                        .map_err(|problem| DiscoveryProblem::BadEndpoint { key, problem })
                })
                .transpose()
        };
        let revocation_endpoint = optional("revocation_endpoint", document.revocation_endpoint)?;
        let end_session_endpoint = optional("end_session_endpoint", document.end_session_endpoint)?;
        let prompt_none = document
            .prompt_values_supported
            .0
            .iter()
            .any(|value| value.string() == Some("none"));
        let dpop = self.uses_dpop(document.dpop_signing_alg_values_supported.as_ref())?;
        Ok(Provider {
            issuer: self.issuer.clone(),
            authorization_endpoint,
            token_endpoint,
            jwks_uri,
            iss_required: document.authorization_response_iss_parameter_supported,
            prompt_none,
            revocation_endpoint,
            end_session_endpoint,
            dpop,
        })
    }

    /// Whether the sign-in binds its tokens with DPoP: as config.json says, else when the
    /// provider advertises ES256 (the one algorithm the app signs with).
    fn uses_dpop(&self, advertised: Option<&OneOrMany<Scalar>>) -> Result<bool, DiscoveryProblem> {
        let es256 = advertised.map(|algs| algs.0.iter().any(|alg| alg.string() == Some("ES256")));
        match (self.dpop, es256) {
            (Some(true), Some(false)) => Err(DiscoveryProblem::DpopWithoutEs256),
            (Some(wanted), _) => Ok(wanted),
            (None, es256) => Ok(es256 == Some(true)),
        }
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
}

/// The first authorization parameter an endpoint's own query already carries, if any.
pub(super) fn reserved_parameter(url: &str) -> Option<String> {
    let query = parse_endpoint(url).ok()?.query()?.to_string();
    crate::form::parse(&query)
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| AUTHORIZATION_PARAMETERS.contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ClassLink's document as a third party read it in 2026 (docs/classlink.md), trimmed.
    const CLASSLINK_DISCOVERY: &str = r#"{
        "issuer": "https://launchpad.classlink.com",
        "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
        "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
        "jwks_uri": "https://launchpad.classlink.com/oauth2/v2/jwks",
        "userinfo_endpoint": "https://nodeapi.classlink.com/v2/my/profileinfo",
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": ["sub", "classLink_sourcedId"] }"#;

    fn classlink() -> Config {
        Config::from_json(r#"{ "client_id": "c1" }"#).unwrap()
    }

    #[test]
    fn classlink_discovery_gives_every_endpoint() {
        let config = classlink();
        assert_eq!(
            config.discovery_url(),
            "https://launchpad.classlink.com/.well-known/openid-configuration"
        );
        assert_eq!(config.written_provider(), None);
        assert_eq!(
            config.provider_from_discovery(CLASSLINK_DISCOVERY),
            Ok(Provider {
                issuer: "https://launchpad.classlink.com".into(),
                authorization_endpoint: "https://launchpad.classlink.com/oauth2/v2/auth".into(),
                token_endpoint: "https://launchpad.classlink.com/oauth2/v2/token".into(),
                jwks_uri: Some("https://launchpad.classlink.com/oauth2/v2/jwks".into()),
                iss_required: false,
                prompt_none: false,
                revocation_endpoint: None,
                end_session_endpoint: None,
                dpop: false,
            })
        );
    }

    #[test]
    fn written_endpoints_win_and_a_complete_config_needs_no_discovery() {
        let config = Config::from_json(
            r#"{ "client_id": "c1", "scope": "profile oneroster",
                "token_endpoint": "https://proxy.district.example/token" }"#,
        )
        .unwrap();
        let provider = config.provider_from_discovery(CLASSLINK_DISCOVERY).unwrap();
        assert_eq!(
            provider.token_endpoint,
            "https://proxy.district.example/token"
        );
        assert_eq!(provider.jwks_uri, None, "no openid, no keys needed");

        let complete = Config::from_json(
            r#"{ "client_id": "c1", "scope": "profile oneroster",
                "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
                "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token" }"#,
        )
        .unwrap();
        assert!(complete.written_provider().is_some());
    }

    #[test]
    fn the_issuer_must_match_exactly() {
        let config = classlink();
        for other in [
            "https://launchpad.classlink.com/",
            "https://LAUNCHPAD.classlink.com",
            "https://evil.example",
        ] {
            let text = CLASSLINK_DISCOVERY.replace(
                r#""issuer": "https://launchpad.classlink.com""#,
                &format!(r#""issuer": "{other}""#),
            );
            assert_eq!(
                config.provider_from_discovery(&text),
                Err(DiscoveryProblem::IssuerMismatch {
                    found: other.into()
                })
            );
        }
    }

    #[test]
    fn discovered_endpoints_pass_the_written_ones_checks() {
        let config = classlink();
        let insecure = CLASSLINK_DISCOVERY.replace(
            "https://launchpad.classlink.com/oauth2/v2/token",
            "http://token.example.test/oauth2/v2/token",
        );
        assert_eq!(
            config.provider_from_discovery(&insecure),
            Err(DiscoveryProblem::BadEndpoint {
                key: "token_endpoint",
                problem: UrlProblem::InsecureScheme
            })
        );
        let no_keys = CLASSLINK_DISCOVERY.replace("jwks_uri", "keys_at");
        assert_eq!(
            config.provider_from_discovery(&no_keys),
            Err(DiscoveryProblem::MissingEndpoint("jwks_uri"))
        );
        let reserved = CLASSLINK_DISCOVERY.replace("/oauth2/v2/auth", "/oauth2/v2/auth?nonce=1");
        assert!(matches!(
            config.provider_from_discovery(&reserved),
            Err(DiscoveryProblem::ReservedQueryParameter { .. })
        ));
        assert!(matches!(
            config.provider_from_discovery("<html>"),
            Err(DiscoveryProblem::NotJson { .. })
        ));
    }

    #[test]
    fn rfc_9207_support_is_read() {
        let text = CLASSLINK_DISCOVERY.replace(
            r#""jwks_uri""#,
            r#""authorization_response_iss_parameter_supported": true, "jwks_uri""#,
        );
        assert!(
            classlink()
                .provider_from_discovery(&text)
                .unwrap()
                .iss_required
        );
    }

    #[test]
    fn only_failures_that_may_pass_offer_a_retry() {
        let config = classlink();
        let may_pass = |problem| config.discovery_error(problem).may_pass();
        assert!(may_pass(DiscoveryProblem::TimedOut));
        assert!(may_pass(DiscoveryProblem::Unavailable { status: 0 }));
        assert!(may_pass(DiscoveryProblem::Unavailable { status: 503 }));
        assert!(!may_pass(DiscoveryProblem::IssuerMismatch {
            found: "https://evil.example".into()
        }));
        assert!(!may_pass(DiscoveryProblem::MissingEndpoint("jwks_uri")));
        assert!(
            !may_pass(DiscoveryProblem::Unavailable { status: 404 }),
            "a wrong issuer"
        );
    }

    #[test]
    fn problems_say_which_check_failed() {
        let config = classlink();
        let e = config.discovery_error(DiscoveryProblem::IssuerMismatch {
            found: "https://evil.example".into(),
        });
        assert_eq!(e.key.as_deref(), Some("issuer"));
        assert_eq!(
            e.to_string(),
            "the provider's discovery document (https://launchpad.classlink.com/.well-known/openid-configuration) \
             names the issuer \"https://evil.example\", not the configured one: check \"issuer\""
        );
    }

    #[test]
    fn session_features_come_from_discovery_when_advertised() {
        let config = classlink();
        let classlink = config.provider_from_discovery(CLASSLINK_DISCOVERY).unwrap();
        assert!(
            !classlink.prompt_none,
            "ClassLink advertises no prompt values"
        );
        assert_eq!(classlink.revocation_endpoint, None);
        assert_eq!(classlink.end_session_endpoint, None);

        let full = CLASSLINK_DISCOVERY.replace(
            r#""claims_supported""#,
            r#""prompt_values_supported": ["login", "none"],
            "revocation_endpoint": "https://launchpad.classlink.com/oauth2/v2/revoke",
            "end_session_endpoint": "https://launchpad.classlink.com/oauth2/v2/logout",
            "claims_supported""#,
        );
        let provider = config.provider_from_discovery(&full).unwrap();
        assert!(provider.prompt_none);
        assert_eq!(
            provider.revocation_endpoint.as_deref(),
            Some("https://launchpad.classlink.com/oauth2/v2/revoke")
        );
        assert_eq!(
            provider.end_session_endpoint.as_deref(),
            Some("https://launchpad.classlink.com/oauth2/v2/logout")
        );

        let odd = CLASSLINK_DISCOVERY.replace(
            r#""claims_supported""#,
            r#""prompt_values_supported": [1, {"x": "none"}, null], "claims_supported""#,
        );
        assert!(!config.provider_from_discovery(&odd).unwrap().prompt_none);
        let single = CLASSLINK_DISCOVERY.replace(
            r#""claims_supported""#,
            r#""prompt_values_supported": "none", "claims_supported""#,
        );
        assert!(
            config.provider_from_discovery(&single).unwrap().prompt_none,
            "one value where a list was expected is still read"
        );

        let insecure = CLASSLINK_DISCOVERY.replace(
            r#""claims_supported""#,
            r#""revocation_endpoint": "http://launchpad.classlink.com/revoke", "claims_supported""#,
        );
        assert!(matches!(
            config.provider_from_discovery(&insecure),
            Err(DiscoveryProblem::BadEndpoint {
                key: "revocation_endpoint",
                ..
            })
        ));
    }

    #[test]
    fn dpop_follows_discovery_unless_config_json_decides() {
        let advertising = |algs: &str| {
            CLASSLINK_DISCOVERY.replace(
                r#""claims_supported""#,
                &format!(r#""dpop_signing_alg_values_supported": {algs}, "claims_supported""#),
            )
        };
        let with = |dpop: &str| {
            Config::from_json(&format!(r#"{{ "client_id": "c1", "dpop": {dpop} }}"#)).unwrap()
        };
        let uses =
            |config: &Config, text: &str| config.provider_from_discovery(text).map(|p| p.dpop);
        // Not advertised (ClassLink): bearer tokens, unless config.json asks.
        assert_eq!(uses(&classlink(), CLASSLINK_DISCOVERY), Ok(false));
        assert_eq!(uses(&with("true"), CLASSLINK_DISCOVERY), Ok(true));
        // Advertised with ES256, in any position or alone.
        for algs in [r#"["ES256"]"#, r#"["PS256", "ES256"]"#, r#""ES256""#] {
            assert_eq!(uses(&classlink(), &advertising(algs)), Ok(true), "{algs}");
            assert_eq!(
                uses(&with("false"), &advertising(algs)),
                Ok(false),
                "{algs}"
            );
        }
        // Advertised without ES256: the app cannot sign for it.
        for algs in [r#"["RS256"]"#, "[]", r#"["es256"]"#, "[1]"] {
            assert_eq!(uses(&classlink(), &advertising(algs)), Ok(false), "{algs}");
            assert_eq!(
                uses(&with("true"), &advertising(algs)),
                Err(DiscoveryProblem::DpopWithoutEs256),
                "{algs}"
            );
        }
        assert!(DiscoveryProblem::DpopWithoutEs256
            .to_string()
            .contains("dpop_signing_alg_values_supported"));
    }

    #[test]
    fn a_written_provider_uses_dpop_only_when_config_json_asks() {
        let written = |extra: &str| {
            Config::from_json(&format!(
                r#"{{ "client_id": "c1", "scope": "profile",
                    "authorization_endpoint": "https://op.example/auth",
                    "token_endpoint": "https://op.example/token" {extra} }}"#
            ))
            .unwrap()
            .written_provider()
            .unwrap()
            .dpop
        };
        assert!(!written(""));
        assert!(!written(r#", "dpop": false"#));
        assert!(written(r#", "dpop": true"#));
    }
}
