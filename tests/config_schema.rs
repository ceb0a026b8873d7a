//! config.schema.json (what an editor checks config.json against) and the app's own parser
//! agree: on every file of tests/config_corpus/, `good/` accepted by both, `bad/` refused by
//! both. A rule added to src/config/ without the schema (or the other way round) fails here
//! as soon as the corpus has a case for it.
//!
//! Left to the app alone, so not in the corpus: a key given twice (JSON parsers keep one),
//! a reserved parameter written percent-encoded in `authorization_endpoint`'s query
//! (`client%5Fid`), Unicode whitespace that Rust's `trim` and the schema's `\s` see
//! differently, and whatever the provider's discovery document says.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use classlink_portal::config::Config;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> Value {
    serde_json::from_str(&read(&root().join("config.schema.json"))).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// The schema's verdict, with its reasons when it refuses.
fn schema_verdict(validator: &jsonschema::Validator, text: &str) -> Result<(), String> {
    let instance: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn corpus(kind: &str) -> Vec<(String, String)> {
    let dir = root().join("tests/config_corpus").join(kind);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            (name, read(&path))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::meta::is_valid(&schema), "not a valid schema");
}

#[test]
fn good_configurations_pass_both() {
    let validator = validator();
    let files = corpus("good");
    assert!(files.len() >= 12, "the good corpus is too small");
    for (name, text) in files {
        if let Err(e) = Config::from_json(&text) {
            panic!("good/{name}: the app refuses it: {e}");
        }
        if let Err(e) = schema_verdict(&validator, &text) {
            panic!("good/{name}: the schema refuses it: {e}");
        }
    }
}

#[test]
fn bad_configurations_fail_both() {
    let validator = validator();
    let files = corpus("bad");
    assert!(files.len() >= 20, "the bad corpus is too small");
    for (name, text) in files {
        let app = Config::from_json(&text).expect_err(&format!("bad/{name}: the app accepts it"));
        let schema = schema_verdict(&validator, &text)
            .expect_err(&format!("bad/{name}: the schema accepts it"));
        // For the same reason: where the app names a key, the schema's complaint names it too.
        if let Some(key) = &app.key {
            assert!(
                schema.contains(key.as_str()),
                "bad/{name}: the app refuses {key:?} ({app}), the schema something else: {schema}"
            );
        }
    }
}

#[test]
fn the_shipped_example_passes_both() {
    let text = read(&root().join("config.example.json"));
    Config::from_json(&text).expect("the app accepts config.example.json");
    schema_verdict(&validator(), &text).expect("the schema accepts config.example.json");
}

#[test]
fn the_schema_names_exactly_the_keys_the_app_knows() {
    // The app lists its keys when it refuses an unknown one.
    let message = Config::from_json(r#"{ "client_id": "c", "zz": 1 }"#)
        .unwrap_err()
        .to_string();
    let known = message
        .split("(known: ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no key list in {message:?}"));
    let mut app_keys: Vec<&str> = known.split(", ").collect();
    app_keys.sort_unstable();
    let schema = schema();
    let mut schema_keys: Vec<&str> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    schema_keys.sort_unstable();
    assert_eq!(schema_keys, app_keys);
    assert_eq!(schema["additionalProperties"], false);
}
