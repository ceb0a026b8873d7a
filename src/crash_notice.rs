//! The panic hook of both pages (the app and the self-check): a panic shows the page's
//! start-failure message (boot/start-failure.html, by `window.showStartFailure` from
//! boot/start-failure-script.html) with its Reload button, instead of leaving a page that
//! looks alive and no longer answers. The release build aborts on panic; the hook runs
//! before the abort.
//!
//! The hook reads nothing of the panic: formatting its message would bring Rust's formatting
//! machinery back into the release wasm, and the student could do nothing with it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Throws (caught) where the page has no start-failure script, e.g. a test page.
    #[wasm_bindgen(catch, js_namespace = window, js_name = showStartFailure)]
    fn show_start_failure() -> Result<(), JsValue>;
}

/// Installs the hook: first thing in `main`, so a panic while mounting is covered too.
pub fn install() {
    std::panic::set_hook(Box::new(|_| {
        let _ = show_start_failure();
    }));
}
