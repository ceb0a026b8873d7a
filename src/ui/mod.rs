//! Components, and the page's contexts apart from the session controller: the language and
//! the announcer. Each component takes plain data as props, so browser tests can render it
//! from fixtures.

pub mod announcer;
pub mod app;
pub mod class_card;
pub mod class_list;
pub mod dashboard;
pub mod header;
pub mod language;
pub mod language_switcher;
pub mod near_screen;
pub mod problem_panel;
pub mod profile_card;
pub mod session_clock;
pub mod sign_in_screen;
pub mod status;
