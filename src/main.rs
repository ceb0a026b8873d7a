//! Mounts the app; everything else lives in the library so tests can use it.

/// Benchmark hooks (`--features bench` only; see `scripts/bench.sh`).
#[cfg(feature = "bench")]
mod bench;

fn main() {
    leptos::mount::mount_to_body(classlink_portal::App);
}
