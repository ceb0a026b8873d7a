//! Mounts the deployment self-check (check/index.html): a bundle of its own, so the students'
//! app never carries it.

mod crash_notice;

fn main() {
    crash_notice::install();
    if let Some(fallback) = leptos::prelude::document().get_element_by_id("boot-fallback") {
        fallback.remove();
    }
    leptos::mount::mount_to_body(classlink_portal::check::screen::SelfCheckApp);
}
