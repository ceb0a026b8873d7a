//! The fuzzing runner and input strategies shared by this crate's parser fuzzing
//! (`tests/fuzz_parsers.rs`) and the application's (which includes this file by path), so
//! both run the same way and both print how many inputs they ran.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Map, Value};

/// Inputs per property: 4,000, or `FUZZ_CASES`.
pub fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4_000)
}

/// Runs `check` on `cases()` inputs from `strategy` and reports the count.
pub fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
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
pub fn texty() -> impl Strategy<Value = String> {
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

/// Arbitrary JSON, with `keys` (the members the parser under test looks for) mixed in among
/// random ones.
pub fn json(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
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
        4 => prop::sample::select(keys).prop_map(str::to_string),
        1 => "[a-z_]{1,10}",
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body: JSON with `keys` most of the time, truncated or arbitrary text otherwise.
pub fn body(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json(keys).prop_map(|v| v.to_string()),
        1 => json(keys).prop_map(|v| {
            let s = v.to_string();
            s.chars().take(s.chars().count() / 2).collect::<String>()
        }),
        1 => texty(),
    ]
}
