//! The teacher line on the class cards, in a real browser: shown once a class's teachers
//! are known, in the card's language, as plain text; its place held (hidden) while unknown;
//! an answer for one class touches that card only; a card's teachers are wanted once the card
//! comes near the screen, and never for a card that does not. Runs in headless Chromium and
//! Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::classlink::classes::{current_classes, parse_classes_page};
use classlink_portal::i18n::Lang;
use classlink_portal::ui::class_card::{class_card, ClassTeachers, LineToAsk};
use classlink_portal::ui::class_list::ClassList;
use classlink_portal::ui::language::Language;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CLASSES: &str = r#"[
  { "sourcedId": "m5", "title": "Math 5", "periods": ["1"], "location": "12" },
  { "sourcedId": "a5", "title": "Art 5", "periods": ["2"] },
  { "title": "No id", "periods": ["3"] }
]"#;

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect()
}

/// The teacher line of the card at `root` as (label, names), if it has one.
fn teacher_line(card: &web_sys::Element) -> Option<(String, String)> {
    let value = card
        .query_selector("[data-testid='class-teachers']")
        .unwrap()?;
    let label = value.previous_element_sibling().unwrap();
    assert_eq!(label.tag_name().to_lowercase(), "dt");
    assert_eq!(value.tag_name().to_lowercase(), "dd");
    Some((label.text_content()?, value.text_content()?))
}

fn line(label: &str, names: &str) -> Option<(String, String)> {
    Some((label.into(), names.into()))
}

#[wasm_bindgen_test]
async fn a_card_shows_its_teachers_once_known_and_nothing_before() {
    let classes = parse_classes_page(CLASSES, 0).unwrap().classes;
    for (lang, one, two) in [
        (
            Lang::En,
            line("Teacher", "Ana Rivera"),
            line("Teachers", "Ana Rivera and <b>Luis</b> Ortega"),
        ),
        (
            Lang::Es,
            line("Docente", "Ana Rivera"),
            line("Docentes", "Ana Rivera y <b>Luis</b> Ortega"),
        ),
    ] {
        let root = container();
        let signal = ArcRwSignal::new(Vec::<String>::new());
        let (class, teachers) = (classes[0].clone(), signal.clone());
        let _mounted = mount_to(root.clone(), move || {
            let line = LineToAsk {
                sourced_id: class.sourced_id.clone(),
                names: teachers,
                watcher: None,
            };
            class_card(&class, Some(line), lang.texts())
        });
        let card = all(&root, "li.class-card").remove(0);
        let fields = all(&card, "dl > *").len();
        assert_eq!(teacher_line(&card), None, "{lang:?}: nothing while loading");
        let held = all(&card, "dl > [aria-hidden='true']");
        assert_eq!(held.len(), 2, "{lang:?}: the line's place is held, hidden");
        assert_eq!(held[1].text_content().as_deref(), Some("\u{a0}"));
        assert!(held.iter().all(|e| e.class_name() == "teacher-pending"));

        signal.set(vec!["Ana Rivera".into()]);
        leptos::task::tick().await;
        assert_eq!(teacher_line(&card), one, "{lang:?}");
        assert_eq!(
            all(&card, "dl > *").len(),
            fields,
            "one dt/dd pair in the place held"
        );
        assert!(all(&card, "dl > [aria-hidden='true']").is_empty());
        assert!(
            all(&card, "dl > :nth-last-child(1)")[0]
                .get_attribute("data-testid")
                .as_deref()
                == Some("class-teachers"),
            "{lang:?}: the line comes after the other fields"
        );

        signal.set(vec!["Ana Rivera".into(), "<b>Luis</b> Ortega".into()]);
        leptos::task::tick().await;
        assert_eq!(teacher_line(&card), two, "{lang:?}");
        assert!(
            card.query_selector("b").unwrap().is_none(),
            "names stay text"
        );
        // Plain text: nothing in the card is announced on its own.
        assert!(all(&card, "[aria-live], [role=status], [role=alert]").is_empty());
    }
}

#[wasm_bindgen_test]
fn a_card_without_a_teachers_signal_has_no_line() {
    let root = container();
    let class = parse_classes_page(CLASSES, 0).unwrap().classes.remove(0);
    let _mounted = mount_to(root.clone(), move || {
        class_card(&class, None, Lang::En.texts())
    });
    let card = all(&root, "li.class-card").remove(0);
    assert_eq!(teacher_line(&card), None);
    assert_eq!(all(&card, "dl > dt").len(), 2, "period and room only");
}

#[wasm_bindgen_test]
async fn an_answer_fills_in_its_own_card_only() {
    let root = container();
    let classes = current_classes(parse_classes_page(CLASSES, 0).unwrap().classes);
    let (teachers, _wanted) = ClassTeachers::asking_about(&classes);
    assert!(teachers.of("m5").is_some() && teachers.of("a5").is_some());
    assert!(
        teachers.of("").is_none(),
        "a class without an id cannot be asked about"
    );
    let list_teachers = teachers.clone();
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ClassList classes teachers=list_teachers/> }
    });
    let cards = all(&root, "li.class-card");
    assert_eq!(cards.len(), 3);
    assert!(cards.iter().all(|card| teacher_line(card).is_none()));

    teachers.arrived("a5", vec!["Ana Rivera".into()]);
    leptos::task::tick().await;
    let after = all(&root, "li.class-card");
    assert_eq!(
        after, cards,
        "the same card nodes: the list was not rebuilt"
    );
    let lines: Vec<_> = after.iter().map(teacher_line).collect();
    assert_eq!(lines, vec![None, line("Teacher", "Ana Rivera"), None]);

    // An answer for a class not in the list changes nothing.
    teachers.arrived("zz", vec!["Nobody".into()]);
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid='class-teachers']").len(), 1);
}

/// Lets the browser paint a few frames (and deliver what its observers saw).
async fn frames(count: usize) {
    for _ in 0..count {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    }
}

/// The ids the list has asked for so far.
fn asked(wanted: &mut futures::channel::mpsc::UnboundedReceiver<String>) -> Vec<String> {
    std::iter::from_fn(|| wanted.try_recv().ok()).collect()
}

#[wasm_bindgen_test]
async fn teachers_are_wanted_for_cards_near_the_screen_only() {
    // The list fills a screen of its own (earlier tests' containers stay in the page).
    let root = container();
    root.set_attribute(
        "style",
        "position:fixed;inset:0;overflow:auto;background:white;z-index:1",
    )
    .unwrap();
    let json: Vec<String> = (0..120)
        .map(|i| format!(r#"{{"sourcedId":"c{i:03}","title":"Class {i}","periods":["{i}"]}}"#))
        .collect();
    let classes = parse_classes_page(&format!("[{}]", json.join(",")), 0)
        .unwrap()
        .classes;
    let (teachers, mut wanted) = ClassTeachers::asking_about(&classes);
    let list_teachers = teachers.clone();
    let mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ClassList classes teachers=list_teachers/> }
    });
    frames(10).await;
    let first = asked(&mut wanted);
    assert!(first.contains(&"c000".to_string()), "{first:?}");
    assert!(
        first.len() < 120 && !first.contains(&"c119".to_string()),
        "a card far below is not asked about: {first:?}"
    );

    // Scrolled to the end: the last card comes near, and is asked about once.
    let cards = all(&root, "li.class-card");
    assert_eq!(cards.len(), 120, "every card is in the page");
    cards[119].scroll_into_view();
    frames(10).await;
    let then = asked(&mut wanted);
    assert!(then.contains(&"c119".to_string()), "{then:?}");
    assert!(then.iter().all(|id| !first.contains(id)), "each card once");

    // The list gone: its observer is disconnected, and nothing more is asked.
    drop(mounted);
    frames(3).await;
    assert!(asked(&mut wanted).is_empty());
    root.remove();
}
