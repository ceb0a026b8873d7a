//! Property-based fuzzing of every parser that reads outside input: the lenient serde field
//! types (checked against serde_json's own reading), the callback address, the token response, the profile, a classes page, config.json and endpoint URLs. None may
//! panic, and each keeps its contract on whatever it accepts. Each test prints how many
//! inputs it ran (`cargo test --test fuzz_parsers -- --nocapture`; FUZZ_CASES raises it).
#![cfg(not(target_arch = "wasm32"))]

use classlink_portal::auth::callback::{address_without_callback, parse_callback, Callback};
use classlink_portal::auth::token::{parse_token_response, TokenType};
use classlink_portal::classlink::classes::parse_classes_page;
use classlink_portal::classlink::profile::parse_profile;
use classlink_portal::classlink::teachers::teachers_url;
use classlink_portal::config::Config;
use classlink_portal::lenient::{MaybeObject, OneOrMany, Scalar};
use classlink_portal::urls::parse_endpoint;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Map, Value};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4_000)
}

/// Runs `check` on `cases()` inputs from `strategy` and reports the count.
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let cases = cases();
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    runner
        .run(&strategy, check)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    println!("fuzz {name}: {cases} inputs, no panic, contract held");
}

/// Text that looks like what the parsers see: protocol words, separators, escapes, markup,
/// bidi controls and non-ASCII, and arbitrary characters.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("code".to_string()),
        Just("state".to_string()),
        Just("error".to_string()),
        Just("iss".to_string()),
        Just("error_description".to_string()),
        Just("access_token".to_string()),
        Just("=".to_string()),
        Just("&".to_string()),
        Just("#".to_string()),
        Just("%".to_string()),
        Just("%2".to_string()),
        Just("+".to_string()),
        Just("<script>".to_string()),
        Just("\u{202E}".to_string()),
        Just("é李🦆".to_string()),
        "[a-zA-Z0-9_.~-]{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Arbitrary JSON, with keys the parsers look for mixed in.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        texty().prop_map(Value::from),
    ];
    let key = prop_oneof![
        Just("access_token".to_string()),
        Just("token_type".to_string()),
        Just("expires_in".to_string()),
        Just("error".to_string()),
        Just("DisplayName".to_string()),
        Just("SourcedId".to_string()),
        Just("OrgId".to_string()),
        Just("ImagePath".to_string()),
        Just("Role_Level".to_string()),
        Just("classes".to_string()),
        Just("sourcedId".to_string()),
        Just("title".to_string()),
        Just("periods".to_string()),
        Just("terms".to_string()),
        Just("status".to_string()),
        "[a-z_]{1,10}",
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body: valid JSON most of the time, truncated or arbitrary text otherwise.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json().prop_map(|v| v.to_string()),
        1 => json().prop_map(|v| {
            let s = v.to_string();
            s.chars().take(s.chars().count() / 2).collect::<String>()
        }),
        1 => texty(),
    ]
}

#[test]
fn callback_parsing_never_panics_and_cleaning_removes_every_protocol_value() {
    // location.search never holds a raw '#': it would have started the fragment.
    let query = texty().prop_map(|q| q.replace('#', ""));
    fuzz("callback", (query, texty()), |(query, fragment)| {
        let callback = parse_callback(&query, &fragment);
        if let Callback::Error {
            description: Some(d),
            ..
        } = &callback
        {
            prop_assert!(d.chars().count() <= 301);
        }
        if let Some(cleaned) = address_without_callback("/portal/", &query, &fragment) {
            let (rest, fragment) = cleaned.split_once('#').unwrap_or((cleaned.as_str(), ""));
            let query = rest.split_once('?').map(|(_, q)| q).unwrap_or("");
            prop_assert_eq!(
                parse_callback(query, fragment),
                Callback::None,
                "left behind: {}",
                cleaned
            );
        }
        Ok(())
    });
}

#[test]
fn token_responses_never_panic_and_a_token_is_never_empty() {
    fuzz("token response", (100u16..600, body()), |(status, body)| {
        for token_type in [TokenType::Bearer, TokenType::DPoP] {
            if let Ok(response) = parse_token_response(status, &body, token_type) {
                prop_assert!((200..300).contains(&status));
                prop_assert!(!response.access_token.secret().is_empty());
            }
        }
        Ok(())
    });
}

/// The lenient field types read any JSON value without failing, and agree with serde_json's
/// own reading of it: a scalar is kept as it came, a list has the array's length (or one
/// item, or none for `null`), and a record is read from an object only.
#[test]
fn lenient_fields_read_any_value_as_serde_json_does() {
    fuzz("lenient fields", json(), |generated| {
        let text = generated.to_string();
        // What serde_json itself reads back (its float parsing is not an exact round trip).
        let value: Value = serde_json::from_str(&text).unwrap();
        let scalar: Scalar = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("Scalar failed on {text}: {e}")))?;
        let list: OneOrMany<Scalar> = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("OneOrMany failed on {text}: {e}")))?;
        let record: MaybeObject<Map<String, Value>> = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("MaybeObject failed on {text}: {e}")))?;
        match &value {
            Value::String(s) => prop_assert_eq!(scalar.string(), Some(s.as_str())),
            Value::Bool(b) => prop_assert_eq!(scalar.text(), Some(b.to_string())),
            Value::Number(n) if n.is_i64() => prop_assert_eq!(scalar.integer(), n.as_i64()),
            Value::Number(n) => prop_assert_eq!(
                scalar.text().map(|t| t.parse::<f64>().ok()),
                Some(n.as_f64())
            ),
            Value::Null | Value::Array(_) | Value::Object(_) => {
                prop_assert_eq!(&scalar, &Scalar::Absent)
            }
        }
        let expected_len = match &value {
            Value::Array(items) => items.len(),
            Value::Null => 0,
            _ => 1,
        };
        prop_assert_eq!(list.0.len(), expected_len);
        match (&value, record.0) {
            (Value::Object(expected), Some(read)) => prop_assert_eq!(expected, &read),
            (Value::Object(_), None) => prop_assert!(false, "an object was skipped: {}", text),
            (_, read) => prop_assert!(read.is_none(), "{}", text),
        }
        Ok(())
    });
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

#[test]
fn endpoint_urls_never_panic() {
    fuzz(
        "endpoint url",
        prop_oneof![texty(), texty().prop_map(|t| format!("https://{t}"))],
        |text| {
            if let Ok(url) = parse_endpoint(&text) {
                prop_assert!(url.origin().starts_with("http"));
                prop_assert!(!url.host.is_empty());
            }
            Ok(())
        },
    );
}
