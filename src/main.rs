//! Mounts the app; everything else lives in the library so tests can use it.

fn main() {
    leptos::mount::mount_to_body(classlink_portal::App);
}
