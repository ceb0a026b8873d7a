//! Components rendered in a real browser from fixture data: what a student sees, and that
//! hostile text stays text. Runs in headless Chromium and Firefox.
#![cfg(target_arch = "wasm32")]

use classlink_portal::app::portal::Portal;
use classlink_portal::classlink::classes::{current_classes, parse_classes_page};
use classlink_portal::classlink::profile::parse_profile;
use classlink_portal::i18n::Lang;
use classlink_portal::ui::class_card::ClassCard;
use classlink_portal::ui::class_list::ClassList;
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
        provide_context(Portal::new());
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
        provide_context(Portal::new());
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
        provide_context(Portal::new());
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

#[wasm_bindgen_test]
fn a_fast_built_card_is_the_same_markup_as_its_declared_view() {
    // Every kind of card: a homeroom without fields, a class with markup in its title and
    // every field, one with an empty room; in both languages.
    let classes = parse_classes_page(CLASSES, 0).unwrap().classes;
    for lang in [Lang::En, Lang::Es] {
        for class in &classes {
            let (fast, declared) = (container(), container());
            let (a, b) = (class.clone(), class.clone());
            let _fast = mount_to(fast.clone(), move || ClassCard::new(&a, lang.texts()));
            let _declared = mount_to(declared.clone(), move || {
                ClassCard::new(&b, lang.texts()).declared()
            });
            // Leptos marks where an optional or repeated part goes with empty comments; they
            // are its bookkeeping, not the card's markup.
            let declared_markup = declared.inner_html().replace("<!---->", "");
            assert_eq!(fast.inner_html(), declared_markup, "{lang:?} {class:?}");
            assert!(fast.inner_html().contains("class-card"));
        }
    }
    assert!(!pwned());
}

#[wasm_bindgen_test]
async fn the_cards_follow_the_language() {
    let root = container();
    let portal = Portal::new();
    let classes = current_classes(parse_classes_page(CLASSES, 0).unwrap().classes);
    let _mounted = mount_to(root.clone(), move || {
        provide_context(portal);
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
    portal.lang.set(Lang::Es);
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
        provide_context(Portal::new());
        view! { <ClassList classes=vec![]/> }
    });
    assert_eq!(
        text_of(&root, "classes-empty"),
        "You have no classes right now."
    );
    assert!(by_testid(&root, "class-item").is_empty());
}
