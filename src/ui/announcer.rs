//! What screen readers hear through the polite live region, as a context of its own (a
//! newtype, so no other context can collide with it), and the region itself.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Default for Announcer {
    fn default() -> Self {
        Self::new()
    }
}

impl Announcer {
    pub fn new() -> Announcer {
        Announcer(RwSignal::new(String::new()))
    }

    /// A new announcer, provided as context.
    pub fn provide() -> Announcer {
        let announcer = Announcer::new();
        provide_context(announcer);
        announcer
    }

    /// Has the live region read `text`. A task may call it after its screen is gone: the
    /// region is the page's, and outlives every screen, but the call never panics either way.
    pub fn say(self, text: impl Into<String>) {
        self.0.try_set(text.into());
    }
}

/// The announcer context, which `App` and `SelfCheckApp` provide. A component rendered on its
/// own (a browser test) without one speaks to no live region.
pub fn use_announcer() -> Announcer {
    use_context::<Announcer>().unwrap_or_default()
}

/// The polite live region the announcer speaks through: one per page.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let Announcer(text) = use_announcer();
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || text.get()}
        </div>
    }
}
