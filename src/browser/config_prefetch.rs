//! `config.json` as fetched by index.html's inline script before the wasm arrived.
//!
//! The script (id `config-prefetch`) starts the request and reads the body while the wasm
//! downloads and compiles, and leaves a promise of `{ status, text }` in
//! `window.configPrefetch`. By the time the app starts, that promise has settled, so
//! awaiting it costs a microtask: the configuration is read, and the sign-in screen built,
//! in the task that mounts the app, before the first paint. Fetching from here instead
//! (after mounting) put 3–6 ms between mounting and the config applied on the benchmark,
//! waiting on the network thread while the engine was busy with the fresh wasm; now ~1 ms.
//!
//! Taken once: a second call, or a page without the script (the wasm browser tests), gets
//! `None` and the caller fetches by itself.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The global index.html's script leaves the promise in.
pub const GLOBAL: &str = "configPrefetch";

/// What the script saw: the HTTP status (0 when the request or the body failed) and the
/// body's text; or that it stopped reading, as the app's own read would
/// (`crate::transport::limits`): the body went past config.json's cap, or no answer came
/// within its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prefetched {
    pub status: u16,
    pub text: String,
    pub too_large: bool,
    pub timed_out: bool,
}

impl Prefetched {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Takes the promise out of the page (so no later caller can see a stale answer) and
/// awaits it. `None` when there is none; a settled value of the wrong shape, or a rejected
/// promise, counts as a failed request (status 0) rather than falling back, because the
/// script has already spent the page's one prefetch.
pub async fn take() -> Option<Prefetched> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(GLOBAL);
    let value = js_sys::Reflect::get(&window, &key).ok()?;
    let promise = value.dyn_into::<js_sys::Promise>().ok()?;
    // Deleting can fail only if something redefined the property as non-configurable; it
    // is then left behind, but the promise is still used once here.
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let failed = Prefetched::default();
    let Ok(settled) = JsFuture::from(promise).await else {
        return Some(failed);
    };
    let field = |name: &str| js_sys::Reflect::get(&settled, &JsValue::from_str(name)).ok();
    let flag = |name: &str| field(name).and_then(|f| f.as_bool()) == Some(true);
    if flag("timedOut") {
        return Some(Prefetched {
            timed_out: true,
            ..failed
        });
    }
    let Some(status) = field("status")
        .and_then(|s| s.as_f64())
        .filter(|s| (0.0..=999.0).contains(s))
    else {
        return Some(failed);
    };
    let status = status as u16;
    if flag("tooLarge") {
        return Some(Prefetched {
            status,
            too_large: true,
            ..failed
        });
    }
    match field("text").and_then(|t| t.as_string()) {
        Some(text) => Some(Prefetched {
            status,
            text,
            ..failed
        }),
        None => Some(failed),
    }
}
