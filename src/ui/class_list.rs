//! My classes: one card per class, keyed by sourcedId so updates do not rebuild the list.
//! A long list (a teacher can have hundreds) gets a filter box that narrows it as one types.

use leptos::prelude::*;

use crate::app::portal::use_portal;
use crate::casefold::lowercase;
use crate::classlink::classes::ClassRecord;
use crate::i18n::Texts;

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
        return view! { <p class="empty" data-testid="classes-empty">{move || portal.texts().classes_empty}</p> }.into_any();
    }
    let total = classes.len();
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let needle = query.with(|q| lowercase(q.trim()));
        classes
            .iter()
            .filter(|class| class.matches(&needle))
            .cloned()
            .collect::<Vec<_>>()
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
                <label for="class-filter">{move || portal.texts().filter_label}</label>
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
                <p id="class-filter-hint" class="hint">{move || portal.texts().filter_hint}</p>
                <p class="filter-status" role="status">{status}</p>
            </div>
        }
    });
    view! {
        <p class="class-count" data-testid="class-count">{move || (portal.texts().class_count)(total)}</p>
        {filter}
        <ul class="class-list" id="class-list">
            <For each=move || shown.get() key=|class| class.key.clone() let:class>
                <ClassCard class/>
            </For>
        </ul>
    }
    .into_any()
}

/// One class.
#[component]
pub fn ClassCard(
    /// The class to show.
    class: ClassRecord,
) -> impl IntoView {
    let portal = use_portal();
    let title = if class.title.is_empty() {
        None
    } else {
        Some(class.title.clone())
    };
    let field = move |label: fn(&'static Texts) -> &'static str,
                      values: Vec<String>,
                      testid: &'static str| {
        (!values.is_empty()).then(|| {
            view! {
                <div class="class-field">
                    <dt>{move || label(portal.texts())}</dt>
                    <dd data-testid=testid>{values.join(", ")}</dd>
                </div>
            }
        })
    };
    let single = |value: &str| {
        if value.is_empty() {
            vec![]
        } else {
            vec![value.to_string()]
        }
    };
    view! {
        <li class="class-card" data-testid="class-item">
            <h3 class="class-title" data-testid="class-title">
                {move || title.clone().unwrap_or_else(|| portal.texts().untitled_class.to_string())}
            </h3>
            {class.is_homeroom().then(|| view! { <span class="badge">{move || portal.texts().homeroom}</span> })}
            <dl class="class-fields">
                {field(|t| t.label_period, class.periods.clone(), "class-period")}
                {field(|t| t.label_room, single(&class.location), "class-room")}
                {field(|t| t.label_class_code, single(&class.class_code), "class-code")}
                {field(|t| t.label_subjects, class.subjects.clone(), "class-subjects")}
                {field(|t| t.label_grades, class.grades.clone(), "class-grades")}
                {field(|t| t.label_term, class.term_ids.clone(), "class-term")}
            </dl>
        </li>
    }
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
            assert!(class.matches(needle), "{needle:?}");
        }
        for needle in ["math", "lab 3", "p4", "q1"] {
            assert!(!class.matches(needle), "{needle:?}");
        }
    }
}
