//! Benchmark hooks, compiled only with the `bench` cargo feature (never in the shipped app):
//! render the class list from generated data and report the time and the wasm heap. The
//! benchmark (`e2e/src/bin/bench.rs`) calls them through `window.wasmBindings`.

use std::any::Any;
use std::cell::RefCell;

use classlink_portal::app::portal::Portal;
use classlink_portal::classlink::classes::{current_classes, parse_classes_page};
use classlink_portal::ui::class_list::ClassList;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

thread_local! {
    /// The mounted list (dropping the handle unmounts it) and its container.
    static MOUNTED: RefCell<Option<(Box<dyn Any>, web_sys::Element)>> = const { RefCell::new(None) };
    static LAST_BUILD_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// A `getClassesForUser` page body with `n` classes: one homeroom, the rest scheduled over
/// eight periods, titles `Course 00000` … so a filter such as `course 001` keeps 100 of them.
fn classes_json(n: u32) -> String {
    let mut body = String::from("{\"classes\":[");
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        let class_type = if i == 0 { "homeroom" } else { "scheduled" };
        body.push_str(&format!(
            "{{\"sourcedId\":\"c{i}\",\"title\":\"Course {i:05}\",\"classType\":\"{class_type}\",\
             \"classCode\":\"CODE-{i}\",\"location\":\"Room {room}\",\"grades\":[\"0{grade}\"],\
             \"subjects\":[\"Subject {subject}\"],\"periods\":[\"{period}\"],\"status\":\"active\",\
             \"terms\":[{{\"sourcedId\":\"t1\",\"type\":\"academicSession\"}}]}}",
            room = 100 + i % 50,
            grade = 1 + i % 8,
            subject = i % 12,
            period = 1 + i % 8,
        ));
    }
    body.push_str("]}");
    body
}

/// Removes the list mounted by [`bench_render`], if any.
#[wasm_bindgen]
pub fn bench_unmount() {
    if let Some((handle, container)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        drop(handle);
        container.remove();
    }
}

/// Mounts `ClassList` with `n` generated classes into a fresh element and returns the
/// milliseconds from the start of the mount to the end of a forced style and layout of the
/// result (`performance.now()`). Parsing the fixture is not timed. The list stays mounted
/// (for filter timings) until the next call or [`bench_unmount`].
#[wasm_bindgen]
pub fn bench_render(n: u32) -> f64 {
    bench_unmount();
    let classes = current_classes(
        parse_classes_page(&classes_json(n), 0)
            .expect_throw("the generated fixture is valid")
            .classes,
    );
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("a document");
    let container: web_sys::HtmlElement = document
        .create_element("div")
        .expect_throw("a div")
        .unchecked_into();
    container
        .set_attribute("data-testid", "bench-root")
        .expect_throw("an attribute");
    document
        .body()
        .expect_throw("a body")
        .append_child(&container)
        .expect_throw("appended");

    let start = performance_now();
    let handle = mount_to(container.clone(), move || {
        provide_context(Portal::new());
        view! { <ClassList classes/> }
    });
    let built = performance_now();
    // Reading a layout property forces style and layout of everything just inserted.
    let _ = container.offset_height();
    let end = performance_now();

    LAST_BUILD_MS.with(|b| b.set(built - start));
    MOUNTED.with(|m| *m.borrow_mut() = Some((Box::new(handle), container.into())));
    end - start
}

/// The DOM-building part of the last [`bench_render`], without style and layout.
#[wasm_bindgen]
pub fn bench_last_build_ms() -> f64 {
    LAST_BUILD_MS.with(|b| b.get())
}

/// The wasm linear memory in bytes (`memory.buffer.byteLength`); it only grows.
#[wasm_bindgen]
pub fn bench_heap_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}
