//! `setTimeout` as a future, and as a guard that cancels on drop.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds (immediately when there is no window).
pub async fn sleep(ms: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        // If scheduling fails the promise resolves at once: a shorter wait beats a hang.
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
            .is_err()
        {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Runs a callback once after a delay unless dropped first.
pub struct Timeout {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: f64, callback: impl FnOnce() + 'static) -> Timeout {
        let mut callback = Some(callback);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(callback) = callback.take() {
                callback();
            }
        });
        // setTimeout's delay is a 32-bit signed integer; longer waits fire at once in
        // browsers, so clamp (a 24-hour session is well inside the range).
        let delay = ms.clamp(0.0, f64::from(i32::MAX)) as i32;
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                delay,
            )
            .ok()
        });
        Timeout {
            handle,
            _callback: closure,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
