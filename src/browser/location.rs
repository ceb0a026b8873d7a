//! The address bar: reading it, cleaning the callback out of it, leaving for the provider.

/// The parts of `window.location` the app reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLocation {
    pub origin: String,
    pub path: String,
    /// Without the leading `?`.
    pub query: String,
    /// Without the leading `#`.
    pub fragment: String,
}

impl PageLocation {
    /// The page's own URL without query or fragment: the default redirect URI.
    pub fn page_url(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

pub fn current() -> Option<PageLocation> {
    let location = web_sys::window()?.location();
    let strip = |s: String, prefix: char| s.strip_prefix(prefix).map(str::to_string).unwrap_or(s);
    Some(PageLocation {
        origin: location.origin().ok()?,
        path: location.pathname().ok()?,
        query: strip(location.search().ok()?, '?'),
        fragment: strip(location.hash().ok()?, '#'),
    })
}

/// Replaces the current history entry's URL without loading anything, so the code and
/// state are gone from the address bar, the history and any later Referer.
pub fn replace_address(url: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .is_some_and(|h| {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
                .is_ok()
        })
}

/// Leaves the app for `url` (the authorization endpoint, a logout page).
pub fn navigate_to(url: &str) -> bool {
    web_sys::window().is_some_and(|w| w.location().assign(url).is_ok())
}

/// Loads the page again (a retry after a passing failure, such as discovery unreachable).
pub fn reload() -> bool {
    web_sys::window().is_some_and(|w| w.location().reload().is_ok())
}
