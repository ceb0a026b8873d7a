//! Dates in the student's language, through the browser's `Intl.DateTimeFormat`.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use super::Lang;

/// An ISO 8601 instant such as ClassLink's `LastAccessTime`, as a long date and a short
/// time in `lang` and the browser's time zone; `None` when the text is not a date.
/// Browser only.
pub fn date_time(lang: Lang, iso: &str) -> Option<String> {
    if iso.trim().is_empty() {
        return None;
    }
    let date = Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"long".into()).ok()?;
    Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
    let locales = Array::of1(&lang.code().into());
    Intl::DateTimeFormat::new(&locales, &options)
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()?
        .as_string()
}
