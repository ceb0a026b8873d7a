//! index.html's config.json prefetch as the app takes it: once, only a real promise, and
//! any failure or odd shape read as "could not be loaded" (status 0), never as a config.
//! Runs in headless Chromium and Firefox. (The end-to-end tests load the real index.html,
//! whose script fills the promise: e2e/tests/config_errors.rs.)
#![cfg(target_arch = "wasm32")]

use classlink_portal::browser::config_prefetch::{self, Prefetched, GLOBAL};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn set_global(value: &JsValue) {
    Reflect::set(&window(), &JsValue::from_str(GLOBAL), value).unwrap();
}

fn global() -> JsValue {
    Reflect::get(&window(), &JsValue::from_str(GLOBAL)).unwrap()
}

fn answer(status: JsValue, text: JsValue) -> JsValue {
    let object = Object::new();
    Reflect::set(&object, &"status".into(), &status).unwrap();
    Reflect::set(&object, &"text".into(), &text).unwrap();
    object.into()
}

fn failed() -> Option<Prefetched> {
    Some(Prefetched::default())
}

#[wasm_bindgen_test]
async fn without_a_prefetch_there_is_nothing_to_take() {
    let _ = Reflect::delete_property(&window(), &JsValue::from_str(GLOBAL));
    assert_eq!(config_prefetch::take().await, None);
}

#[wasm_bindgen_test]
async fn the_answer_is_taken_once_and_removed_from_the_page() {
    let body = r#"{ "client_id": "x" }"#;
    set_global(&Promise::resolve(&answer(200.into(), body.into())).into());
    let taken = config_prefetch::take().await.expect("a prefetched answer");
    assert_eq!(taken.status, 200);
    assert_eq!(taken.text, body);
    assert!(taken.ok());
    assert!(
        global().is_undefined(),
        "the promise is no longer on window"
    );
    assert_eq!(
        config_prefetch::take().await,
        None,
        "a second take finds nothing"
    );
}

#[wasm_bindgen_test]
async fn an_http_error_keeps_its_status() {
    set_global(&Promise::resolve(&answer(404.into(), "Not Found".into())).into());
    let taken = config_prefetch::take().await.expect("a prefetched answer");
    assert_eq!(taken.status, 404);
    assert!(!taken.ok());
}

#[wasm_bindgen_test]
async fn a_rejected_or_misshapen_answer_is_a_failed_request() {
    set_global(&Promise::reject(&"offline".into()).into());
    assert_eq!(config_prefetch::take().await, failed());

    // A status that is not a number, text that is not a string, a status out of range:
    // none may pass for a configuration.
    for odd in [
        answer("200".into(), "{}".into()),
        answer(200.into(), JsValue::from_f64(1.0)),
        answer(1e6.into(), "{}".into()),
        answer((-1).into(), "{}".into()),
        JsValue::NULL,
    ] {
        set_global(&Promise::resolve(&odd).into());
        assert_eq!(config_prefetch::take().await, failed(), "{odd:?}");
    }
}

#[wasm_bindgen_test]
async fn a_named_element_is_not_taken_for_the_prefetch() {
    // DOM clobbering: an element with that id shows up as window.configPrefetch. It is
    // not a promise, so the app ignores it and fetches config.json itself.
    let _ = Reflect::delete_property(&window(), &JsValue::from_str(GLOBAL));
    let document = window().document().unwrap();
    let element = document.create_element("a").unwrap();
    element.set_id(GLOBAL);
    document.body().unwrap().append_child(&element).unwrap();
    assert!(global().is_object(), "the element is reachable as a global");
    assert_eq!(config_prefetch::take().await, None);
    element.remove();
}

#[wasm_bindgen_test]
async fn the_scripts_cap_and_deadline_are_told_apart_from_a_failure() {
    let object = Object::new();
    Reflect::set(&object, &"status".into(), &200.into()).unwrap();
    Reflect::set(&object, &"tooLarge".into(), &true.into()).unwrap();
    set_global(&Promise::resolve(&object).into());
    let taken = config_prefetch::take().await.expect("a prefetched answer");
    assert!(taken.too_large && taken.text.is_empty(), "{taken:?}");

    let object = Object::new();
    Reflect::set(&object, &"status".into(), &0.into()).unwrap();
    Reflect::set(&object, &"timedOut".into(), &true.into()).unwrap();
    set_global(&Promise::resolve(&object).into());
    let taken = config_prefetch::take().await.expect("a prefetched answer");
    assert!(taken.timed_out, "{taken:?}");
}
