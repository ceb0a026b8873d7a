//! Which elements come near the screen: one `IntersectionObserver` for a list, with a margin
//! of one screen above and below ([`NEAR`]), so what a card needs is asked for a little
//! before the card is scrolled into view, and never for a card that is never near.
//!
//! Each element is reported once, the first time it comes near, then no longer watched.
//! The observer is disconnected when its [`NearScreen`] is dropped (the list's cleanup), and
//! only then is its callback freed: a disconnected observer delivers nothing more, so the
//! callback never runs after its list is gone.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How far outside the viewport counts as near: one screen's height above and below.
pub const NEAR: &str = "100% 0px 100% 0px";

/// The callback the browser calls with the entries that changed.
type Report = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// Watches elements and calls `near` for each as it first comes near the screen.
pub struct NearScreen {
    observer: IntersectionObserver,
    _report: Report,
}

impl NearScreen {
    /// `None` where the browser has no `IntersectionObserver` (every supported one has).
    pub fn new(mut near: impl FnMut(&Element) + 'static) -> Option<NearScreen> {
        let report: Report = Closure::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                for entry in entries.iter() {
                    let entry: IntersectionObserverEntry = entry.unchecked_into();
                    if entry.is_intersecting() {
                        let target = entry.target();
                        observer.unobserve(&target);
                        near(&target);
                    }
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_root_margin(NEAR);
        let observer =
            IntersectionObserver::new_with_options(report.as_ref().unchecked_ref(), &options)
                .ok()?;
        Some(NearScreen {
            observer,
            _report: report,
        })
    }

    /// What a card needs to ask to be watched: cheap to clone, and usable after the list is
    /// gone (watching then reports nothing).
    pub fn watcher(&self) -> Watcher {
        Watcher(self.observer.clone())
    }
}

impl Drop for NearScreen {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// A handle to watch one more element.
#[derive(Clone)]
pub struct Watcher(IntersectionObserver);

impl Watcher {
    /// Reports `element` once it comes near the screen (also when it is not in the page yet:
    /// it is reported once it is, and near).
    pub fn watch(&self, element: &Element) {
        self.0.observe(element);
    }
}
