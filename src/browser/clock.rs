//! Wall-clock time in the browser (milliseconds since the epoch).

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
