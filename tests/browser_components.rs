//! Components rendered in a real browser from fixture data: what a student sees, and that
//! hostile text stays text. Runs in headless Chromium and Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::classlink::classes::{current_classes, parse_classes_page};
use classlink_portal::classlink::profile::parse_profile;
use classlink_portal::i18n::Lang;
use classlink_portal::ui::class_card::class_card;
use classlink_portal::ui::class_list::{first_slice, ClassList};
use classlink_portal::ui::language::Language;
use classlink_portal::ui::profile_card::ProfileCard;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PROFILE: &str = r#"{ "DisplayName": "<script>window.pwned=1</script> Zoë 李", "FirstName": "Zoë",
  "LastName": "Łukasiewicz", "Email": "zoe@demo.local", "Role": "Student", "Role_Level": 4,
  "Building": "CL Demo Building1", "Tenant": "ClassLink Demo", "ImagePath": "", "SourcedId": "77",
  "OrgId": ["5678"], "or_email": "x" }"#;

const CLASSES: &str = r#"{ "classes": [
  { "sourcedId": "2", "title": "<img src=x onerror=window.pwned=2>Art", "classType": "scheduled",
    "location": "201", "grades": ["05"], "subjects": ["Art"], "periods": ["3"], "classCode": "ART5", "status": "active" },
  { "sourcedId": "1", "title": "Homeroom 5B", "classType": "homeroom", "periods": [], "status": "active" },
  { "sourcedId": "3", "title": "Old Science", "status": "tobedeleted", "periods": ["1"] },
  { "sourcedId": "4", "title": "Math 5", "classType": "scheduled", "periods": ["1"], "location": "", "status": "active" }
] }"#;

/// A fresh element in the page to mount into.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, testid: &str) -> Vec<web_sys::Element> {
    let found = root
        .query_selector_all(&format!("[data-testid='{testid}']"))
        .unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect()
}

fn text_of(root: &web_sys::HtmlElement, testid: &str) -> String {
    by_testid(root, testid)
        .first()
        .and_then(|e| e.text_content())
        .unwrap_or_else(|| panic!("no [data-testid={testid}]"))
}

fn pwned() -> bool {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
fn the_profile_card_shows_the_student_and_keeps_markup_as_text() {
    let root = container();
    let profile = parse_profile(PROFILE).unwrap();
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ProfileCard profile/> }
    });
    assert_eq!(
        text_of(&root, "profile-name"),
        "<script>window.pwned=1</script> Zoë 李"
    );
    assert_eq!(text_of(&root, "profile-role"), "Student");
    assert_eq!(text_of(&root, "profile-school"), "CL Demo Building1");
    assert_eq!(text_of(&root, "profile-district"), "ClassLink Demo");
    assert_eq!(text_of(&root, "profile-email"), "zoe@demo.local");
    assert_eq!(text_of(&root, "profile-initials"), "ZŁ");
    assert!(
        by_testid(&root, "profile-photo").is_empty(),
        "no photo without a usable ImagePath"
    );
    assert!(
        root.query_selector("script").unwrap().is_none(),
        "no script element was created"
    );
    assert!(!pwned());
}

#[wasm_bindgen_test]
fn the_profile_card_uses_a_photo_only_from_the_api_host() {
    let root = container();
    let profile =
        parse_profile(r#"{"DisplayName":"Reading Student","ImagePath":"/images/u/1.png"}"#)
            .unwrap();
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ProfileCard profile api_origin="https://nodeapi.classlink.com".to_string()/> }
    });
    let photo = by_testid(&root, "profile-photo");
    assert_eq!(photo.len(), 1);
    assert_eq!(
        photo[0].get_attribute("src").as_deref(),
        Some("https://nodeapi.classlink.com/images/u/1.png")
    );
    assert_eq!(
        photo[0].get_attribute("alt").as_deref(),
        Some("Reading Student")
    );
}

#[wasm_bindgen_test]
fn the_class_list_shows_current_classes_in_order_as_text() {
    let root = container();
    let classes = current_classes(parse_classes_page(CLASSES, 0).unwrap().classes);
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ClassList classes/> }
    });
    let items = by_testid(&root, "class-item");
    assert_eq!(items.len(), 3, "the tobedeleted class is not shown");
    let titles: Vec<String> = by_testid(&root, "class-title")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(
        titles,
        vec![
            "Homeroom 5B",
            "Math 5",
            "<img src=x onerror=window.pwned=2>Art"
        ]
    );
    assert!(
        root.query_selector("li img").unwrap().is_none(),
        "markup in a title is not parsed"
    );
    assert_eq!(text_of(&root, "class-room"), "201");
    assert_eq!(text_of(&root, "class-code"), "ART5");
    assert_eq!(text_of(&root, "class-count"), "3 classes");
    assert!(by_testid(&root, "classes-empty").is_empty());
    assert!(!pwned());
}

/// An element's tag, its `class` and `data-testid` attributes and its text, for comparing
/// a card's markup with what it should be.
fn describe(element: &web_sys::Element) -> (String, String, String, String) {
    (
        element.tag_name().to_lowercase(),
        element.get_attribute("class").unwrap_or_default(),
        element.get_attribute("data-testid").unwrap_or_default(),
        element.text_content().unwrap_or_default(),
    )
}

fn children(element: &web_sys::Element) -> Vec<web_sys::Element> {
    let found = element.children();
    (0..found.length()).filter_map(|i| found.item(i)).collect()
}

fn element(tag: &str, class: &str, testid: &str, text: &str) -> (String, String, String, String) {
    (tag.into(), class.into(), testid.into(), text.into())
}

/// A card's title, whether it has the homeroom badge, and its fields as (label, value
/// `data-testid`, value).
type ExpectedCard = (
    &'static str,
    bool,
    Vec<(&'static str, &'static str, &'static str)>,
);

#[wasm_bindgen_test]
fn a_card_shows_its_fields_in_order_without_the_empty_ones_as_text() {
    // Every kind of card: a class with markup in its title and every field but the term, a
    // homeroom without fields, one with an empty room; in both languages.
    let classes = parse_classes_page(CLASSES, 0).unwrap().classes;
    for lang in [Lang::En, Lang::Es] {
        let t = lang.texts();
        // What each class of CLASSES shows.
        let expected: [ExpectedCard; 4] = [
            (
                "<img src=x onerror=window.pwned=2>Art",
                false,
                vec![
                    (t.label_period, "class-period", "3"),
                    (t.label_room, "class-room", "201"),
                    (t.label_class_code, "class-code", "ART5"),
                    (t.label_subjects, "class-subjects", "Art"),
                    (t.label_grades, "class-grades", "05"),
                ],
            ),
            ("Homeroom 5B", true, vec![]),
            (
                "Old Science",
                false,
                vec![(t.label_period, "class-period", "1")],
            ),
            ("Math 5", false, vec![(t.label_period, "class-period", "1")]),
        ];
        for (class, (title, homeroom, fields)) in classes.iter().zip(expected) {
            let root = container();
            let class = class.clone();
            let _mounted = mount_to(root.clone(), move || class_card(&class, None, t));
            let cards = children(&root);
            assert_eq!(cards.len(), 1, "{lang:?} {title}: one element");
            let card = &cards[0];
            assert_eq!(
                (
                    card.tag_name().to_lowercase(),
                    card.get_attribute("class"),
                    card.get_attribute("data-testid")
                ),
                (
                    "li".to_string(),
                    Some("class-card".to_string()),
                    Some("class-item".to_string())
                ),
                "{lang:?} {title}"
            );
            // The title, the badge for a homeroom only, then the fields.
            let parts: Vec<_> = children(card).iter().map(describe).collect();
            let mut expected_parts = vec![element("h3", "class-title", "class-title", title)];
            if homeroom {
                expected_parts.push(element("span", "badge", "", t.homeroom));
            }
            let list = children(card).pop().unwrap();
            expected_parts.push(element(
                "dl",
                "class-fields",
                "",
                &list.text_content().unwrap(),
            ));
            assert_eq!(parts, expected_parts, "{lang:?} {title}");
            // Label and value pairs, in order, the empty ones left out.
            let pairs: Vec<_> = children(&list).iter().map(describe).collect();
            let expected_pairs: Vec<_> = fields
                .iter()
                .flat_map(|(label, testid, value)| {
                    [
                        element("dt", "", "", label),
                        element("dd", "", testid, value),
                    ]
                })
                .collect();
            assert_eq!(pairs, expected_pairs, "{lang:?} {title}");
            // Text stays text: no element came out of the title.
            assert!(root.query_selector("img").unwrap().is_none());
        }
    }
    assert!(!pwned());
}

/// A classes page with `n` classes titled `Course 000` …
fn many_classes(n: usize) -> String {
    let classes: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"sourcedId":"c{i}","title":"Course {i:03}","periods":["1"],"status":"active"}}"#)
        })
        .collect();
    format!(r#"{{"classes":[{}]}}"#, classes.join(","))
}

/// Waits for the timeouts and effects due now to run.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (a few frames at most: the list adds a slice a frame) until `root` shows `n` cards.
async fn until_cards(root: &web_sys::HtmlElement, n: usize) {
    for _ in 0..500 {
        if by_testid(root, "class-item").len() == n {
            return;
        }
        next_task().await;
    }
    panic!(
        "{} cards shown, not {n}",
        by_testid(root, "class-item").len()
    );
}

/// Types `text` into the list's filter box, as a keystroke does (an `input` event).
fn type_filter(root: &web_sys::HtmlElement, text: &str) {
    let input = by_testid(root, "class-filter").remove(0);
    js_sys::Function::new_with_args(
        "input, text",
        "input.value = text; input.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .call2(&wasm_bindgen::JsValue::NULL, &input, &text.into())
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_long_list_renders_in_slices_and_a_filter_keeps_the_cards_it_shows() {
    let root = container();
    let classes = current_classes(parse_classes_page(&many_classes(250), 0).unwrap().classes);
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language::new());
        view! { <ClassList classes/> }
    });
    // The first screenful at once, in order; the rest in later tasks.
    let first = by_testid(&root, "class-title");
    assert_eq!(first.len(), first_slice().min(250));
    assert!(first.len() < 250, "a long list is sliced");
    assert_eq!(first[0].text_content().unwrap(), "Course 000");
    until_cards(&root, 250).await;
    let titles: Vec<String> = by_testid(&root, "class-title")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    let in_order: Vec<String> = (0..250).map(|i| format!("Course {i:03}")).collect();
    assert_eq!(titles, in_order);

    // Narrowing keeps the cards still shown as the same nodes; so does widening again.
    let before = by_testid(&root, "class-item");
    type_filter(&root, "course 2");
    until_cards(&root, 50).await;
    let narrowed = by_testid(&root, "class-item");
    assert!(narrowed.iter().all(|card| before.contains(card)));
    assert!(narrowed[0]
        .text_content()
        .unwrap()
        .starts_with("Course 200"));
    type_filter(&root, "");
    next_task().await;
    assert_eq!(
        by_testid(&root, "class-title")[0].text_content().unwrap(),
        "Course 000",
        "the first screenful comes first"
    );
    assert!(narrowed.iter().all(|card| card.is_connected()));
    until_cards(&root, 250).await;
    let after = by_testid(&root, "class-item");
    assert!(narrowed.iter().all(|card| after.contains(card)));
    let titles: Vec<String> = by_testid(&root, "class-title")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(titles, in_order);
}

#[wasm_bindgen_test]
async fn the_cards_follow_the_language() {
    let root = container();
    let language = Language::new();
    let classes = current_classes(parse_classes_page(CLASSES, 0).unwrap().classes);
    let _mounted = mount_to(root.clone(), move || {
        provide_context(language);
        view! { <ClassList classes/> }
    });
    let labels = |root: &web_sys::HtmlElement| {
        let found = root.query_selector_all(".class-card dt").unwrap();
        (0..found.length())
            .filter_map(|i| found.item(i)?.text_content())
            .collect::<Vec<_>>()
    };
    assert!(
        labels(&root).contains(&"Period".to_string()),
        "{:?}",
        labels(&root)
    );
    language.set(Lang::Es);
    // Effects run on the next tick.
    leptos::task::tick().await;
    assert!(
        labels(&root).contains(&"Periodo".to_string()),
        "{:?}",
        labels(&root)
    );
    assert!(!labels(&root).contains(&"Period".to_string()));
    assert_eq!(by_testid(&root, "class-item").len(), 3);
}

#[wasm_bindgen_test]
fn an_empty_class_list_says_so() {
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        provide_context(Language::new());
        view! { <ClassList classes=vec![]/> }
    });
    assert_eq!(
        text_of(&root, "classes-empty"),
        "You have no classes right now."
    );
    assert!(by_testid(&root, "class-item").is_empty());
}
