//! The app folds case with the browser's `toLowerCase`/`toUpperCase` instead of shipping
//! Rust's tables (`src/casefold.rs`). Both follow Unicode's default case mapping: this checks,
//! in real Chromium and Firefox, that they agree on the text students meet.
#![cfg(target_arch = "wasm32")]

use classlink_portal::casefold::{lowercase, uppercase};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLES: &[&str] = &[
    "",
    "Biología 7 — LAB B",
    "ÁÉÍÓÚ ÑÜ àéîõü ñ",
    "ΟΔΥΣΣΕΥΣ ὈΔΥΣΣΕΎΣ",
    "İSTANBUL ıi",
    "Straße ẞ ǅ ǈ",
    "ЖУРНАЛ Журнал",
    "李 明 🦆 123 P3",
    "Łukasiewicz ŁÓDŹ",
];

#[wasm_bindgen_test]
fn the_browser_folds_case_as_rust_does() {
    for sample in SAMPLES {
        assert_eq!(lowercase(sample), sample.to_lowercase(), "lower {sample:?}");
        assert_eq!(uppercase(sample), sample.to_uppercase(), "upper {sample:?}");
    }
}
