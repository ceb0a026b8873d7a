//! The browser's side of choosing a language: the student's remembered choice in
//! localStorage (not a secret) and `navigator.languages`. gloo-storage throws when storage
//! is missing, so every use goes through [`local_storage`] first, which does not.

use gloo_storage::{LocalStorage, Storage};
use js_sys::Reflect;

use super::{from_preferences, Lang};
use crate::storage_keys::StorageKey;

/// Checks that localStorage can be used, without the exception gloo-storage would throw.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The language the student picked with the switcher, if any.
pub fn remembered() -> Option<Lang> {
    local_storage()?;
    let tag: String = LocalStorage::get(StorageKey::Language.as_string()).ok()?;
    Lang::from_tag(&tag)
}

/// Remembers the student's pick; a browser that refuses storage just forgets it.
pub fn remember(lang: Lang) {
    if local_storage().is_some() {
        let _ = LocalStorage::set(StorageKey::Language.as_string(), lang.code());
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
