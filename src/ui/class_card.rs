//! One class card, written with `view!`: its title, a homeroom badge for a homeroom, and its
//! fields as label (`dt`) and value (`dd`) pairs, an empty field left out. Texts go in as text
//! nodes, never as HTML.
//!
//! The labels are static in the language the card is built in (no reactive node per label):
//! the list (`class_list`) rebuilds its cards when the language changes, which is rare. How a
//! long list stays quick (cards rendered in slices) is the list's business, not the card's.
//!
//! The class's teachers come later, one request per class ([`ClassTeachers`]), asked for
//! when the card first comes near the screen (the list's `near_screen` watcher): a card that
//! is never near costs no request. Once known, they are one more label and value pair at the
//! end of the fields ("Teacher: Ana Rivera"), plain text with no live announcement (224 cards
//! filling in would be 224 interruptions; a screen reader finds the line when it reads the
//! card). Until then the line's place is held by a blank line hidden from assistive
//! technology, so a card does not grow when its line arrives and the cards after it keep
//! their place (a keyboard or screen-reader user is not moved). Nothing shows while they load
//! or when their request fails.

use std::collections::HashMap;
use std::sync::Arc;

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use leptos::prelude::*;
use web_sys::Element;

use super::near_screen::Watcher;

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

/// Each class's teachers as they become known, by the class's sourcedId: one signal per
/// class, so an answer re-renders only its own card's line, never the list. A signal holds
/// no names until its class's answer comes (and stays so if it never does). The default
/// holds none: teachers are not shown at all. Cheap to clone.
#[derive(Clone, Default)]
pub struct ClassTeachers {
    lines: Arc<HashMap<String, ArcRwSignal<Vec<String>>>>,
    /// Where a card near the screen asks for its class's teachers.
    wanted: Option<UnboundedSender<String>>,
}

impl ClassTeachers {
    /// Room for the teachers of every class that has a sourcedId (the others cannot be
    /// asked about), and the sourcedIds of the classes whose cards have come near the
    /// screen, in the order they came (a class can come more than once: a card rebuilt
    /// by the filter or a language switch comes near again).
    pub fn asking_about(classes: &[ClassRecord]) -> (ClassTeachers, UnboundedReceiver<String>) {
        let (wanted, asked) = unbounded();
        let lines = classes
            .iter()
            .filter(|class| !class.sourced_id.is_empty())
            .map(|class| (class.sourced_id.clone(), ArcRwSignal::new(Vec::new())))
            .collect();
        let teachers = ClassTeachers {
            lines: Arc::new(lines),
            wanted: Some(wanted),
        };
        (teachers, asked)
    }

    /// Whether cards have teacher lines to ask for.
    pub fn are_asked(&self) -> bool {
        self.wanted.is_some() && !self.lines.is_empty()
    }

    /// The card of `sourced_id` is near the screen: its teachers are wanted.
    pub fn want(&self, sourced_id: &str) {
        if let (Some(wanted), true) = (&self.wanted, self.lines.contains_key(sourced_id)) {
            // Refused only once the loader is gone (the screen with it): nothing to ask then.
            let _ = wanted.unbounded_send(sourced_id.to_string());
        }
    }

    /// The signal of the class with this sourcedId, if it can have teachers.
    pub fn of(&self, sourced_id: &str) -> Option<ArcRwSignal<Vec<String>>> {
        self.lines.get(sourced_id).cloned()
    }

    /// The answer for one class; its card's line appears. `try_set`: an answer can land
    /// after its list is gone.
    pub fn arrived(&self, sourced_id: &str, names: Vec<String>) {
        if let Some(signal) = self.lines.get(sourced_id) {
            signal.try_set(names);
        }
    }

    /// Whether `other` is this very set of signals (not merely equal): a newer class list
    /// makes a new one, and the answers for the old one are no longer wanted.
    pub fn is(&self, other: &ClassTeachers) -> bool {
        Arc::ptr_eq(&self.lines, &other.lines)
    }
}

/// A card's teacher line: its class's signal, and the list's watcher that asks for it once
/// the card is near the screen.
#[derive(Clone)]
pub struct LineToAsk {
    pub sourced_id: String,
    pub names: ArcRwSignal<Vec<String>>,
    pub watcher: Option<Watcher>,
}

/// The card's directive: watched until it comes near the screen, when the list's watcher
/// reads its `data-sourced-id` and asks for its teachers.
fn watched(card: Element, watcher: Option<Watcher>) {
    if let Some(watcher) = watcher {
        watcher.watch(&card);
    }
}

/// Most teachers named on a card; beyond, the last name gives way to a count
/// ("A, B, C, and 4 more"): a card is not a roster, and a 100-name answer must not make a
/// 100-name line.
pub const TEACHERS_NAMED: usize = 4;

/// The label and the value of the teacher line for `names`, in the language of `t`;
/// `None` without names.
pub fn teacher_line(names: &[String], t: &Texts) -> Option<(&'static str, String)> {
    let label = match names.len() {
        0 => return None,
        1 => t.label_teacher,
        _ => t.label_teachers,
    };
    let value = if names.len() > TEACHERS_NAMED {
        let named = TEACHERS_NAMED - 1;
        let mut shown = names[..named].to_vec();
        shown.push((t.more_names)(names.len() - named));
        (t.name_list)(&shown)
    } else {
        (t.name_list)(names)
    };
    Some((label, value))
}

/// The card of `class`, in the language of `t`, with a teacher line once `line`'s signal holds
/// names, its place held until then (no line to ask: no place, and no reactive node).
pub fn class_card(
    class: &ClassRecord,
    line: Option<LineToAsk>,
    t: &'static Texts,
) -> impl IntoView {
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
    let sourced_id = line.as_ref().map(|line| line.sourced_id.clone());
    let watcher = line.as_ref().and_then(|line| line.watcher.clone());
    let teacher = line.map(|line| {
        move || {
            line.names.with(|names| match teacher_line(names, t) {
                Some((label, value)) => view! {
                    <dt>{label}</dt>
                    <dd data-testid="class-teachers">{value}</dd>
                }
                .into_any(),
                // The line's place, as wide (the longer label) and as tall (one line) as the
                // line to come, unseen and unheard.
                None => view! {
                    <dt class="teacher-pending" aria-hidden="true">{t.label_teachers}</dt>
                    <dd class="teacher-pending" aria-hidden="true">"\u{a0}"</dd>
                }
                .into_any(),
            })
        }
    });
    view! {
        <li class="class-card" data-testid="class-item" data-sourced-id=sourced_id use:watched=watcher>
            <h3 class="class-title" data-testid="class-title">{title}</h3>
            {class.is_homeroom().then(|| view! { <span class="badge">{t.homeroom}</span> })}
            <dl class="class-fields">{fields}{teacher}</dl>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ES};

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn line(list: &[&str], t: &Texts) -> Option<(&'static str, String)> {
        teacher_line(&names(list), t)
    }

    #[test]
    fn the_teacher_line_names_one_two_or_three_teachers() {
        let some = |label: &'static str, value: &str| Some((label, value.to_string()));
        assert_eq!(line(&[], &EN), None);
        assert_eq!(line(&["Ana Rivera"], &EN), some("Teacher", "Ana Rivera"));
        assert_eq!(
            line(&["Ana Rivera", "Luis Ortega"], &EN),
            some("Teachers", "Ana Rivera and Luis Ortega")
        );
        assert_eq!(
            line(&["Ana Rivera", "Luis Ortega", "Inés Paz"], &EN),
            some("Teachers", "Ana Rivera, Luis Ortega, and Inés Paz")
        );
        assert_eq!(line(&[], &ES), None);
        assert_eq!(line(&["Ana Rivera"], &ES), some("Docente", "Ana Rivera"));
        assert_eq!(
            line(&["Ana Rivera", "Luis Ortega"], &ES),
            some("Docentes", "Ana Rivera y Luis Ortega")
        );
        assert_eq!(
            line(&["Ana Rivera", "Luis Ortega", "Inés Paz"], &ES),
            some("Docentes", "Ana Rivera, Luis Ortega e Inés Paz")
        );
    }

    #[test]
    fn a_long_list_of_teachers_is_counted_past_the_first_few() {
        let four = ["A", "B", "C", "D"];
        assert_eq!(line(&four, &EN).unwrap().1, "A, B, C, and D");
        let many: Vec<String> = (0..100).map(|i| format!("T{i}")).collect();
        assert_eq!(
            teacher_line(&many, &EN).unwrap().1,
            "T0, T1, T2, and 97 more"
        );
        assert_eq!(teacher_line(&many, &ES).unwrap().1, "T0, T1, T2 y 97 más");
    }
}
