//! My classes: one card per class, keyed by sourcedId so updates do not rebuild the list.

use leptos::prelude::*;

use crate::app::portal::use_portal;
use crate::classlink::classes::ClassRecord;
use crate::i18n::Texts;

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
    let count = classes.len();
    view! {
        <p class="class-count" data-testid="class-count">{move || (portal.texts().class_count)(count)}</p>
        <ul class="class-list">
            <For each=move || classes.clone() key=|class| class.key.clone() let:class>
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
            </dl>
        </li>
    }
}
