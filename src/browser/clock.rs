//! Wall-clock time in the browser (milliseconds since the epoch).

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The retry rule's reader of `Retry-After` dates: the browser's own `Date.parse`, which reads
/// the HTTP date format (RFC 9110 §5.6.7) as every engine does.
pub struct BrowserDates;

impl crate::classlink::retry::HttpDates for BrowserDates {
    fn epoch_ms(&self, text: &str) -> Option<f64> {
        Some(js_sys::Date::parse(text)).filter(|ms| ms.is_finite())
    }

    fn now_ms(&self) -> f64 {
        now_ms()
    }
}
