//! The browser's side of choosing a language: the student's remembered choice in
//! localStorage (not a secret) and `navigator.languages`. Storage is reached through
//! `crate::browser::storage::local_storage`, which gives `None`, not an exception, when the browser disables or
//! blocks it; the tag is stored as plain text.

use js_sys::Reflect;

use super::{from_preferences, Lang};
use crate::browser::storage::local_storage;
use crate::storage_keys::StorageKey;

/// The language the student picked with the switcher, if any.
pub fn remembered() -> Option<Lang> {
    let tag = local_storage()?
        .get_item(&StorageKey::Language.as_string())
        .ok()??;
    // Earlier versions stored the tag JSON-quoted (`"es"`, through gloo-storage's serde API).
    Lang::from_tag(tag.trim_matches('"'))
}

/// Remembers the student's pick; a browser that refuses storage just forgets it.
pub fn remember(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&StorageKey::Language.as_string(), lang.code());
    }
}

/// The first language in `navigator.languages` the app speaks.
pub fn browser_language() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    from_preferences(tags.iter().map(String::as_str))
}

/// Sets `<html lang>`, so screen readers pronounce the page in its language.
pub fn set_document_language(lang: Lang) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| Reflect::get(&d, &"documentElement".into()));
    if let Some(Ok(root)) = root {
        let _ = Reflect::set(&root, &"lang".into(), &lang.code().into());
    }
}
