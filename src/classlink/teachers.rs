//! The teachers of each of the user's classes, from ClassLink's nodeapi
//! `my/classes/{classSourcedId}/teachers` (or whatever `teachers_endpoint` names): the
//! request's URL, the answer read as names, and the order of asking — each class once, as
//! its card comes near the screen, a few at a time. The browser side (the request itself)
//! is in [`super::client`].

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::future::{ready, Future};
use std::pin::pin;

use futures::stream::{Stream, StreamExt};
use oauth_public_client::lenient::{MaybeObject, Scalar};
use serde::Deserialize;

use super::api_error::ApiError;
use super::body_error::BodyError;
use super::collection::read_collection;
use super::fields::{identifier, text};
use crate::config::CLASS_ID_PLACEHOLDER;

/// Teachers' requests in flight at once. A teacher's account can have 224 classes: all at
/// once would queue behind the browser's six connections per host (the profile and class
/// pages with them) and look like a burst to ClassLink's rate limit.
pub const MAX_TEACHER_REQUESTS: usize = 4;

/// The teachers' URL of one class: `template` with [`CLASS_ID_PLACEHOLDER`] replaced by
/// `class_id` percent-encoded as one path segment, so an id holding `/`, `?` or `..`
/// cannot reach another route. `class_id` must not be empty (an empty segment would ask
/// `my/classes//teachers`); classes without an id are not asked about.
pub fn teachers_url(template: &str, class_id: &str) -> String {
    crate::config::templates::fill(template, CLASS_ID_PLACEHOLDER, class_id)
}

/// One OneRoster user as sent; only what a name needs is read.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct TeacherDocument {
    sourced_id: Scalar,
    given_name: Scalar,
    family_name: Scalar,
    status: Scalar,
}

/// The teachers' names, as sent in order, from `{"teachers": [...]}` or a bare `[...]`:
/// "givenName familyName", or whichever of the two there is. Entries that are not objects,
/// have no name, are `tobedeleted`, or repeat a sourcedId already read are left out.
pub fn parse_teachers(body: &str) -> Result<Vec<String>, BodyError> {
    let entries: Vec<MaybeObject<TeacherDocument>> = read_collection(body, "teachers")?;
    let mut seen = HashSet::new();
    Ok(entries
        .iter()
        .filter_map(|entry| entry.0.as_ref())
        .filter(|t| !text(&t.status).eq_ignore_ascii_case("tobedeleted"))
        .filter(|t| {
            let id = identifier(&t.sourced_id);
            id.is_empty() || seen.insert(id)
        })
        .map(|t| display_name(&text(&t.given_name), &text(&t.family_name)))
        .filter(|name| !name.is_empty())
        .collect())
}

fn display_name(given: &str, family: &str) -> String {
    match (given.trim(), family.trim()) {
        ("", family) => family.to_string(),
        (given, "") => given.to_string(),
        (given, family) => format!("{given} {family}"),
    }
}

/// Whether a failed request means the rest would fail too, so no more are started: a
/// dead token (401) or a rate limit still there after the retries (429). Any other failure
/// concerns its own class only.
fn stops_the_rest(error: &ApiError) -> bool {
    matches!(error, ApiError::Unauthorized | ApiError::RateLimited)
}

/// Asks `fetch` for the teachers of each class `class_ids` names, in the order they come,
/// once each however often a class comes again, and never more than
/// [`MAX_TEACHER_REQUESTS`] at a time; hands each non-empty answer to `arrived` as it
/// comes. A failure leaves its class out (no error is shown for a nicety); a 401 or 429
/// starts no further request. `still_wanted` is asked before each request starts: false
/// (the screen is gone, the token has expired, a newer list replaced this one) starts no
/// more. Ends when `class_ids` does (its cards are gone) or nothing more may be asked.
pub async fn ask_each_class_once<Fetch, Answer>(
    class_ids: impl Stream<Item = String>,
    mut fetch: Fetch,
    mut still_wanted: impl FnMut() -> bool,
    mut arrived: impl FnMut(&str, Vec<String>),
) where
    Fetch: FnMut(&str) -> Answer,
    Answer: Future<Output = Result<Vec<String>, ApiError>>,
{
    let stopped = Cell::new(false);
    let asked = RefCell::new(HashSet::new());
    // `take_while` is asked as each request is about to start, not up front: the stream
    // pulls the next id only when one of the requests in flight has answered.
    let ids = class_ids
        .filter(|id| ready(asked.borrow_mut().insert(id.clone())))
        .take_while(|_| ready(!stopped.get() && still_wanted()));
    let answers = ids
        .map(|id| {
            let answer = fetch(&id);
            async move { (id, answer.await) }
        })
        .buffer_unordered(MAX_TEACHER_REQUESTS);
    let mut answers = pin!(answers);
    while let Some((id, answer)) = answers.next().await {
        match answer {
            Ok(names) if !names.is_empty() => arrived(&id, names),
            Ok(_) => {}
            Err(error) => {
                if stops_the_rest(&error) {
                    stopped.set(true);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::pin::pin;
    use std::rc::Rc;
    use std::task::{Context, Poll};

    use super::*;

    #[test]
    fn the_class_id_is_one_encoded_path_segment() {
        let template = "https://nodeapi.example/v2/oneroster/my/classes/{classSourcedId}/teachers";
        assert_eq!(
            teachers_url(template, "33333"),
            "https://nodeapi.example/v2/oneroster/my/classes/33333/teachers"
        );
        assert_eq!(
            teachers_url(template, "../x?y#z/ñ"),
            "https://nodeapi.example/v2/oneroster/my/classes/%2E%2E%2Fx%3Fy%23z%2F%C3%B1/teachers"
        );
        assert_eq!(
            teachers_url("https://h.example/c/{classSourcedId}/t?x=1", "a b"),
            "https://h.example/c/a%20b/t?x=1"
        );
    }

    #[test]
    fn reads_names_from_oneroster_users_in_either_shape() {
        let users = r#"[
            {"sourcedId":"t1","status":"active","givenName":"Ana","familyName":"Rivera",
             "email":"ana@x","role":"teacher","enabledUser":"true","orgs":[{"sourcedId":"7"}]},
            {"sourcedId":"t2","givenName":" Li ","familyName":null},
            {"sourcedId":"t3","familyName":"Okafor"},
            {"sourcedId":"t4","givenName":"","familyName":"  "},
            {"sourcedId":"t5","givenName":"Old","familyName":"Teacher","status":"tobedeleted"},
            {"sourcedId":"t1","givenName":"Ana","familyName":"Rivera"},
            {"givenName":"No","familyName":"Id"},
            {"givenName":"No","familyName":"Id"},
            "junk", 7, null,
            {"givenName":"<b>Zoë</b>","familyName":"O\u202Ebrien"}
        ]"#;
        let names = vec![
            "Ana Rivera",
            "Li",
            "Okafor",
            "No Id",
            "No Id",
            "<b>Zoë</b> Obrien",
        ];
        assert_eq!(parse_teachers(users).unwrap(), names);
        let wrapped = format!(r#"{{"teachers":{users}}}"#);
        assert_eq!(parse_teachers(&wrapped).unwrap(), names);
        assert_eq!(
            parse_teachers(r#"{"teachers":[]}"#).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn refuses_bodies_that_are_not_a_list_of_teachers() {
        for body in [r#"{"users":[]}"#, r#"{"teachers":{}}"#, r#""teachers""#] {
            assert!(
                matches!(parse_teachers(body), Err(BodyError::UnexpectedShape { .. })),
                "{body}"
            );
        }
        assert!(matches!(
            parse_teachers("<html>"),
            Err(BodyError::NotJson { .. })
        ));
    }

    /// Runs `future` to its end on this thread. Every future in these tests wakes itself
    /// before it waits, so polling again is all an executor would do.
    fn run<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        let mut context = Context::from_waker(futures::task::noop_waker_ref());
        for _ in 0..10_000 {
            if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return output;
            }
        }
        panic!("never finished");
    }

    /// Waits once, the way a request waits for the network.
    async fn a_moment() {
        let mut waited = false;
        futures::future::poll_fn(|cx| {
            if waited {
                Poll::Ready(())
            } else {
                waited = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    /// What a run did: the ids asked, in order; the most requests in flight at once; what
    /// arrived; how many were asked after a request had failed.
    #[derive(Default)]
    struct Record {
        asked: Vec<String>,
        failed: bool,
        asked_after_a_failure: usize,
        in_flight: usize,
        most_in_flight: usize,
        arrived: Vec<(String, Vec<String>)>,
    }

    /// Asks about `ids`; each request waits `id`-dependent moments, then answers `answer(id)`.
    fn ask(
        ids: &[&str],
        answer: impl Fn(&str) -> Result<Vec<String>, ApiError>,
        still_wanted: impl FnMut(&Record) -> bool,
    ) -> Record {
        let record = Rc::new(RefCell::new(Record::default()));
        let mut still_wanted = still_wanted;
        run(ask_each_class_once(
            futures::stream::iter(ids.iter().map(|id| id.to_string())),
            |id| {
                let record = Rc::clone(&record);
                let result = answer(id);
                // Answers come back out of order: later ids are quicker.
                let moments = 1 + (7 - id.len().min(7));
                {
                    let mut r = record.borrow_mut();
                    r.asked.push(id.to_string());
                    r.asked_after_a_failure += usize::from(r.failed);
                }
                async move {
                    {
                        let mut r = record.borrow_mut();
                        r.in_flight += 1;
                        r.most_in_flight = r.most_in_flight.max(r.in_flight);
                    }
                    for _ in 0..moments {
                        a_moment().await;
                    }
                    let mut r = record.borrow_mut();
                    r.in_flight -= 1;
                    r.failed |= result.is_err();
                    result
                }
            },
            || still_wanted(&record.borrow()),
            |id, names| record.borrow_mut().arrived.push((id.to_string(), names)),
        ));
        Rc::into_inner(record).unwrap().into_inner()
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| "c".repeat(1 + i % 5) + &i.to_string())
            .collect()
    }

    #[test]
    fn asks_about_each_class_once_four_at_a_time() {
        let ids = ids(23);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let record = ask(&ids, |id| Ok(vec![format!("Teacher of {id}")]), |_| true);
        assert_eq!(record.asked, ids, "each once, in list order");
        assert_eq!(record.most_in_flight, MAX_TEACHER_REQUESTS);
        let mut arrived: Vec<&str> = record.arrived.iter().map(|(id, _)| id.as_str()).collect();
        assert_ne!(
            arrived, ids,
            "answers are handed on as they come, not in order"
        );
        arrived.sort();
        let mut all = ids.clone();
        all.sort();
        assert_eq!(arrived, all);
        assert!(record
            .arrived
            .iter()
            .all(|(id, names)| names == &vec![format!("Teacher of {id}")]));
    }

    #[test]
    fn a_class_that_comes_near_again_is_not_asked_again() {
        // Cards rebuilt by the filter or a language switch come near the screen again.
        let record = ask(
            &["a", "bb", "a", "ccc", "bb", "a", "dddd"],
            |id| Ok(vec![id.to_uppercase()]),
            |_| true,
        );
        assert_eq!(record.asked, vec!["a", "bb", "ccc", "dddd"]);
        assert_eq!(record.arrived.len(), 4);
    }

    #[test]
    fn a_failure_or_an_empty_answer_leaves_only_its_own_class_out() {
        let record = ask(
            &["a", "bb", "ccc", "dddd", "eeeee", "f"],
            |id| match id {
                "bb" => Err(ApiError::NoAnswer(crate::transport::NoAnswer::Status(500))),
                "ccc" => Err(ApiError::Body(BodyError::unexpected("<html>"))),
                "dddd" => Ok(vec![]),
                "eeeee" => Err(ApiError::Forbidden),
                other => Ok(vec![other.to_uppercase()]),
            },
            |_| true,
        );
        assert_eq!(
            record.asked.len(),
            6,
            "each asked once here (the retries are the request's own), and the rest still asked"
        );
        assert!(record.asked_after_a_failure > 0);
        let mut arrived = record.arrived;
        arrived.sort();
        assert_eq!(
            arrived,
            vec![
                ("a".to_string(), vec!["A".to_string()]),
                ("f".to_string(), vec!["F".to_string()])
            ]
        );
    }

    #[test]
    fn a_dead_token_or_a_rate_limit_starts_no_more_requests() {
        for error in [ApiError::Unauthorized, ApiError::RateLimited] {
            let ids = ids(40);
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let refused = ids[5];
            let record = ask(
                &ids,
                |id| {
                    if id == refused {
                        Err(error.clone())
                    } else {
                        Ok(vec!["T".into()])
                    }
                },
                |_| true,
            );
            // Those started while the refused one was in flight; none after its answer.
            assert_eq!(record.asked_after_a_failure, 0, "{error:?}");
            assert!(record.asked.len() < ids.len(), "{error:?}");
            assert_eq!(record.asked, ids[..record.asked.len()]);
            assert!(record.arrived.iter().all(|(id, _)| id != refused));
        }
    }

    #[test]
    fn nothing_more_is_asked_once_the_answers_are_no_longer_wanted() {
        let ids = ids(30);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let record = ask(&ids, |_| Ok(vec!["T".into()]), |r| r.arrived.len() < 2);
        assert!(record.asked.len() < 2 + MAX_TEACHER_REQUESTS);
        let none = ask(&ids, |_| Ok(vec!["T".into()]), |_| false);
        assert!(none.asked.is_empty() && none.arrived.is_empty());
    }
}
