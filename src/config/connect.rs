//! The `connect-src` sources for the endpoints in use: each one's URL, path included, so the
//! page can reach exactly those endpoints and no other path on the same hosts.

use oauth_public_client::discovery::Provider;
use oauth_public_client::urls::HttpUrl;

use super::templates::fixed_prefix;
use super::Config;

impl Config {
    /// Every endpoint the signed-in app calls, once each, in the order a sign-in uses them
    /// (token, keys, profile, classes, teachers, then revocation on sign-out). A template is named by its fixed prefix
    /// (ending in `/`, which CSP matches as a directory), since CSP has no wildcards.
    pub fn connect_sources(&self, provider: &Provider) -> Vec<String> {
        let mut sources = Vec::<String>::new();
        let endpoints = [
            Some(provider.token_endpoint.as_str()),
            provider.jwks_uri.as_deref(),
            Some(self.profile_endpoint.as_str()),
            Some(self.classes.template()),
            self.teachers_endpoint.as_deref(),
            provider.revocation_endpoint.as_deref(),
        ];
        for source in endpoints.into_iter().flatten().filter_map(source_for) {
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        sources
    }
}

/// A CSP source expression for an endpoint: origin and path, query dropped (CSP ignores
/// it). A path CSP could misread (`;` and `,` separate directives and sources) falls back
/// to the origin alone, which is wider but still correct.
fn source_for(endpoint: &str) -> Option<String> {
    let url: HttpUrl = fixed_prefix(endpoint)?;
    let path = url.path_and_query.split('?').next().unwrap_or_default();
    if path.contains([';', ',']) {
        return Some(url.origin());
    }
    Some(format!("{}{path}", url.origin()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(token: &str, jwks: Option<&str>) -> Provider {
        Provider {
            issuer: "https://launchpad.classlink.com".into(),
            authorization_endpoint: "https://launchpad.classlink.com/oauth2/v2/auth".into(),
            token_endpoint: token.into(),
            jwks_uri: jwks.map(str::to_string),
            iss_required: false,
            prompt_none: false,
            revocation_endpoint: None,
            end_session_endpoint: None,
            dpop: false,
        }
    }

    #[test]
    fn classlink_defaults_name_each_endpoint_in_use() {
        let config = Config::from_json(r#"{ "client_id": "c1" }"#).unwrap();
        let provider = provider(
            "https://launchpad.classlink.com/oauth2/v2/token",
            Some("https://launchpad.classlink.com/oauth2/v2/jwks"),
        );
        assert_eq!(
            config.connect_sources(&provider),
            [
                "https://launchpad.classlink.com/oauth2/v2/token",
                "https://launchpad.classlink.com/oauth2/v2/jwks",
                "https://nodeapi.classlink.com/v2/my/info",
                "https://nodeapi.classlink.com/v2/oneroster/my/classes",
                "https://nodeapi.classlink.com/v2/oneroster/my/classes/",
            ]
        );
    }

    #[test]
    fn templates_queries_and_odd_paths() {
        let config = Config::from_json(
            r#"{ "client_id": "c1", "scope": "profile oneroster",
                "profile_endpoint": "https://a.example/v2/my/info?x=1",
                "classes_endpoint": "https://or.example:8443/ims/oneroster/v1p1/users/{sourcedId}/classes" }"#,
        )
        .unwrap();
        let provider = provider("https://t.example/a;b/token", None);
        assert_eq!(
            config.connect_sources(&provider),
            [
                "https://t.example",
                "https://a.example/v2/my/info",
                "https://or.example:8443/ims/oneroster/v1p1/users/",
            ]
        );
    }

    #[test]
    fn revocation_is_reachable_where_the_provider_offers_it() {
        let config = Config::from_json(r#"{ "client_id": "c1" }"#).unwrap();
        let mut provider = provider("https://launchpad.classlink.com/oauth2/v2/token", None);
        provider.revocation_endpoint = Some("https://idp.example/oauth2/revoke".into());
        provider.end_session_endpoint = Some("https://idp.example/logout".into());
        let sources = config.connect_sources(&provider);
        assert_eq!(
            sources.last().map(String::as_str),
            Some("https://idp.example/oauth2/revoke")
        );
        assert!(
            !sources.iter().any(|s| s.contains("logout")),
            "end-session is a navigation, not a connection"
        );
    }
}
