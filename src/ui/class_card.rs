//! One class card, built fast: a teacher's list can hold a thousand of them.
//!
//! Every card has the same shape, so the browser clones a prototype card (one per language,
//! labels already in place) and the card fills in its texts and removes its empty fields:
//! under twenty DOM calls per card, several times fewer than building it element by element,
//! which is what `view!` does. Texts only ever go in through `textContent`, never as HTML.
//!
//! [`ClassCard::declared`] is the same card written with `view!`: server rendering and
//! hydration use it, and the browser tests check that both produce the same markup.

use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::Element;
use leptos::tachys::view::{Position, PositionState};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, UnwrapThrowExt};

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

/// What one card shows, in the language of `t`.
pub struct ClassCard {
    t: &'static Texts,
    title: String,
    homeroom: bool,
    /// The values of [`FIELDS`], in the same order; an empty one is not shown.
    values: [String; 6],
}

impl ClassCard {
    pub fn new(class: &ClassRecord, t: &'static Texts) -> Self {
        let title = if class.title.is_empty() {
            t.untitled_class.to_string()
        } else {
            class.title.clone()
        };
        Self {
            t,
            title,
            homeroom: class.is_homeroom(),
            values: [
                class.periods.join(", "),
                class.location.clone(),
                class.class_code.clone(),
                class.subjects.join(", "),
                class.grades.join(", "),
                class.term_ids.join(", "),
            ],
        }
    }

    /// The card as `view!` markup: the reference for the fast build.
    pub fn declared(self) -> impl IntoView {
        let t = self.t;
        let fields = FIELDS
            .iter()
            .zip(self.values)
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
                <h3 class="class-title" data-testid="class-title">{self.title}</h3>
                {self.homeroom.then(|| view! { <span class="badge">{t.homeroom}</span> })}
                <dl class="class-fields">{fields}</dl>
            </li>
        }
    }

    /// A clone of the prototype with this card's texts, without its empty fields.
    fn element(&self) -> Element {
        let card = prototype(self.t)
            .clone_node_with_deep(true)
            .map_or_else(|_| build_prototype(self.t), JsCast::unchecked_into);
        // The shape is the prototype's own (title, then the field list of label and value
        // pairs), so every step finds its node; a missing one would only leave that text out.
        let title = card.first_element_child();
        let list = card.last_element_child();
        if let Some(title) = &title {
            title.set_text_content(Some(&self.title));
        }
        // Homerooms are rare (a student has one at most): the badge is made for them alone, not
        // cloned into every card and removed from nearly all of them.
        if self.homeroom {
            let badge = new_element(
                &document(),
                "span",
                &[("class", "badge")],
                Some(self.t.homeroom),
            );
            let _ = card.insert_before(&badge, list.as_deref());
        }
        let Some(list) = list else { return card };
        // Label i is child 2i and its value 2i + 1. Last field first, so removing an empty
        // one leaves the positions of those still to fill as they were.
        let children = list.children();
        for (i, value) in self.values.iter().enumerate().rev() {
            let position = 2 * i as u32;
            let Some(dd) = children.item(position + 1) else {
                continue;
            };
            if value.is_empty() {
                dd.remove();
                if let Some(dt) = children.item(position) {
                    dt.remove();
                }
            } else {
                dd.set_text_content(Some(value));
            }
        }
        card
    }
}

thread_local! {
    /// The prototype card of each language: every field, its label in place, empty values.
    static PROTOTYPES: RefCell<Vec<(&'static Texts, Element)>> = const { RefCell::new(Vec::new()) };
}

/// The prototype card in the language of `t`, built once with the DOM API.
fn prototype(t: &'static Texts) -> Element {
    PROTOTYPES.with_borrow_mut(|prototypes| {
        if let Some((_, card)) = prototypes.iter().find(|(texts, _)| std::ptr::eq(*texts, t)) {
            return card.clone();
        }
        let card = build_prototype(t);
        prototypes.push((t, card.clone()));
        card
    })
}

/// An element with attributes and, if given, a text.
fn new_element(
    doc: &web_sys::Document,
    tag: &str,
    attrs: &[(&str, &str)],
    text: Option<&str>,
) -> Element {
    // createElement only fails for an invalid tag name; these are fixed, valid ones.
    let el = doc.create_element(tag).expect_throw("a valid tag name");
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    if text.is_some() {
        el.set_text_content(text);
    }
    el
}

/// A card with every field's label in place and empty values: no badge, as most cards
/// have none.
fn build_prototype(t: &'static Texts) -> Element {
    let doc = document();
    let card = new_element(
        &doc,
        "li",
        &[("class", "class-card"), ("data-testid", "class-item")],
        None,
    );
    let title = new_element(
        &doc,
        "h3",
        &[("class", "class-title"), ("data-testid", "class-title")],
        None,
    );
    let list = new_element(&doc, "dl", &[("class", "class-fields")], None);
    for (label, testid) in FIELDS {
        let _ = list.append_child(&new_element(&doc, "dt", &[], Some(label(t))));
        let _ = list.append_child(&new_element(&doc, "dd", &[("data-testid", testid)], None));
    }
    let _ = card.append_child(&title);
    let _ = card.append_child(&list);
    card
}

/// The mounted card.
pub struct ClassCardState(Element);

impl Mountable for ClassCardState {
    fn unmount(&mut self) {
        self.0.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&web_sys::Node>) {
        self.0.mount(parent, marker)
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        vec![self.0.clone()]
    }
}

impl Render for ClassCard {
    type State = ClassCardState;

    fn build(self) -> Self::State {
        ClassCardState(self.element())
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut card = self.element();
        state.0.insert_before_this(&mut card);
        state.0.unmount();
        state.0 = card;
    }
}

impl AddAnyAttr for ClassCard {
    type Output<SomeNewAttr: Attribute> = Self;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        // Only a component's top-level view receives spread attributes; a card is a list
        // item, never that.
        self
    }
}

impl RenderHtml for ClassCard {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.declared()
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        // The server sent the declared markup: take its element as it is.
        if position.get() == Position::FirstChild {
            cursor.child();
        } else if position.get() != Position::Current {
            cursor.sibling();
        }
        position.set(Position::NextChild);
        ClassCardState(cursor.current().unchecked_into())
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}
