//! One class card, written with `view!`: its title, a homeroom badge for a homeroom, and its
//! fields as label (`dt`) and value (`dd`) pairs, an empty field left out. Texts go in as text
//! nodes, never as HTML.
//!
//! The labels are static in the language the card is built in (no reactive node per label):
//! the list (`class_list`) rebuilds its cards when the language changes, which is rare. How a
//! long list stays quick (cards rendered in slices) is the list's business, not the card's.

use leptos::prelude::*;

use crate::classlink::classes::ClassRecord;
use crate::i18n::Texts;

/// Picks a label out of a language's texts.
type Label = fn(&Texts) -> &'static str;

/// The fields a card can show, in order: the label and the `data-testid` of the value.
const FIELDS: [(Label, &str); 6] = [
    (|t| t.label_period, "class-period"),
    (|t| t.label_room, "class-room"),
    (|t| t.label_class_code, "class-code"),
    (|t| t.label_subjects, "class-subjects"),
    (|t| t.label_grades, "class-grades"),
    (|t| t.label_term, "class-term"),
];

/// The values of [`FIELDS`] for `class`, in the same order; an empty one is not shown.
fn values(class: &ClassRecord) -> [String; 6] {
    [
        class.periods.join(", "),
        class.location.clone(),
        class.class_code.clone(),
        class.subjects.join(", "),
        class.grades.join(", "),
        class.term_ids.join(", "),
    ]
}

/// The card of `class`, in the language of `t`.
pub fn class_card(class: &ClassRecord, t: &'static Texts) -> impl IntoView {
    let title = if class.title.is_empty() {
        t.untitled_class.to_string()
    } else {
        class.title.clone()
    };
    let fields = FIELDS
        .iter()
        .zip(values(class))
        .filter(|(_, value)| !value.is_empty())
        .map(|((label, testid), value)| {
            view! {
                <dt>{label(t)}</dt>
                <dd data-testid=*testid>{value}</dd>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <li class="class-card" data-testid="class-item">
            <h3 class="class-title" data-testid="class-title">{title}</h3>
            {class.is_homeroom().then(|| view! { <span class="badge">{t.homeroom}</span> })}
            <dl class="class-fields">{fields}</dl>
        </li>
    }
}
