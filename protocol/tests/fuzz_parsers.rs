//! Property-based fuzzing of every parser here that reads outside input: the lenient serde
//! field types (checked against serde_json's own reading), the callback address, the token
//! response and endpoint URLs. None may panic, and each keeps its contract on whatever it
//! accepts. Each test prints how many inputs it ran
//! (`cargo test -p oauth-public-client --test fuzz_parsers -- --nocapture`; FUZZ_CASES
//! raises it).

mod support;

use oauth_public_client::callback::{address_without_callback, parse_callback, Callback};
use oauth_public_client::form::StandardForm;
use oauth_public_client::lenient::{MaybeObject, OneOrMany, Scalar};
use oauth_public_client::syntax::is_b64token;
use oauth_public_client::token::{parse_token_response, TokenType};
use oauth_public_client::urls::parse_endpoint;
use proptest::prelude::*;
use serde_json::{Map, Value};
use support::{body, fuzz, json, texty};

/// The members of the documents this crate reads.
const PROTOCOL_KEYS: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "id_token",
    "error",
    "error_description",
    "issuer",
    "keys",
];

#[test]
fn callback_parsing_never_panics_and_cleaning_removes_every_protocol_value() {
    // location.search never holds a raw '#': it would have started the fragment.
    let query = texty().prop_map(|q| q.replace('#', ""));
    fuzz("callback", (query, texty()), |(query, fragment)| {
        let callback = parse_callback(&StandardForm, &query, &fragment);
        if let Callback::Error {
            description: Some(d),
            ..
        } = &callback
        {
            prop_assert!(d.chars().count() <= 301);
        }
        if let Some(cleaned) =
            address_without_callback(&StandardForm, "/portal/", &query, &fragment)
        {
            let (rest, fragment) = cleaned.split_once('#').unwrap_or((cleaned.as_str(), ""));
            let query = rest.split_once('?').map(|(_, q)| q).unwrap_or("");
            prop_assert_eq!(
                parse_callback(&StandardForm, query, fragment),
                Callback::None,
                "left behind: {}",
                cleaned
            );
        }
        Ok(())
    });
}

#[test]
fn token_responses_never_panic_and_every_token_is_a_b64token() {
    fuzz(
        "token response",
        (100u16..600, body(PROTOCOL_KEYS)),
        |(status, body)| {
            for token_type in [TokenType::Bearer, TokenType::DPoP] {
                if let Ok(response) = parse_token_response(status, &body, token_type) {
                    prop_assert!((200..300).contains(&status));
                    prop_assert!(is_b64token(response.access_token.secret()));
                    if let Some(refresh) = &response.refresh_token {
                        prop_assert!(is_b64token(refresh.secret()));
                    }
                }
            }
            Ok(())
        },
    );
}

/// The lenient field types read any JSON value without failing, and agree with serde_json's
/// own reading of it: a scalar is kept as it came, a list has the array's length (or one
/// item, or none for `null`), and a record is read from an object only.
#[test]
fn lenient_fields_read_any_value_as_serde_json_does() {
    fuzz("lenient fields", json(PROTOCOL_KEYS), |generated| {
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
            Value::Bool(b) => prop_assert_eq!(&scalar, &Scalar::Bool(*b)),
            Value::Number(n) if n.is_i64() => prop_assert_eq!(scalar.integer(), n.as_i64()),
            Value::Number(n) => {
                let expected = match (n.as_u64(), n.as_f64()) {
                    (Some(whole), _) => Scalar::Unsigned(whole),
                    (None, Some(float)) => Scalar::Float(float),
                    (None, None) => Scalar::Absent,
                };
                prop_assert_eq!(&scalar, &expected)
            }
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
