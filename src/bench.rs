//! Benchmark hooks, compiled only with the `bench` cargo feature (never in the shipped app):
//! hand the class list generated data, and report the wasm heap. The benchmark
//! (`e2e/src/bin/bench/render.rs`) calls them through `window.wasmBindings` and takes its
//! times in the page: [`bench_prepare`] does what is not timed (the fixture, the container),
//! [`bench_mount`] is the moment the data reaches the list.

use std::any::Any;
use std::cell::RefCell;

use classlink_portal::classlink::classes::{current_classes, parse_classes_page, ClassRecord};
use classlink_portal::ui::class_list::ClassList;
use classlink_portal::ui::language::Language;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The mounted list (dropping the handle unmounts it) and its container.
    static MOUNTED: RefCell<Option<(Box<dyn Any>, web_sys::Element)>> = const { RefCell::new(None) };
    /// The classes [`bench_prepare`] parsed and the container it made, for [`bench_mount`].
    static PREPARED: RefCell<Option<(Vec<ClassRecord>, web_sys::HtmlElement)>> = const { RefCell::new(None) };
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

/// Removes the list mounted by [`bench_mount`], if any.
#[wasm_bindgen]
pub fn bench_unmount() {
    if let Some((handle, container)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        drop(handle);
        container.remove();
    }
}

/// Unmounts the last list, parses `n` generated classes and puts an empty container
/// (`data-testid=bench-root`) at the top of the page, where the first screenful of cards
/// will be in view.
#[wasm_bindgen]
pub fn bench_prepare(n: u32) {
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
    let body = document.body().expect_throw("a body");
    body.insert_before(&container, body.first_child().as_ref())
        .expect_throw("inserted");
    PREPARED.with(|p| *p.borrow_mut() = Some((classes, container)));
}

/// Mounts `ClassList` with the classes of the last [`bench_prepare`]: the data arriving. It
/// returns once the list's first task has built what it builds at once; the rest follows in
/// later tasks. The list stays mounted (for filter timings) until the next
/// [`bench_prepare`] or [`bench_unmount`].
#[wasm_bindgen]
pub fn bench_mount() {
    let (classes, container) = PREPARED
        .with(|p| p.borrow_mut().take())
        .expect_throw("bench_prepare first");
    let handle = mount_to(container.clone(), move || {
        provide_context(Language::new());
        view! { <ClassList classes/> }
    });
    MOUNTED.with(|m| *m.borrow_mut() = Some((Box::new(handle), container.into())));
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
