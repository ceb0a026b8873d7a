//! Sign-out in every open tab of the app at once, through a `BroadcastChannel` (same origin,
//! same browser). The message is a fixed word: no token, no name, nothing another tab could
//! use but the news.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

/// One channel name for the app; the origin keeps other sites' tabs out.
const CHANNEL: &str = "classlink-portal.session";
const SIGNED_OUT: &str = "signed-out";

/// Tells every other tab of the app that the student signed out. A browser without
/// BroadcastChannel signs out this tab only.
pub fn announce_sign_out() {
    if let Ok(channel) = BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&JsValue::from_str(SIGNED_OUT));
        channel.close();
    }
}

/// Calls `on_sign_out` whenever another tab signs out, for the life of the page (a channel
/// does not hear its own messages, so this tab's sign-out is not heard twice).
pub fn listen_for_sign_out(on_sign_out: impl Fn() + 'static) {
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if event.data().as_string().as_deref() == Some(SIGNED_OUT) {
            on_sign_out();
        }
    });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // Both live as long as the page: the listener is never removed.
    handler.forget();
    std::mem::forget(channel);
}
