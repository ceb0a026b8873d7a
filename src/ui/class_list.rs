//! My classes: one card per class (`class_card`), keyed so a filter keeps the cards it still
//! shows instead of rebuilding the list. A long list (a teacher can have hundreds) gets a
//! filter box that narrows it as one types.
//!
//! Built so that a long list never holds the page: the list is rendered **in slices**. The
//! task that receives the classes (or a filter keystroke, or a language switch) builds the
//! cards of the first screenful ([`first_slice`], from the window's size); then, after each
//! frame the browser paints, a task adds [`SLICE`] more, until every card is in the page.
//! Input is answered between slices. Cards still shown after a keystroke stay where they
//! are, as the same DOM nodes, whether or not they lie in the first screenful. A tab in the
//! background paints no frames, so there the rest waits until the tab is shown again.
//!
//! Slicing rather than windowing: once rendered, every card is in the page, so find-in-page
//! and a screen reader's list navigation see the whole list (off-screen cards skip layout
//! and paint through `content-visibility: auto`, style/main.css); the list is incomplete
//! only while the slices run (under a second for 1,000 classes: docs/performance.md).
//!
//! The records are shared (`Arc<[ClassRecord]>`), the filter yields indices rather than
//! cloned records, and a card's labels are static in the current language, with no reactive
//! node per label. Switching the language rebuilds the cards (in slices), which is rare.
//!
//! Teachers arrive after the list, one class at a time: each card is handed its own class's
//! signal ([`ClassTeachers`]), so an answer touches that card's line and nothing else. A
//! card's teachers are asked for when the card first comes near the screen: the list has one
//! [`NearScreen`] watcher, which every card with a line to ask registers with as it is built,
//! and which is disconnected when the list goes (its callback touches no reactive state: it
//! only tells the loader which class is wanted). Filtering and slicing are as before; a card
//! rebuilt by them is watched again, and the loader asks each class once.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use super::class_card::{class_card, ClassTeachers, LineToAsk};
use super::language::use_language;
use super::near_screen::NearScreen;
use crate::casefold::lowercase;
use crate::classlink::classes::ClassRecord;
use crate::i18n::Lang;

/// From this many classes on, the list has a filter box.
pub const FILTER_FROM: usize = 7;

/// Cards rendered at once when the list or what it shows changes, without a window to
/// measure: more than a large screen shows.
const FIRST_SLICE_DEFAULT: usize = 60;

/// Cards added by each later task, one task a frame: small enough that a slice stays well
/// under 50 ms on the 2-core test machine (docs/performance.md), so input never waits long.
pub const SLICE: usize = 30;

/// How many cards the window can show at most: as many columns as a card's minimum width
/// (17rem, style/main.css) allows and as many rows as the shortest card (a title and one
/// field, ~7.5rem) allows, at a 16 px rem. Larger text shows fewer, so this only overshoots.
pub fn first_slice() -> usize {
    let size = |value: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        value.ok().and_then(|v| v.as_f64()).filter(|v| *v > 0.0)
    };
    let Some(window) = web_sys::window() else {
        return FIRST_SLICE_DEFAULT;
    };
    match (size(window.inner_width()), size(window.inner_height())) {
        (Some(width), Some(height)) => {
            let columns = (width / (17.0 * 16.0)).ceil();
            let rows = (height / (7.5 * 16.0)).ceil();
            (columns * rows) as usize
        }
        _ => FIRST_SLICE_DEFAULT,
    }
}

/// The cards in the page: which classes, and what they were rendered for.
#[derive(PartialEq)]
struct Rendered {
    lang: Lang,
    query: String,
    /// The slice count when `lang` or `query` last changed: the reach counts from there.
    since: usize,
    /// Indices into the records, in list order.
    cards: Vec<usize>,
}

/// The cards to have in the page: the first `reach` of `shown`, and any other of `shown`
/// already in the page (`kept`), so a kept card is never rebuilt.
fn to_render(shown: &[usize], reach: usize, kept: &[bool]) -> Vec<usize> {
    shown
        .iter()
        .enumerate()
        .filter(|&(position, &i)| position < reach || kept.get(i).copied().unwrap_or(false))
        .map(|(_, &i)| i)
        .collect()
}

/// The list of classes, or the empty state.
#[component]
pub fn ClassList(
    /// Current classes, already sorted.
    classes: Vec<ClassRecord>,
    /// Their teachers as they become known; none by default.
    #[prop(optional)]
    teachers: ClassTeachers,
) -> impl IntoView {
    let language = use_language();
    if classes.is_empty() {
        return view! { <p class="empty" data-testid="classes-empty">{language.text(|t| t.classes_empty)}</p> }.into_any();
    }
    let total = classes.len();
    let classes: Arc<[ClassRecord]> = classes.into();
    // One watcher for the list's cards, disconnected when the list goes (dropped with it).
    let near = teachers.are_asked().then(|| {
        let teachers = teachers.clone();
        NearScreen::new(move |card| {
            if let Some(sourced_id) = card.get_attribute("data-sourced-id") {
                teachers.want(&sourced_id);
            }
        })
    });
    let watcher = near.flatten().map(|near| {
        let watcher = near.watcher();
        let near = StoredValue::new_local(Some(near));
        on_cleanup(move || {
            near.try_update_value(|near| near.take());
        });
        watcher
    });
    if watcher.is_none() && teachers.are_asked() {
        // No IntersectionObserver (none of the supported browsers lacks it): every line.
        classes
            .iter()
            .for_each(|class| teachers.want(&class.sourced_id));
    }
    let query = RwSignal::new(String::new());
    // What the filter looks in, folded once for the life of the list.
    let search: Vec<String> = classes.iter().map(ClassRecord::search_text).collect();
    let shown = Memo::new(move |_| {
        let needle = query.with(|q| lowercase(q.trim()));
        (0..search.len())
            .filter(|&i| search[i].contains(&needle))
            .collect::<Vec<usize>>()
    });
    // Slices rendered so far, counted for the life of the list.
    let slices = RwSignal::new(0usize);
    let first = first_slice();
    let rendered = Memo::new(move |previous: Option<&Rendered>| {
        let lang = language.get();
        let query = query.get();
        let now = slices.get();
        // Cards in the page stay while the language does (a new language rebuilds them all);
        // a new query or language starts the reach again from the first screenful.
        let previous = previous.filter(|p| p.lang == lang);
        let since = previous
            .filter(|p| p.query == query)
            .map_or(now, |p| p.since);
        let mut kept = vec![false; total];
        for &i in previous.map_or(&[][..], |p| &p.cards) {
            kept[i] = true;
        }
        let reach = first + SLICE * (now - since);
        let cards = shown.with(|shown| to_render(shown, reach, &kept));
        Rendered {
            lang,
            query,
            since,
            cards,
        }
    });
    // While cards are missing, one more slice once the browser has painted what is there:
    // a timeout queued from the next animation frame, so a slice never delays the frame
    // that shows the first screenful (or a keystroke's result). A newer change cancels the
    // frame request it finds pending; a timeout left when the list is gone finds no signal.
    Effect::new(
        move |pending: Option<Option<AnimationFrameRequestHandle>>| {
            if let Some(Some(handle)) = pending {
                handle.cancel();
            }
            let missing = shown.with(Vec::len) > rendered.with(|r| r.cards.len());
            missing
                .then(|| {
                    request_animation_frame_with_handle(move || {
                        set_timeout(
                            move || {
                                slices.try_update(|n| *n += 1);
                            },
                            Duration::ZERO,
                        )
                    })
                    .ok()
                })
                .flatten()
        },
    );

    let filter = (total >= FILTER_FROM).then(|| {
        let status = move || {
            let typed = query.with(|q| q.trim().to_string());
            let t = language.texts();
            match shown.with(Vec::len) {
                _ if typed.is_empty() => String::new(),
                0 => (t.filter_none)(&typed),
                n => (t.filter_count)(n, total),
            }
        };
        view! {
            <div class="class-filter">
                <label for="class-filter">{language.text(|t| t.filter_label)}</label>
                <input
                    id="class-filter"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="class-filter-hint"
                    aria-controls="class-list"
                    data-testid="class-filter"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <p id="class-filter-hint" class="hint">{language.text(|t| t.filter_hint)}</p>
                <p class="filter-status" role="status">{status}</p>
            </div>
        }
    });
    // Tracks only the language: a filter change or a new slice goes through `For`'s keyed
    // diff. The key is the record's index: the records never change for the life of this
    // list (a new load makes a new list), so the index names a class as well as its
    // sourcedId does, and hashes for free.
    let cards = move || {
        let t = language.texts();
        let classes = Arc::clone(&classes);
        let teachers = teachers.clone();
        let watcher = watcher.clone();
        view! {
            <For
                each=move || rendered.with(|r| r.cards.clone())
                key=|&i| i
                children=move |i| {
                    let class = &classes[i];
                    let line = teachers.of(&class.sourced_id).map(|names| LineToAsk {
                        sourced_id: class.sourced_id.clone(),
                        names,
                        watcher: watcher.clone(),
                    });
                    class_card(class, line, t)
                }
            />
        }
    };
    view! {
        <p class="class-count" data-testid="class-count">{move || (language.texts().class_count)(total)}</p>
        {filter}
        <ul class="class-list" id="class-list">{cards}</ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classlink::classes::parse_classes_page;

    fn class() -> ClassRecord {
        parse_classes_page(
            r#"{"classes":[{"sourcedId":"1","title":"Biología 7","classCode":"BIO7","location":"Lab 2",
                "subjects":["Life Science"],"periods":["P3"],"grades":["07"],
                "terms":[{"sourcedId":"S1","type":"academicSession"}]}]}"#,
            0,
        )
        .unwrap()
        .classes
        .remove(0)
    }

    #[test]
    fn the_filter_looks_in_every_field_ignoring_case() {
        let class = class();
        for needle in [
            "", "biolog", "ía 7", "bio7", "lab 2", "life", "p3", "07", "s1",
        ] {
            assert!(class.search_text().contains(needle), "{needle:?}");
        }
        for needle in ["math", "lab 3", "p4", "q1"] {
            assert!(!class.search_text().contains(needle), "{needle:?}");
        }
    }

    #[test]
    fn a_slice_renders_the_first_cards_and_keeps_those_already_in_the_page() {
        let shown: Vec<usize> = (0..10).collect();
        assert_eq!(to_render(&shown, 3, &[false; 10]), vec![0, 1, 2]);
        let mut kept = [false; 10];
        kept[7] = true;
        kept[8] = true;
        // Past the reach, a card already in the page stays (the same node); others wait.
        assert_eq!(to_render(&shown, 3, &kept), vec![0, 1, 2, 7, 8]);
        // A narrower filter: what is kept and still shown, nothing else.
        assert_eq!(to_render(&[1, 7], 0, &kept), vec![7]);
        assert_eq!(to_render(&shown, 20, &kept), shown);
    }
}
