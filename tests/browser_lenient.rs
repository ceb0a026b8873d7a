//! A number with a fraction in ClassLink's JSON is written out by the browser's
//! `Number.prototype.toString` instead of Rust's float formatting (`src/scalar_text.rs`). This
//! checks, in real Chromium and Firefox, that the text reads back as the same number, and
//! is the same text Rust writes wherever both use plain decimals.
#![cfg(target_arch = "wasm32")]

use classlink_portal::scalar_text::scalar_text;
use oauth_public_client::lenient::Scalar;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_writes_numbers_as_rust_does() {
    // Plain decimals in both: JavaScript switches to an exponent below 1e-6 and from 1e21.
    for value in [1.5, -0.25, 1234.5678, 0.1 + 0.2, 123456.789, 1e-6, 9.5e20] {
        let text = scalar_text(&Scalar::Float(value)).unwrap();
        assert_eq!(text, value.to_string(), "{value}");
    }
    // Beyond that range the text differs in form, never in value.
    for value in [1e-7, 2.5e-300, 1e21, -1.7976931348623157e308, 5e-324] {
        let text = scalar_text(&Scalar::Float(value)).unwrap();
        assert_eq!(text.parse::<f64>(), Ok(value), "{value}: {text}");
    }
}
