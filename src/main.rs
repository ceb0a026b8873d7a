//! Mounts the app; everything else lives in the library so tests can use it.

/// Benchmark hooks (`--features bench` only; see `scripts/bench.sh`).
#[cfg(feature = "bench")]
mod bench;
mod crash_notice;

fn main() {
    crash_notice::install();
    // index.html's start-up fallback is for when this code never runs.
    if let Some(fallback) = leptos::prelude::document().get_element_by_id("boot-fallback") {
        fallback.remove();
    }
    leptos::mount::mount_to_body(classlink_portal::App);
    #[cfg(feature = "panic-test")]
    panic_on_request();
}

/// `--features panic-test` only (e2e/tests/boot.rs; the suite checks the release wasm has no
/// trace of it): a `panic-test` event on the window panics in its listener, as a bug in an
/// event handler of the running app would, to prove the panic hook's message.
#[cfg(feature = "panic-test")]
fn panic_on_request() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let listener = Closure::<dyn Fn()>::new(|| panic!("a deliberate panic (panic-test)"));
    let _ = leptos::prelude::window()
        .add_event_listener_with_callback("panic-test", listener.as_ref().unchecked_ref());
    listener.forget();
}
