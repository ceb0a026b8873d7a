//! The retry rule's ports in a real browser: `Retry-After` dates read by the engine's own
//! `Date` (src/browser/clock.rs), and the jitter's draws from getrandom. Runs in headless
//! Chromium and Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::browser::clock::BrowserDates;
use classlink_portal::browser::random::PlatformRandom;
use classlink_portal::classlink::retry::{HttpDates, RetryRule, BASE_DELAY_MS, MAX_DELAY_MS};
use classlink_portal::transport::NoAnswer;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_reads_an_http_date() {
    assert_eq!(
        BrowserDates.epoch_ms("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(1_445_412_480_000.0)
    );
    assert_eq!(BrowserDates.epoch_ms("soon"), None);
}

#[wasm_bindgen_test]
fn a_date_an_hour_away_waits_no_longer_than_the_cap_and_draws_stay_in_the_bound() {
    let rule = RetryRule {
        random: &PlatformRandom,
        dates: &BrowserDates,
    };
    let later = js_sys::Date::new(&(js_sys::Date::now() + 3_600_000.0).into());
    let header = String::from(later.to_utc_string());
    assert_eq!(
        rule.delay_ms(1, NoAnswer::Status(503), Some(&header)),
        Some(MAX_DELAY_MS)
    );
    let draws: Vec<u32> = (0..50)
        .map(|_| rule.delay_ms(1, NoAnswer::Status(503), None).unwrap())
        .collect();
    assert!(draws.iter().all(|&ms| ms <= BASE_DELAY_MS), "{draws:?}");
    assert!(draws.iter().any(|&ms| ms != draws[0]), "spread: {draws:?}");
}
