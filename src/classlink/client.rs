//! Calls to ClassLink's APIs from the browser: profile, then classes page by page, then
//! each class's teachers. Every GET has the deadline and size cap of its document
//! (`crate::transport::limits`), and each is retried by the one rule of [`super::retry`]
//! (full jitter, `Retry-After` as seconds or a date, the browser's random source and `Date`).

use futures::future::join_all;

use super::api_error::ApiError;
use super::classes::{current_classes, parse_classes_page, ClassRecord, ClassesPage};
use super::paging::{
    continue_sequential, parse_total_count, plan_after_first_page, NextPages, PAGE_SIZE,
};
use super::profile::{parse_profile, Profile};
use super::retry::RetryRule;
use super::teachers::{ask_each_class_once, parse_teachers, teachers_url};
use crate::browser::clock::BrowserDates;
use crate::browser::random::PlatformRandom;
use crate::browser::timer::sleep;
use crate::config::Config;
use crate::transport::authorized::{get_authorized, Credential, SendFailure};
use crate::transport::fetch::HttpResponse;
use crate::transport::{Document, NoAnswer};
use crate::urls::append_query;

/// One GET of `document`; a success status, or why not (and the `Retry-After` that came
/// with a refusal).
async fn get_once(
    url: &str,
    credential: &Credential,
    document: Document,
) -> Result<HttpResponse, (ApiError, Option<String>)> {
    match get_authorized(credential, url, document).await {
        Ok(response) if (200..300).contains(&response.status) => Ok(response),
        Ok(response) => {
            let retry_after = response.header("retry-after");
            Err((NoAnswer::Status(response.status).into(), retry_after))
        }
        Err(SendFailure::NoAnswer(no_answer)) => Err((no_answer.into(), None)),
        Err(SendFailure::Proof(_)) => Err((ApiError::NoProof, None)),
    }
}

/// GET with retries ([`super::retry`]); a success status or the final error.
async fn get(
    url: &str,
    credential: &Credential,
    document: Document,
) -> Result<HttpResponse, ApiError> {
    let rule = RetryRule {
        random: &PlatformRandom,
        dates: &BrowserDates,
    };
    let mut attempt = 1;
    loop {
        // Under DPoP each attempt is sent with a proof of its own.
        let (error, retry_after) = match get_once(url, credential, document).await {
            Ok(response) => return Ok(response),
            Err(failure) => failure,
        };
        let retry = match &error {
            ApiError::NoAnswer(no_answer) => Some(*no_answer),
            ApiError::RateLimited => Some(NoAnswer::Status(429)),
            _ => None,
        };
        match retry.and_then(|outcome| rule.delay_ms(attempt, outcome, retry_after.as_deref())) {
            Some(delay) => {
                sleep(delay).await;
                attempt += 1;
            }
            None => return Err(error),
        }
    }
}

/// The signed-in user's profile.
pub async fn load_profile(config: &Config, credential: &Credential) -> Result<Profile, ApiError> {
    let response = get(&config.profile_endpoint, credential, Document::Profile).await?;
    Ok(parse_profile(&response.body)?)
}

async fn load_page(
    base: &str,
    credential: &Credential,
    offset: usize,
) -> Result<(ClassesPage, Option<usize>), ApiError> {
    let (limit, offset_text) = (PAGE_SIZE.to_string(), offset.to_string());
    let url = append_query(
        base,
        [
            ("limit", limit.as_str()),
            ("offset", offset_text.as_str()),
            ("sort", "sourcedId"),
            ("orderBy", "asc"),
        ],
    );
    let response = get(&url, credential, Document::ClassesPage).await?;
    let total = parse_total_count(response.header("x-total-count").as_deref());
    Ok((parse_classes_page(&response.body, offset)?, total))
}

/// Every current class in the collection at `classes_url`: the caller resolves it (a
/// `getClassesForUser` template filled in with the student's id, or the user's own
/// `my/classes`), and paging parameters are added here. Once the first page tells the
/// total, the other pages are fetched at once, not one after another.
pub async fn load_classes(
    classes_url: &str,
    credential: &Credential,
) -> Result<Vec<ClassRecord>, ApiError> {
    let (first, total) = load_page(classes_url, credential, 0).await?;
    let mut pages_fetched = 1;
    let mut last_len = first.raw_len;
    let mut classes = first.classes;
    match plan_after_first_page(first.raw_len, total) {
        NextPages::Done => {}
        NextPages::Parallel(offsets) => {
            for page in join_all(
                offsets
                    .iter()
                    .map(|offset| load_page(classes_url, credential, *offset)),
            )
            .await
            {
                classes.extend(page?.0.classes);
            }
        }
        NextPages::Sequential { from_offset } => {
            let mut offset = from_offset;
            while continue_sequential(last_len, pages_fetched) {
                let (page, _) = load_page(classes_url, credential, offset).await?;
                pages_fetched += 1;
                offset += page.raw_len;
                last_len = page.raw_len;
                classes.extend(page.classes);
            }
        }
    }
    Ok(current_classes(classes))
}

/// The names of one class's teachers from `url`, retried as every GET is.
pub async fn load_class_teachers(
    url: &str,
    credential: &Credential,
) -> Result<Vec<String>, ApiError> {
    let response = get(url, credential, Document::Teachers).await?;
    Ok(parse_teachers(&response.body)?)
}

/// The teachers of each class `class_ids` names (non-empty sourcedIds, as their cards come
/// near the screen), from `template` (`teachers_endpoint`): each class asked once, at most
/// [`super::teachers::MAX_TEACHER_REQUESTS`] at a time, each answer handed to `arrived` as
/// it comes. Failures are dropped; see [`ask_each_class_once`] for when it stops early.
pub async fn load_teachers(
    template: &str,
    credential: &Credential,
    class_ids: impl futures::Stream<Item = String>,
    still_wanted: impl FnMut() -> bool,
    arrived: impl FnMut(&str, Vec<String>),
) {
    ask_each_class_once(
        class_ids,
        |class_id| {
            let url = teachers_url(template, class_id);
            async move { load_class_teachers(&url, credential).await }
        },
        still_wanted,
        arrived,
    )
    .await
}
