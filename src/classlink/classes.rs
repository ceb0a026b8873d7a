//! A student's classes: a page of OneRoster `getClassesForUser` or of ClassLink's nodeapi
//! `my/classes` (`{"classes": […]}` or a bare array, see [`super::collection`]).

use std::collections::HashSet;

use oauth_public_client::lenient::{MaybeObject, OneOrMany, Scalar};
use serde::Deserialize;

use super::body_error::BodyError;
use super::collection::read_collection;
use super::fields::{identifier, reference_ids, text, text_list, Reference};
use crate::casefold::lowercase;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    /// Unique within a list: the sourcedId, or a stand-in when a class has none.
    pub key: String,
    pub sourced_id: String,
    pub title: String,
    pub class_code: String,
    pub location: String,
    /// `homeroom` or `scheduled`.
    pub class_type: String,
    pub grades: Vec<String>,
    pub subjects: Vec<String>,
    pub periods: Vec<String>,
    pub term_ids: Vec<String>,
    pub status: String,
}

/// One OneRoster class as sent: every field lenient, unknown ones (`course`, `school`,
/// `href`s, …) ignored.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ClassDocument {
    sourced_id: Scalar,
    title: Scalar,
    class_code: Scalar,
    location: Scalar,
    class_type: Scalar,
    grades: OneOrMany<Scalar>,
    subjects: OneOrMany<Scalar>,
    periods: OneOrMany<Scalar>,
    terms: OneOrMany<MaybeObject<Reference>>,
    status: Scalar,
}

impl ClassRecord {
    fn from_document(d: &ClassDocument, position: usize) -> ClassRecord {
        let sourced_id = identifier(&d.sourced_id);
        ClassRecord {
            key: if sourced_id.is_empty() {
                format!("#{position}")
            } else {
                sourced_id.clone()
            },
            title: text(&d.title),
            class_code: text(&d.class_code),
            location: text(&d.location),
            class_type: text(&d.class_type),
            grades: text_list(&d.grades),
            subjects: text_list(&d.subjects),
            periods: text_list(&d.periods),
            term_ids: reference_ids(&d.terms),
            status: text(&d.status),
            sourced_id,
        }
    }

    /// Title, code, room, subjects, periods, grades and terms, lower-cased, one per line:
    /// what the class filter looks in. The list folds it once per class, not per keystroke.
    pub fn search_text(&self) -> String {
        let mut text = String::new();
        let fields = [&self.title, &self.class_code, &self.location]
            .into_iter()
            .chain(&self.subjects)
            .chain(&self.periods)
            .chain(&self.grades)
            .chain(&self.term_ids);
        for (i, field) in fields.enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(field);
        }
        lowercase(&text)
    }

    /// `tobedeleted` classes are on their way out and are not shown as current.
    pub fn is_current(&self) -> bool {
        !self.status.eq_ignore_ascii_case("tobedeleted")
    }

    pub fn is_homeroom(&self) -> bool {
        self.class_type.eq_ignore_ascii_case("homeroom")
    }
}

/// One page of the classes collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassesPage {
    pub classes: Vec<ClassRecord>,
    /// Entries in the page as sent, deleted ones included: what paging counts.
    pub raw_len: usize,
}

/// Reads `{"classes": [...]}` or a bare `[...]`. Entries that are not objects are skipped,
/// but kept in `raw_len`, so paging still counts them.
pub fn parse_classes_page(body: &str, first_position: usize) -> Result<ClassesPage, BodyError> {
    let entries: Vec<MaybeObject<ClassDocument>> = read_collection(body, "classes")?;
    let classes = entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            entry
                .0
                .as_ref()
                .map(|d| ClassRecord::from_document(d, first_position + i))
        })
        .collect();
    Ok(ClassesPage {
        classes,
        raw_len: entries.len(),
    })
}

/// The list to show: current classes only, each once (pages can overlap when the roster
/// changes between requests), homeroom first, then by period, then by title.
pub fn current_classes(pages: impl IntoIterator<Item = ClassRecord>) -> Vec<ClassRecord> {
    let mut seen = HashSet::new();
    let mut classes: Vec<ClassRecord> = pages
        .into_iter()
        .filter(ClassRecord::is_current)
        .filter(|c| seen.insert(c.key.clone()))
        .collect();
    // One key per class, folded once (the title's case folding is a call into JavaScript).
    classes.sort_by_cached_key(display_order);
    classes
}

/// Homeroom first, then by period, then by title, ignoring case; the key breaks ties.
fn display_order(class: &ClassRecord) -> (bool, bool, u64, String, String, String) {
    let (no_period, number, period) = match class.periods.first() {
        // Periods in natural order ("2" before "10"); classes with one before those without.
        Some(period) => {
            let digits: String = period
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            (false, digits.parse().unwrap_or(u64::MAX), lowercase(period))
        }
        None => (true, 0, String::new()),
    };
    (
        !class.is_homeroom(),
        no_period,
        number,
        period,
        lowercase(&class.title),
        class.key.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample seen on real traffic (fact sheet), verbatim.
    const SEEN: &str = r#"{ "classes": [ { "sourcedId": "33333", "status": "active",
    "dateLastModified": "2025-11-24T19:35:01.000Z", "title": "Sci5 (Sci5)", "classCode": "",
    "classType": "scheduled", "location": "201", "grades": ["05"], "subjects": ["Science (grade 5)"],
    "course": { "href": "https://x/courses/7_1111", "sourcedId": "7_1111", "type": "course" },
    "school": { "href": "https://x/orgs/7", "sourcedId": "7", "type": "org" },
    "terms": [ { "href": "https://x/academicSessions/FY", "sourcedId": "FY", "type": "academicSession" } ],
    "subjectCodes": ["3235"], "periods": [], "resources": [] } ] }"#;

    #[test]
    fn reads_the_sample_seen_on_real_traffic() {
        let page = parse_classes_page(SEEN, 0).unwrap();
        assert_eq!(page.raw_len, 1);
        let c = &page.classes[0];
        assert_eq!(c.title, "Sci5 (Sci5)");
        assert_eq!(c.location, "201");
        assert_eq!(c.class_code, "");
        assert_eq!(c.grades, vec!["05"]);
        assert_eq!(c.subjects, vec!["Science (grade 5)"]);
        assert!(c.periods.is_empty());
        assert_eq!(c.term_ids, vec!["FY"]);
        assert!(c.is_current());
    }

    #[test]
    fn tolerates_missing_and_odd_fields() {
        let page = parse_classes_page(
            r#"{"classes":[{"title":"Art","periods":"3","grades":null,"enabledUser":"true"},
                            "junk", {"sourcedId":5,"title":null,"status":"tobedeleted"}]}"#,
            100,
        )
        .unwrap();
        assert_eq!(page.raw_len, 3);
        assert_eq!(page.classes.len(), 2);
        assert_eq!(page.classes[0].key, "#100");
        assert_eq!(page.classes[0].periods, vec!["3"]);
        assert!(page.classes[0].grades.is_empty());
        assert_eq!(page.classes[1].sourced_id, "5");
        assert!(!page.classes[1].is_current());
    }

    #[test]
    fn reads_a_bare_array_as_the_page() {
        // The class of the sample seen on real traffic, outside its `classes` wrapper.
        let class = SEEN
            .strip_prefix(r#"{ "classes": ["#)
            .and_then(|rest| rest.strip_suffix("] }"))
            .unwrap();
        let bare = format!(r#"[{class}, "junk"]"#);
        let page = parse_classes_page(&bare, 0).unwrap();
        assert_eq!(page.raw_len, 2, "a stray entry still counts for paging");
        assert_eq!(
            page,
            parse_classes_page(&format!(r#"{{"classes":{bare}}}"#), 0).unwrap()
        );
        assert_eq!(page.classes[0].title, "Sci5 (Sci5)");
        let deleted =
            parse_classes_page(r#"[{"sourcedId":"9","status":"TobeDeleted"}]"#, 0).unwrap();
        assert_eq!(current_classes(deleted.classes), vec![]);
        assert_eq!(parse_classes_page("[]", 0).unwrap().raw_len, 0);
    }

    #[test]
    fn refuses_bodies_without_a_classes_array() {
        assert!(matches!(
            parse_classes_page(r#"{"classes": ["#, 0),
            Err(BodyError::NotJson { .. })
        ));
        assert!(matches!(
            parse_classes_page(r#"{"class": []}"#, 0),
            Err(BodyError::UnexpectedShape { .. })
        ));
        for other in [
            r#"{"classes": {}}"#,
            r#""classes""#,
            "null",
            r#"{"teachers": []}"#,
        ] {
            assert!(
                matches!(
                    parse_classes_page(other, 0),
                    Err(BodyError::UnexpectedShape { .. })
                ),
                "{other}"
            );
        }
    }

    fn class(
        key: &str,
        title: &str,
        period: Option<&str>,
        kind: &str,
        status: &str,
    ) -> ClassRecord {
        ClassRecord {
            key: key.into(),
            sourced_id: key.into(),
            title: title.into(),
            class_code: String::new(),
            location: String::new(),
            class_type: kind.into(),
            grades: vec![],
            subjects: vec![],
            periods: period.map(|p| vec![p.to_string()]).unwrap_or_default(),
            term_ids: vec![],
            status: status.into(),
        }
    }

    #[test]
    fn shows_current_classes_once_in_a_sensible_order() {
        let classes = current_classes(vec![
            class("a", "Zoology", Some("10"), "scheduled", "active"),
            class("b", "art", None, "scheduled", "active"),
            class("c", "Math", Some("2"), "scheduled", "active"),
            class("d", "Old", Some("1"), "scheduled", "tobedeleted"),
            class("e", "Homeroom 5B", None, "homeroom", "active"),
            class("c", "Math", Some("2"), "scheduled", "active"),
            class("f", "Biology", None, "scheduled", "active"),
        ]);
        let titles: Vec<&str> = classes.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            vec!["Homeroom 5B", "Math", "Zoology", "art", "Biology"]
        );
    }
}
