//! A second Content-Security-Policy, added once the endpoints are known (config.json
//! validated, discovery read), that narrows `connect-src` to exactly the endpoints in use
//! (paths included) and `img-src` to https and the API host. The static policy in index.html cannot name them (one build serves every
//! district); browsers enforce every policy present, so the effective one is the
//! intersection.

use crate::config::{Config, Provider};

/// The policy text for a configuration and its provider.
pub fn runtime_policy(config: &Config, provider: &Provider) -> String {
    let connect = config.connect_sources(provider).join(" ");
    let api = config.api_origin().unwrap_or_default();
    format!("connect-src {connect}; img-src 'self' https: {api}")
        .trim_end()
        .to_string()
}

thread_local! {
    /// A page narrows once: the provider never changes within a load.
    static NARROWED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Adds the policy to the document's head, once per page. Returns false if the DOM refused.
pub fn narrow_to(config: &Config, provider: &Provider) -> bool {
    if NARROWED.with(|narrowed| narrowed.replace(true)) {
        return true;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let (Ok(meta), Some(head)) = (document.create_element("meta"), document.head()) else {
        return false;
    };
    meta.set_attribute("http-equiv", "Content-Security-Policy")
        .is_ok()
        && meta
            .set_attribute("content", &runtime_policy(config, provider))
            .is_ok()
        && head.append_child(&meta).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_exactly_the_endpoints_in_use() {
        let config = Config::from_json(
            r#"{ "client_id": "c", "scope": "profile oneroster",
            "authorization_endpoint": "https://launchpad.classlink.com/oauth2/v2/auth",
            "token_endpoint": "https://launchpad.classlink.com/oauth2/v2/token",
            "profile_endpoint": "https://nodeapi.classlink.com/v2/my/info",
            "classes_endpoint": "https://or.district.example:8443/ims/oneroster/v1p1/users/{sourcedId}/classes" }"#,
        )
        .unwrap();
        let provider = config.written_provider().unwrap();
        assert_eq!(
            runtime_policy(&config, &provider),
            "connect-src https://launchpad.classlink.com/oauth2/v2/token https://nodeapi.classlink.com/v2/my/info \
             https://or.district.example:8443/ims/oneroster/v1p1/users/; \
             img-src 'self' https: https://nodeapi.classlink.com"
        );
    }
}
