//! Every configuration variable: read when right, and named when wrong.

use std::collections::HashMap;

use super::*;

fn good() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        (
            vars::ALLOWED_ORIGINS,
            "https://portal.district.example, http://127.0.0.1:8080",
        ),
        (vars::CLIENT_ID, "portal-client"),
        (vars::CLIENT_SECRET, "the-secret"),
        (
            vars::REDIRECT_URIS,
            "https://portal.district.example/portal/",
        ),
        (
            vars::TOKEN_ENDPOINT,
            "https://launchpad.classlink.com/oauth2/v2/token",
        ),
    ])
}

fn read(env: &HashMap<&'static str, &'static str>) -> Result<Config, ConfigError> {
    Config::from_lookup(|name| env.get(name).map(|v| v.to_string()))
}

fn error_with(change: &[(&'static str, Option<&'static str>)]) -> ConfigError {
    let mut env = good();
    for (name, value) in change {
        match value {
            Some(value) => env.insert(name, value),
            None => env.remove(name),
        };
    }
    read(&env).expect_err("the configuration was accepted")
}

#[test]
fn a_complete_configuration_is_read() {
    let config = read(&good()).unwrap();
    assert_eq!(
        config.allowed_origins,
        ["https://portal.district.example", "http://127.0.0.1:8080"]
    );
    assert_eq!(config.client_id, "portal-client");
    assert_eq!(config.client_secret.expose(), "the-secret");
    assert_eq!(
        config.redirect_uris,
        ["https://portal.district.example/portal/"]
    );
    assert_eq!(
        config.provider,
        ProviderSetting::TokenEndpoint {
            url: Url::parse("https://launchpad.classlink.com/oauth2/v2/token").unwrap(),
            auth: ClientAuth::SecretPost,
        }
    );
    assert!(config.api_prefixes.is_empty());
    assert_eq!(config.upstream_timeout, DEFAULT_UPSTREAM_TIMEOUT);
}

#[test]
fn debug_output_redacts_the_secret() {
    let config = read(&good()).unwrap();
    let printed = format!("{config:?}");
    assert!(!printed.contains("the-secret"), "{printed}");
    assert!(printed.contains("[redacted]"));
}

#[test]
fn each_missing_variable_is_named() {
    for name in [
        vars::ALLOWED_ORIGINS,
        vars::CLIENT_ID,
        vars::CLIENT_SECRET,
        vars::REDIRECT_URIS,
        vars::TOKEN_ENDPOINT,
    ] {
        let error = error_with(&[(name, None)]);
        assert_eq!(error.variable, name);
        assert!(error.to_string().starts_with(name), "{error}");
    }
    assert_eq!(
        error_with(&[(vars::CLIENT_SECRET, Some("  "))]).variable,
        vars::CLIENT_SECRET
    );
}

#[test]
fn bad_values_are_named() {
    let cases: [(&'static str, &'static str); 12] = [
        (
            vars::ALLOWED_ORIGINS,
            "https://portal.district.example/portal/",
        ),
        (vars::ALLOWED_ORIGINS, "http://portal.district.example"),
        (vars::ALLOWED_ORIGINS, "*"),
        (vars::REDIRECT_URIS, "http://portal.district.example/"),
        (vars::REDIRECT_URIS, "portal/"),
        (
            vars::TOKEN_ENDPOINT,
            "http://launchpad.classlink.com/oauth2/v2/token",
        ),
        (
            vars::TOKEN_ENDPOINT,
            "https://user:pw@launchpad.classlink.com/token",
        ),
        (vars::CLIENT_AUTH, "private_key_jwt"),
        (vars::API_PREFIXES, "https://nodeapi.classlink.com/v2"),
        (vars::API_PREFIXES, "http://nodeapi.classlink.com/v2/"),
        (vars::UPSTREAM_TIMEOUT_MS, "0"),
        (vars::UPSTREAM_TIMEOUT_MS, "ten"),
    ];
    for (name, value) in cases {
        assert_eq!(
            error_with(&[(name, Some(value))]).variable,
            name,
            "{name}={value}"
        );
    }
    assert_eq!(
        error_with(&[(vars::CLIENT_ID, Some(" id "))]).variable,
        vars::CLIENT_ID
    );
}

#[test]
fn the_token_endpoint_or_the_issuer_not_both() {
    let both = error_with(&[(vars::ISSUER, Some("https://launchpad.classlink.com"))]);
    assert_eq!(both.variable, vars::TOKEN_ENDPOINT);
    let issuer_only = {
        let mut env = good();
        env.remove(vars::TOKEN_ENDPOINT);
        env.insert(vars::ISSUER, "https://launchpad.classlink.com");
        env.insert(vars::CLIENT_AUTH, "client_secret_basic");
        read(&env).unwrap()
    };
    assert_eq!(
        issuer_only.provider,
        ProviderSetting::Issuer {
            issuer: "https://launchpad.classlink.com".into(),
            auth: Some(ClientAuth::SecretBasic),
        }
    );
    let http_issuer = error_with(&[
        (vars::TOKEN_ENDPOINT, None),
        (vars::ISSUER, Some("http://launchpad.classlink.com")),
    ]);
    assert_eq!(http_issuer.variable, vars::ISSUER);
}

#[test]
fn api_prefixes_are_mounted_by_host_and_path() {
    let mut env = good();
    env.insert(
        vars::API_PREFIXES,
        "https://nodeapi.classlink.com/v2/ http://127.0.0.1:9000/ims/oneroster/v1p1/",
    );
    env.insert(vars::UPSTREAM_TIMEOUT_MS, "250");
    let config = read(&env).unwrap();
    let mounts: Vec<_> = config
        .api_prefixes
        .iter()
        .map(|p| p.mount.as_str())
        .collect();
    assert_eq!(
        mounts,
        [
            "/api/nodeapi.classlink.com/v2/",
            "/api/127.0.0.1:9000/ims/oneroster/v1p1/"
        ]
    );
    assert_eq!(config.upstream_timeout, Duration::from_millis(250));

    let twice = error_with(&[(
        vars::API_PREFIXES,
        Some("https://127.0.0.1:9000/v2/ http://127.0.0.1:9000/v2/"),
    )]);
    assert_eq!(twice.variable, vars::API_PREFIXES);
}
