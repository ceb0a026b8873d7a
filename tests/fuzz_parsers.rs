//! Property-based fuzzing of the app's parsers that read outside input: the profile, a
//! classes page and config.json (the protocol's own parsers are fuzzed in
//! `protocol/tests/fuzz_parsers.rs`). None may panic, and each keeps its contract on
//! whatever it accepts. Each test prints how many
//! inputs it ran (`cargo test --test fuzz_parsers -- --nocapture`; FUZZ_CASES raises it).
#![cfg(not(target_arch = "wasm32"))]

// The runner and strategies the protocol crate's own fuzzing uses.
#[path = "../protocol/tests/support/mod.rs"]
mod support;

use classlink_portal::classlink::classes::parse_classes_page;
use classlink_portal::classlink::profile::parse_profile;
use classlink_portal::classlink::teachers::teachers_url;
use classlink_portal::config::Config;
use oauth_public_client::urls::parse_endpoint;
use proptest::prelude::*;
use serde_json::{Map, Value};
use support::{fuzz, texty};

/// The members of the documents the app reads.
const APP_KEYS: &[&str] = &[
    "DisplayName",
    "SourcedId",
    "OrgId",
    "ImagePath",
    "Role_Level",
    "classes",
    "sourcedId",
    "title",
    "periods",
    "terms",
    "status",
];

fn json() -> impl Strategy<Value = Value> {
    support::json(APP_KEYS)
}

fn body() -> impl Strategy<Value = String> {
    support::body(APP_KEYS)
}

#[test]
fn profiles_never_panic_and_any_object_is_accepted() {
    fuzz("profile", body(), |body| {
        let parsed = parse_profile(&body);
        if let Ok(Value::Object(_)) = serde_json::from_str::<Value>(&body) {
            prop_assert!(parsed.is_ok());
        }
        if let Ok(profile) = parsed {
            let _ = (
                profile.name(),
                profile.initials(),
                profile.photo_url(Some("https://api.example")),
            );
            prop_assert!(profile.name().chars().count() <= 201 * 2 + 1);
        }
        Ok(())
    });
}

#[test]
fn classes_pages_never_panic_and_count_every_entry() {
    let page = prop_oneof![
        prop::collection::vec(json(), 0..20)
            .prop_map(|entries| serde_json::json!({ "classes": entries }).to_string()),
        // nodeapi's `my/classes` may answer a bare array.
        prop::collection::vec(json(), 0..20).prop_map(|entries| Value::from(entries).to_string()),
        body(),
    ];
    fuzz("classes page", page, |body| {
        if let Ok(page) = parse_classes_page(&body, 0) {
            let raw = serde_json::from_str::<Value>(&body).unwrap();
            let entries = raw.as_array().or_else(|| raw["classes"].as_array());
            prop_assert_eq!(page.raw_len, entries.map_or(0, Vec::len));
            prop_assert!(page.classes.len() <= page.raw_len);
        }
        Ok(())
    });
}

#[test]
fn configs_never_panic_and_accepted_endpoints_are_safe() {
    let endpoint = prop_oneof![
        Just(Value::from(
            "https://launchpad.classlink.com/oauth2/v2/auth"
        )),
        Just(Value::from("http://127.0.0.1:8081/x")),
        Just(Value::from("https://x.example/users/{sourcedId}/classes")),
        Just(Value::from(
            "https://x.example/classes/{classSourcedId}/teachers"
        )),
        Just(Value::from(false)),
        texty().prop_map(|t| Value::from(format!("https://{t}"))),
        json(),
    ];
    let keys = [
        "client_id",
        "scope",
        "authorization_endpoint",
        "token_endpoint",
        "profile_endpoint",
        "classes_endpoint",
        "teachers_endpoint",
        "jwks_uri",
        "redirect_uri",
        "issuer",
    ];
    let config = prop::collection::vec(endpoint, keys.len()).prop_map(move |values| {
        Value::Object(
            keys.iter()
                .map(|k| k.to_string())
                .zip(values)
                .collect::<Map<_, _>>(),
        )
        .to_string()
    });
    fuzz("config", prop_oneof![config, body()], |text| {
        if let Ok(config) = Config::from_json(&text) {
            let written = [
                config.authorization_endpoint.as_ref(),
                config.token_endpoint.as_ref(),
                config.jwks_uri.as_ref(),
                Some(&config.profile_endpoint),
                Some(&config.issuer),
            ];
            for url in written.into_iter().flatten() {
                let parsed =
                    parse_endpoint(url).map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
                prop_assert!(
                    parsed.scheme == "https"
                        || ["localhost", "127.0.0.1", "[::1]"].contains(&parsed.host.as_str())
                );
            }
            let classes = config.classes.url_for(Some("a/b")).unwrap();
            prop_assert!(!config.classes.needs_sourced_id() || classes.contains("a%2Fb"));
            if let Some(template) = config.teachers_endpoint.as_deref() {
                let teachers = teachers_url(template, "a/b");
                prop_assert!(teachers.contains("a%2Fb"));
            }
        }
        Ok(())
    });
}
