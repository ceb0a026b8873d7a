//! Mounts the app; everything else lives in the library so tests can use it.

/// Benchmark hooks (`--features bench` only; see `scripts/bench.sh`).
#[cfg(feature = "bench")]
mod bench;

fn main() {
    // index.html's start-up fallback is for when this code never runs.
    if let Some(fallback) = leptos::prelude::document().get_element_by_id("boot-fallback") {
        fallback.remove();
    }
    leptos::mount::mount_to_body(classlink_portal::App);
}
