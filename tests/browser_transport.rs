//! The transport's body reading in the real browsers: a body is read chunk by chunk with a
//! running count, so one that never ends, or is larger than its cap, is cut at the cap (and
//! its stream cancelled), not at a deadline; one within its cap is read whole. Runs in
//! headless Chromium and Firefox. (End to end, against the sandbox: e2e/tests/limits.rs.)
#![cfg(target_arch = "wasm32")]

use classlink_portal::transport::body::{read_capped, BodyFailure};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A `Response` made in the page by `script` (a JavaScript expression).
fn response(script: &str) -> web_sys::Response {
    js_sys::eval(script)
        .expect("the script runs")
        .dyn_into()
        .expect("a Response")
}

#[wasm_bindgen_test]
async fn an_endless_body_is_cut_at_the_cap() {
    // A stream that always has another 4 KB chunk, and counts what was pulled from it.
    let endless = response(
        "window.pulled = 0; new Response(new ReadableStream({ pull(c) { window.pulled += 1; \
         c.enqueue(new Uint8Array(4096).fill(65)); } }))",
    );
    assert_eq!(
        read_capped(&endless, 64 * 1024).await,
        Err(BodyFailure::TooLarge)
    );
    let pulled = js_sys::eval("window.pulled").unwrap().as_f64().unwrap();
    assert!(
        pulled < 40.0,
        "reading stopped near the cap: {pulled} chunks"
    );
}

#[wasm_bindgen_test]
async fn a_body_within_its_cap_is_read_whole_and_one_byte_over_is_not() {
    let body = "é".repeat(1000);
    let within = response(&format!("new Response({body:?})"));
    assert_eq!(read_capped(&within, 2000).await, Ok(body.clone()));
    let over = response(&format!("new Response({body:?})"));
    assert_eq!(read_capped(&over, 1999).await, Err(BodyFailure::TooLarge));
}

#[wasm_bindgen_test]
async fn a_declared_length_over_the_cap_is_refused_before_reading() {
    let declared = response("new Response('{}', { headers: { 'Content-Length': '999999999' } })");
    assert_eq!(
        read_capped(&declared, 1024).await,
        Err(BodyFailure::TooLarge)
    );
}

#[wasm_bindgen_test]
async fn a_byte_order_mark_is_dropped_and_no_body_is_empty() {
    let marked = response("new Response('\\uFEFF{\"a\":1}')");
    assert_eq!(
        read_capped(&marked, 1024).await,
        Ok("{\"a\":1}".to_string())
    );
    let empty = response("new Response(null, { status: 204 })");
    assert_eq!(read_capped(&empty, 1024).await, Ok(String::new()));
}

#[wasm_bindgen_test]
async fn a_cap_of_zero_reads_nothing() {
    let headers_only = response("new Response('not read')");
    assert_eq!(read_capped(&headers_only, 0).await, Ok(String::new()));
}
