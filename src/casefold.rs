//! Lower and upper case for display text. In the browser they come from JavaScript's own
//! `toLowerCase`/`toUpperCase`, the same Unicode default case mapping as Rust's, so the app
//! does not ship Rust's case tables (about 24 KB of the wasm). Natively (tests) they are
//! Rust's.

/// `text` in lower case.
pub fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    return text.to_lowercase();
}

/// `text` in upper case.
pub fn uppercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_upper_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    return text.to_uppercase();
}
