//! The identity provider's endpoints: as the client's settings write them, or read from its
//! OpenID discovery document (`{issuer}/.well-known/openid-configuration`, OpenID Connect
//! Discovery 1.0) when one that is needed is not written. Reading and checking the document
//! is here; fetching it is the caller's.

use serde::{Deserialize, Serialize};

use crate::authorization::reserved_parameter;
use crate::form::FormCodec;
use crate::lenient::{OneOrMany, Scalar};
use crate::urls::{parse_endpoint, UrlProblem};

/// What signing in needs from the identity provider. Serializable, so it can be kept with a
/// pending sign-in and the callback completes against the same provider without asking for
/// discovery again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// The issuer: what a callback's `iss` and an id_token's `iss` must be.
    pub issuer: String,
    /// Where the browser is sent to sign in.
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are redeemed.
    pub token_endpoint: String,
    /// The provider's JWK set. Needed only to verify an id_token (scope `openid`).
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

/// What the client knows of its provider before any discovery: its own settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderSettings<'a> {
    /// The issuer, exactly as the provider names itself.
    pub issuer: &'a str,
    /// A written authorization endpoint (already checked with
    /// [`parse_endpoint`]); it wins over the document's.
    pub authorization_endpoint: Option<&'a str>,
    /// A written token endpoint (already checked); it wins over the document's.
    pub token_endpoint: Option<&'a str>,
    /// A written key set address (already checked); it wins over the document's.
    pub jwks_uri: Option<&'a str>,
    /// Whether sign-in asks for an id_token (scope `openid`) and so needs the provider's keys.
    pub verifies_id_token: bool,
    /// DPoP (RFC 9449): `Some(true)` always, `Some(false)` never, `None` when the provider
    /// advertises ES256 in `dpop_signing_alg_values_supported`.
    pub dpop: Option<bool>,
}

/// Why a discovery document could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentProblem {
    /// Not JSON, or not an object with a string `issuer`.
    NotJson {
        /// What serde_json said.
        detail: String,
    },
    /// Its `issuer` is not the configured one (OpenID Connect Discovery §4.3).
    IssuerMismatch {
        /// The issuer the document names.
        found: String,
    },
    /// An endpoint that is needed and not written is not in the document either.
    MissingEndpoint(&'static str),
    /// An endpoint in the document fails the checks a written one passes.
    BadEndpoint {
        /// The document's member.
        key: &'static str,
        /// What is wrong with its URL.
        problem: UrlProblem,
    },
    /// The authorization endpoint already carries a parameter the authorization request sets.
    ReservedQueryParameter {
        /// The document's member.
        key: &'static str,
        /// The parameter.
        name: String,
    },
    /// The settings ask for DPoP, and the provider advertises it only with algorithms this
    /// crate does not sign with (it signs ES256).
    DpopWithoutEs256,
}

/// The members of a discovery document this crate reads; the rest is ignored.
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

/// Where `issuer`'s discovery document is: the issuer, without a trailing `/`, plus the
/// well-known path (OpenID Connect Discovery §4.1).
#[inline]
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

impl ProviderSettings<'_> {
    /// Where the discovery document is ([`discovery_url`]).
    #[inline]
    pub fn discovery_url(&self) -> String {
        discovery_url(self.issuer)
    }

    /// The provider as written, when nothing needed is missing: then no discovery request
    /// is made.
    #[inline]
    pub fn written_provider(&self) -> Option<Provider> {
        if self.verifies_id_token && self.jwks_uri.is_none() {
            return None;
        }
        Some(Provider {
            issuer: self.issuer.to_string(),
            authorization_endpoint: self.authorization_endpoint?.to_string(),
            token_endpoint: self.token_endpoint?.to_string(),
            jwks_uri: self.jwks_uri.map(str::to_string),
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
    #[inline]
    pub fn provider_from_discovery(
        &self,
        form: &impl FormCodec,
        text: &str,
    ) -> Result<Provider, DocumentProblem> {
        let document: DiscoveryDocument =
            serde_json::from_str(text).map_err(|e| DocumentProblem::NotJson {
                detail: e.to_string(),
            })?;
        if document.issuer != self.issuer {
            return Err(DocumentProblem::IssuerMismatch {
                found: document.issuer,
            });
        }
        let take = |key: &'static str, written: Option<&str>, discovered: Option<String>| {
            if let Some(url) = written {
                return Ok(url.to_string());
            }
            let url = discovered.ok_or(DocumentProblem::MissingEndpoint(key))?;
            parse_endpoint(&url)
                .map_err(|problem| DocumentProblem::BadEndpoint { key, problem })?;
            Ok(url)
        };
        let authorization_endpoint = take(
            "authorization_endpoint",
            self.authorization_endpoint,
            document.authorization_endpoint,
        )?;
        if let Some(name) = reserved_parameter(form, &authorization_endpoint) {
            return Err(DocumentProblem::ReservedQueryParameter {
                key: "authorization_endpoint",
                name,
            });
        }
        let token_endpoint = take(
            "token_endpoint",
            self.token_endpoint,
            document.token_endpoint,
        )?;
        let jwks_uri = if self.verifies_id_token {
            Some(take("jwks_uri", self.jwks_uri, document.jwks_uri)?)
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
                        .map_err(|problem| DocumentProblem::BadEndpoint { key, problem })
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
            issuer: self.issuer.to_string(),
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

    /// Whether the sign-in binds its tokens with DPoP: as the settings say, else when the
    /// provider advertises ES256 (the one algorithm this crate signs with).
    #[inline]
    fn uses_dpop(&self, advertised: Option<&OneOrMany<Scalar>>) -> Result<bool, DocumentProblem> {
        let es256 = advertised.map(|algs| algs.0.iter().any(|alg| alg.string() == Some("ES256")));
        match (self.dpop, es256) {
            (Some(true), Some(false)) => Err(DocumentProblem::DpopWithoutEs256),
            (Some(wanted), _) => Ok(wanted),
            (None, es256) => Ok(es256 == Some(true)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::StandardForm;

    /// ClassLink's document as a third party read it in 2026, trimmed.
    const CLASSLINK_DISCOVERY: &str = r#"{
        "issuer": "https://launchpad.classlink.com",
        "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
        "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
        "jwks_uri": "https://launchpad.classlink.com/oauth2/v2/jwks",
        "userinfo_endpoint": "https://nodeapi.classlink.com/v2/my/profileinfo",
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "claims_supported": ["sub", "classLink_sourcedId"] }"#;

    /// A ClassLink client that writes nothing but asks for an id_token.
    const CLASSLINK: ProviderSettings<'static> = ProviderSettings {
        issuer: "https://launchpad.classlink.com",
        authorization_endpoint: None,
        token_endpoint: None,
        jwks_uri: None,
        verifies_id_token: true,
        dpop: None,
    };

    fn read(settings: &ProviderSettings<'_>, text: &str) -> Result<Provider, DocumentProblem> {
        settings.provider_from_discovery(&StandardForm, text)
    }

    /// `text` with `members` added before `claims_supported`.
    fn with_members(text: &str, members: &str) -> String {
        text.replace(
            r#""claims_supported""#,
            &format!(r#"{members}, "claims_supported""#),
        )
    }

    #[test]
    fn classlink_discovery_gives_every_endpoint() {
        assert_eq!(
            CLASSLINK.discovery_url(),
            "https://launchpad.classlink.com/.well-known/openid-configuration"
        );
        assert_eq!(CLASSLINK.written_provider(), None);
        assert_eq!(
            read(&CLASSLINK, CLASSLINK_DISCOVERY),
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
        let slash = ProviderSettings {
            issuer: "https://op.example/tenant/",
            ..CLASSLINK
        };
        assert_eq!(
            slash.discovery_url(),
            "https://op.example/tenant/.well-known/openid-configuration"
        );
    }

    #[test]
    fn written_endpoints_win_and_a_complete_setting_needs_no_discovery() {
        let proxied = ProviderSettings {
            token_endpoint: Some("https://proxy.district.example/token"),
            verifies_id_token: false,
            ..CLASSLINK
        };
        let provider = read(&proxied, CLASSLINK_DISCOVERY).unwrap();
        assert_eq!(
            provider.token_endpoint,
            "https://proxy.district.example/token"
        );
        assert_eq!(provider.jwks_uri, None, "no openid, no keys needed");

        let complete = ProviderSettings {
            authorization_endpoint: Some("https://launchpad.classlink.com/oauth2/v2/auth"),
            token_endpoint: Some("https://launchpad.classlink.com/oauth2/v2/token"),
            verifies_id_token: false,
            ..CLASSLINK
        };
        assert!(complete.written_provider().is_some());
        let without_keys = ProviderSettings {
            verifies_id_token: true,
            ..complete
        };
        assert_eq!(without_keys.written_provider(), None, "openid needs keys");
    }

    #[test]
    fn the_issuer_must_match_exactly() {
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
                read(&CLASSLINK, &text),
                Err(DocumentProblem::IssuerMismatch {
                    found: other.into()
                })
            );
        }
    }

    #[test]
    fn discovered_endpoints_pass_the_written_ones_checks() {
        let insecure = CLASSLINK_DISCOVERY.replace(
            "https://launchpad.classlink.com/oauth2/v2/token",
            "http://token.example.test/oauth2/v2/token",
        );
        assert_eq!(
            read(&CLASSLINK, &insecure),
            Err(DocumentProblem::BadEndpoint {
                key: "token_endpoint",
                problem: UrlProblem::InsecureScheme
            })
        );
        let no_keys = CLASSLINK_DISCOVERY.replace("jwks_uri", "keys_at");
        assert_eq!(
            read(&CLASSLINK, &no_keys),
            Err(DocumentProblem::MissingEndpoint("jwks_uri"))
        );
        let reserved = CLASSLINK_DISCOVERY.replace("/oauth2/v2/auth", "/oauth2/v2/auth?nonce=1");
        assert_eq!(
            read(&CLASSLINK, &reserved),
            Err(DocumentProblem::ReservedQueryParameter {
                key: "authorization_endpoint",
                name: "nonce".into()
            })
        );
        assert!(matches!(
            read(&CLASSLINK, "<html>"),
            Err(DocumentProblem::NotJson { .. })
        ));
    }

    #[test]
    fn rfc_9207_support_is_read() {
        let text = CLASSLINK_DISCOVERY.replace(
            r#""jwks_uri""#,
            r#""authorization_response_iss_parameter_supported": true, "jwks_uri""#,
        );
        assert!(read(&CLASSLINK, &text).unwrap().iss_required);
    }

    #[test]
    fn session_features_come_from_discovery_when_advertised() {
        let classlink = read(&CLASSLINK, CLASSLINK_DISCOVERY).unwrap();
        assert!(
            !classlink.prompt_none,
            "ClassLink advertises no prompt values"
        );
        assert_eq!(classlink.revocation_endpoint, None);
        assert_eq!(classlink.end_session_endpoint, None);

        let full = with_members(
            CLASSLINK_DISCOVERY,
            r#""prompt_values_supported": ["login", "none"],
            "revocation_endpoint": "https://launchpad.classlink.com/oauth2/v2/revoke",
            "end_session_endpoint": "https://launchpad.classlink.com/oauth2/v2/logout""#,
        );
        let provider = read(&CLASSLINK, &full).unwrap();
        assert!(provider.prompt_none);
        assert_eq!(
            provider.revocation_endpoint.as_deref(),
            Some("https://launchpad.classlink.com/oauth2/v2/revoke")
        );
        assert_eq!(
            provider.end_session_endpoint.as_deref(),
            Some("https://launchpad.classlink.com/oauth2/v2/logout")
        );

        let odd = with_members(
            CLASSLINK_DISCOVERY,
            r#""prompt_values_supported": [1, {"x": "none"}, null]"#,
        );
        assert!(!read(&CLASSLINK, &odd).unwrap().prompt_none);
        let single = with_members(CLASSLINK_DISCOVERY, r#""prompt_values_supported": "none""#);
        assert!(
            read(&CLASSLINK, &single).unwrap().prompt_none,
            "one value where a list was expected is still read"
        );

        let insecure = with_members(
            CLASSLINK_DISCOVERY,
            r#""revocation_endpoint": "http://launchpad.classlink.com/revoke""#,
        );
        assert!(matches!(
            read(&CLASSLINK, &insecure),
            Err(DocumentProblem::BadEndpoint {
                key: "revocation_endpoint",
                ..
            })
        ));
    }

    #[test]
    fn dpop_follows_discovery_unless_the_settings_decide() {
        let advertising = |algs: &str| {
            with_members(
                CLASSLINK_DISCOVERY,
                &format!(r#""dpop_signing_alg_values_supported": {algs}"#),
            )
        };
        let with = |dpop: Option<bool>| ProviderSettings { dpop, ..CLASSLINK };
        let uses =
            |settings: ProviderSettings<'_>, text: &str| read(&settings, text).map(|p| p.dpop);
        // Not advertised (ClassLink): bearer tokens, unless the settings ask.
        assert_eq!(uses(CLASSLINK, CLASSLINK_DISCOVERY), Ok(false));
        assert_eq!(uses(with(Some(true)), CLASSLINK_DISCOVERY), Ok(true));
        // Advertised with ES256, in any position or alone.
        for algs in [r#"["ES256"]"#, r#"["PS256", "ES256"]"#, r#""ES256""#] {
            assert_eq!(uses(CLASSLINK, &advertising(algs)), Ok(true), "{algs}");
            assert_eq!(
                uses(with(Some(false)), &advertising(algs)),
                Ok(false),
                "{algs}"
            );
        }
        // Advertised without ES256: this crate cannot sign for it.
        for algs in [r#"["RS256"]"#, "[]", r#"["es256"]"#, "[1]"] {
            assert_eq!(uses(CLASSLINK, &advertising(algs)), Ok(false), "{algs}");
            assert_eq!(
                uses(with(Some(true)), &advertising(algs)),
                Err(DocumentProblem::DpopWithoutEs256),
                "{algs}"
            );
        }
    }

    #[test]
    fn a_written_provider_uses_dpop_only_when_the_settings_ask() {
        let written = |dpop: Option<bool>| {
            ProviderSettings {
                authorization_endpoint: Some("https://op.example/auth"),
                token_endpoint: Some("https://op.example/token"),
                verifies_id_token: false,
                dpop,
                ..CLASSLINK
            }
            .written_provider()
            .unwrap()
            .dpop
        };
        assert!(!written(None));
        assert!(!written(Some(false)));
        assert!(written(Some(true)));
    }
}
