//! My classes: one card per class, keyed so a filter keeps the cards it still
//! shows instead of rebuilding the list. A long list (a teacher can have hundreds) gets a
//! filter box that narrows it as one types.
//!
//! Built for long lists: the records are shared (`Arc<[ClassRecord]>`), the filter yields
//! indices rather than cloned records, and a card is static markup in the current language
//! cloned from a prototype (`class_card`), with no reactive node per label. Switching the
//! language rebuilds the cards, which is rare.

use std::sync::Arc;

use leptos::prelude::*;

use super::class_card::ClassCard;
use crate::app::portal::use_portal;
use crate::casefold::lowercase;
use crate::classlink::classes::ClassRecord;

/// From this many classes on, the list has a filter box.
pub const FILTER_FROM: usize = 7;

/// The list of classes, or the empty state.
#[component]
pub fn ClassList(
    /// Current classes, already sorted.
    classes: Vec<ClassRecord>,
) -> impl IntoView {
    let portal = use_portal();
    if classes.is_empty() {
        return view! { <p class="empty" data-testid="classes-empty">{portal.text(|t| t.classes_empty)}</p> }.into_any();
    }
    let total = classes.len();
    let classes: Arc<[ClassRecord]> = classes.into();
    let query = RwSignal::new(String::new());
    // What the filter looks in, folded once for the life of the list.
    let search: Vec<String> = classes.iter().map(ClassRecord::search_text).collect();
    let shown = Memo::new(move |_| {
        let needle = query.with(|q| lowercase(q.trim()));
        (0..search.len())
            .filter(|&i| search[i].contains(&needle))
            .collect::<Vec<usize>>()
    });
    let filter = (total >= FILTER_FROM).then(|| {
        let status = move || {
            let typed = query.with(|q| q.trim().to_string());
            let t = portal.texts();
            match shown.with(Vec::len) {
                _ if typed.is_empty() => String::new(),
                0 => (t.filter_none)(&typed),
                n => (t.filter_count)(n, total),
            }
        };
        view! {
            <div class="class-filter">
                <label for="class-filter">{portal.text(|t| t.filter_label)}</label>
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
                <p id="class-filter-hint" class="hint">{portal.text(|t| t.filter_hint)}</p>
                <p class="filter-status" role="status">{status}</p>
            </div>
        }
    });
    // Tracks only the language: a filter change goes through `For`'s keyed diff. The key is
    // the record's index: the records never change for the life of this list (a new load
    // makes a new list), so the index names a class as well as its sourcedId does, and
    // hashes for free.
    let cards = move || {
        let t = portal.texts();
        let classes = Arc::clone(&classes);
        view! {
            <For
                each=move || shown.get()
                key=|&i| i
                children=move |i| ClassCard::new(&classes[i], t)
            />
        }
    };
    view! {
        <p class="class-count" data-testid="class-count">{move || (portal.texts().class_count)(total)}</p>
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
}
